import { TITLES } from './word-lists';

/** Letter case of a token: Title-case, UPPER, a single capital (initial), lower, or other (no case). */
export type Shape = 'title' | 'upper' | 'initial' | 'lower' | 'other';

/** One word of the text, with what the rules need to know about it. */
export interface Tok {
  start: number;
  end: number;
  text: string;
  lower: string;
  shape: Shape;
  /** Characters between the previous token and this one. */
  gap: string;
  /** First token of a sentence/line. */
  sentenceStart: boolean;
  /** Written with a possessive 's (ends a name chain). */
  possessive: boolean;
  /** Lexicon flags of `lower` (F_* bits), looked up once per token by the names engine; -1 until then. */
  flags: number;
}

/** Words: letters (with marks), inner apostrophes and hyphens ("O'Neil", "Jean-Luc"). */
const TOKEN_RE = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*(?:-[\p{L}\p{M}]+)*/gu;

/** Letter case of one UTF-16 code unit (Unknown: not looked at yet). */
export const LetterCase = { None: 0, Upper: 1, Lower: 2, Unknown: 3 } as const;
export type LetterCase = (typeof LetterCase)[keyof typeof LetterCase];
/** Case of each code unit, filled on first sight: converting case per character allocates strings, a table look-up does not. */
const CASE_OF_UNIT = new Uint8Array(65_536).fill(LetterCase.Unknown);

/** Case of the code unit text[i] (a letter without case, like Arabic, counts as None). */
export function letterCase(text: string, i: number): LetterCase {
  const c = text.charCodeAt(i);
  let kind = CASE_OF_UNIT[c] as LetterCase;
  if (kind === LetterCase.Unknown) {
    const ch = text[i];
    const up = ch.toUpperCase();
    kind = ch.toLowerCase() === up ? LetterCase.None : ch === up ? LetterCase.Upper : LetterCase.Lower;
    CASE_OF_UNIT[c] = kind;
  }
  return kind;
}

export function shapeOf(text: string): Shape {
  const c0 = text.charCodeAt(0);
  if (c0 < 128) {
    // ASCII fast path (no per-character case conversion).
    let ascii = true;
    let lower = 0;
    let upper = 0;
    for (let i = 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 97 && c <= 122) lower++;
      else if (c >= 65 && c <= 90) upper++;
      else if (c >= 128) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      if (c0 >= 97 && c0 <= 122) return 'lower';
      if (c0 < 65 || c0 > 90) return 'other';
      if (text.length === 1) return 'initial';
      return lower === 0 && upper > 0 ? 'upper' : 'title';
    }
  }
  const first = letterCase(text, 0);
  if (first === LetterCase.Lower) return 'lower';
  if (first !== LetterCase.Upper) return 'other';
  if (text.length === 1) return 'initial';
  let lower = 0;
  let upper = 0;
  for (let i = 1; i < text.length; i++) {
    const c = letterCase(text, i);
    if (c === LetterCase.Lower) lower++;
    else if (c === LetterCase.Upper) upper++;
  }
  if (lower === 0 && upper > 0) return 'upper';
  return 'title';
}

