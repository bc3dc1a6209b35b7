import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Version prefix of the output; a future format or key scheme gets a new one. */
export const ENCRYPTED_PREFIX = 'enc:v1:';
/** `enc:v2:<key id>:` + the same bytes: the output names the vault key that sealed it (key rotation). */
export const KEYED_ENCRYPTED_PREFIX = 'enc:v2:';
const KEYED_PATTERN = /^enc:v2:([A-Za-z0-9][A-Za-z0-9._-]{0,31}):/;
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
  return ENCRYPTED_PREFIX + seal(value, key, aad);
}

/** As `encrypt`, naming the vault key in the output (`enc:v2:<keyId>:…`) so it opens after the key is no longer the primary. */
export function encryptUnderKeyId(value: string, key: Buffer, keyId: string, aad?: string): string {
  return `${KEYED_ENCRYPTED_PREFIX}${keyId}:${seal(value, key, aad)}`;
}

/** The key id an `enc:v2:` output names; undefined for `enc:v1:` (no id: sealed before key rings). Throws on anything else. */
export function encryptedKeyId(encrypted: string): string | undefined {
  if (encrypted.startsWith(ENCRYPTED_PREFIX)) return undefined;
  const keyed = KEYED_PATTERN.exec(encrypted);
  if (!keyed) throw new Error('Not an Atlas-encrypted value (missing enc:v1: or enc:v2:<key id>: prefix)');
  return keyed[1];
}

function seal(value: string, key: Buffer, aad?: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(cipherName(key), key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64');
}

/** Reverses `encrypt` and `encryptUnderKeyId` (the caller picks the key); throws when the input is malformed, tampered with, or under another key/aad. */
export function decrypt(encrypted: string, key: Buffer, aad?: string): string {
  const keyId = encryptedKeyId(encrypted);
  const prefixLength = keyId === undefined ? ENCRYPTED_PREFIX.length : KEYED_ENCRYPTED_PREFIX.length + keyId.length + 1;
  const raw = Buffer.from(encrypted.slice(prefixLength), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('The encrypted value is truncated');
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  const ciphertext = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
  const decipher = createDecipheriv(cipherName(key), key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}
