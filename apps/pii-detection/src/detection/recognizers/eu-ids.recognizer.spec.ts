import type { EntityType } from '../detection.types';
import { found } from './pattern-detection.spec-helper';

describe('EU national identifiers in text', () => {
  it.each<[EntityType, string, string]>([
    ['ES_NIF', 'Mi DNI es 12345678Z.', '12345678Z'],
    ['ES_NIF', 'NIF 87654321X del cliente', '87654321X'],
    ['ES_NIE', 'NIE X1234567L en vigor', 'X1234567L'],
    ['ES_NIE', 'permiso Y7654321G', 'Y7654321G'],
    ['IT_FISCAL_CODE', 'codice fiscale RSSMRA85T10A562S', 'RSSMRA85T10A562S'],
    ['IT_FISCAL_CODE', 'CF: MRTMTT91D08F205J.', 'MRTMTT91D08F205J'],
    ['FR_NIR', 'NIR 1 84 12 76 451 089 46', '1 84 12 76 451 089 46'],
    ['FR_NIR', 'sécu 2 69 05 2A 123 456 88 (Corse)', '2 69 05 2A 123 456 88'],
    ['DE_TAX_ID', 'Steuer-ID 86095742719', '86095742719'],
    ['DE_TAX_ID', 'IdNr 47 036 892 816 gespeichert', '47 036 892 816'],
    ['NL_BSN', 'BSN 111222333', '111222333'],
    ['NL_BSN', 'burgerservicenummer: 123456782', '123456782'],
    ['PL_PESEL', 'PESEL 44051401359', '44051401359'],
    ['PL_PESEL', 'numer pesel 02070803628', '02070803628'],
    ['SE_PERSONNUMMER', 'personnummer 811228-9874', '811228-9874'],
    ['SE_PERSONNUMMER', 'pnr 19811228-9874 registrerat', '19811228-9874'],
    ['FI_PERSONAL_IDENTITY_CODE', 'hetu 131052-308T', '131052-308T'],
    ['FI_PERSONAL_IDENTITY_CODE', 'tunnus 010594Y9021', '010594Y9021'],
    ['PT_NIF', 'NIF 123456789 do contribuinte', '123456789'],
    ['PT_NIF', 'contribuinte n.º 501964843', '501964843'],
    ['BE_NATIONAL_NUMBER', 'rijksregisternummer 85.07.30-033.28', '85.07.30-033.28'],
    ['BE_NATIONAL_NUMBER', 'numéro national 17073003384', '17073003384'],
    ['DK_CPR', 'CPR 070761-4285', '070761-4285'],
    ['DK_CPR', 'cpr-nummer 010101-1232', '010101-1232'],
    ['AT_SOCIAL_SECURITY_NUMBER', 'SVNR 1237 010180', '1237 010180'],
    ['AT_SOCIAL_SECURITY_NUMBER', 'Sozialversicherungsnummer 4563150385', '4563150385'],
    ['IE_PPSN', 'PPSN 1234567T', '1234567T'],
    ['IE_PPSN', 'my PPS number is 1234567TW', '1234567TW'],
  ])('%s in "%s"', (entity, text, value) => {
    expect(found(text, entity)).toEqual([value]);
  });

  it.each<[EntityType, string]>([
    ['ES_NIF', 'DNI 12345678A'],
    ['ES_NIE', 'NIE X1234567M'],
    ['IT_FISCAL_CODE', 'codice fiscale RSSMRA85T10A562T'],
    ['FR_NIR', 'NIR 1 84 12 76 451 089 47'],
    ['DE_TAX_ID', 'Steuer-ID 86095742718'],
    ['NL_BSN', 'BSN 123456789'],
    ['PL_PESEL', 'PESEL 44051401358'],
    ['SE_PERSONNUMMER', 'personnummer 811228-9875'],
    ['FI_PERSONAL_IDENTITY_CODE', 'hetu 131052-308U'],
    ['PT_NIF', 'NIF 123456788'],
    ['BE_NATIONAL_NUMBER', 'rijksregisternummer 85.07.30-033.29'],
    ['DK_CPR', 'CPR 310290-1234'],
    ['AT_SOCIAL_SECURITY_NUMBER', 'SVNR 1238 010180'],
    ['IE_PPSN', 'PPSN 1234567A'],
  ])('%s near miss rejected: "%s"', (entity, text) => {
    expect(found(text, entity)).toEqual([]);
  });

  it('weak-checksum identifiers need context', () => {
    expect(found('value 111222333 logged', 'NL_BSN')).toEqual([]);
    expect(found('value 123456789 logged', 'PT_NIF')).toEqual([]);
    expect(found('value 070761-4285 logged', 'DK_CPR')).toEqual([]);
  });
});
