import { PiiAnalyzer } from '../../apps/pii-detection/src/detection/pii-analyzer';
import { loadAnalyzer } from './analyzer-loader';
import { addTokenCoverage, emptyTokenCounts, tokenRanges } from './token-coverage';

describe('token coverage', () => {
  it('splits text into maximal runs of letters, marks and digits', () => {
    const text = "Jean-Luc O'Neil, 12b Main St. — Zürich";
    expect(tokenRanges(text).map((t) => text.slice(t.start, t.end))).toEqual(['Jean', 'Luc', 'O', 'Neil', '12b', 'Main', 'St', 'Zürich']);
  });

  it('counts personal tokens left unmasked whatever type covers them, and harmless tokens masked', () => {
    const text = 'Call John Smith at 12 Main Street today';
    //            0    5    10   15 18 21   26     33
    const counts = emptyTokenCounts();
    const misses = addTokenCoverage(
      counts,
      text,
      [
        { type: 'PERSON', start: 5, end: 15 },
        { type: 'STREET_ADDRESS', start: 19, end: 33 },
      ],
      [],
      [
        { type: 'PERSON', start: 5, end: 9 }, // "John" only: "Smith" stays readable
        { type: 'LOCATION', start: 19, end: 39 }, // wrong type still masks the address, and over-masks "today"
      ],
    );
    expect(counts.personal).toBe(5);
    expect(counts.unmasked).toBe(1);
    expect(misses.unmasked.map((t) => text.slice(t.start, t.end))).toEqual(['Smith']);
    expect(counts.harmless).toBe(3);
    expect(counts.overMasked).toBe(1);
    expect(misses.overMasked.map((t) => text.slice(t.start, t.end))).toEqual(['today']);
    expect(counts.perGoldType.get('PERSON')).toEqual({ tokens: 2, unmasked: 1 });
    expect(counts.perGoldType.get('STREET_ADDRESS')).toEqual({ tokens: 3, unmasked: 0 });
    expect(counts.perPredictedType.get('LOCATION')).toBe(1);
  });

  it('treats a partly covered personal token as unmasked and a partly covered harmless token as over-masked', () => {
    const text = 'id a1b2c3 for Smithers';
    const counts = emptyTokenCounts();
    addTokenCoverage(counts, text, [{ type: 'PERSON', start: 14, end: 22 }], [], [
      { type: 'PERSON', start: 14, end: 19 },
      { type: 'PERSON', start: 5, end: 7 },
    ]);
    expect(counts.unmasked).toBe(1);
    expect(counts.overMasked).toBe(1);
  });

  it('counts tokens of unevaluated labels (ORGANIZATION, TITLE…) neither way', () => {
    const text = 'Works at Acme Corp';
    const counts = emptyTokenCounts();
    addTokenCoverage(counts, text, [], [{ type: 'ORGANIZATION', start: 9, end: 18 }], [{ type: 'PERSON', start: 9, end: 13 }]);
    expect(counts.personal).toBe(0);
    expect(counts.harmless).toBe(2);
    expect(counts.overMasked).toBe(0);
  });
});

describe('analyzer loader', () => {
  it('always scores the service analyzer (no fallback)', () => {
    const loaded = loadAnalyzer(false);
    expect(loaded.analyzer).toBeInstanceOf(PiiAnalyzer);
    expect(loaded.description).toContain('createAnalyzer()');
    expect(loaded.analyzer.recognizers().length).toBeGreaterThan(10);
    expect(Object.keys(loaded)).toEqual(['analyzer', 'description']);
  });
});