const SENTENCE_BREAK_RE = /[.!?:;"“”>\n\r\t*•()[\]]/;
/** {@link SENTENCE_BREAK_RE} for one-character gaps, the usual case: a table look-up instead of a regex run. */
const SENTENCE_BREAK_CHARACTER = new Set('.!?:;"“”>\n\r\t*•()[]');

function breaksSentence(gap: string): boolean {
  return gap.length === 1 ? SENTENCE_BREAK_CHARACTER.has(gap) : SENTENCE_BREAK_RE.test(gap);
}

/**
 * Appends the token text[start, matchEnd) (one TOKEN_RE match) and returns matchEnd. `curlyApostrophe`
 * false promises the token holds no U+2019 (the scanner knows), which skips a search per token.
 */
function pushToken(text: string, toks: Tok[], start: number, matchEnd: number, prevEnd: number, curlyApostrophe = true): number {
  let word = text.slice(start, matchEnd);
  // Possessive: Mary's → Mary.
  const len = word.length;
  const last = word.charCodeAt(len - 1);
  const apos = word.charCodeAt(len - 2);
  const possessive = len > 3 && (last === 115 || last === 83) && (apos === 39 || apos === 0x2019);
  if (possessive) word = word.slice(0, -2);
  const gap = start - prevEnd === 1 ? (text[prevEnd] === ' ' ? ' ' : text[prevEnd]) : text.slice(prevEnd, start);
  const prev = toks[toks.length - 1];
  const sentenceStart = !prev || (gap !== ' ' && breaksSentence(gap) && !((prev.shape === 'initial' || TITLES.has(prev.lower)) && /^\.\s?$/.test(gap)));
  let lower = word.toLowerCase();
  if (curlyApostrophe && lower.indexOf('’') !== -1) lower = lower.replace(/’/g, "'");
  toks.push({ start, end: start + word.length, text: word, lower, shape: shapeOf(word), gap, sentenceStart, possessive, flags: -1 });
  return matchEnd;
}

/** Per BMP code unit: 0 not yet known, 1 a letter or mark (`[\p{L}\p{M}]`), 2 neither. ASCII is filled up front. */
const LETTER_OR_MARK = new Uint8Array(65_536);
for (let code = 0; code < 128; code++) LETTER_OR_MARK[code] = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) ? 1 : 2;
const LETTER_OR_MARK_RE = /^[\p{L}\p{M}]$/u;

function isLetterOrMark(code: number): boolean {
  let kind = LETTER_OR_MARK[code];
  if (kind === 0) {
    kind = LETTER_OR_MARK_RE.test(String.fromCharCode(code)) ? 1 : 2;
    LETTER_OR_MARK[code] = kind;
  }
  return kind === 1;
}

function hasSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return true;
  }
  return false;
}

/**
 * Tokens as TOKEN_RE finds them. Text without surrogate pairs (`ascii`, or checked here) is read by a
 * hand-written scanner with the same grammar and a per-code-unit table: much cheaper than the Unicode regex.
 */
export function tokenize(text: string, ascii = false): Tok[] {
  const toks: Tok[] = [];
  let prevEnd = 0;
  if (ascii || !hasSurrogate(text)) {
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (!isLetterOrMark(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i++;
      while (i < n && isLetterOrMark(text.charCodeAt(i))) i++;
      let curlyApostrophe = false;
      // (?:['’]letters+)* then (?:-letters+)*
      for (let c = text.charCodeAt(i); i + 1 < n && (c === 39 || c === 0x2019) && isLetterOrMark(text.charCodeAt(i + 1)); c = text.charCodeAt(i)) {
        if (c === 0x2019) curlyApostrophe = true;
        i += 2;
        while (i < n && isLetterOrMark(text.charCodeAt(i))) i++;
      }
      while (i + 1 < n && text.charCodeAt(i) === 45 && isLetterOrMark(text.charCodeAt(i + 1))) {
        i += 2;
        while (i < n && isLetterOrMark(text.charCodeAt(i))) i++;
      }
      prevEnd = pushToken(text, toks, start, i, prevEnd, curlyApostrophe);
    }
    return toks;
  }
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) prevEnd = pushToken(text, toks, m.index, m.index + m[0].length, prevEnd);
  return toks;
}

/** Index of the first of the up to n tokens before token i that are in its sentence (i itself when none). */
export function wordsWindowStart(toks: readonly Tok[], i: number, n: number): number {
  let from = i;
  for (let j = i - 1; j >= 0 && i - j <= n; j--) {
    from = j;
    const g = toks[j].gap;
    if (g !== ' ' && /[.!?\n]/.test(g)) break;
  }
  return from;
}

/** Lower-case words ending just before token i (up to n). */
export function wordsBefore(toks: readonly Tok[], i: number, n: number): string[] {
  const from = wordsWindowStart(toks, i, n);
  const out: string[] = new Array<string>(i - from);
  for (let j = from; j < i; j++) out[j - from] = toks[j].lower;
  return out;
}
