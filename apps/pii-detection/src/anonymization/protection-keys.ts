import { Injectable } from '@nestjs/common';
import { createHash, hkdfSync, timingSafeEqual } from 'node:crypto';
import { PiiDetectionEnvironment } from '../pii-detection-environment';
import { OperatorKeys } from './operators';

const KEY_BYTES = 32;

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `atlas/pii-detection/${purpose}`, KEY_BYTES));
}

function decodeKey(name: string, base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${name} must decode to ${KEY_BYTES} bytes`);
  return key;
}

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * The key material of protection, read once from the validated environment. Each purpose gets its
 * own key (HKDF from the master), so a key is never reused across algorithms or tables.
 * Keys are never logged or serialized: `toJSON` hides them.
 */
@Injectable()
export class ProtectionKeys implements OperatorKeys {
  /** HMAC key of `hash` (PII_HASH_KEY as is, so other systems holding the key can compute the same hashes). */
  readonly hashKey: Buffer;
  /** AES-256-GCM key of the `encrypt` operator (derived from PII_VAULT_KEY). */
  readonly encryptKey: Buffer;
  /** AES-256-GCM key of the vault's value_ciphertext (derived from PII_VAULT_KEY). */
  readonly vaultValueKey: Buffer;
  /** HMAC key of the vault's value_hmac lookup column (derived from PII_VAULT_KEY). */
  readonly vaultLookupKey: Buffer;
  private readonly detokenizeKeyDigests: Buffer[];

  constructor(environment: PiiDetectionEnvironment) {
    if (environment.PII_HASH_KEY === environment.PII_VAULT_KEY) throw new Error('PII_HASH_KEY and PII_VAULT_KEY must be different keys');
    this.hashKey = decodeKey('PII_HASH_KEY', environment.PII_HASH_KEY);
    const vaultMaster = decodeKey('PII_VAULT_KEY', environment.PII_VAULT_KEY);
    this.encryptKey = derive(vaultMaster, 'encrypt-operator/v1');
    this.vaultValueKey = derive(vaultMaster, 'vault-value/v1');
    this.vaultLookupKey = derive(vaultMaster, 'vault-lookup/v1');
    this.detokenizeKeyDigests = (environment.PII_DETOKENIZE_API_KEYS ?? []).map(sha256);
  }

  /** Whether a presented API key may detokenize; constant time over every configured key. */
  mayDetokenize(presentedKey: string): boolean {
    const presented = sha256(presentedKey);
    return this.detokenizeKeyDigests.reduce((found, digest) => timingSafeEqual(digest, presented) || found, false);
  }

  toJSON(): string {
    return '[ProtectionKeys]';
  }
}

/** Identifies a key in audit rows without revealing it: the first 16 hex characters of its sha256. */
export function keyFingerprint(key: string): string {
  return sha256(key).toString('hex').slice(0, 16);
}
