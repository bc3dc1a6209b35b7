import { ContextEnhancer } from './context';
import { createPatternRecognizers } from './default-recognizers';
import type { EntityType, RecognizerResult } from './detection.types';
import { createAnalyzer } from './detection.factory';
import { guardIdentifierTokens } from './identifier-tokens';
import { ADVERSARIAL_UNITS, repeatTo, SIZE_LIMIT, timeAtQuarterAndFull, violations, type Timing } from './linear-time.spec-helper';
import { createNameRecognizers } from './names';
import { normalizeForDetection } from './normalization';
import { resolveOverlaps } from './overlap';

/** The budget: under 100 ms per 100 KB for each recognizer and step. */
const RECOGNIZER_BUDGET_MS = 100;
/** The whole analyzer runs ~35 recognizers plus context and overlap on the same text. */
const ANALYZER_BUDGET_MS = 200;
/** POST /analyze accepts a 1 MB JSON body, so one text of up to about a million characters. */
const LARGEST_ANALYZE_TEXT = 1_000_000;

/** A different last character per run, so no recognizer can answer from a per-text cache. */
const fresh = (unit: string, size: number, run: number): string => repeatTo(unit, size - 1) + (run < 0 ? '~' : String(run % 10));

describe('linear time at the size limit', () => {
  // The three name views (PERSON, LOCATION, NRP) share one engine pass: timing one times the engine.
  const recognizers = [...createPatternRecognizers(), ...createNameRecognizers().slice(0, 1)];

  it.each(recognizers.map((r) => [r.name, r]))('%s: every adversarial input under budget and linear', (_name, recognizer) => {
    const timings: Timing[] = ADVERSARIAL_UNITS.map((unit) =>
      timeAtQuarterAndFull(JSON.stringify(unit), SIZE_LIMIT, (size, run) => recognizer.analyze(fresh(unit, size, run), { language: 'en' }), RECOGNIZER_BUDGET_MS),
    );
    expect(violations(timings, RECOGNIZER_BUDGET_MS)).toEqual([]);
  }, 120_000);

  it('the whole analyzer (normalisation, recognizers, context, identifier guard, overlap)', () => {
    const analyzer = createAnalyzer();
    const timings: Timing[] = ADVERSARIAL_UNITS.map((unit) =>
      timeAtQuarterAndFull(JSON.stringify(unit), SIZE_LIMIT, (size, run) => analyzer.analyze(fresh(unit, size, run), { fieldName: 'notes' }), ANALYZER_BUDGET_MS),
    );
    expect(violations(timings, ANALYZER_BUDGET_MS)).toEqual([]);
  }, 300_000);

  it('the whole analyzer on the largest text POST /analyze accepts', () => {
    const analyzer = createAnalyzer();
    const budget = (ANALYZER_BUDGET_MS * LARGEST_ANALYZE_TEXT) / SIZE_LIMIT;
    const timings: Timing[] = ['a.co ', 'The ', 'a@b.co ', '12/12/2020 ', 'John Smith lives at 12 Main Street. '].map((unit) =>
      timeAtQuarterAndFull(JSON.stringify(unit), LARGEST_ANALYZE_TEXT, (size, run) => analyzer.analyze(fresh(unit, size, run)), budget),
    );
    expect(violations(timings, budget)).toEqual([]);
  }, 300_000);

  it('context scoring with a result on every word', () => {
    const enhancer = new ContextEnhancer();
    const timings = ['phone 1 ', 'x ', '@@@@ 1 ', 'order 1 '].map((unit) =>
      timeAtQuarterAndFull(JSON.stringify(unit), SIZE_LIMIT, (size) => {
        const text = repeatTo(unit, size);
        enhancer.enhance(text, resultsEvery(text, unit.length, unit.length - 2, 1, 'PHONE_NUMBER', 0.3), 'customer_reference');
      }, RECOGNIZER_BUDGET_MS),
    );
    expect(violations(timings, RECOGNIZER_BUDGET_MS)).toEqual([]);
  }, 60_000);

  it('overlap resolution with every span overlapping its neighbours', () => {
    const timings = [2, 5, 40].map((length) =>
      timeAtQuarterAndFull(`length ${length}`, SIZE_LIMIT, (size) => {
        // One span per position, the later the better: each kept span lands before all kept so far.
        const spans = resultsEvery(repeatTo(' ', size), 1, 0, length, 'PERSON', 0.6).map((r) => ({ ...r, score: 0.5 + r.start / size / 2 }));
        resolveOverlaps(spans);
      }, RECOGNIZER_BUDGET_MS),
    );
    expect(violations(timings, RECOGNIZER_BUDGET_MS)).toEqual([]);
  }, 60_000);

  it('the identifier guard with every span inside one huge identifier', () => {
    const timings = ['a1-', 'ab12.', 'x'].map((unit) =>
      timeAtQuarterAndFull(JSON.stringify(unit), SIZE_LIMIT, (size) => {
        const text = repeatTo(unit, size);
        guardIdentifierTokens(text, resultsEvery(text, 3, 1, 1, 'PERSON', 0.85));
      }, RECOGNIZER_BUDGET_MS),
    );
    expect(violations(timings, RECOGNIZER_BUDGET_MS)).toEqual([]);
  }, 60_000);

  it('normalisation of full-width and invisible characters', () => {
    const timings = ['１', '\u200B', 'ａ＠ｂ．', 'e\u0301', 'ﬁ', '東京 '].map((unit) =>
      timeAtQuarterAndFull(JSON.stringify(unit), SIZE_LIMIT, (size, run) => normalizeForDetection(fresh(unit, size, run)), RECOGNIZER_BUDGET_MS),
    );
    expect(violations(timings, RECOGNIZER_BUDGET_MS)).toEqual([]);
  }, 60_000);
});

/** Results of `length` starting every `step` characters from `offset`. */
function resultsEvery(text: string, step: number, offset: number, length: number, entityType: EntityType, score: number): RecognizerResult[] {
  const out: RecognizerResult[] = [];
  for (let start = offset; start + length <= text.length; start += step) out.push({ entityType, start, end: start + length, score, recognizer: 'test', validated: false });
  return out;
}
