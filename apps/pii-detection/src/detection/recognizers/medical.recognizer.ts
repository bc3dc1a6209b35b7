import { isValidDeaNumber, isValidNhsNumber } from '../validators/us-ids';
import { digitGroupAtLeast, PatternRecognizer } from './pattern-recognizer';

const DEA = /(?<![\w-])[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}(?![\w-])/g;
const NHS = /(?<![\w-])\d{3}([- ]?)\d{3}\1\d{4}(?![\w-])/g;

/** MEDICAL_LICENSE: US DEA registration number with its checksum. */
export function createMedicalLicenseRecognizer(): PatternRecognizer {
  return new PatternRecognizer('MedicalLicenseRecognizer', [{ name: 'dea number', entity: 'MEDICAL_LICENSE', regex: DEA, score: 0.4, validate: (m) => isValidDeaNumber(m) }], {
    prefilter: (f) => f.longestDigitRun >= 7 && f.upper >= 1,
  });
}

/**
 * UK_NHS: 10 digits (3-3-4), mod-11. The shape is also a US phone shape and about 1 in 11 random
 * numbers pass mod-11, so a pass is kept unvalidated at 0.4: NHS context ("nhs", "health
 * service") lifts it; a failed checksum is dropped.
 */
export function createUkNhsRecognizer(): PatternRecognizer {
  return new PatternRecognizer('UkNhsRecognizer', [{ name: 'nhs number (mod-11 ok, needs context)', entity: 'UK_NHS', regex: NHS, score: 0.4, validate: (m) => (isValidNhsNumber(m) ? 0.4 : false) }], {
    prefilter: digitGroupAtLeast(10),
  });
}
