import { isValidItin, isValidSsn } from '../validators/us-ids';
import { digitGroupAtLeast, digitRunAtLeast, PatternRecognizer } from './pattern-recognizer';

// Not a piece of a longer grouped number ("1 123 45 6789", "123 45 6789 1").
const SSN_FORMATTED = /(?<![\w-])(?<!\d[ .])\d{3}([- .])\d{2}\1\d{4}(?![\w-]|[ .]\d)/g;
const SPACED_SSN_SCORE = 0.55;
const NINE_DIGITS = /(?<![\w-])\d{9}(?![\w-])/g;
const ITIN_FORMATTED = /(?<![\w-])9\d{2}([- ])\d{2}\1\d{4}(?![\w-])/g;
const ITIN_BARE = /(?<![\w-])9\d{8}(?![\w-])/g;
const PASSPORT_NEXT_GEN = /(?<![\w-])[A-Z]\d{8}(?![\w-])/g;

/** US_SSN: formatted 3-2-4 passing the SSA/Presidio invalidation rules is validated; bare 9 digits need context. */
export function createUsSsnRecognizer(): PatternRecognizer {
  return new PatternRecognizer(
    'UsSsnRecognizer',
    [
      {
        name: 'ssn (formatted)',
        entity: 'US_SSN',
        regex: SSN_FORMATTED,
        score: 0.5,
        // Dashed 3-2-4 passing the rules is validated. Spaced is kept on its own (0.55) but loses to any
        // stronger reading of the digits (an address "Suite 680 36 4022 …"); dots (version-like) need context.
        validate: (m) => (isValidSsn(m) ? (m[3] === '-' ? true : m[3] === ' ' ? SPACED_SSN_SCORE : 0.45) : false),
      },
      { name: 'ssn (bare, weak)', entity: 'US_SSN', regex: NINE_DIGITS, score: 0.05, validate: (m) => (isValidSsn(m) ? 0.05 : false) },
    ],
    { prefilter: digitGroupAtLeast(9), languages: ['en'] },
  );
}

/** US_ITIN: 9xx + group 50-65/70-88/90-92/94-99. Structural rule only, so not "validated". */
export function createUsItinRecognizer(): PatternRecognizer {
  return new PatternRecognizer(
    'UsItinRecognizer',
    [
      { name: 'itin (formatted)', entity: 'US_ITIN', regex: ITIN_FORMATTED, score: 0.6, validate: (m) => (isValidItin(m) ? undefined : false) },
      { name: 'itin (bare)', entity: 'US_ITIN', regex: ITIN_BARE, score: 0.3, validate: (m) => (isValidItin(m) ? undefined : false) },
    ],
    { prefilter: digitGroupAtLeast(9), languages: ['en'] },
  );
}

/** US_PASSPORT: 9 digits (0.05) or letter + 8 digits (0.1); context ("passport") is required. */
export function createUsPassportRecognizer(): PatternRecognizer {
  return new PatternRecognizer(
    'UsPassportRecognizer',
    [
      { name: 'passport (9 digits, weak)', entity: 'US_PASSPORT', regex: NINE_DIGITS, score: 0.05, validate: (m) => (/^(\d)\1+$/.test(m) ? false : undefined) },
      { name: 'passport (next generation, weak)', entity: 'US_PASSPORT', regex: PASSPORT_NEXT_GEN, score: 0.1 },
    ],
    { prefilter: digitRunAtLeast(8), languages: ['en'] },
  );
}

// Case-SENSITIVE state formats (upper-case letters only). Never a bare letter + 1-6 digits ("A1", "H1", "m2").
const DL_LETTER_DIGITS = /(?<![\w-])[A-Z]\d{7,14}(?![\w-])/g; // CA, FL, IL, MD, MI, MN, NJ, NY, WI...
const DL_TWO_LETTERS = /(?<![\w-])[A-Z]{2}\d{5,8}[A-Z]?(?![\w-])/g; // e.g. 2 letters + 6 digits + letter
const DL_MIXED = /(?<![\w-])(?:\d{2}[A-Z]{3}\d{5}|\d{3}[A-Z]{2}\d{4}|\d{8}[A-Z]{2}|\d{7}[A-Z]|WDL[A-Z0-9]{9})(?![\w-])/g; // NH, IA, WA...
const DL_DASHED = /(?<![\w-])[A-Z]\d{3}-\d{3}-\d{2}-\d{3}-\d|[A-Z]\d{3}-\d{4}-\d{4}-\d{2}|[A-Z]\d{2}-\d{2}-\d{4}(?![\w-])/g; // FL, WI, ...
const DL_DIGITS = /(?<![\w-])\d{7,9}(?![\w-])|(?<![\w-])\d{12,13}(?![\w-])/g;

/** US_DRIVER_LICENSE: state formats, all context-dependent (driver/license/DL...). */
export function createUsDriverLicenseRecognizer(): PatternRecognizer {
  return new PatternRecognizer(
    'UsDriverLicenseRecognizer',
    [
      { name: 'driver license (letter + digits)', entity: 'US_DRIVER_LICENSE', regex: DL_LETTER_DIGITS, score: 0.3, prefilter: (f) => f.longestDigitRun >= 7 && f.upperDigitJoints >= 1 },
      { name: 'driver license (2 letters + digits)', entity: 'US_DRIVER_LICENSE', regex: DL_TWO_LETTERS, score: 0.2, prefilter: (f) => f.longestDigitRun >= 5 && f.upperDigitJoints >= 1 },
      {
        name: 'driver license (mixed)',
        entity: 'US_DRIVER_LICENSE',
        regex: DL_MIXED,
        score: 0.25,
        prefilter: (f, t) => (f.longestDigitRun >= 4 && f.upperDigitJoints >= 1) || t.includes('WDL'),
        validate: (m) => (/\d/.test(m) && /[A-Z]/.test(m) ? undefined : false),
      },
      { name: 'driver license (dashed)', entity: 'US_DRIVER_LICENSE', regex: DL_DASHED, score: 0.35, prefilter: (f) => f.longestDigitGroup >= 8 && f.upperDigitJoints >= 1 },
      { name: 'driver license (digits, weak)', entity: 'US_DRIVER_LICENSE', regex: DL_DIGITS, score: 0.05, prefilter: digitRunAtLeast(7), validate: (m) => (/^(\d)\1+$/.test(m) ? false : undefined) },
    ],
    // Washington's "WDL" licences may hold a single digit.
    { prefilter: (f, t) => f.digits >= 5 || t.includes('WDL'), languages: ['en'] },
  );
}
