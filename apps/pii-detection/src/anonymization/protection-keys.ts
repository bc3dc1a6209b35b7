import { Injectable } from '@nestjs/common';
import { hkdfSync } from 'node:crypto';
import { DeadLetterUnsealer, deadLetterUnsealerForVaultKey } from '@atlas/kafka';
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
  /** Opens dead letters sealed by any service to ATLAS_DEAD_LETTER_PUBLIC_KEY (X25519 key derived from PII_VAULT_KEY). */
  readonly deadLetterUnsealer: DeadLetterUnsealer;

  constructor(environment: PiiDetectionEnvironment) {
    if (environment.PII_HASH_KEY === environment.PII_VAULT_KEY) throw new Error('PII_HASH_KEY and PII_VAULT_KEY must be different keys');
    this.hashKey = decodeKey('PII_HASH_KEY', environment.PII_HASH_KEY);
    const vaultMaster = decodeKey('PII_VAULT_KEY', environment.PII_VAULT_KEY);
    this.encryptKey = derive(vaultMaster, 'encrypt-operator/v1');
    this.vaultValueKey = derive(vaultMaster, 'vault-value/v1');
    this.vaultLookupKey = derive(vaultMaster, 'vault-lookup/v1');
    this.deadLetterUnsealer = deadLetterUnsealerForVaultKey(vaultMaster);
    // Dead letters sealed to another key could never be opened: refuse to start instead.
    if (environment.ATLAS_DEAD_LETTER_PUBLIC_KEY !== this.deadLetterUnsealer.publicKeyBase64) {
      throw new Error(
        `ATLAS_DEAD_LETTER_PUBLIC_KEY is not the dead-letter public key of PII_VAULT_KEY; set it to ${this.deadLetterUnsealer.publicKeyBase64} in every service`,
      );
    }
  }

  toJSON(): string {
    return '[ProtectionKeys]';
  }
}
