import { createHmac } from 'node:crypto';
import { HashParams } from './operator.types';

export const MIN_HASH_LENGTH = 16;

/**
 * Keyed, deterministic hash: HMAC-SHA256 (or -SHA512) of the value under the configured key, as
 * lowercase hex, optionally truncated. The same value gives the same output in every record, so
 * hashed columns still join, while without the key a dictionary attack is not possible.
 * Presidio's `hash` (plain or salted SHA) is served by this operator; its `salt` is not used.
 */
export function hash(value: string, key: Buffer, params: HashParams = {}): string {
  const digest = createHmac(params.hashType ?? 'sha256', key).update(value, 'utf8').digest('hex');
  return params.length === undefined ? digest : digest.slice(0, params.length);
}
