import type { RecognizerResult } from './detection.types';

/**
 * Identifier tokens: runs of letters/digits joined by single `-`, `_`, `.` or `/` (a UUID, a hex
 * hash, `ORD-2024-AB12CD`, `v2.10.4`, a base64 id) that mix letters and digits, or long mixed-case
 * runs. Rewriting part of one breaks every join on it, so a detected span never starts or ends
 * strictly inside one: such a span is dropped, unless
 * - it is a validated entity starting/ending at one of the token's joiners (`iban_DE89…`), or
 * - it spans several words and only clips a short token at its edge (a house number `77a`): it
 *   then grows to cover the token whole.
 */

// '_' always joins; '-', '.' and '/' do not join a last part that is a plain word ("555-0199-Office",
// "42.The", "06-1044-fax"): that is text glued to a number, not an identifier.
const TOKEN = /[\p{L}\p{N}\p{M}]+(?:(?:_|[-./](?!\p{Lu}?\p{Ll}{2,}(?![\p{L}\p{N}\p{M}]|[-_./][\p{L}\p{N}\p{M}])))[\p{L}\p{N}\p{M}]+)*/gu;
const HAS_DIGIT = /\p{N}/u;
const HAS_LETTER = /\p{L}/u;
/** Lower-case letter followed by an upper-case one (camelCase joints, typical of base64). */
const CASE_JOINT = /\p{Ll}\p{Lu}/gu;
const MIN_BASE64_LENGTH = 16;
/** Longest token a multi-word span may grow into (house numbers, flat numbers). */
const MAX_GROWN_TOKEN = 8;
const JOINERS = '-_./';
const WHITESPACE = /\s/;

function isIdentifier(token: string): boolean {
  if (HAS_DIGIT.test(token) && HAS_LETTER.test(token)) return true;
  if (token.length < MIN_BASE64_LENGTH) return false;
  return (token.match(CASE_JOINT)?.length ?? 0) >= 2;
}

function isTokenChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  // ASCII letters and digits by their codes (no regex run per character), the rest of Unicode by class.
  if (code <= 127) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return /[\p{L}\p{N}\p{M}]/u.test(c);
}

/** True when text[i] may join two parts of a token (TOKEN decides; this is only a quick filter). */
function isJoiner(text: string, i: number): boolean {
  return JOINERS.includes(text[i] ?? ' ');
}

/** The identifier tokens of one text, found with one linear pass the first time they are needed. */
export class IdentifierTokens {
  private starts: number[] | undefined;
  private ends: number[] | undefined;

  constructor(private readonly text: string) {}

  /** Index of the identifier token that `position` is strictly inside, or -1. */
  containing(position: number): number {
    const text = this.text;
    if (position <= 0 || position >= text.length) return -1;
    // Cheap exit for the usual boundary (next to a space or punctuation).
    if (!this.joined(position)) return -1;
    this.index();
    const starts = this.starts!;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < position) lo = mid + 1;
      else hi = mid;
    }
    const candidate = lo - 1;
    return candidate >= 0 && position < this.ends![candidate] ? candidate : -1;
  }

  /** True when the characters around `position` could belong to one token ("a|b", "a-|b", "a|-b"). */
  private joined(position: number): boolean {
    const text = this.text;
    const before = text[position - 1];
    const after = text[position];
    if (isTokenChar(before)) {
      if (isTokenChar(after)) return true;
      return isJoiner(text, position) && isTokenChar(text[position + 1]);
    }
    return isJoiner(text, position - 1) && isTokenChar(text[position - 2]) && isTokenChar(after);
  }

  start(token: number): number {
    return this.starts![token];
  }

  end(token: number): number {
    return this.ends![token];
  }

  private index(): void {
    if (this.starts) return;
    const starts: number[] = [];
    const ends: number[] = [];
    TOKEN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = TOKEN.exec(this.text)) !== null) {
      if (!isIdentifier(m[0])) continue;
      starts.push(m.index);
      ends.push(m.index + m[0].length);
    }
    this.starts = starts;
    this.ends = ends;
  }
}

/**
 * Drops (or grows, see above) every result that would rewrite part of an identifier token.
 * Linear: one pass over the results, the text is indexed at most once.
 */
export function guardIdentifierTokens(text: string, results: RecognizerResult[]): RecognizerResult[] {
  const tokens = new IdentifierTokens(text);
  let kept = 0;
  for (let i = 0; i < results.length; i++) {
    const guarded = guard(text, tokens, results[i]);
    if (guarded) results[kept++] = guarded;
  }
  results.length = kept;
  return results;
}

function guard(text: string, tokens: IdentifierTokens, r: RecognizerResult): RecognizerResult | undefined {
  const startToken = tokens.containing(r.start);
  const endToken = tokens.containing(r.end);
  if (startToken < 0 && endToken < 0) return r;
  let start = r.start;
  let end = r.end;
  if (startToken >= 0 && !(r.validated && JOINERS.includes(text[r.start - 1]))) {
    // Grow only when the span reaches past the token (it clips the token's head, not its middle).
    if (r.end > tokens.end(startToken) && canGrow(text, tokens, startToken, r)) start = tokens.start(startToken);
    else return undefined;
  }
  if (endToken >= 0 && !(r.validated && JOINERS.includes(text[r.end]))) {
    if (r.start < tokens.start(endToken) && canGrow(text, tokens, endToken, r)) end = tokens.end(endToken);
    else return undefined;
  }
  return start === r.start && end === r.end ? r : { ...r, start, end, explanation: `${r.explanation ?? r.recognizer}; grown to a whole token` };
}

/** Only a span of several words may swallow a short token it clips at its edge. */
function canGrow(text: string, tokens: IdentifierTokens, token: number, r: RecognizerResult): boolean {
  if (tokens.end(token) - tokens.start(token) > MAX_GROWN_TOKEN) return false;
  return WHITESPACE.test(text.slice(r.start, r.end));
}
