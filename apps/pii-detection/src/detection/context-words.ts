/** Word characters of context matching: letters and digits (ASCII by table, the rest by Unicode class). */
export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c > 127 && /[\p{L}\p{N}]/u.test(String.fromCharCode(c)));
}

/** `word` (lower-case) is in the set, or is a simple plural/possessive of a word in it ("licenses" → "license"). */
export function matchesWord(set: ReadonlySet<string>, word: string): boolean {
  if (set.has(word)) return true;
  return word.length > 3 && word.endsWith('s') && set.has(word.slice(0, -1));
}

/** Lower-case ASCII code of an ASCII letter or digit. */
function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Key of a word's first two characters (lower-cased ASCII); a one-character word has its own keys. */
function openingKey(first: number, second: number | undefined): number {
  return second === undefined ? 128 * 128 + first : first * 128 + second;
}

/**
 * Single context words (lower-case) looked up in the words before a position without building them:
 * a word made of ASCII letters and digits is only copied when its first two characters open some word
 * of the set; any other word is copied and lower-cased as before. Finds what `wordsBefore` then a
 * {@link matchesWord} scan finds.
 */
export class WordsBeforeIndex {
  private readonly openings = new Uint8Array(128 * 128 + 128);

  constructor(private readonly words: ReadonlySet<string>) {
    for (const word of words) {
      if (!/^[a-z0-9]+$/.test(word)) continue;
      this.openings[openingKey(word.charCodeAt(0), word.length > 1 ? word.charCodeAt(1) : undefined)] = 1;
    }
  }

  /** The first word (in text order, lower-cased) of the up to `n` words ending before `pos` that matches, if any. */
  firstMatchBefore(text: string, pos: number, n: number): string | undefined {
    let found: string | undefined;
    let count = 0;
    let i = pos - 1;
    while (i >= 0 && count < n) {
      while (i >= 0 && !isWordChar(text.charCodeAt(i))) i--;
      if (i < 0) break;
      const end = i + 1;
      let ascii = true;
      while (i >= 0) {
        const c = text.charCodeAt(i);
        if (!isWordChar(c)) break;
        if (c > 127) ascii = false;
        i--;
      }
      count++;
      const start = i + 1;
      if (ascii && this.openings[openingKey(lowerAscii(text.charCodeAt(start)), end - start > 1 ? lowerAscii(text.charCodeAt(start + 1)) : undefined)] === 0) continue;
      const word = text.slice(start, end).toLowerCase();
      if (matchesWord(this.words, word)) found = word;
    }
    return found;
  }
}
