import { DEFAULT_PHONE_REGIONS, PhoneRecognizer } from './phone.recognizer';
import { found } from './pattern-detection.spec-helper';

describe('PHONE_NUMBER', () => {
  it('finds national and international numbers in sentences', () => {
    expect(found('Call me at (212) 555-0199 tomorrow', 'PHONE_NUMBER')).toEqual(['(212) 555-0199']);
    expect(found('London office +44 20 7946 0958.', 'PHONE_NUMBER')).toEqual(['+44 20 7946 0958']);
    expect(found('Paris: 01 42 68 53 00', 'PHONE_NUMBER')).toEqual(['01 42 68 53 00']);
    expect(found('Phone: 678-777-1600', 'PHONE_NUMBER')).toEqual(['678-777-1600']);
  });
  it('years, ZIP codes and short numbers are not phones', () => {
    expect(found('Born in 1977, moved to 10115 Berlin, ZIP 90210', 'PHONE_NUMBER')).toEqual([]);
    expect(found('Total 12345 items', 'PHONE_NUMBER')).toEqual([]);
  });
  it('GUID fragments are not phones (Presidio #71)', () => {
    expect(found('request id 3f2504e0-046-1297901-4f89-9a0c', 'PHONE_NUMBER')).toEqual([]);
    expect(found('guid 6f9619ff-8b86-d011-b42d-00c04fc964ff', 'PHONE_NUMBER')).toEqual([]);
  });
  it('no phone inside validated entities (card, SSN, IBAN, dates, IPs)', () => {
    expect(found('card 4111-1111-1111-1111, ssn 536-32-3065, on 2007-03-23, ip 10.218.6.131', 'PHONE_NUMBER')).toEqual([]);
  });
  it('a bare 10-digit value needs context; the field name provides it', () => {
    expect(found('2813882583', 'PHONE_NUMBER')).toEqual([]);
    expect(found('2813882583', 'PHONE_NUMBER', 'customer_phone')).toEqual(['2813882583']);
    expect(found('2813882583', 'PHONE_NUMBER', 'CustomerPhone')).toEqual(['2813882583']);
    expect(found('2813882583 mobile', 'PHONE_NUMBER')).toEqual(['2813882583']);
  });
  it('region list is configurable and excludes DE by default', () => {
    expect(DEFAULT_PHONE_REGIONS).not.toContain('DE');
    expect(DEFAULT_PHONE_REGIONS).toContain('GB');
    const usOnly = new PhoneRecognizer({ regions: ['US'] });
    expect(usOnly.analyze('Paris: 01 42 68 53 00', { language: 'fr' }).filter((r) => r.score >= 0.5)).toEqual([]);
    const fr = new PhoneRecognizer({ regions: ['FR'] });
    expect(fr.analyze('Paris: 01 42 68 53 00', { language: 'fr' }).some((r) => r.score >= 0.5)).toBe(true);
  });
});
