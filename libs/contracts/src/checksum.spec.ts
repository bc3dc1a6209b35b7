import { createHash } from 'node:crypto';
import { computeChecksum, MAX_CANONICAL_DEPTH, nestsDeeperThan, PayloadTooDeepError } from './checksum';

describe('computeChecksum', () => {
  it('is the sha256 hex digest of the canonical JSON', () => {
    const expected = createHash('sha256').update('{"a":1,"b":"two"}').digest('hex');
    expect(computeChecksum({ b: 'two', a: 1 })).toBe(expected);
  });

  it('does not depend on key order, also in nested objects', () => {
    const first = { name: 'Jane', contact: { email: 'jane@example.com', phone: '555-0100' }, tags: ['a', 'b'] };
    const second = { tags: ['a', 'b'], contact: { phone: '555-0100', email: 'jane@example.com' }, name: 'Jane' };
    expect(computeChecksum(first)).toBe(computeChecksum(second));
  });

  it('changes when a value changes', () => {
    expect(computeChecksum({ name: 'Jane' })).not.toBe(computeChecksum({ name: 'Jane ' }));
  });

  it('changes when a nested value or the array order changes', () => {
    expect(computeChecksum({ contact: { email: 'a@example.com' } })).not.toBe(computeChecksum({ contact: { email: 'b@example.com' } }));
    expect(computeChecksum({ tags: ['a', 'b'] })).not.toBe(computeChecksum({ tags: ['b', 'a'] }));
  });

  it('distinguishes a number from its string form', () => {
    expect(computeChecksum({ id: 1 })).not.toBe(computeChecksum({ id: '1' }));
  });

  it('returns 64 lower-case hex characters, as the envelope contract requires', () => {
    expect(computeChecksum({})).toMatch(/^[0-9a-f]{64}$/);
    expect(computeChecksum(undefined)).toBe(computeChecksum(null));
  });
});

/** `levels` objects nested in each other ({a:{a:…{a:1}}}), built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

describe('nestsDeeperThan', () => {
  it('counts a top-level object or array as level 1 and scalars as level 0', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 2)).toBe(true);
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
  });

  it('measures 100,000 levels without overflowing the stack', () => {
    const deep = nested(100000);
    expect(nestsDeeperThan(deep, 99999)).toBe(true);
    expect(nestsDeeperThan(deep, 100000)).toBe(false);
  });
});

describe('computeChecksum on deep values', () => {
  it('computes the checksum up to MAX_CANONICAL_DEPTH levels', () => {
    expect(computeChecksum(nested(MAX_CANONICAL_DEPTH))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses deeper values with a permanent PayloadTooDeepError instead of a stack overflow', () => {
    let thrown: unknown;
    try {
      computeChecksum(nested(10000));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PayloadTooDeepError);
    expect(thrown).toMatchObject({ code: 'PAYLOAD_TOO_DEEP', failureKind: 'permanent', message: 'value nests deeper than 1000 levels' });
  });
});
