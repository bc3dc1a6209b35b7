import type { Chain, LexiconView } from './name-types';
import { F_COMMON_WORD } from './name-types';
import type { Tok } from './tokenizer';
import { NOT_NAME } from './word-lists';

/** Longest run of ALL-CAPS words read as one place name. */
const MAX_CAPS_RUN = 6;
/** How much of a long neighbouring line the address checks read. */
const LINE_WINDOW = 200;

/** Line-break positions of the last text seen: built once per text (linear), then each lookup is a binary search. */
let indexedText: string | undefined;
let breaks: number[] = [];

function lineBreaks(text: string): number[] {
  if (text !== indexedText) {
    breaks = [];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks.push(i);
    indexedText = text;
  }
  return breaks;
}

/** Index of the first line break at or after `pos` in `breaks` (breaks.length when none). */
function firstBreakFrom(list: readonly number[], pos: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Start of the line holding `pos` (like `text.lastIndexOf('\n', pos - 1) + 1`, without scanning). */
export function lineStartNear(text: string, pos: number): number {
  const list = lineBreaks(text);
  const k = firstBreakFrom(list, pos) - 1;
  return k >= 0 ? list[k] + 1 : 0;
}

/** End of the line holding `pos`: its line break, or the text end (like `text.indexOf('\n', pos)`, without scanning). */
export function lineEndNear(text: string, pos: number): number {
  const list = lineBreaks(text);
  const k = firstBreakFrom(list, pos);
  return k < list.length ? list[k] : text.length;
}

/**
 * ALL-CAPS words in mixed-case text are usually acronyms; in an address they are town names
 * ("⏎ HAYBOROUGH⏎ Thailand 52574", "…Halsey Road, HAYBOROUGH").
 */
export function addressCaps(view: LexiconView, text: string, toks: readonly Tok[], i: number): boolean {
  // The run of ALL-CAPS words this one belongs to is judged by its first word.
  let head = i;
  while (head > 0 && toks[head - 1].shape === 'upper' && toks[head].gap === ' ') {
    const t = toks[head];
    if (t.text.length < 3 || NOT_NAME.has(t.lower) || view.isToken(t, F_COMMON_WORD)) return false;
    if (i - --head >= MAX_CAPS_RUN) return false;
  }
  const t = toks[head];
  if (t.text.length < 3 || NOT_NAME.has(t.lower) || view.isToken(t, F_COMMON_WORD)) return false;
  if (t.gap.includes('\n') || head === 0) {
    let j = head + 1;
    while (j < toks.length && j - head <= MAX_CAPS_RUN && toks[j].shape === 'upper' && toks[j].gap === ' ') j++;
    return addressLine(text, t.start, j > head + 1 ? toks[j - 1].end : t.end);
  }
  return t.gap === ', ' && /\d+\s+\p{L}[^,.!?:;\n]*$/u.test(text.slice(Math.max(0, t.start - 60), t.start - 2));
}

const ADDRESSISH = /\d|\b(?:suite|apt|apartment|box|unit|floor|street|st|road|rd|ave|avenue|lane|drive)\b/i;

/** True when [start,end) is alone on its line (besides a postcode / punctuation) and a neighbouring line looks like an address. */
export function addressLine(text: string, start: number, end: number): boolean {
  const ls = lineStartNear(text, start);
  // Long prefixes or tails cannot be blanks and punctuation only (bounded reads keep this linear).
  if (start - ls > LINE_WINDOW || !/^[\s>*•,-]*$/.test(text.slice(ls, start))) return false;
  const le = lineEndNear(text, end);
  if (le - end > LINE_WINDOW) return false;
  const afterOnLine = text.slice(end, le);
  if (!/^[\s,.]*(?:[A-Z]{2}\s*)?(?:[A-Z0-9]{0,4}[ -]?\d{3,6}(?:-\d{3,4})?)?[\s,.]*$/.test(afterOnLine)) return false;
  if (ls === 0 && le === text.length) return false;
  let prevLine = '';
  if (ls > 0) {
    prevLine = text.slice(Math.max(lineStartNear(text, ls - 1), ls - 1 - LINE_WINDOW), ls - 1);
  }
  const nextStart = le + 1;
  let nextLine = '';
  if (nextStart <= text.length) {
    nextLine = text.slice(nextStart, Math.min(lineEndNear(text, nextStart), nextStart + LINE_WINDOW));
  }
  return ADDRESSISH.test(prevLine) || /\d{3,}/.test(afterOnLine) || /^\s*[\p{Lu}][\p{L}\s]+\s\d{3,}/u.test(nextLine);
}

/**
 * Firm names built from surnames ("The Davis, Reynolds and Williamson office", a letterhead line
 * "Rose, Turner and Thompson"): three or more single capitalised words joined by commas and a final
 * "and"/"&" without a serial comma, after "the", alone on their line, or before "office"/"LLP".
 */
export function firmNameLists(text: string, toks: readonly Tok[], chains: readonly Chain[]): Set<Chain> {
  const out = new Set<Chain>();
  let i = 0;
  while (i < chains.length) {
    let j = i;
    let lastSep = '';
    while (j + 1 < chains.length) {
      const a = chains[j];
      const b = chains[j + 1];
      const between = text.slice(a.toks[a.toks.length - 1].end, b.toks[0].start);
      if (between !== ', ' && between !== ' and ' && between !== ' & ') break;
      if (lastSep !== '' && lastSep !== ', ') break;
      lastSep = between;
      j++;
    }
    const size = j - i + 1;
    const first = chains[i];
    // A sentence-initial "The" is part of the first chain ("The Davis, Reynolds and Williamson office").
    const leadingThe = first.toks.length === 2 && first.toks[0].lower === 'the';
    if (size >= 3 && lastSep !== ', ' && chains.slice(i, j + 1).every((c, k) => c.toks.length === 1 || (k === 0 && leadingThe))) {
      const last = chains[j].toks[0];
      const prev = leadingThe ? first.toks[0] : toks[first.first - 1];
      const ls = lineStartNear(text, first.toks[0].start);
      const le = lineEndNear(text, last.end);
      const head = first.toks[leadingThe ? 1 : 0];
      const afterThe = prev !== undefined && prev.lower === 'the' && prev.end === head.start - 1;
      const aloneOnLine =
        ls > 0 && !leadingThe && first.toks[0].start - ls <= LINE_WINDOW && le - last.end <= LINE_WINDOW && /^[\s>*•?-]*$/.test(text.slice(ls, first.toks[0].start)) && /^[\s.]*$/.test(text.slice(last.end, le));
      const firmAfter = /^ (?:office|offices|law firm|firm|llp|partners)\b/i.test(text.slice(last.end, last.end + 20));
      if (afterThe || aloneOnLine || firmAfter) for (let k = i; k <= j; k++) out.add(chains[k]);
    }
    i = j + 1;
  }
  return out;
}
