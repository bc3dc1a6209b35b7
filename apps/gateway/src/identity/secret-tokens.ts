import { createHash, randomBytes } from 'node:crypto';

/** Prefixes say what a secret is when it turns up somewhere (a log, a secret scanner). */
export const API_KEY_PREFIX = 'atlas_key_';
export const REFRESH_TOKEN_PREFIX = 'atlas_rt_';

/** A new secret: the prefix and 32 random bytes in base64url (256 bits, so a plain SHA-256 suffices at rest). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What is stored and looked up instead of the secret. */
export function secretHash(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

const SECRET_BODY = /^[A-Za-z0-9_-]{43}$/;

/** Whether `value` has the shape of a secret with this prefix (checked before any lookup). */
export function isSecretOf(prefix: string, value: string): boolean {
  return value.startsWith(prefix) && SECRET_BODY.test(value.slice(prefix.length));
}
