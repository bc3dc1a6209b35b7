import { BadRequestException, GoneException, Injectable, InternalServerErrorException, NotFoundException } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { DEFAULT_TOKEN_NAMESPACE, decrypt, encrypt, isToken, NAMESPACE_PATTERN, newToken, Tokenizer } from '../anonymization/operators';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { UnknownVaultKeyError } from '../anonymization/vault-key-ring';
import { keyAad, unwrap, valueAad, wrapUnderPrimary } from './vault-crypto';
import { VaultLookupKey } from './vault-lookup-key';
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

const DATA_KEY_BYTES = 32;

/**
 * Reversible tokenization backed by PostgreSQL. A value gets one stable random token per
 * namespace (unique on namespace + keyed HMAC of the value), stored only as AES-256-GCM
 * ciphertext under the token's own random data key, which is stored wrapped by the primary vault key
 * in vault_token_keys (with that key's id, so it opens after a rotation): shredding a token deletes
 * that key, so no copy of the ciphertext can be read again, even with the vault keys. Detokenizing
 * needs pii:reveal (PII_DETOKENIZE_API_KEYS); every request of a known key is audited.
 */
@Injectable()
export class TokenVault implements Tokenizer {
  /** `${namespace}:${hmac}` → token, most recently used last. Holds no values. */
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly keys: ProtectionKeys,
    private readonly tokens: VaultTokenRepository,
    private readonly audit: DetokenizeAuditRepository,
    private readonly lookupKey: VaultLookupKey,
  ) {}

  async tokenize(namespace: string, entityType: string, value: string): Promise<string> {
    const [token] = await this.tokenizeMany(namespace, [{ entityType, value }]);
    return token;
  }

  /** Idempotent: INSERT … ON CONFLICT DO NOTHING, then read the winning token back (safe under races). */
  async tokenizeMany(namespace: string = DEFAULT_TOKEN_NAMESPACE, entries: ReadonlyArray<{ entityType: string; value: string }>): Promise<string[]> {
    if (!NAMESPACE_PATTERN.test(namespace)) throw new Error(`Vault namespace must match ${NAMESPACE_PATTERN.source}`);
    const lookupKey = await this.lookupKey.get();
    const hmacs = entries.map((entry) => lookupHmac(lookupKey, namespace, entry.value));
    const missing = new Map<string, NewVaultToken>();
    hmacs.forEach((valueHmac, index) => {
      if (this.cached(namespace, valueHmac) !== undefined || missing.has(valueHmac)) return;
      const token = newToken();
      const { entityType, value } = entries[index];
      const dataKey = randomBytes(DATA_KEY_BYTES);
      const wrapped = wrapUnderPrimary(this.keys.vaultKeys, dataKey, keyAad(token));
      missing.set(valueHmac, {
        token,
        namespace,
        valueHmac,
        entityType,
        valueCiphertext: encrypt(value, dataKey, valueAad(namespace, token)),
        wrappedKey: wrapped.wrapped,
        wrappingKeyId: wrapped.keyId,
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
    } catch (error) {
      await audit(false, 'decrypt_failed');
      // Names the missing key's id (not secret), never key material or the value.
      if (error instanceof UnknownVaultKeyError) throw new InternalServerErrorException(`The token could not be decrypted: it is ${error.message}`);
      throw new InternalServerErrorException('The token could not be decrypted (wrong vault key or tampered row)');
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
    const lookupKey = await this.lookupKey.get();
    return this.tokens.tokensOf(namespaces.flatMap((namespace) => values.map((value) => ({ namespace, valueHmac: lookupHmac(lookupKey, namespace, value) }))));
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

  /** The key of a row's ciphertext: its own data key, or the vault key it names for rows stored before per-token keys. */
  private valueKeyOf(row: StoredVaultToken): Buffer {
    if (row.keyScope === 'vault') return this.keys.vaultKeys.key(row.keyId!).valueKey;
    return unwrap(this.keys.vaultKeys, { wrapped: row.wrappedKey!, keyId: row.wrappingKeyId! }, keyAad(row.token));
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

function lookupHmac(lookupKey: Buffer, namespace: string, value: string): string {
  return createHmac('sha256', lookupKey).update(`${namespace}\u0000${value}`, 'utf8').digest('hex');
}
