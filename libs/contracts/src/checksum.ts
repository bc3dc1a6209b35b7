import { hash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

/**
 * Deepest nesting the canonical JSON is computed for. The serializer recurses once per level, so a
 * deeper value (e.g. 10,000 nested arrays, which JSON.parse accepts) would overflow the stack with
 * a RangeError; it is refused with a clear error instead. Far above any payload a contract accepts
 * (MAX_PAYLOAD_DEPTH), with room for the request body around the payloads.
 */
export const MAX_CANONICAL_DEPTH = 1000;

/** A value nests deeper than a limit: this record can never be processed (a permanent failure). */
export class PayloadTooDeepError extends Error {
  readonly code = 'PAYLOAD_TOO_DEEP';
  readonly failureKind = 'permanent';

  constructor(readonly maxDepth: number) {
    super(`value nests deeper than ${maxDepth} levels`);
    this.name = 'PayloadTooDeepError';
  }
}

/**
 * Whether `value` has objects or arrays nested more than `maxDepth` levels (a top-level object or
 * array is level 1). Iterative, so any depth is measured without recursion; stops at the first
 * container past the limit. Linear in the size of the value.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    const level = depth + 1;
    if (level > maxDepth) return true;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: level });
    }
  }
  return false;
}

/**
 * sha256 of the canonical (key-sorted) JSON, so the same payload always has the same checksum.
 * Throws PayloadTooDeepError for values nested deeper than MAX_CANONICAL_DEPTH.
 */
export function computeChecksum(payload: unknown): string {
  if (nestsDeeperThan(payload, MAX_CANONICAL_DEPTH)) throw new PayloadTooDeepError(MAX_CANONICAL_DEPTH);
  // One-shot hashing (UTF-8, as before): a Hash object per record cost about three times as much.
  return hash('sha256', stringify(payload) ?? 'null', 'hex');
}
