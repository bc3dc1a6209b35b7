import { fieldNameWords } from '../context';
import type { AnalysisContext } from '../detection.types';
import { isValidDate } from '../validators/dates';
import { PatternRecognizer } from './pattern-recognizer';

const MONTHS =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)';
const DAY = '(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?';
const YEAR = '(?:1[6-9]\\d\\d|2[0-2]\\d\\d)';

const ISO = /(?<![\w.:/-])\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?(?![\w:]|[-/.]\d)/g;
// Not after '@' either: "pkg@1.12.2023" is a package version.
const NUMERIC = /(?<![\w.:/@-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w:/]|[-.]\d)/g;
const YMD = /(?<![\w.:/-])(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?![\w:/]|[-.]\d)/g;
const WRITTEN = new RegExp(
  `(?<![\\w])(?:${DAY}\\s+(?:of\\s+)?${MONTHS}\\.?(?:,?\\s+${YEAR})?|${MONTHS}\\.?\\s+${DAY}(?:,?\\s+${YEAR})?|${MONTHS}\\.?,?\\s+${YEAR})(?![\\w])`,
  'gi',
);
const TIME = /(?<![\w:.])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?[AaPp]\.?[Mm]\.?(?![\w]))?(?![\w:]|\.\d)/g;
const TIME_AMPM = /(?<![\w:.])(?:1[0-2]|0?[1-9])\s?(?:[ap]\.m\.|[ap]m)(?![\w])/gi;
const WEEKDAY = /(?<![\w])(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![\w])/gi;
const MONTH_YEAR_NUMERIC = /(?<![\w.:/-])(?:0[1-9]|1[0-2])\/(?:\d{4}|\d{2})(?![\w/]|[.-]\d)/g;
const YEAR_ONLY = new RegExp(`(?<![\\w.:/-])${YEAR}(?![\\w]|[.:/-]\\d)`, 'g');

/** Birth context right before a year or a machine timestamp ("born in 1999", "DOB: 2001-…T00:00:00Z"). */
const BIRTH_BEFORE = /\b(?:born|birth|birthday|dob|d\.o\.b\.?|b\.)\W{0,3}(?:\w+\W{1,3}){0,2}$/i;
/** Machine-written timestamp: 'T' separator, fractional seconds, 'Z' or a UTC offset. */
const MACHINE_TIMESTAMP = /T|[.,]\d|Z$|[+-]\d\d:?\d\d$/;
const BIRTH_WINDOW = 30;
const UTC_OFFSET_BEFORE = /\d\d:\d\d:\d\d(?:[.,]\d{1,9})?[+-]$/;

const BIRTH_FIELD_WORDS = new Set(['birth', 'born', 'dob', 'birthday', 'birthyear', 'yob']);

function birthContextBefore(text: string, start: number): boolean {
  return BIRTH_BEFORE.test(text.slice(Math.max(0, start - BIRTH_WINDOW), start));
}

function birthContext(text: string, start: number, context: AnalysisContext): boolean {
  return birthContextBefore(text, start) || fieldNameWords(context.fieldName).some((word) => BIRTH_FIELD_WORDS.has(word));
}

const HAS_MONTH = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
const HAS_AMPM = /\d[ \t]?[ap]\.?m/i;
const HAS_DAY = /day/i;

/** Day/month order is ambiguous: valid as m/d or d/m. */
function numericDateScore(a: number, b: number, yearText: string): number | false {
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  if (!isValidDate(year, a, b) && !isValidDate(year, b, a)) return false;
  if (yearText.length === 4) return year >= 1600 && year <= 2299 ? 0.75 : false;
  return 0.5;
}

/**
 * DATE_TIME: ISO dates/datetimes, numeric dates (m/d/y, d/m/y, d.m.y, y/m/d) validated as real
 * calendar dates, written-month dates, clock times and weekday names. Month/year fragments get a
 * low score that only context ("dob", "date") lifts. A year alone, and a machine timestamp
 * (`2024-01-15T10:30:00Z`), count only after birth words ("born in 1999") or in a birth field
 * (`birth_year`, `dob`).
 */
