import * as v from './eu-ids';

// Published/valid examples and one-character near misses for each national identifier.
const cases: [string, (s: string) => boolean, string[], string[]][] = [
  ['ES NIF', v.isValidEsNif, ['12345678Z', '87654321X', 'K1234567S'.replace('S', 'L')], ['12345678A', '87654321Y']],
  ['ES NIE', v.isValidEsNie, ['X1234567L', 'Z1234567R', 'Y7654321G'], ['X1234567M', 'Y7654321H']],
  ['IT codice fiscale', v.isValidItFiscalCode, ['RSSMRA85T10A562S', 'MRTMTT91D08F205J'], ['RSSMRA85T10A562T', 'RSSMRA85T32A562S']],
  ['FR NIR', v.isValidFrNir, ['1 84 12 76 451 089 46', '255081416802538', '2 69 05 2A 123 456 88'], ['1 84 12 76 451 089 47', '2 69 05 2A 123 456 14']],
  ['DE Steuer-ID', v.isValidDeTaxId, ['86095742719', '47036892816', '65929970489'], ['86095742718', '11111111111', '12345678903']],
  ['NL BSN', v.isValidNlBsn, ['111222333', '123456782', '198051505'], ['123456789', '000000000']],
  ['PL PESEL', v.isValidPlPesel, ['44051401359', '02070803628'], ['44051401358', '44133401359']],
  ['SE personnummer', v.isValidSePersonnummer, ['811228-9874', '670919-9530', '19811228-9874'], ['811228-9875', '811328-9874']],
  ['FI HETU', v.isValidFiPersonalIdentityCode, ['131052-308T', '311280-888Y', '010594Y9021'], ['131052-308U', '311380-888Y']],
  ['PT NIF', v.isValidPtNif, ['123456789', '501964843'], ['123456788', '401964843']],
  ['BE national number', v.isValidBeNationalNumber, ['85.07.30-033.28', '17.07.30-033.84', '93.05.18-223.61'], ['85.07.30-033.29', '85.13.30-033.28']],
  ['AT SVNR', v.isValidAtSocialSecurityNumber, ['1237 010180', '4563150385'], ['1238 010180', '1237 320180']],
  ['IE PPSN', v.isValidIePpsn, ['1234567T', '1234567TW', '1234567FA'], ['1234567A', '1234567TA']],
];

describe.each(cases)('%s', (_name, check, valid, invalid) => {
  it.each(valid)('accepts %s', (s) => expect(check(s)).toBe(true));
  it.each(invalid)('rejects %s', (s) => expect(check(s)).toBe(false));
});

describe('DK CPR', () => {
  it('checks the date, and mod-11 separately', () => {
    expect(v.isValidDkCprDate('070761-4285')).toBe(true);
    expect(v.dkCprMod11('070761-4285')).toBe(true);
    expect(v.dkCprMod11('070761-4286')).toBe(false);
    expect(v.isValidDkCprDate('310290-1234')).toBe(false);
    expect(v.isValidDkCprDate('290200-1234')).toBe(true);
  });
});
