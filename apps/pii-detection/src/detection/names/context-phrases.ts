import { LOCATION_CONTEXT, PERSON_CONTEXT, STRONG_LOCATION_CONTEXT } from './word-lists';

/** Phrases indexed by their last word, longest first (one Map hit per lookup instead of a scan). */
export type PhraseIndex = Map<string, string[][]>;
function compilePhrases(list: readonly string[]): PhraseIndex {
  const index: PhraseIndex = new Map();
  for (const p of list.map((x) => x.split(' ')).sort((a, b) => b.length - a.length)) {
    const key = p[p.length - 1];
    const bucket = index.get(key);
    if (bucket) bucket.push(p);
    else index.set(key, [p]);
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
  for (const p of phrases) {
    if (p.length > words.length) continue;
    let ok = true;
    for (let k = 0; k < p.length; k++) {
      if (words[words.length - p.length + k] !== p[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return p.join(' ');
  }
  return undefined;
}
