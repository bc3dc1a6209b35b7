/**
 * Dates, timestamps and times in ODCS are strings described by a JDK DateTimeFormatter pattern
 * (`yyyy-MM-dd HH:mm:ss`). Atlas supports the pattern letters real contracts use (y u M d H m s S,
 * zone letters X x Z, quoted literals); a pattern with any other letter cannot be enforced and is
 * reported as not evaluated. Parsing yields an instant (ms since the epoch, UTC when the value
 * carries no zone) so bounds compare as time, not as text.
 */

export type TemporalType = 'date' | 'timestamp' | 'time';

export interface TemporalParser {
  /** Milliseconds since the epoch (times: since midnight), or undefined when the text does not match. */
  parse(text: string): number | undefined;
  /** Whether the pattern carries a zone offset. */
  readonly hasZone: boolean;
}

const OFFSET = '(?<offset>Z|[+-]\\d{2}(?::?\\d{2})?)';
const TOKENS: Record<string, string> = {
  yyyy: '(?<year>\\d{4})',
  uuuu: '(?<year>\\d{4})',
  MM: '(?<month>\\d{2})',
  M: '(?<month>\\d{1,2})',
  dd: '(?<day>\\d{2})',
  d: '(?<day>\\d{1,2})',
  HH: '(?<hour>\\d{2})',
  H: '(?<hour>\\d{1,2})',
  mm: '(?<minute>\\d{2})',
  ss: '(?<second>\\d{2})',
};

/** Defaults when a contract gives no format: ISO 8601 (a space or `T` between date and time). */
const DEFAULT_PATTERNS: Record<TemporalType, string> = {
  date: '^(?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2})$',
  timestamp: `^(?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2})[T ](?<hour>\\d{2}):(?<minute>\\d{2})(?::(?<second>\\d{2})(?:\\.(?<fraction>\\d{1,9}))?)?${OFFSET}?$`,
  time: `^(?<hour>\\d{2}):(?<minute>\\d{2})(?::(?<second>\\d{2})(?:\\.(?<fraction>\\d{1,9}))?)?${OFFSET}?$`,
};

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The regular expression of a JDK pattern, or the first unsupported letter. */
export function patternToRegExp(pattern: string): { source: string } | { unsupported: string } {
  let source = '^';
  let index = 0;
  let zone = false;
  while (index < pattern.length) {
    const character = pattern[index];
    if (character === "'") {
      const end = pattern.indexOf("'", index + 1);
      if (end < 0) return { unsupported: "'" };
      source += end === index + 1 ? "'" : escapeLiteral(pattern.slice(index + 1, end));
      index = end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(character)) {
      source += escapeLiteral(character);
      index += 1;
      continue;
    }
    let run = 1;
    while (pattern[index + run] === character) run += 1;
    const letters = pattern.slice(index, index + run);
    if (character === 'S') source += `(?<fraction>\\d{${run}})`;
    else if (character === 'X' || character === 'x' || character === 'Z') {
      if (zone) return { unsupported: character };
      source += OFFSET;
      zone = true;
    } else if (TOKENS[letters]) source += TOKENS[letters];
    else return { unsupported: letters };
    index += run;
  }
  return { source: `${source}$` };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function offsetMinutes(offset: string | undefined): number {
  if (!offset || offset === 'Z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  return offset[0] === '-' ? -minutes : minutes;
}

const FIELDS = ['year', 'month', 'day', 'hour', 'minute', 'second', 'fraction', 'offset'] as const;
type Field = (typeof FIELDS)[number];

function instantOf(read: (field: Field) => string | undefined, type: TemporalType): number | undefined {
  const year = Number(read('year') ?? 1970);
  const month = Number(read('month') ?? 1);
  const day = Number(read('day') ?? 1);
  const hour = Number(read('hour') ?? 0);
  const minute = Number(read('minute') ?? 0);
  const second = Number(read('second') ?? 0);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1] || (month === 2 && day === 29 && !leap)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = read('fraction');
  const milliseconds = fraction ? Number(`0.${fraction}`) * 1000 : 0;
  const base = type === 'time' ? ((hour * 60 + minute) * 60 + second) * 1000 : Date.UTC(year, month - 1, day, hour, minute, second);
  return base + milliseconds - offsetMinutes(read('offset')) * 60_000;
}

/**
 * Named groups would allocate a `groups` object per match; the names are turned into positions
 * once instead (every capturing group of these expressions is named). The last value read is
 * remembered: the logical type check and a bound check of one field read the same text in turn.
 */
function parserOf(source: string, type: TemporalType): TemporalParser {
  const names = [...source.matchAll(/\(\?<([a-z]+)>/g)].map((match) => match[1]);
  const position = new Map<string, number>(FIELDS.map((field) => [field, names.indexOf(field) + 1]));
  const expression = new RegExp(source.replace(/\(\?<[a-z]+>/g, '('));
  let lastText: string | undefined;
  let lastInstant: number | undefined;
  return {
    hasZone: names.includes('offset'),
    parse(text: string): number | undefined {
      if (text === lastText) return lastInstant;
      const match = expression.exec(text);
      const instant = match ? instantOf((field) => (position.get(field)! > 0 ? match[position.get(field)!] : undefined), type) : undefined;
      lastText = text;
      lastInstant = instant;
      return instant;
    },
  };
}

/** Parsers by type and pattern, shared by the checks of every contract; bounded, as contracts come from the API. */
const PARSERS = new Map<string, TemporalParser>();
const MAX_PARSERS = 1000;

/** A parser for the type and optional JDK pattern, or the reason it cannot be built. */
export function temporalParser(type: TemporalType, pattern?: string): TemporalParser | { unsupported: string } {
  const source = pattern === undefined ? DEFAULT_PATTERNS[type] : patternToRegExp(pattern);
  if (typeof source !== 'string' && 'unsupported' in source) return { unsupported: `format "${pattern}" uses "${source.unsupported}", which Atlas does not support` };
  const key = `${type} ${typeof source === 'string' ? source : source.source}`;
  let parser = PARSERS.get(key);
  if (!parser) {
    parser = parserOf(typeof source === 'string' ? source : source.source, type);
    if (PARSERS.size >= MAX_PARSERS) PARSERS.clear();
    PARSERS.set(key, parser);
  }
  return parser;
}

/**
 * Bounds are written by people, often in another shape than the values (`2020-01-01 00:00:00+10:00`
 * for a `...ssZ` pattern), so they are read with the pattern first, then as ISO 8601.
 */
export function parseTemporalBound(type: TemporalType, parser: TemporalParser, text: string): number | undefined {
  return parser.parse(text) ?? (temporalParser(type) as TemporalParser).parse(text);
}
