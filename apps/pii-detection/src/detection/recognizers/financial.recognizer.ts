import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { AnalysisContext, Recognizer, RecognizerResult } from '../detection.types';
import { textFeatures } from '../text-features';
import { digitsOnly, luhnValid } from '../validators/luhn';
import { digitGroupAtLeast, digitRunAtLeast, PatternRecognizer } from './pattern-recognizer';

// 12-19 digits, optionally grouped by one or two spaces, a dash or a dot; not part of a longer number
// (nor a decimal: no "1." before it).
const CARD = /(?<![\w-])(?<!\d\.)\d(?:(?: {1,2}|[.-])?\d){11,18}(?![\w]|(?: {1,2}|[.-])\d)/g;
const SEPARATOR_RUNS = /[ .-]+/g;

/** Issuer (IIN) ranges and lengths of the major schemes. */
export function isPlausibleCardNumber(d: string): boolean {
  const len = d.length;
  if (len < 12 || len > 19 || /^(\d)\1+$/.test(d)) return false;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  const p6 = Number(d.slice(0, 6));
  if (d[0] === '4') return len === 13 || len === 16 || len === 19; // Visa
  if (p2 >= 51 && p2 <= 55) return len === 16; // Mastercard
  if (p4 >= 2221 && p4 <= 2720) return len === 16; // Mastercard 2-series
  if (p2 === 34 || p2 === 37) return len === 15; // Amex
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) return len >= 16 && len <= 19; // Discover
  if (p4 >= 3528 && p4 <= 3589) return len >= 16 && len <= 19; // JCB
  if (p4 === 2131 || p4 === 1800) return len === 15; // JCB legacy
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39 || p3 === 309) return len >= 14 && len <= 19; // Diners
  if (p2 === 62 || p2 === 81) return len >= 16 && len <= 19; // UnionPay
  if (p2 === 50 || (p2 >= 56 && p2 <= 69) || p4 === 6304) return len >= 12 && len <= 19; // Maestro
  if (p4 >= 2200 && p4 <= 2204) return len >= 16 && len <= 19; // Mir
  return false;
}

/**
 * One kind of separator throughout. Single spaces and dashes may group freely (as printed on
 * cards and receipts); dots and double spaces, rarer and shared with other numbers, only in
 * groups of 3-6 digits ("4111.1111.1111.1111", "3782  822463  10005").
 */
function cardGrouping(m: string): boolean {
  const kinds = new Set(m.match(SEPARATOR_RUNS) ?? []);
  if (kinds.size > 1) return false;
  const separator = [...kinds][0];
  if (separator === undefined || separator === ' ' || separator === '-') return true;
  return m.split(separator).every((group) => group.length >= 3 && group.length <= 6);
}

export function createCreditCardRecognizer(): PatternRecognizer {
  return new PatternRecognizer(
    'CreditCardRecognizer',
    [
      {
        name: 'credit card (Luhn)',
        entity: 'CREDIT_CARD',
        regex: CARD,
        score: 0.3,
        validate: (m) => {
          if (!cardGrouping(m)) return false;
          const d = digitsOnly(m);
          return isPlausibleCardNumber(d) && luhnValid(d);
        },
      },
    ],
    { prefilter: digitGroupAtLeast(12) },
  );
}

// Country code + check digits + 4-char groups (optionally separated by a space or a dash) + a short
// last group. 15-34 characters cover every country in ibantools' registry (NO 15 … RU 33, LC 32).
const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,4})?(?![A-Za-z0-9])/g;

/**
 * IBAN (ISO 13616): mod-97 plus per-country BBAN structure via ibantools. When the full candidate
 * fails, trailing groups are dropped one at a time (text after an IBAN often starts with a word).
 */
export class IbanRecognizer implements Recognizer {
  readonly name = 'IbanRecognizer';
  readonly supportedEntities = ['IBAN_CODE'] as const;
  readonly supportedLanguages = ['*'];

  analyze(text: string, _context: AnalysisContext): RecognizerResult[] {
    const f = textFeatures(text);
    // Every IBAN opens with a country code and two check digits ("DE89"); the BBAN may be mostly letters (AZ, QA, KW).
    if (f.twoLettersTwoDigits === 0) return [];
    const out: RecognizerResult[] = [];
    IBAN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = IBAN.exec(text)) !== null) {
      let candidate = m[0];
      while (candidate.length >= 15) {
        const electronic = electronicFormatIBAN(candidate.toUpperCase());
        if (electronic && isValidIBAN(electronic)) {
          out.push({
            entityType: 'IBAN_CODE',
            start: m.index,
            end: m.index + candidate.length,
            score: 1,
            recognizer: this.name,
            validated: true,
            explanation: 'iban (mod-97 + BBAN format)',
          });
          break;
        }
        const cut = Math.max(candidate.lastIndexOf(' '), candidate.lastIndexOf('-'));
        if (cut <= 0) break;
        candidate = candidate.slice(0, cut);
      }
    }
    return out;
  }
}

export function createIbanRecognizer(): IbanRecognizer {
  return new IbanRecognizer();
}

const BANK = /(?<![\w-])\d{8,17}(?![\w-])/g;

/** US bank account number: 8-17 digits, very low base score; needs context ("account", "bank"...). */
export function createUsBankNumberRecognizer(): PatternRecognizer {
  return new PatternRecognizer(
    'UsBankNumberRecognizer',
    [{ name: 'bank account (weak)', entity: 'US_BANK_NUMBER', regex: BANK, score: 0.05, validate: (m) => (/^(\d)\1+$/.test(m) ? false : undefined) }],
    { prefilter: digitRunAtLeast(8), languages: ['en'] },
  );
}
