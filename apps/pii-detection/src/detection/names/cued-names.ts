import { isNameLabel } from './chain-text';
import { PERSON_CTX, phraseInWindow } from './context-phrases';
import type { LexiconView, NameSpan } from './name-types';
import { F_COMMON_FIRST, F_COMMON_WORD, F_ENGLISH, F_FIRST, F_NRP, F_ORG, F_SURNAME, nameSpan } from './name-types';
import { type Tok, wordsWindowStart } from './tokenizer';
import { NOT_NAME, STOP, STRONG_TITLES, TITLES, WEAK_PERSON_CTX } from './word-lists';

/** Longest name read in a caseless script: given name(s) plus family name. */
const MAX_NAME_TOKENS = 3;
/** Han, Hiragana, Katakana and Hangul write a name without spaces; longer runs are sentences, not names. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const MAX_CJK_NAME = 4;
/** Prepositions of place before an upper-case town in a non-Latin script ("in ΛΕΜΕΣΟΣ", "from МОСКВА"). */
const LOCATIVE = new Set(['in', 'at', 'from', 'to', 'near', 'visit', 'visiting', 'into', 'via']);
const LATIN = /\p{Script=Latin}/u;
const CAPS_LOCATIVE = new Set(['in', 'from', 'near', 'visiting']);
/** Gaps between a cue and the name: one blank, ", " or a colon (what `/^[ \u00a0]$|^,? $|^: ?$/` accepts). */
const CUE_GAPS = new Set([' ', '\u00a0', ', ', ':', ': ']);

/** A strong person cue right before token i: a title ("Mr."), "Name:", or a phrase such as "my name is", "dear", "met". */
function personCue(toks: readonly Tok[], i: number): string | undefined {
  const prev = toks[i - 1];
  if (prev === undefined) return undefined;
  if (TITLES.has(prev.lower) && /^\.?[ \u00a0]$/.test(toks[i].gap)) return `title ${prev.text}`;
  if (isNameLabel(prev.lower) && toks[i].gap.includes(':')) return 'after "Name:" label';
  if (!CUE_GAPS.has(toks[i].gap)) return undefined;
  const phrase = phraseInWindow(toks, wordsWindowStart(toks, i, 4), i, PERSON_CTX);
  return phrase && !WEAK_PERSON_CTX.has(phrase) ? `context "${phrase}"` : undefined;
}

/** A lower-case word that can only be read as a given name: in the name lexicon and in no English word list. */
function lowerGivenName(view: LexiconView, t: Tok): boolean {
  // The token's lexicon flags first: most lower-case words are no given name, and the flags are read once per token.
  return t.shape === 'lower' && t.text.length >= 3 && view.isToken(t, F_FIRST) && !STOP.has(t.lower) && !view.isToken(t, F_ENGLISH | F_COMMON_WORD);
}

function lowerFamilyName(view: LexiconView, t: Tok): boolean {
  return t.shape === 'lower' && t.text.length >= 3 && !STOP.has(t.lower) && view.isToken(t, F_SURNAME | F_FIRST) && !view.isToken(t, F_ENGLISH | F_COMMON_WORD);
}

/**
 * Names and places the capitalisation rules cannot see:
 * - upper-case towns in non-Latin scripts after a preposition of place ("I am in ΛΕΜΕΣΟΣ");
 * - names in caseless scripts (Arabic, Hebrew, Devanagari, Thai, CJK…) after a person cue:
 *   "My name is محمد علي", "Mr. अमित शर्मा" — the whole name, up to three words;
 * - lower-case names in mixed-case text ("I met ada lovelace"): a given name no English word list
 *   holds, after a person cue or followed by such a family name.
 * One pass over the tokens; each check looks at a bounded neighbourhood.
 */
