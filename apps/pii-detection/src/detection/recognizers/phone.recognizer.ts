import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { AnalysisContext, EntityType, Recognizer, RecognizerResult } from '../detection.types';
import { textFeatures } from '../text-features';

/**
 * Presidio's region list minus DE (German metadata accepts 4-5 digit numbers, so years and ZIP
 * codes became phones) and with the GB/FR typos fixed.
 */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = ['US', 'GB', 'FR', 'IL', 'IN', 'CA', 'BR'];

export interface PhoneRecognizerOptions {
  regions?: readonly CountryCode[];
  /** Minimum national significant digits for a number without a '+' prefix (default 7). */
  minSignificantDigits?: number;
}

// Phone-shaped run: optional +CC, optional (area), digits with single space/dot/dash/paren separators,
// optional extension. Separators never include newlines, so numbers on adjacent lines stay apart.
const CANDIDATE =
  /(?<![\w+./\\-])(?:\+[ \t]?)?(?:\(\d{1,5}\)[ \t.-]?)?\d(?:[ \t.\-()]{0,2}\d){4,17}(?:[ \t]?(?:x|ext\.?|#)[ \t]?\d{1,6})?(?![\w]|[-.]\d)/g;
interface Found {
  start: number;
  end: number;
  score: number;
  explanation: string;
}
const CACHE_SIZE = 10_000;
/** Below every threshold; phone context (+0.35, floor 0.6) lifts it. */
const BARE_DIGITS_SCORE = 0.1;
const MAYBE_SEVERAL = /\d[ \t]+\d.*\d[ \t]+\d.*\d[ \t]+\d|\d{13}/;
const EXTENSION = /[ \t]?(?:x|ext\.?|#)[ \t]?\d{1,6}$/;
const SIX_GROUPED = /^\d{2}[ .-]\d{2}[ .-]\d{2}$/;
const TWO_GROUPS = /^\d+[ \t]\d+$/;
const LOCAL_3_4 = /^\d{3}[ \t]\d{4}$/;
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;
/** A date followed by more digits: a timestamp ("2023-11-02 08:15:42"), never a phone. */
const DATE_PREFIX = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})[ \tT]/;
const IPV4_LIKE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const GUID_SEGMENT = /(?:^|-)(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{4,}(?:-|$)/i;

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function isFormatted(s: string): boolean {
  return /[ \t.\-()]/.test(s.trim());
}

/** True when the span sits inside a GUID/hash-like token (e.g. "3f2504e0-046-1297901-..."). */
function insideHexToken(text: string, start: number, end: number): boolean {
  let s = start;
  let e = end;
  while (s > 0 && /[0-9A-Za-z-]/.test(text[s - 1])) s--;
  while (e < text.length && /[0-9A-Za-z-]/.test(text[e])) e++;
  if (s === start && e === end) return false;
  return GUID_SEGMENT.test(text.slice(s, e));
}

/**
 * PHONE_NUMBER via libphonenumber-js on phone-shaped candidates, trying each configured region.
 * Scores: +international 0.85, formatted national 0.7, bare digits 0.4 (needs context), short
 * (< min significant digits) 0.2, phone-shaped but invalid in every region 0.25 (needs context),
 * 7-15 bare digits invalid in every region 0.1 (needs context: a `phone` field, "call me on").
 */
export class PhoneRecognizer implements Recognizer {
  readonly name = 'PhoneRecognizer';
  readonly supportedEntities: readonly EntityType[] = ['PHONE_NUMBER'];
  readonly supportedLanguages = ['*'];
  private readonly regions: readonly CountryCode[];
  private readonly minDigits: number;
  private readonly cache = new Map<string, Found[]>();

  constructor(options: PhoneRecognizerOptions = {}) {
    this.regions = options.regions ?? DEFAULT_PHONE_REGIONS;
    this.minDigits = options.minSignificantDigits ?? 7;
  }

  analyze(text: string, _context: AnalysisContext): RecognizerResult[] {
    const f = textFeatures(text);
    if (f.digits < 7) return [];
    const out: RecognizerResult[] = [];
    CANDIDATE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CANDIDATE.exec(text)) !== null) {
      const cand = m[0];
      const base = m.index;
      const ext = EXTENSION.exec(cand);
      const digits = countDigits(ext ? cand.slice(0, ext.index) : cand);
      // Six digits only in three groups ("61 51 81"), and then only as a weak, context-dependent match.
      const short = digits === 6 && SIX_GROUPED.test(cand);
      if ((digits < 7 && !short) || digits > 15) continue;
      if (DATE_LIKE.test(cand) || DATE_PREFIX.test(cand) || IPV4_LIKE.test(cand)) continue;
      if (insideHexToken(text, base, base + cand.length)) continue;
      const found = short ? [] : this.findIn(cand);
      if (found.length > 0) {
        for (const p of found) out.push(this.result(base + p.start, base + p.end, p.score, p.explanation));
      } else if (short) {
        out.push(this.result(base, base + cand.length, 0.15, 'short phone-shaped (needs context)'));
      } else if (!isFormatted(cand)) {
        // A bare digit run no region validates: a phone only when the field name or nearby words say so.
        out.push(this.result(base, base + cand.length, BARE_DIGITS_SCORE, 'digits (phone only with context)'));
      } else if (!TWO_GROUPS.test(cand) || LOCAL_3_4.test(cand)) {
        out.push(this.result(base, base + cand.length, 0.25, 'phone-shaped (no region validates)'));
      }
    }
    return out;
  }

  /**
   * Validates one candidate. A single-number candidate is parsed directly (about half the cost of a
   * text scan), trying the most likely region first; a candidate that may hold several numbers
   * (more than 12 digits in 3+ space-separated groups) is scanned with findPhoneNumbersInText.
   */
  private findIn(cand: string): Found[] {
    const key = cand;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const found = this.validate(cand);
    if (this.cache.size >= CACHE_SIZE) this.cache.clear();
    this.cache.set(key, found);
    return found;
  }

  private validate(cand: string): Found[] {
    const international = cand.startsWith('+');
    if (international) {
      const p = parsePhoneNumberFromString(cand);
      if (p?.isValid()) return [{ start: 0, end: cand.length, score: 0.85, explanation: 'phone (libphonenumber international)' }];
      return this.scan(cand, this.regions.slice(0, 1));
    }
    const regions = this.orderedRegions(cand);
    if (!MAYBE_SEVERAL.test(cand)) {
      for (const region of regions) {
        const p = parsePhoneNumberFromString(cand, region);
        if (p?.isValid()) return [this.found(0, cand.length, cand, p.nationalNumber.length, region)];
      }
      return [];
    }
    return this.scan(cand, regions);
  }

  private scan(cand: string, regions: readonly CountryCode[]): Found[] {
    for (const region of regions) {
      const found = findPhoneNumbersInText(cand, region);
      if (found.length === 0) continue;
      return found.map((p) => this.found(p.startsAt, p.endsAt, cand.slice(p.startsAt, p.endsAt), p.number.nationalNumber.length, region));
    }
    return [];
  }

  private found(start: number, end: number, span: string, significant: number, region: string): Found {
    const intl = span.startsWith('+');
    let score: number;
    if (intl) score = 0.85;
    else if (significant < this.minDigits) score = 0.2;
    else score = isFormatted(span) ? 0.7 : 0.4;
    return { start, end, score, explanation: `phone (libphonenumber ${intl ? 'international' : region})` };
  }

  /** Most likely region first: NANP shape → US/CA, trunk 0 → European/Israeli/Indian regions. */
  private orderedRegions(cand: string): readonly CountryCode[] {
    const d = cand.replace(/\D/g, '');
    let first: CountryCode | undefined;
    if (d.length === 10 && d[0] !== '0' && d[0] !== '1') first = 'US';
    else if (d.length === 11 && d[0] === '1') first = 'US';
    else if (d[0] === '0' && d.length === 11) first = 'GB';
    else if (d[0] === '0' && d.length === 10) first = 'FR';
    if (!first || !this.regions.includes(first) || this.regions[0] === first) return this.regions;
    return [first, ...this.regions.filter((r) => r !== first)];
  }

  private result(start: number, end: number, score: number, explanation: string): RecognizerResult {
    return { entityType: 'PHONE_NUMBER', start, end, score, recognizer: this.name, validated: false, explanation };
  }
}

export function createPhoneRecognizer(options?: PhoneRecognizerOptions): PhoneRecognizer {
  return new PhoneRecognizer(options);
}
