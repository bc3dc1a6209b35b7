import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Version prefix of the output; a future format or key scheme gets a new one. */
export const ENCRYPTED_PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function cipherName(key: Buffer): 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm' {
  switch (key.length) {
    case 16:
      return 'aes-128-gcm';
    case 24:
      return 'aes-192-gcm';
    case 32:
      return 'aes-256-gcm';
    default:
      throw new Error('The encryption key must be 128, 192 or 256 bits');
  }
}

/**
 * AES-GCM (256-bit with Atlas's own key) with a random 96-bit IV per value. Output:
 * `enc:v1:` + base64(iv | ciphertext | tag). Not deterministic, so not a join key; `aad` binds the
 * ciphertext to its context (e.g. a vault row), decryption fails if it is moved elsewhere.
 */
export function encrypt(value: string, key: Buffer, aad?: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(cipherName(key), key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return ENCRYPTED_PREFIX + Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64');
}

/** Reverses `encrypt`; throws when the input is malformed, tampered with, or under another key/aad. */
export function decrypt(encrypted: string, key: Buffer, aad?: string): string {
  if (!encrypted.startsWith(ENCRYPTED_PREFIX)) throw new Error('Not an Atlas-encrypted value (missing enc:v1: prefix)');
  const raw = Buffer.from(encrypted.slice(ENCRYPTED_PREFIX.length), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('The encrypted value is truncated');
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  const ciphertext = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
  const decipher = createDecipheriv(cipherName(key), key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}
