import { iso7064Mod97_10, key97, mod97 } from './mod97';

describe('mod97', () => {
  it('computes remainders of long numbers', () => {
    expect(mod97('97')).toBe(0);
    expect(mod97('123456789012345678901234567890')).toBe(Number(BigInt('123456789012345678901234567890') % 97n));
    expect(mod97('12a')).toBe(-1);
  });
  it('computes the 97 key (French NIR 1 84 12 76 451 089 → 46)', () => {
    expect(key97('1841276451089')).toBe(46);
    expect(key97('1841276451088')).not.toBe(46);
  });
  it('validates IBAN-style MOD 97-10 (GB82 WEST 1234 5698 7654 32)', () => {
    const iban = 'GB82WEST12345698765432';
    expect(iso7064Mod97_10(iban.slice(4) + iban.slice(0, 4))).toBe(1);
    const bad = 'GB82WEST12345698765433';
    expect(iso7064Mod97_10(bad.slice(4) + bad.slice(0, 4))).not.toBe(1);
  });
});