export function createDateTimeRecognizer(): PatternRecognizer {
  return new PatternRecognizer(
    'DateTimeRecognizer',
    [
      {
        name: 'iso date/datetime',
        entity: 'DATE_TIME',
        regex: ISO,
        score: 0.85,
        prefilter: (f) => f.digits >= 8 && f.digitDashDigit >= 2,
        validate: (m, text, start, context) => {
          if (!isValidDate(Number(m.slice(0, 4)), Number(m.slice(5, 7)), Number(m.slice(8, 10)))) return false;
          // System timestamps (logs, audit trails) are not about a person, unless a birth is meant.
          if (m.length > 10 && MACHINE_TIMESTAMP.test(m.slice(10))) return birthContext(text, start, context) ? undefined : false;
          return undefined;
        },
      },
      {
        name: 'numeric date',
        entity: 'DATE_TIME',
        regex: NUMERIC,
        score: 0.6,
        prefilter: (f) => f.digits >= 4 && (f.digitDashDigit >= 2 || f.digitDotDigit >= 2 || f.digitSlashDigit >= 2),
        validate: (m) => {
          const parts = m.split(/[/.-]/);
          const s = numericDateScore(Number(parts[0]), Number(parts[1]), parts[2]);
          if (s === false) return false;
          // "1.2.23" looks like a version number; dotted dates need a 4-digit year.
          if (m.includes('.') && parts[2].length === 2) return 0.3;
          return s;
        },
      },
      {
        name: 'y/m/d date',
        entity: 'DATE_TIME',
        regex: YMD,
        score: 0.7,
        prefilter: (f) => f.digits >= 6 && (f.digitDotDigit >= 2 || f.digitSlashDigit >= 2),
        validate: (m) => {
          const p = m.split(/[/.]/);
          return isValidDate(Number(p[0]), Number(p[1]), Number(p[2])) ? undefined : false;
        },
      },
      {
        name: 'written date',
        entity: 'DATE_TIME',
        regex: WRITTEN,
        score: 0.65,
        prefilter: (f, t) => f.digits >= 1 && HAS_MONTH.test(t),
        validate: (m) => {
          // "May 5" / "march 3": capitalised month or a year present; bare lower-case modal "may" is weak.
          const hasYear = /\d{4}/.test(m);
          if (/^(?:may|march)\b/.test(m) && !hasYear) return 0.35;
          return hasYear ? 0.8 : undefined;
        },
      },
      {
        name: 'time',
        entity: 'DATE_TIME',
        regex: TIME,
        score: 0.6,
        prefilter: (f) => f.hasColon,
        // The UTC offset of a timestamp ("…10:30:00+01:00") is not a time of day.
        validate: (_m, text, start) => (UTC_OFFSET_BEFORE.test(text.slice(Math.max(0, start - 20), start)) ? false : undefined),
      },
      { name: 'time (am/pm)', entity: 'DATE_TIME', regex: TIME_AMPM, score: 0.6, prefilter: (f, t) => f.digits >= 1 && HAS_AMPM.test(t) },
      { name: 'weekday', entity: 'DATE_TIME', regex: WEEKDAY, score: 0.6, prefilter: (f, t) => f.letters >= 6 && HAS_DAY.test(t) },
      { name: 'month/year', entity: 'DATE_TIME', regex: MONTH_YEAR_NUMERIC, score: 0.3, prefilter: (f) => f.digits >= 3 && f.digitSlashDigit >= 1 },
      {
        // A bare year ("in 2024", "since 1999") is not personal; a birth year is.
        name: 'birth year',
        entity: 'DATE_TIME',
        regex: YEAR_ONLY,
        score: 0.1,
        prefilter: (f) => f.fourDigitRuns > 0,
        validate: (_m, text, start, context) => (birthContext(text, start, context) ? 0.6 : false),
      },
    ],
    { prefilter: (f) => f.digits > 0 || f.letters >= 6 },
  );
}
