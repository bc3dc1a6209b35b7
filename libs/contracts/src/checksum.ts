import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

/** sha256 of the canonical (key-sorted) JSON, so the same payload always has the same checksum. */
export function computeChecksum(payload: unknown): string {
  return createHash('sha256').update(stringify(payload) ?? 'null').digest('hex');
}
