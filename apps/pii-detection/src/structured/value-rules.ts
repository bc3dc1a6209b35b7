import { fieldNameWords } from '../detection/context';
import { RecognizerResult } from '../detection/detection.types';
import { IdentifierTokens } from '../detection/identifier-tokens';

/**
 * Value-level evidence that does not need the analyzer: identifier shapes, version numbers, bare
 * years, numbers too short to be any recognised entity. Shared by the field classifier (column
 * level) and the record protector (each value), so both read a value the same way.
 */

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A hash or key in hexadecimal: long, with at least one letter (an all-digit run may be a card number).
const HEX_HASH = /^(?=[0-9]*[a-f])[0-9a-f]{16,128}$/i;
// A dotted version: 1.2, 1.2.3, v2.10.1-rc.1, 4.0.0+build.7.
const VERSION = /^v?\d{1,5}(?:\.\d{1,5}){1,3}(?:[-+][0-9A-Za-z.-]{1,40})?$/;
const BARE_YEAR = /^(?:1[89]|2[01])\d{2}$/;
// An id-shaped value: UUID, hex, or an alphanumeric code (segments joined by - _ . : / #) with a digit.
const ID_SHAPED = /^(?=.*\d)[A-Za-z0-9]{1,64}(?:[-_.:/#][A-Za-z0-9]{1,64}){0,8}$/;

/** Values that are identifiers by their shape alone: a UUID or a hexadecimal hash. */
export function isOpaqueIdentifier(text: string): boolean {
  return text.length >= 16 && text.length <= 128 && (UUID.test(text) || HEX_HASH.test(text));
}

export function isIdShaped(text: string): boolean {
  return text.length <= 128 && (isOpaqueIdentifier(text) || ID_SHAPED.test(text));
}

export function isVersion(text: string): boolean {
  return text.length <= 64 && VERSION.test(text);
}

/**
 * A JSON number that no recognizer can be: a fraction (amounts, measures) or an integer of at most
 * six digits (counts, ids, years). Phone numbers, national ids, cards and accounts all have more.
 */
export function isNumberOfNoEntity(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && (!Number.isInteger(value) || Math.abs(value) < 1_000_000);
}

const has = (words: readonly string[], ...wanted: string[]): boolean => wanted.some((word) => words.includes(word));

/** `version`, `build`, `app_version`, `release`: values are software versions, not dates or addresses. */
export function isVersionName(fieldName: string): boolean {
  return has(fieldNameWords(fieldName), 'version', 'build', 'release', 'revision', 'semver', 'ver');
}

// Qualifiers of an id that is personal data itself (a national or tax id), not a surrogate key.
const PERSONAL_ID_WORDS = ['national', 'tax', 'passport', 'license', 'licence', 'driver', 'drivers', 'voter', 'citizen', 'social', 'insurance', 'nhs', 'fiscal', 'identity', 'card', 'bank', 'account', 'iban', 'ssn', 'vat', 'pesel', 'nif', 'nie', 'bsn', 'cpr', 'ppsn'];
const IDENTIFIER_WORDS = ['id', 'ids', 'uuid', 'guid', 'key', 'hash', 'checksum', 'digest', 'sha', 'sha1', 'sha256', 'md5', 'ref', 'reference', 'sku', 'code', 'uid', 'oid'];

/** `tax_id`, `passport_no`, `national_key`: an identifier that is personal data itself. */
export function isPersonalIdName(fieldName: string): boolean {
  return has(fieldNameWords(fieldName), ...PERSONAL_ID_WORDS);
}

/** `id`, `order_id`, `requestKey`, `sha256`, `sku`: names of surrogate keys and codes (never `tax_id`). */
export function isIdentifierName(fieldName: string): boolean {
  const words = fieldNameWords(fieldName);
  if (words.length === 0 || isPersonalIdName(fieldName)) return false;
  // `sha256`, `key2`: a trailing number does not change what the name is.
  const last = words.findLast((word) => !/^\d+$/.test(word)) ?? '';
  return IDENTIFIER_WORDS.includes(last) || (words.length > 1 && has(words, 'order', 'invoice', 'transaction', 'request', 'trace', 'session', 'tracking') && has(words, 'number', 'no', 'nr'));
}

export interface FieldRead {
  /** The name announces system times (created_at, updated, ts): dates there are not personal. */
  systemTime: boolean;
  /** The name announces personal dates (birth, death, hire): dates there stay personal. */
  personalDate: boolean;
  version: boolean;
  /** The name announces phone numbers: bare digits of a phone's length are one. */
  phone: boolean;
}

/**
 * Drops findings that column-level evidence contradicts: dates in system-time fields, anything in
 * a version-shaped value of a version field, a bare year outside a personal-date field. Returns
 * the input array itself when nothing is dropped.
 */
export function dropContradicted(read: FieldRead, text: string, results: RecognizerResult[]): RecognizerResult[] {
  if (results.length === 0) return results;
  if (read.version && isVersion(text.trim())) return [];
  const bareYear = !read.personalDate && BARE_YEAR.test(text.trim());
  if (!read.systemTime && !bareYear) return results;
  const kept = results.filter((result) => result.entityType !== 'DATE_TIME');
  return kept.length === results.length ? results : kept;
}

/** Bare digits of a phone number's length in a phone-named field, when the analyzer found nothing. */
export function phoneByFieldName(read: FieldRead, text: string, results: readonly RecognizerResult[]): RecognizerResult | undefined {
  if (!read.phone || results.length > 0) return undefined;
  const value = text.trim();
  const digits = value.replace(/[\s().\-/+]/g, '');
  if (!/^\d{7,15}$/.test(digits) || !/^\+?[\d\s().\-/]+$/.test(value)) return undefined;
  const start = text.indexOf(value);
  return { entityType: 'PHONE_NUMBER', start, end: start + value.length, score: 0.6, recognizer: 'field-name', validated: false };
}

/**
 * Drops unvalidated spans that lie within an identifier token, the token itself included
 * (`…-d4e5f6a7-…`, `X9ADA3`), with the analyzer's notion of a token. The text is indexed once.
 */
export function dropInsideIdentifierTokens(text: string, results: RecognizerResult[]): RecognizerResult[] {
  if (results.length === 0) return results;
  const tokens = new IdentifierTokens(text);
  return results.filter((result) => result.validated || !withinToken(tokens, result));
}

/** Whether a span lies within one identifier token: a token holds at least two characters, so one of the span's first two positions is strictly inside it. */
function withinToken(tokens: IdentifierTokens, result: RecognizerResult): boolean {
  let token = tokens.containing(result.start);
  if (token < 0) token = tokens.containing(result.start + 1);
  return token >= 0 && tokens.start(token) <= result.start && result.end <= tokens.end(token);
}
