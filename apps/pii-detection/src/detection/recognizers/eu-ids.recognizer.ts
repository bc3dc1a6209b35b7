import {
  dkCprMod11,
  isValidAtSocialSecurityNumber,
  isValidBeNationalNumber,
  isValidDeTaxId,
  isValidDkCprDate,
  isValidEsNie,
  isValidEsNif,
  isValidFiPersonalIdentityCode,
  isValidFrNir,
  isValidIePpsn,
  isValidItFiscalCode,
  isValidNlBsn,
  isValidPlPesel,
  isValidPtNif,
  isValidSePersonnummer,
} from '../validators/eu-ids';
import { digitGroupAtLeast, digitRunAtLeast, PatternRecognizer, type PatternDefinition } from './pattern-recognizer';

const B = '(?<![\\w-])';
const E = '(?![\\w-])';
const re = (body: string) => new RegExp(`${B}(?:${body})${E}`, 'g');

/** Weak checksums (pure digits, ~1 in 10 random numbers pass): kept unvalidated, context lifts them. */
const weak =
  (check: (v: string) => boolean, score = 0.4) =>
  (m: string) =>
    check(m) ? score : false;

const EU_PATTERNS: PatternDefinition[] = [
  { name: 'es nif (mod-23)', entity: 'ES_NIF', regex: re('(?:\\d{8}|[KLM]\\d{7})-?[A-Z]'), score: 0.3, validate: isValidEsNif, prefilter: (f) => f.longestDigitRun >= 7 && (f.upperDigitJoints >= 1 || f.hyphens >= 1) },
  { name: 'es nie (mod-23)', entity: 'ES_NIE', regex: re('[XYZ]-?\\d{7}-?[A-Z]'), score: 0.3, validate: isValidEsNie, prefilter: (f) => f.longestDigitRun >= 7 && (f.upperDigitJoints >= 1 || f.hyphens >= 1) },
  {
    name: 'it codice fiscale',
    entity: 'IT_FISCAL_CODE',
    regex: /(?<![A-Za-z0-9])[A-Za-z]{6}[0-9LMNPQRSTUV]{2}[A-Za-z][0-9LMNPQRSTUV]{2}[A-Za-z][0-9LMNPQRSTUV]{3}[A-Za-z](?![A-Za-z0-9])/g,
    score: 0.3,
    validate: isValidItFiscalCode,
    prefilter: (f) => f.letters >= 9 && f.longestAlnumRun >= 16,
  },
  { name: 'fr nir (97 key)', entity: 'FR_NIR', regex: re('[1-478] ?\\d{2} ?\\d{2} ?(?:\\d{2}|2[ABab]) ?\\d{3} ?\\d{3} ?\\d{2}'), score: 0.3, validate: isValidFrNir, prefilter: (f) => f.digits >= 13 && f.longestDigitGroup >= 8 },
  { name: 'de steuer-id (iso 7064)', entity: 'DE_TAX_ID', regex: re('[1-9]\\d ?\\d{3} ?\\d{3} ?\\d{3}'), score: 0.3, validate: isValidDeTaxId, prefilter: digitGroupAtLeast(11) },
  { name: 'nl bsn (elfproef, needs context)', entity: 'NL_BSN', regex: re('\\d{9}|\\d{4}\\.\\d{2}\\.\\d{3}|\\d{3} \\d{3} \\d{3}'), score: 0.4, validate: weak(isValidNlBsn), prefilter: digitGroupAtLeast(9) },
  { name: 'pl pesel (date + check)', entity: 'PL_PESEL', regex: re('\\d{11}'), score: 0.5, validate: weak(isValidPlPesel, 0.5), prefilter: digitRunAtLeast(11) },
  {
    name: 'se personnummer (date + Luhn)',
    entity: 'SE_PERSONNUMMER',
    regex: re('(?:\\d{2})?\\d{6}[-+]\\d{4}'),
    score: 0.3,
    // Samordningsnummer (day + 60) share the shape of Danish CPRs: kept unvalidated, context decides.
    validate: (m) => (isValidSePersonnummer(m) ? (Number(m.slice(m.length - 7, m.length - 5)) > 60 ? 0.5 : true) : false),
    prefilter: (f) => f.digits >= 10 && f.longestDigitRun >= 6 && (f.digitDashDigit >= 1 || f.hasPlus),
  },
  {
    name: 'se personnummer (no separator, needs context)',
    entity: 'SE_PERSONNUMMER',
    regex: re('(?:19|20)?\\d{10}'),
    score: 0.3,
    validate: weak(isValidSePersonnummer, 0.3),
    prefilter: digitRunAtLeast(10),
  },
  { name: 'fi henkilötunnus (mod-31)', entity: 'FI_PERSONAL_IDENTITY_CODE', regex: re('\\d{6}[-+A-FU-Y]\\d{3}[0-9A-Y]'), score: 0.3, validate: isValidFiPersonalIdentityCode, prefilter: (f) => f.digits >= 9 && f.longestDigitRun >= 6 && (f.digitDashDigit >= 1 || f.hasPlus || f.upperDigitJoints >= 2) },
  { name: 'pt nif (mod-11, needs context)', entity: 'PT_NIF', regex: re('\\d{9}|\\d{3} \\d{3} \\d{3}'), score: 0.4, validate: weak(isValidPtNif), prefilter: digitGroupAtLeast(9) },
  { name: 'be national number (97 key)', entity: 'BE_NATIONAL_NUMBER', regex: re('\\d{2}\\.?\\d{2}\\.?\\d{2}-?\\d{3}\\.?\\d{2}'), score: 0.3, validate: isValidBeNationalNumber, prefilter: digitGroupAtLeast(11) },
  {
    name: 'dk cpr (date; mod-11 optional)',
    entity: 'DK_CPR',
    regex: re('\\d{6}-?\\d{4}'),
    score: 0.3,
    validate: (m) => (isValidDkCprDate(m) ? (dkCprMod11(m) && m.includes('-') ? 0.4 : 0.3) : false),
    prefilter: digitGroupAtLeast(10),
  },
  { name: 'at sozialversicherungsnummer (mod-11 + date)', entity: 'AT_SOCIAL_SECURITY_NUMBER', regex: re('\\d{4} ?\\d{6}'), score: 0.3, validate: isValidAtSocialSecurityNumber, prefilter: digitGroupAtLeast(10) },
  { name: 'ie ppsn (mod-23)', entity: 'IE_PPSN', regex: re('\\d{7}[A-W][A-IW]?'), score: 0.3, validate: isValidIePpsn, prefilter: (f) => f.longestDigitRun >= 7 && f.upperDigitJoints >= 1 },
];

/** One recognizer per EU identifier, each with its real checksum. */
export function createEuIdRecognizers(): PatternRecognizer[] {
  const byEntity = new Map<string, PatternDefinition[]>();
  for (const p of EU_PATTERNS) byEntity.set(p.entity, [...(byEntity.get(p.entity) ?? []), p]);
  return Array.from(byEntity, ([entity, patterns]) => new PatternRecognizer(`${entity}_Recognizer`, patterns, { prefilter: (f) => f.digits >= 7 }));
}
