import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, KeyObject, randomBytes } from 'node:crypto';
import { DEAD_LETTER_SEAL_ALGORITHM, SealedValue } from '@atlas/contracts';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// DER encodings of an X25519 key (RFC 8410) up to the raw 32 bytes.
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const HKDF_INFO = 'atlas/dead-letter/seal/v1';

/** Where the sealed value was read (its additional data): moving it to another position breaks it. */
export interface SealPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** Any failure to open a sealed value: wrong key, tampered bytes, another position. Says nothing more, on purpose. */
export class UnsealError extends Error {
  constructor() {
    super('The sealed value could not be opened (wrong key, altered value or another source position)');
    this.name = 'UnsealError';
  }
}

/** An X25519 private key from 32 bytes (any 32 bytes are a valid scalar; clamping is part of X25519). */
export function x25519PrivateKey(scalar: Buffer): KeyObject {
  if (scalar.length !== KEY_BYTES) throw new Error(`An X25519 private key is ${KEY_BYTES} bytes`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, scalar]), format: 'der', type: 'pkcs8' });
}

function x25519PublicKey(raw: Buffer): KeyObject {
  if (raw.length !== KEY_BYTES) throw new Error(`An X25519 public key is ${KEY_BYTES} bytes`);
  return createPublicKey({ key: Buffer.concat([SPKI_X25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** The raw 32 bytes of an X25519 public key (of a private key: its public half). */
export function rawX25519PublicKey(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519_PREFIX.length);
}

const additionalData = (position: SealPosition) => Buffer.from(`atlas-dead-letter:v1:${position.topic}:${position.partition}:${position.offset}`, 'utf8');
/** Additional data of a value sealed for another purpose than a dead letter (a prefix no dead letter's has). */
const boundData = (binding: string) => Buffer.from(`atlas-sealed:v1:${binding}`, 'utf8');

/** Both sides derive the AES key from the shared secret, bound to both public keys (as in ECIES/HPKE). */
function aesKey(sharedSecret: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', sharedSecret, Buffer.concat([ephemeralPublic, recipientPublic]), HKDF_INFO, KEY_BYTES));
}

/**
 * Seals dead letters' original values to ATLAS_DEAD_LETTER_PUBLIC_KEY. Every service holds only
 * the public key: it can seal, never open. Each value gets a fresh X25519 key pair, so two seals of
 * the same bytes share nothing.
 */
export class DeadLetterSealer {
  private readonly recipient: KeyObject;
  private readonly recipientRaw: Buffer;

  constructor(publicKeyBase64: string) {
    this.recipientRaw = Buffer.from(publicKeyBase64, 'base64');
    if (this.recipientRaw.length !== KEY_BYTES) throw new Error('ATLAS_DEAD_LETTER_PUBLIC_KEY must decode to a 32-byte X25519 public key');
    this.recipient = x25519PublicKey(this.recipientRaw);
  }

  seal(value: Buffer, position: SealPosition): SealedValue {
    return this.sealWith(value, additionalData(position));
  }

  /**
   * Seals a value that is not a dead letter (e.g. a rectification's new values waiting in a request
   * row), bound to `binding` (its purpose and owner, e.g. `subject-rectification:<request id>`).
   */
  sealBound(value: Buffer, binding: string): SealedValue {
    return this.sealWith(value, boundData(binding));
  }

  private sealWith(value: Buffer, aad: Buffer): SealedValue {
    const ephemeral = generateKeyPairSync('x25519');
    const ephemeralRaw = rawX25519PublicKey(ephemeral.publicKey);
    const sharedSecret = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: this.recipient });
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', aesKey(sharedSecret, ephemeralRaw, this.recipientRaw), iv);
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(value), cipher.final()]);
    return {
      algorithm: DEAD_LETTER_SEAL_ALGORITHM,
      ephemeralPublicKey: ephemeralRaw.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }
}

/** Opens sealed dead-letter values with the private key (held by pii-detection only). Keys are never serialized. */
export class DeadLetterUnsealer {
  private readonly privateKey: KeyObject;
  private readonly publicRaw: Buffer;

  constructor(privateKey: KeyObject) {
    this.privateKey = privateKey;
    this.publicRaw = rawX25519PublicKey(privateKey);
  }

  /** The public key to configure as ATLAS_DEAD_LETTER_PUBLIC_KEY (base64 of the raw 32 bytes). */
  get publicKeyBase64(): string {
    return this.publicRaw.toString('base64');
  }

  /** The original bytes; throws UnsealError on any failure. */
  unseal(sealed: SealedValue, position: SealPosition): Buffer {
    return this.unsealWith(sealed, additionalData(position));
  }

  /** Opens what {@link DeadLetterSealer.sealBound} sealed with the same binding; throws UnsealError otherwise. */
  unsealBound(sealed: SealedValue, binding: string): Buffer {
    return this.unsealWith(sealed, boundData(binding));
  }

  private unsealWith(sealed: SealedValue, aad: Buffer): Buffer {
    try {
      if (sealed.algorithm !== DEAD_LETTER_SEAL_ALGORITHM) throw new UnsealError();
      const ephemeralRaw = Buffer.from(sealed.ephemeralPublicKey, 'base64');
      const sharedSecret = diffieHellman({ privateKey: this.privateKey, publicKey: x25519PublicKey(ephemeralRaw) });
      // A fixed tag length: GCM would otherwise accept a truncated (forgeable) tag.
      const decipher = createDecipheriv('aes-256-gcm', aesKey(sharedSecret, ephemeralRaw, this.publicRaw), Buffer.from(sealed.iv, 'base64'), { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
    } catch {
      throw new UnsealError();
    }
  }

  toJSON(): string {
    return '[DeadLetterUnsealer]';
  }
}

/**
 * The dead-letter key pair belonging to a vault key (PII_VAULT_KEY's 32 bytes): HKDF-SHA256 with its
 * own purpose gives the private X25519 scalar, so the pair never has to be stored or distributed.
 * `./atlas secrets` derives the same public key (keep the two in step).
 */
export function deadLetterUnsealerForVaultKey(vaultKey: Buffer): DeadLetterUnsealer {
  if (vaultKey.length !== KEY_BYTES) throw new Error(`The vault key is ${KEY_BYTES} bytes`);
  const scalar = Buffer.from(hkdfSync('sha256', vaultKey, Buffer.alloc(0), 'atlas/pii-detection/dead-letter/x25519/v1', KEY_BYTES));
  return new DeadLetterUnsealer(x25519PrivateKey(scalar));
}
