import type { Tok } from './tokenizer';
import { LOCATION_CONTEXT, PERSON_CONTEXT, STRONG_LOCATION_CONTEXT } from './word-lists';

/** One context phrase: its words, and the phrase itself as returned on a match (built once, not per match). */
interface Phrase {
  words: string[];
  text: string;
}
/** Phrases indexed by their last word, longest first (one Map hit per lookup instead of a scan). */
export type PhraseIndex = Map<string, Phrase[]>;
function compilePhrases(list: readonly string[]): PhraseIndex {
  const index: PhraseIndex = new Map();
  for (const words of list.map((x) => x.split(' ')).sort((a, b) => b.length - a.length)) {
    const phrase = { words, text: words.join(' ') };
    const key = words[words.length - 1];
    const bucket = index.get(key);
    if (bucket) bucket.push(phrase);
    else index.set(key, [phrase]);
  }
  return index;
}
export const PERSON_CTX = compilePhrases(PERSON_CONTEXT);
export const LOCATION_CTX = compilePhrases(LOCATION_CONTEXT);
export const STRONG_LOCATION_CTX = compilePhrases(STRONG_LOCATION_CONTEXT);

export function endsWithPhrase(words: readonly string[], index: PhraseIndex): string | undefined {
  if (words.length === 0) return undefined;
  const phrases = index.get(words[words.length - 1]);
  if (phrases === undefined) return undefined;
  for (const phrase of phrases) {
    const p = phrase.words;
    if (p.length > words.length) continue;
    let ok = true;
    for (let k = 0; k < p.length; k++) {
      if (words[words.length - p.length + k] !== p[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return phrase.text;
  }
  return undefined;
}

/**
 * {@link endsWithPhrase} of the lower-case words of tokens [from, end), read from the tokens in place
 * (no word array built): `from` is where the window starts, as `wordsWindowStart` finds it.
 */
export function phraseInWindow(toks: readonly Tok[], from: number, end: number, index: PhraseIndex): string | undefined {
  const count = end - from;
  if (count <= 0) return undefined;
  const phrases = index.get(toks[end - 1].lower);
  if (phrases === undefined) return undefined;
  for (const phrase of phrases) {
    const p = phrase.words;
    if (p.length > count) continue;
    let ok = true;
    for (let k = 0; k < p.length; k++) {
      if (toks[end - p.length + k].lower !== p[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return phrase.text;
  }
  return undefined;
}
