import { endsWithPhrase, LOCATION_CTX, PERSON_CTX, phraseInWindow } from './context-phrases';
import { tokenize, wordsBefore, wordsWindowStart } from './tokenizer';

describe('endsWithPhrase', () => {
  it('returns the longest context phrase the words end with, as one string', () => {
    expect(endsWithPhrase(['we', 'spoke', 'to'], PERSON_CTX)).toBe('spoke to');
    expect(endsWithPhrase(['hello', 'my', 'name', 'is'], PERSON_CTX)).toBe('my name is');
    expect(endsWithPhrase(['she', 'lives', 'in'], LOCATION_CTX)).toBe('lives in');
  });

  it('returns undefined when the last words are no phrase', () => {
    expect(endsWithPhrase([], PERSON_CTX)).toBeUndefined();
    expect(endsWithPhrase(['the', 'blue', 'car'], PERSON_CTX)).toBeUndefined();
    // Phrases ending in "is" are longer than the one word given.
    expect(endsWithPhrase(['is'], PERSON_CTX)).toBeUndefined();
  });
});

describe('phraseInWindow', () => {
  it('finds in the tokens what endsWithPhrase finds in the words before each token', () => {
    const texts = ['Hello, my name is Ada. She lives in Lisbon and we spoke to Ben', 'is Ada. name is Bo! my name is\nCy', 'moved from Porto; at Graz'];
    for (const text of texts) {
      const toks = tokenize(text);
      for (let i = 0; i <= toks.length; i++) {
        for (const index of [PERSON_CTX, LOCATION_CTX]) {
          expect(phraseInWindow(toks, wordsWindowStart(toks, i, 4), i, index)).toBe(endsWithPhrase(wordsBefore(toks, i, 4), index));
        }
      }
    }
    const toks = tokenize('Hello, my name is Ada');
    expect(phraseInWindow(toks, wordsWindowStart(toks, 4, 4), 4, PERSON_CTX)).toBe('my name is');
  });

  it('starts the window after the last sentence break among the words before', () => {
    const toks = tokenize('We met. She spoke to Ada');
    expect(wordsWindowStart(toks, 5, 4)).toBe(2);
    expect(phraseInWindow(toks, 2, 5, PERSON_CTX)).toBe('spoke to');
    expect(phraseInWindow(toks, 5, 5, PERSON_CTX)).toBeUndefined();
  });
});
