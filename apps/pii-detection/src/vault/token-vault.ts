import { BadRequestException, Injectable, InternalServerErrorException, NotFoundException } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DEFAULT_TOKEN_NAMESPACE, decrypt, encrypt, isToken, NAMESPACE_PATTERN, newToken, Tokenizer } from '../anonymization/operators';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { DetokenizeAuditRepository } from './detokenize-audit.repository';
import { NewVaultToken, VaultTokenRepository } from './vault-token.repository';
import { vaultOperationsTotal } from './vault.metrics';

export interface DetokenizedValue {
  token: string;
  namespace: string;
  entityType: string;
  value: string;
}

export type DetokenizeReason = 'granted' | 'not_permitted' | 'invalid_token' | 'unknown_token' | 'decrypt_failed';

const CACHE_SIZE = 10_000;

/** The `token` of a detokenize request body, whatever its type (validated by the vault). */
export function tokenOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { token?: unknown }).token : undefined;
}

/** The ciphertext is bound to its namespace and token: a row's value cannot be moved to another token. */
const valueAad = (namespace: string, token: string) => `atlas-vault:v1:${namespace}:${token}`;

/**
 * Reversible tokenization backed by PostgreSQL. A value gets one stable random token per
 * namespace (unique on namespace + keyed HMAC of the value), stored only as AES-256-GCM
 * ciphertext. Detokenizing needs pii:reveal (PII_DETOKENIZE_API_KEYS); every request of a known key is audited.
 */
@Injectable()
export class TokenVault implements Tokenizer {
  /** `${namespace}:${hmac}` → token, most recently used last. Holds no values. */
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly keys: ProtectionKeys,
    private readonly tokens: VaultTokenRepository,
    private readonly audit: DetokenizeAuditRepository,
  ) {}

  async tokenize(namespace: string, entityType: string, value: string): Promise<string> {
    const [token] = await this.tokenizeMany(namespace, [{ entityType, value }]);
    return token;
  }

  /** Idempotent: INSERT … ON CONFLICT DO NOTHING, then read the winning token back (safe under races). */
  async tokenizeMany(namespace: string = DEFAULT_TOKEN_NAMESPACE, entries: ReadonlyArray<{ entityType: string; value: string }>): Promise<string[]> {
    if (!NAMESPACE_PATTERN.test(namespace)) throw new Error(`Vault namespace must match ${NAMESPACE_PATTERN.source}`);
    const hmacs = entries.map((entry) => this.lookupHmac(namespace, entry.value));
    const missing = new Map<string, NewVaultToken>();
    hmacs.forEach((valueHmac, index) => {
      if (this.cached(namespace, valueHmac) !== undefined || missing.has(valueHmac)) return;
      const token = newToken();
      const { entityType, value } = entries[index];
      missing.set(valueHmac, { token, namespace, valueHmac, entityType, valueCiphertext: encrypt(value, this.keys.vaultValueKey, valueAad(namespace, token)) });
    });
    if (missing.size > 0) {
      await this.tokens.insertIfAbsent([...missing.values()]);
      const stored = await this.tokens.tokensByHmac(namespace, [...missing.keys()]);
      for (const valueHmac of missing.keys()) {
        const token = stored.get(valueHmac);
        if (token === undefined) throw new Error('The vault did not return a token it just stored');
        this.remember(namespace, valueHmac, token);
      }
    }
    vaultOperationsTotal.inc({ operation: 'tokenize', outcome: 'created' }, missing.size);
    vaultOperationsTotal.inc({ operation: 'tokenize', outcome: 'reused' }, entries.length - missing.size);
    return hmacs.map((valueHmac) => this.cached(namespace, valueHmac)!);
  }

  /**
   * Returns the original value. Callers hold pii:reveal: the ApiKeyGuard refused every other
   * request before this runs (known keys' refusals are audited through `auditRefusal`). Every
   * outcome is audited before anything is returned.
   */
  async detokenize(token: unknown, keyFingerprint: string): Promise<DetokenizedValue> {
    const wellFormed = typeof token === 'string' && isToken(token);
    const audit = (allowed: boolean, reason: DetokenizeReason) => {
      vaultOperationsTotal.inc({ operation: 'detokenize', outcome: reason });
      return this.audit.record({ token: wellFormed ? token : null, requesterFingerprint: keyFingerprint, allowed, reason });
    };

    if (!wellFormed) {
      await audit(false, 'invalid_token');
      throw new BadRequestException('token must be a vault token: tok_ followed by 26 base32 characters');
    }
    const row = await this.tokens.findByToken(token);
    if (!row) {
      await audit(false, 'unknown_token');
      throw new NotFoundException('No such token in the vault');
    }
    let value: string;
    try {
      value = decrypt(row.valueCiphertext, this.keys.vaultValueKey, valueAad(row.namespace, row.token));
    } catch {
      await audit(false, 'decrypt_failed');
      throw new InternalServerErrorException('The token could not be decrypted (wrong PII_VAULT_KEY or tampered row)');
    }
    await audit(true, 'granted');
    return { token: row.token, namespace: row.namespace, entityType: row.entityType, value };
  }

  /** Records a detokenize request of a known key refused for lack of pii:reveal (answered 403 by the guard). */
  async auditRefusal(body: unknown, keyFingerprint: string): Promise<void> {
    const token = tokenOf(body);
    vaultOperationsTotal.inc({ operation: 'detokenize', outcome: 'not_permitted' });
    await this.audit.record({ token: typeof token === 'string' && isToken(token) ? token : null, requesterFingerprint: keyFingerprint, allowed: false, reason: 'not_permitted' });
  }

  private lookupHmac(namespace: string, value: string): string {
    return createHmac('sha256', this.keys.vaultLookupKey).update(`${namespace}\u0000${value}`, 'utf8').digest('hex');
  }

  private cached(namespace: string, valueHmac: string): string | undefined {
    const key = `${namespace}:${valueHmac}`;
    const token = this.cache.get(key);
    if (token !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, token);
    }
    return token;
  }

  private remember(namespace: string, valueHmac: string, token: string): void {
    this.cache.set(`${namespace}:${valueHmac}`, token);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }
}
