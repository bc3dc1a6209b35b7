import { composeIBAN, countrySpecs, friendlyFormatIBAN, isSEPACountry, isValidIBAN } from 'ibantools';
import { detect, found } from './pattern-detection.spec-helper';

/** A checksum-valid IBAN for a country, built from its BBAN format in ibantools' registry (seeded, no fixed values). */
function ibanFor(country: string, seed: number): string | undefined {
  const format = countrySpecs[country]?.bban_regexp;
  if (!format) return undefined;
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let attempt = 0; attempt < 5000; attempt++) {
    let bban = '';
    for (const [, characterClass, count] of format.matchAll(/\[([^\]]+)\]\{(\d+)\}/g)) {
      const alphabet = (characterClass.includes('0-9') ? '0123456789' : '') + (characterClass.includes('A-Z') ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' : '');
      for (let i = 0; i < Number(count); i++) bban += alphabet[Math.floor(next() * alphabet.length)];
    }
    const iban = composeIBAN({ countryCode: country, bban });
    if (iban && isValidIBAN(iban)) return iban;
  }
  return undefined;
}

const IBAN_COUNTRIES = Object.keys(countrySpecs).filter((country) => countrySpecs[country].chars);

describe('CREDIT_CARD', () => {
  it('finds Luhn-valid cards of every scheme and length', () => {
    expect(found('Visa 4111 1111 1111 1111 on file', 'CREDIT_CARD')).toEqual(['4111 1111 1111 1111']);
    expect(found('MC 2-series 2223-0031-2200-3222 charged', 'CREDIT_CARD')).toEqual(['2223-0031-2200-3222']);
    expect(found('amex 378282246310005, jcb 3530111333300000', 'CREDIT_CARD')).toEqual(['378282246310005', '3530111333300000']);
    expect(found('maestro 675964982648 and visa19 4111111111111111110', 'CREDIT_CARD')).toHaveLength(2);
  });
  it('drops failed checksums, mixed separators and bare digit runs', () => {
    expect(found('card 4111 1111 1111 1112', 'CREDIT_CARD')).toEqual([]);
    expect(found('card 4111 1111-1111 1111', 'CREDIT_CARD')).toEqual([]);
    expect(found('id 11111111111111111111111', 'CREDIT_CARD')).toEqual([]);
  });
  it('a valid card is not also a phone or bank number', () => {
    expect(detect('pay with 4111111111111111 please')).toEqual([['CREDIT_CARD', '4111111111111111']]);
  });
});

describe('IBAN_CODE', () => {
  it('finds IBANs with and without spaces, any case', () => {
    expect(found('IBAN GB82 WEST 1234 5698 7654 32 thanks', 'IBAN_CODE')).toEqual(['GB82 WEST 1234 5698 7654 32']);
    expect(found('send to DE89370400440532013000.', 'IBAN_CODE')).toEqual(['DE89370400440532013000']);
    expect(found('acct gb50mvfc38361978683032 ok', 'IBAN_CODE')).toEqual(['gb50mvfc38361978683032']);
    expect(found('acct gb82west12345698765432 ok', 'IBAN_CODE')).toEqual(['gb82west12345698765432']);
  });
  it('finds checksum-valid IBANs of every registry country: compact, in groups of four, dashed, lower case, in text', () => {
    const missed: string[] = [];
    let tried = 0;
    for (const country of IBAN_COUNTRIES) {
      const iban = ibanFor(country, country.charCodeAt(0) * 31 + country.charCodeAt(1));
      if (!iban) continue;
      tried++;
      const grouped = friendlyFormatIBAN(iban)!;
      const forms = [iban, grouped, grouped.replace(/ /g, '-'), iban.toLowerCase()];
      for (const form of forms) {
        if (found(form, 'IBAN_CODE', 'iban').join() !== form) missed.push(`${country} whole ${form}`);
        if (found(`Please pay to ${form} by Friday.`, 'IBAN_CODE').join() !== form) missed.push(`${country} text ${form}`);
      }
    }
    expect(tried).toBeGreaterThanOrEqual(100);
    expect(missed).toEqual([]);
    expect(IBAN_COUNTRIES.filter((country) => isSEPACountry(country)).length).toBeGreaterThanOrEqual(36);
  });

  it('changing one character breaks the checksum: no IBAN', () => {
    for (const country of ['DE', 'FR', 'NL', 'AZ', 'QA']) {
      const iban = ibanFor(country, 7)!;
      const last = iban[iban.length - 1];
      const broken = iban.slice(0, -1) + (last === '7' ? '8' : /\d/.test(last) ? '7' : last === 'A' ? 'B' : 'A');
      expect([country, found(`pay ${broken} now`, 'IBAN_CODE')]).toEqual([country, []]);
    }
    expect(found('numbers 12345678901234567890 and AB12 3456 7890 1234 5678', 'IBAN_CODE')).toEqual([]);
  });

  it('drops bad check digits', () => {
    expect(found('IBAN GB83 WEST 1234 5698 7654 32', 'IBAN_CODE')).toEqual([]);
    expect(found('DE88370400440532013000', 'IBAN_CODE')).toEqual([]);
  });
});

describe('US_BANK_NUMBER', () => {
  it('needs context', () => {
    expect(found('bank account 12345678901 for payroll', 'US_BANK_NUMBER')).toEqual(['12345678901']);
    expect(found('routing and acct: 000123456789', 'US_BANK_NUMBER')).toEqual(['000123456789']);
    expect(found('the value 12345678901 was logged', 'US_BANK_NUMBER')).toEqual([]);
  });
  it('field name works as context', () => {
    expect(found('12345678901', 'US_BANK_NUMBER', 'bank_account_no')).toEqual(['12345678901']);
  });
});
