import { hkdfSync } from 'node:crypto';
import { BASE64_32_BYTES } from '@atlas/config';
import { DeadLetterUnsealer, deadLetterUnsealerForVaultKey, SealPosition, UnsealError } from '@atlas/kafka';
import { SealedValue } from '@atlas/contracts';

/**
 * The id of a key given as PII_VAULT_KEY. Everything sealed before key rings (vault rows, `enc:v1:`
 * outputs of `encrypt`) was sealed by that key, so it keeps this id when it moves into PII_VAULT_KEYS.
 */
export const LEGACY_VAULT_KEY_ID = 'default';
export const VAULT_KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const KEY_BYTES = 32;

export interface VaultKeyEntry {
  id: string;
  key: Buffer;
}

/** The configured ring: which variable it came from and its keys, the primary first. */
export interface ParsedVaultKeyRing {
  variable: 'PII_VAULT_KEYS' | 'PII_VAULT_KEY';
  entries: VaultKeyEntry[];
}

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * Reads PII_VAULT_KEYS (`id:base64,id:base64`, the first one the primary) or, for deployments
 * that predate rotation, PII_VAULT_KEY (the one-key ring `default:<key>`). Errors name the variable
 * and the entry's position or id, never key material.
 */
export function parseVaultKeyRing(keys: string | undefined, singleKey: string | undefined): ParsedVaultKeyRing {
  if (present(keys) && present(singleKey)) {
    throw new Error(`set PII_VAULT_KEYS or PII_VAULT_KEY, not both (PII_VAULT_KEY=<key> is the ring PII_VAULT_KEYS=${LEGACY_VAULT_KEY_ID}:<key>)`);
  }
  if (present(singleKey)) {
    if (!BASE64_32_BYTES.test(singleKey.trim())) throw new Error('PII_VAULT_KEY must be 32 random bytes in base64 (44 characters; generate with: openssl rand -base64 32)');
    return { variable: 'PII_VAULT_KEY', entries: [{ id: LEGACY_VAULT_KEY_ID, key: Buffer.from(singleKey.trim(), 'base64') }] };
  }
  if (!present(keys)) {
    throw new Error('set PII_VAULT_KEYS (comma-separated id:key entries, the first one the primary; each key: openssl rand -base64 32) or PII_VAULT_KEY');
  }
  const items = keys.split(',').map((item) => item.trim());
  if (items[0] === '') throw new Error('the first entry of PII_VAULT_KEYS is empty: it must be the primary key, as id:key');
  const entries: VaultKeyEntry[] = [];
  items.forEach((item, index) => {
    const position = `entry ${index + 1} of PII_VAULT_KEYS`;
    if (item === '') throw new Error(`${position} is empty (remove the extra comma)`);
    const colon = item.indexOf(':');
    if (colon < 0) throw new Error(`${position} must be id:key (an id, a colon, then the base64 key)`);
    const id = item.slice(0, colon).trim();
    const key = item.slice(colon + 1).trim();
    if (!VAULT_KEY_ID_PATTERN.test(id)) throw new Error(`${position} has an invalid id: 1 to 32 of A-Z a-z 0-9 . _ - (starting with a letter or digit)`);
    if (!BASE64_32_BYTES.test(key)) throw new Error(`the key of '${id}' in PII_VAULT_KEYS must be 32 random bytes in base64 (44 characters; generate with: openssl rand -base64 32)`);
    const duplicate = entries.find((entry) => entry.id === id);
    if (duplicate) throw new Error(`PII_VAULT_KEYS lists the id '${id}' twice`);
    const decoded = Buffer.from(key, 'base64');
    const sameKey = entries.find((entry) => entry.key.equals(decoded));
    if (sameKey) throw new Error(`PII_VAULT_KEYS lists the same key under '${sameKey.id}' and '${id}'`);
    entries.push({ id, key: decoded });
  });
  return { variable: 'PII_VAULT_KEYS', entries };
}

/** HKDF-SHA256 of a vault key for one purpose: a key is never reused across algorithms or tables. */
export function deriveVaultKey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `atlas/pii-detection/${purpose}`, KEY_BYTES));
}

/** One key of the ring and the keys derived from it. */
export interface RingKey {
  readonly id: string;
  /** AES-256-GCM key of the `encrypt` operator. */
  readonly encryptKey: Buffer;
  /** AES-256-GCM key wrapping the vault's data keys (and legacy vault-scoped values). */
  readonly valueKey: Buffer;
  /** Opens dead letters sealed to this key's X25519 public key. */
  readonly unsealer: DeadLetterUnsealer;
}

/** A key id that is not in the ring: whatever it sealed cannot be opened until the key is back. */
export class UnknownVaultKeyError extends Error {
  constructor(id: string, variable: string) {
    super(`sealed by the vault key '${id}', which ${variable} does not list`);
    this.name = 'UnknownVaultKeyError';
  }
}

/**
 * The vault keys, the primary first: new ciphertexts use the primary; older ones name the key that
 * sealed them (a column, or the `enc:v2:<id>:` prefix) and open while that key stays in the ring.
 */
export class VaultKeyRing {
  readonly primary: RingKey;
  private readonly byId = new Map<string, RingKey>();

  constructor(
    entries: readonly VaultKeyEntry[],
    readonly variable: string,
  ) {
    if (entries.length === 0) throw new Error(`${variable} lists no key`);
    for (const { id, key } of entries) {
      if (key.length !== KEY_BYTES) throw new Error(`every key of ${variable} is ${KEY_BYTES} bytes`);
      this.byId.set(id, { id, encryptKey: deriveVaultKey(key, 'encrypt-operator/v1'), valueKey: deriveVaultKey(key, 'vault-value/v1'), unsealer: deadLetterUnsealerForVaultKey(key) });
    }
    this.primary = this.byId.get(entries[0].id)!;
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  key(id: string): RingKey {
    const key = this.byId.get(id);
    if (!key) throw new UnknownVaultKeyError(id, this.variable);
    return key;
  }

  /** The ring key whose dead-letter public key this is, if any. */
  ownerOfDeadLetterPublicKey(publicKeyBase64: string): RingKey | undefined {
    return [...this.byId.values()].find((key) => key.unsealer.publicKeyBase64 === publicKeyBase64);
  }

  toJSON(): string {
    return `[VaultKeyRing ${this.ids.join(',')}]`;
  }
}

/**
 * Opens a dead letter with whichever ring key it was sealed to. A sealed value does not name its
 * recipient, so each key is tried, the primary first (the HKDF binds the recipient's public key,
 * so a wrong key fails GCM's check and never yields wrong bytes).
 */
export class RingDeadLetterUnsealer {
  constructor(private readonly ring: VaultKeyRing) {}

  get publicKeyBase64(): string {
    return this.ring.primary.unsealer.publicKeyBase64;
  }

  unseal(sealed: SealedValue, position: SealPosition): Buffer {
    for (const id of this.ring.ids) {
      try {
        return this.ring.key(id).unsealer.unseal(sealed, position);
      } catch {
        // Sealed to another key of the ring, or not openable at all: try the next.
      }
    }
    throw new UnsealError();
  }

  /** Opens a value sealed with `sealBound` to any ring key (the primary first), or throws UnsealError. */
  unsealBound(sealed: SealedValue, binding: string): Buffer {
    for (const id of this.ring.ids) {
      try {
        return this.ring.key(id).unsealer.unsealBound(sealed, binding);
      } catch {
        // Sealed to another key of the ring, or not openable at all: try the next.
      }
    }
    throw new UnsealError();
  }

  toJSON(): string {
    return '[RingDeadLetterUnsealer]';
  }
}
