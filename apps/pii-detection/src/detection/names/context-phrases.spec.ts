import { endsWithPhrase, LOCATION_CTX, PERSON_CTX } from './context-phrases';

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
