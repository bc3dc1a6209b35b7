export const INFERRED_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'object', 'array', 'null'] as const;
export type InferredType = (typeof INFERRED_TYPES)[number];

/** Numbers this large are more often identifiers (card, phone, account numbers) than measures. */
export const IDENTIFIER_LIKE_MAGNITUDE = 1_000_000;
const SHAPE_MAX_CHARACTERS = 32;
const PATTERN_MAX_CHARACTERS = 32;

const INTEGER = /^-?(0|[1-9]\d{0,14})$/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const BOOLEAN = /^(true|false)$/i;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATETIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
/** Short upper-case codes (country, state, currency, flags): the only strings kept as raw top values. */
const CODE = /^[A-Z]{1,3}$/;

/** A field's value as the profiler sees it: its type, and (for text) what it was read from. */
export interface ObservedValue {
  type: InferredType;
  /** The value as a number, for integers and numbers (native or written as text). */
  number?: number;
  /** The text the value was written as (strings, and numbers/booleans/dates written as text). */
  text?: string;
}

/**
 * Infers a value's type. JSON types are taken as they are; strings (CSV cells are all strings) are
 * read for what they hold: integers without leading zeros (a leading zero makes a code, e.g. a zip
 * code), decimal numbers, true/false, ISO dates and datetimes.
 */
export function observeValue(value: unknown): ObservedValue {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'boolean') return { type: 'boolean', text: String(value) };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number', number: value };
  if (Array.isArray(value)) return { type: 'array' };
  if (typeof value === 'object') return { type: 'object' };
  const text = String(value);
  if (INTEGER.test(text)) return { type: 'integer', number: Number(text), text };
  if (NUMBER.test(text)) return { type: 'number', number: Number(text), text };
  if (BOOLEAN.test(text)) return { type: 'boolean', text: text.toLowerCase() };
  if (DATE.test(text) && !Number.isNaN(Date.parse(text))) return { type: 'date', text };
  if (DATETIME.test(text) && !Number.isNaN(Date.parse(text.replace(' ', 'T')))) return { type: 'datetime', text };
  return { type: 'string', text };
}

export function isIdentifierLikeNumber(value: number): boolean {
  return !Number.isFinite(value) || Math.abs(value) >= IDENTIFIER_LIKE_MAGNITUDE;
}

/**
 * The shape of a text: upper-case letters become A, other letters a, digits 9, white space a space;
 * punctuation stays. "Marie.H@x.com" → "Aaaaa.A@a.aaa". Shapes show formats without the values.
 */
export function shapeOf(text: string): string {
  let shape = '';
  let characters = 0;
  for (const character of text) {
    if (characters === SHAPE_MAX_CHARACTERS) return `${shape}…`;
    shape += shapeOfCharacter(character);
    characters++;
  }
  return shape;
}

/**
 * A text's pattern: its shape with case dropped and runs collapsed (letters a, digits 9, white space
 * one space, punctuation kept, at most 32 characters): "MarieHamanova@armyspy.com" → "a@a.a",
 * "+45 84 23 30" → "+9 9 9 9", "3/29/1982" → "9/9/9". A field has far fewer patterns than shapes, so
 * its patterns fit a small sketch; like shapes, they name formats and never values.
 */
export function patternOf(text: string): string {
  let pattern = '';
  let previous = '';
  for (const character of text) {
    let kind = shapeOfCharacter(character);
    if (kind === 'A') kind = 'a';
    if (kind === previous && (kind === 'a' || kind === '9' || kind === ' ')) continue;
    if (pattern.length === PATTERN_MAX_CHARACTERS) return `${pattern}…`;
    pattern += kind;
    previous = kind;
  }
  return pattern;
}

function shapeOfCharacter(character: string): string {
  const code = character.charCodeAt(0);
  // ASCII first: most text is, and the Unicode property tests cost more.
  if (code >= 65 && code <= 90) return 'A';
  if (code >= 97 && code <= 122) return 'a';
  if (code >= 48 && code <= 57) return '9';
  if (code < 128) return code === 32 || (code >= 9 && code <= 13) ? ' ' : character;
  if (/\p{Lu}/u.test(character)) return 'A';
  if (/\p{L}/u.test(character)) return 'a';
  if (/\p{N}/u.test(character)) return '9';
  return /\s/u.test(character) ? ' ' : character;
}

/**
 * What a value adds to the field's top values, never a raw personal value: booleans, numbers under
 * IDENTIFIER_LIKE_MAGNITUDE and short upper-case codes as they are (`value:`), objects and arrays as
 * their kind, everything else (names, e-mails, dates, identifiers) as its shape (`shape:`).
 */
export function topValueKeyOf(observed: ObservedValue): string | null {
  switch (observed.type) {
    case 'null':
      return null;
    case 'object':
    case 'array':
      return `kind:${observed.type}`;
    case 'boolean':
      return `value:${observed.text}`;
    case 'integer':
    case 'number':
      if (!isIdentifierLikeNumber(observed.number!)) return `value:${observed.number}`;
      return `shape:${shapeOf(observed.text ?? String(observed.number))}`;
    default:
      return CODE.test(observed.text!) ? `value:${observed.text}` : `shape:${shapeOf(observed.text!)}`;
  }
}

/** The text the distinct count hashes: the string itself, or the value's JSON. */
export function distinctKeyOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
