import { Injectable } from '@nestjs/common';
import { PiiDetectionEnvironment } from '../pii-detection-environment';
import { decrypt, encryptedKeyId, OperatorKeys } from './operators';
import { deriveVaultKey, LEGACY_VAULT_KEY_ID, parseVaultKeyRing, RingDeadLetterUnsealer, VaultKeyRing } from './vault-key-ring';

const KEY_BYTES = 32;

function decodeKey(name: string, base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${name} must decode to ${KEY_BYTES} bytes`);
  return key;
}

/**
 * The key material of protection, read once from the validated environment. Each purpose gets its
 * own key (HKDF from a vault key), so a key is never reused across algorithms or tables. The vault
 * keys form a ring (PII_VAULT_KEYS, or PII_VAULT_KEY as the one-key ring `default`): new
 * ciphertexts use the primary, older ones open with the key they name.
 * Keys are never logged or serialized: `toJSON` hides them.
 */
@Injectable()
export class ProtectionKeys implements OperatorKeys {
  /** HMAC key of `hash` (PII_HASH_KEY as is, so other systems holding the key can compute the same hashes). */
  readonly hashKey: Buffer;
  /** The vault keys, the primary first. */
  readonly vaultKeys: VaultKeyRing;
  /** AES-256-GCM key of the `encrypt` operator: the primary's. */
  readonly encryptKey: Buffer;
  /** The primary's id, named in every `encrypt` output (`enc:v2:<id>:…`). */
  readonly encryptKeyId: string;
  /**
   * The lookup key of the vault's value_hmac column when the vault has none stored yet (a new
   * database or the first start after key rings were introduced): derived from the key that was
   * PII_VAULT_KEY (id `default`) when the ring still holds it, so existing rows keep deduplicating,
   * otherwise from the primary. Once stored, the lookup key never changes (see VaultLookupKey).
   */
  readonly initialVaultLookupKey: Buffer;
  /** Opens dead letters sealed by any service to the dead-letter public key of any ring key. */
  readonly deadLetterUnsealer: RingDeadLetterUnsealer;

  constructor(environment: PiiDetectionEnvironment) {
    this.hashKey = decodeKey('PII_HASH_KEY', environment.PII_HASH_KEY);
    const parsed = parseVaultKeyRing(environment.PII_VAULT_KEYS, environment.PII_VAULT_KEY);
    if (parsed.entries.some((entry) => entry.key.equals(this.hashKey))) throw new Error(`PII_HASH_KEY and ${parsed.variable} must be different keys`);
    this.vaultKeys = new VaultKeyRing(parsed.entries, parsed.variable);
    this.encryptKey = this.vaultKeys.primary.encryptKey;
    this.encryptKeyId = this.vaultKeys.primary.id;
    const lookupSeed = parsed.entries.find((entry) => entry.id === LEGACY_VAULT_KEY_ID) ?? parsed.entries[0];
    this.initialVaultLookupKey = deriveVaultKey(lookupSeed.key, 'vault-lookup/v1');
    this.deadLetterUnsealer = new RingDeadLetterUnsealer(this.vaultKeys);
    // Dead letters sealed to a key outside the ring could never be opened: refuse to start instead.
    if (!this.vaultKeys.ownerOfDeadLetterPublicKey(environment.ATLAS_DEAD_LETTER_PUBLIC_KEY)) {
      throw new Error(
        `ATLAS_DEAD_LETTER_PUBLIC_KEY is not the dead-letter public key of ${parsed.variable === 'PII_VAULT_KEY' ? 'PII_VAULT_KEY' : 'any key of PII_VAULT_KEYS'}; set it to ${this.deadLetterUnsealer.publicKeyBase64} in every service`,
      );
    }
  }

  /**
   * Opens an output of the `encrypt` operator made with Atlas's own key: `enc:v2:<id>:` under the
   * ring key it names, `enc:v1:` (before key rings) under the key `default`. Throws when that key
   * is not in the ring or the value was altered.
   */
  decryptOperatorOutput(encrypted: string): string {
    return decrypt(encrypted, this.vaultKeys.key(encryptedKeyId(encrypted) ?? LEGACY_VAULT_KEY_ID).encryptKey);
  }

  toJSON(): string {
    return '[ProtectionKeys]';
  }
}
