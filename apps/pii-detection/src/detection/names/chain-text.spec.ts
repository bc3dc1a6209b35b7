import { digitThenBlanksBefore, isAsciiDigit, isNameLabel, joinedLowers } from './chain-text';

describe('digitThenBlanksBefore', () => {
  const reference = (text: string, pos: number, window: number): boolean => /\d[ \t\u00a0]*$/.test(text.slice(Math.max(0, pos - window), pos));

  it('is true for a digit followed only by blanks right before the position, within the window', () => {
    expect(digitThenBlanksBefore('at 12 Main', 6, 12)).toBe(true);
    expect(digitThenBlanksBefore('at 12\u00a0\tMain', 7, 12)).toBe(true);
    expect(digitThenBlanksBefore('at 12 x Main', 8, 12)).toBe(false);
    expect(digitThenBlanksBefore('1' + ' '.repeat(12) + 'Main', 13, 12)).toBe(false);
  });

  it('agrees with the slice-and-regex form at every position', () => {
    const text = '7  Ada 12\u00a0 Lee\t3\tRoad ٣ x 45      Long 9';
    for (let pos = 0; pos <= text.length; pos++) for (const window of [1, 4, 12]) expect([pos, window, digitThenBlanksBefore(text, pos, window)]).toEqual([pos, window, reference(text, pos, window)]);
  });
});

describe('isNameLabel', () => {
  it('accepts the tokens /^(?:full ?)?name$/ accepts', () => {
    for (const word of ['name', 'fullname', 'names', 'full', 'username', 'Name']) expect([word, isNameLabel(word)]).toEqual([word, /^(?:full ?)?name$/.test(word)]);
  });
});

describe('joinedLowers', () => {
  const toks = ['new', 'york', 'city'].map((lower) => ({ lower }));

  it('joins the lower-case words of a token range by single spaces', () => {
    expect(joinedLowers(toks, 0, 3)).toBe('new york city');
    expect(joinedLowers(toks, 1, 3)).toBe('york city');
    expect(joinedLowers(toks, 2, 3)).toBe('city');
  });
});

describe('isAsciiDigit', () => {
  it('accepts 0-9 only', () => {
    expect(['0', '9', '/', ':', '٣', 'a'].map((c) => isAsciiDigit(c.charCodeAt(0)))).toEqual([true, true, false, false, false, false]);
  });
});
