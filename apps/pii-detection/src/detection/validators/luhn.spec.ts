import { digitsOnly, luhnValid } from './luhn';

describe('luhn', () => {
  it.each(['4111111111111111', '5500005555555559', '378282246310005', '6011111111111117', '2223003122003222', '79927398713'])('accepts %s', (v) => {
    expect(luhnValid(v)).toBe(true);
  });
  it.each(['4111111111111112', '79927398710', '1', '', '41111111111a1111'])('rejects %s', (v) => {
    expect(luhnValid(v)).toBe(false);
  });
  it('strips non-digits', () => {
    expect(digitsOnly('4111-1111 1111.1111')).toBe('4111111111111111');
  });
});
