import { BadRequestException, GoneException, Injectable, InternalServerErrorException, NotFoundException } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { DEFAULT_TOKEN_NAMESPACE, decrypt, encrypt, isToken, NAMESPACE_PATTERN, newToken, Tokenizer } from '../anonymization/operators';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { DetokenizeAuditRepository } from './detokenize-audit.repository';
import { NewVaultToken, StoredVaultToken, VaultTokenRepository } from './vault-token.repository';
import { vaultOperationsTotal } from './vault.metrics';

export interface DetokenizedValue {
  token: string;
  namespace: string;
  entityType: string;
  value: string;
}

export type DetokenizeReason = 'granted' | 'not_permitted' | 'invalid_token' | 'unknown_token' | 'key_shredded' | 'decrypt_failed';

const CACHE_SIZE = 10_000;

/** The `token` of a detokenize request body, whatever its type (validated by the vault). */
export function tokenOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { token?: unknown }).token : undefined;
}

/** The ciphertext is bound to its namespace and token: a row's value cannot be moved to another token. */
const valueAad = (namespace: string, token: string) => `atlas-vault:v1:${namespace}:${token}`;
/** A token's data key is bound to its token when wrapped. */
const keyAad = (token: string) => `atlas-vault-key:v1:${token}`;
const DATA_KEY_BYTES = 32;

/**
 * Reversible tokenization backed by PostgreSQL. A value gets one stable random token per
 * namespace (unique on namespace + keyed HMAC of the value), stored only as AES-256-GCM
 * ciphertext under the token's own random data key, which is stored wrapped by the vault key in
 * vault_token_keys: shredding a token deletes that key, so no copy of the ciphertext can be read
 * again, even with PII_VAULT_KEY. Detokenizing needs pii:reveal (PII_DETOKENIZE_API_KEYS); every request of a known key is audited.
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
      const dataKey = randomBytes(DATA_KEY_BYTES);
      missing.set(valueHmac, {
        token,
        namespace,
        valueHmac,
        entityType,
        valueCiphertext: encrypt(value, dataKey, valueAad(namespace, token)),
        wrappedKey: encrypt(dataKey.toString('base64'), this.keys.vaultValueKey, keyAad(token)),
      });
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
    if (row.keyScope === 'token' && row.wrappedKey === null) {
      await audit(false, 'key_shredded');
      throw new GoneException('The token was crypto-shredded (its key is destroyed)');
    }
    let value: string;
    try {
      value = decrypt(row.valueCiphertext, this.valueKeyOf(row), valueAad(row.namespace, row.token));
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

  /**
   * The tokens whose plaintext is one of `values`, in every namespace (found through the keyed
   * HMAC lookup, never by decrypting). For data-subject requests.
   */
  async tokensOfValues(values: readonly string[]): Promise<string[]> {
    const namespaces = await this.tokens.namespaces();
    return this.tokens.tokensOf(namespaces.flatMap((namespace) => values.map((value) => ({ namespace, valueHmac: this.lookupHmac(namespace, value) }))));
  }

  /**
   * Crypto-shreds tokens: their data keys and ciphertexts are deleted, and this process forgets
   * them (another replica's cache may still hand out a shredded token for the same value until it
   * restarts: such a token can no longer be detokenized). Idempotent: returns how many were left.
   */
  async shred(tokens: readonly string[]): Promise<number> {
    const shredded = await this.tokens.shred(tokens);
    const forget = new Set(tokens);
    for (const [key, token] of this.cache) if (forget.has(token)) this.cache.delete(key);
    vaultOperationsTotal.inc({ operation: 'shred', outcome: 'shredded' }, shredded);
    return shredded;
  }

  /** The key of a row's ciphertext: its own data key, or the vault key for rows stored before per-token keys. */
  private valueKeyOf(row: StoredVaultToken): Buffer {
    if (row.keyScope === 'vault') return this.keys.vaultValueKey;
    return Buffer.from(decrypt(row.wrappedKey!, this.keys.vaultValueKey, keyAad(row.token)), 'base64');
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
