import { tokenize } from './tokenizer';

/** The grammar the scanner implements, as the regex it replaces writes it. */
const TOKEN_GRAMMAR = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*(?:-[\p{L}\p{M}]+)*/gu;

const spans = (text: string): Array<[number, number]> => [...text.matchAll(TOKEN_GRAMMAR)].map((m) => [m.index, m.index + m[0].length]);

describe('tokenize', () => {
  it.each([
    "O'Neil and Jean-Luc met D’Artagnan's friend -- x-y-z, 'quoted', rock'n'roll",
    'José Yılmaz, Łódź, Ærø; Ελένη Παπαδοπούλου; Дмитрий Иванов-Петров',
    'محمد بن سلمان · 山田太郎 · देवनागरी नमस्ते · e\u0301te\u0301 · ñandú’s',
    'a\u00a0b\u200bc ‐hyphen‑ ’lead trail’ end-',
  ])('finds the same words as the Unicode regex: %s', (text) => {
    expect(tokenize(text).map((token) => [token.start, token.end + (token.possessive ? 2 : 0)])).toEqual(spans(text));
  });

  it('reads text with surrogate pairs (letters outside the BMP) with the regex', () => {
    const text = 'Ann 𝐀𝐁 Lee 𠀋x';
    expect(tokenize(text).map((token) => token.text)).toEqual(['Ann', '𝐀𝐁', 'Lee', '𠀋x']);
  });

  it('lower-cases curly apostrophes inside words to straight ones, in both readers, and leaves other words alone', () => {
    const expected = ["d'artagnan", 'met', "o'neil", 'and', "rock'n", 'roll'];
    expect(tokenize('D’Artagnan met O’Neil’s and rock’n roll').map((token) => token.lower)).toEqual(expected);
    expect(tokenize('D’Artagnan met O’Neil’s and rock’n roll 𝐀').map((token) => token.lower)).toEqual([...expected, '𝐀']);
  });
});
