import { matchesWord, WordsBeforeIndex } from './context-words';

/** The reference the index replaces: the up to n words before pos (lower-cased, in text order), first match wins. */
function reference(words: ReadonlySet<string>, text: string, pos: number, n: number): string | undefined {
  const window = [...text.slice(0, pos).matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0].toLowerCase()).slice(-n);
  return n > 0 ? window.find((word) => matchesWord(words, word)) : undefined;
}

describe('WordsBeforeIndex', () => {
  const words = new Set(['ticket', 'ref', 'order', 'x', 'número']);
  const index = new WordsBeforeIndex(words);

  it('finds the first matching word of the window, in text order, lower-cased', () => {
    const text = 'Order and TICKET 12 opened by Ada';
    expect(index.firstMatchBefore(text, text.indexOf('Ada'), 6)).toBe('order');
    expect(index.firstMatchBefore(text, text.indexOf('Ada'), 5)).toBe('ticket');
    expect(index.firstMatchBefore(text, text.indexOf('Ada'), 2)).toBeUndefined();
  });

  it('accepts simple plurals (words longer than three letters ending in s), and one-letter words', () => {
    expect(index.firstMatchBefore('Tickets: Ada', 9, 5)).toBe('tickets');
    expect(index.firstMatchBefore('refs: Ada', 6, 5)).toBe('refs');
    expect(index.firstMatchBefore('xs: Ada', 4, 5)).toBeUndefined();
    expect(index.firstMatchBefore('see X 12', 8, 5)).toBe('x');
  });

  it('reads words with letters outside ASCII as the regex does (accents, the Kelvin sign lower-casing to k)', () => {
    const kelvin = new WordsBeforeIndex(new Set(['kase']));
    expect(kelvin.firstMatchBefore('\u212Aase Ada', 5, 5)).toBe('kase');
    expect(index.firstMatchBefore('NÚMERO Ada', 7, 5)).toBe('número');
  });

  it('matches the reference on mixed texts at every position', () => {
    const texts = ['Order#12 ref-7 x y, TICKETS\u00a0for Ada; número 5 orders', 'a1 b2 c3 ref', ' ,,x', 'Ticketing tickets ticket'];
    for (const text of texts) {
      for (let pos = 0; pos <= text.length; pos++) {
        for (const n of [0, 1, 3, 5]) expect([text, pos, n, index.firstMatchBefore(text, pos, n)]).toEqual([text, pos, n, reference(words, text, pos, n)]);
      }
    }
  });
});
