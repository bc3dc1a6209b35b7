import { iso7064Mod11_10CheckDigit, iso7064Mod11_10Valid } from './iso7064';

describe('ISO 7064 MOD 11,10', () => {
  it.each(['86095742719', '47036892816', '65929970489', '57549285017', '25768131411'])('accepts published Steuer-ID %s', (v) => {
    expect(iso7064Mod11_10Valid(v)).toBe(true);
  });
  it.each(['86095742718', '47036892815', '1'])('rejects near miss %s', (v) => {
    expect(iso7064Mod11_10Valid(v)).toBe(false);
  });
  it('computes the check digit', () => {
    expect(iso7064Mod11_10CheckDigit('8609574271')).toBe(9);
  });
});
