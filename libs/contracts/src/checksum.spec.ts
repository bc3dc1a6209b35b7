import { createHash } from 'node:crypto';
import { computeChecksum } from './checksum';

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