export function cuedNames(view: LexiconView, toks: readonly Tok[], lowerMode: boolean, taken: (start: number, end: number) => boolean): NameSpan[] {
  const out: NameSpan[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    // Upper-case words of other scripts after a preposition of place are towns: acronyms there are rare and short.
    if (t.shape === 'upper' && !lowerMode && t.text.length >= 4 && !LATIN.test(t.text) && i > 0 && LOCATIVE.has(toks[i - 1].lower) && t.gap === ' ') {
      let j = i + 1;
      while (j < toks.length && j - i < MAX_NAME_TOKENS && toks[j].shape === 'upper' && toks[j].gap === ' ' && !LATIN.test(toks[j].text)) j++;
      if (!taken(t.start, toks[j - 1].end)) out.push(nameSpan('LOCATION', t.start, toks[j - 1].end, 0.65, `upper-case place name after "${toks[i - 1].lower}"`));
      i = j - 1;
      continue;
    }
    // Latin ALL-CAPS after "in"/"from"/"near" ("I'm in MITTERLOBMING", "from SAINT-PRIEST"): a town when no word list knows it
    // (acronyms are short or listed: "in HTML", "from NASA").
    if (t.shape === 'upper' && !lowerMode && t.text.length >= 5 && i > 0 && CAPS_LOCATIVE.has(toks[i - 1].lower) && t.gap === ' ' && LATIN.test(t.text) && !NOT_NAME.has(t.lower) && !view.isToken(t, F_ENGLISH | F_COMMON_WORD | F_ORG | F_NRP)) {
      const next = toks[i + 1];
      const continues = next !== undefined && next.gap === ' ' && next.shape === 'upper';
      if (!continues && !taken(t.start, t.end)) out.push(nameSpan('LOCATION', t.start, t.end, 0.6, `upper-case place name after "${toks[i - 1].lower}"`));
      continue;
    }
    if (t.shape === 'other') {
      if (CJK.test(t.text) && t.text.length > MAX_CJK_NAME) continue;
      const cue = personCue(toks, i);
      if (cue === undefined) continue;
      let j = i + 1;
      while (j < toks.length && j - i < MAX_NAME_TOKENS && toks[j].shape === 'other' && toks[j].gap === ' ' && !CJK.test(toks[j].text)) j++;
      const prev = toks[i - 1];
      const begin = STRONG_TITLES.has(prev.lower) && cue.startsWith('title') ? prev.start : t.start;
      if (!taken(begin, toks[j - 1].end)) out.push(nameSpan('PERSON', begin, toks[j - 1].end, 0.8, `caseless-script name; ${cue}`));
      i = j - 1;
      continue;
    }
    if (lowerMode) {
      // Lower-case text: "mr. martin is…", "dr. ruth okafor" — an honorific with its dot is cue enough for the word after it.
      const prev = toks[i - 1];
      if (t.shape !== 'lower' || prev === undefined || !STRONG_TITLES.has(prev.lower) || !/^\. ?$/.test(t.gap) || STOP.has(t.lower) || view.isToken(t, F_COMMON_WORD) || t.text.length < 2) continue;
      const next = toks[i + 1];
      const family = next !== undefined && next.gap === ' ' && next.shape === 'lower' && view.isToken(next, F_SURNAME | F_FIRST) && !STOP.has(next.lower) && !view.isToken(next, F_COMMON_WORD);
      const end = family ? next.end : t.end;
      if (!taken(prev.start, end)) out.push(nameSpan('PERSON', prev.start, end, 0.75, `lower-case name; title ${prev.text}`));
      if (family) i++;
      continue;
    }
    if (!lowerGivenName(view, t)) continue;
    const next = toks[i + 1];
    const family = next !== undefined && next.gap === ' ' && lowerFamilyName(view, next);
    const cue = personCue(toks, i);
    // Without a cue, both words must be census names (a common given name and a family name).
    if (cue === undefined && !(family && view.isToken(t, F_COMMON_FIRST) && view.isToken(next, F_SURNAME))) continue;
    const end = family ? next.end : t.end;
    const prev = toks[i - 1];
    const begin = prev !== undefined && STRONG_TITLES.has(prev.lower) && /^\.?[ \u00a0]$/.test(t.gap) ? prev.start : t.start;
    if (!taken(begin, end)) out.push(nameSpan('PERSON', begin, end, cue ? 0.75 : 0.65, `lower-case name${cue ? `; ${cue}` : ''}`));
    if (family) i++;
  }
  return out;
}
