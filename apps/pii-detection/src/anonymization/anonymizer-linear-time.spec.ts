import { repeatTo, timeAtQuarterAndFullAsync, violations, type Timing } from '../detection/linear-time.spec-helper';
import { parseAnonymizeRequest } from '../presidio/presidio-requests';
import { offsetMapper } from '../presidio/unicode-offsets';
import { anonymize, type AnonymizerSpan } from './anonymizer';
import type { OperatorMap, SpanOperatorConfig, Tokenizer } from './operators';

const keys = { hashKey: Buffer.alloc(32, 1), encryptKey: Buffer.alloc(32, 2) };
/** Answers at once, so only the anonymizer's own work is timed. */
const tokenizer: Tokenizer = { tokenizeMany: (_namespace, entries) => Promise.resolve(entries.map((_entry, index) => `tok_${index}`)) };

/** The budget: under 100 ms per 100 KB. */
const BUDGET_MS_PER_100KB = 100;
/** The reproduced request: 900 KB of text and 1,000 analyzer results (just under the 1 MB body limit). */
const TEXT_SIZE = 900_000;
const RESULTS = 1000;
const budget = (size: number) => (BUDGET_MS_PER_100KB * size) / 100_000;

const OPERATORS: SpanOperatorConfig[] = [
  { operator: 'replace' },
  { operator: 'redact' },
  { operator: 'mask', params: { maskingChar: '*', keepLast: 4 } },
  { operator: 'hash' },
  { operator: 'encrypt' },
  { operator: 'keep' },
  { operator: 'tokenize' },
];

/** `count` spans of `length` spread evenly over a text of `size` (an emoji every 50 characters). */
function request(size: number, count: number, length: number): { text: string; spans: AnonymizerSpan[] } {
  const text = repeatTo('Jane Doe paid 4111 1111 1111 1111 on 2024-01-05 😀 ', size);
  const step = Math.floor(text.length / count);
  const spans: AnonymizerSpan[] = [];
  for (let start = 0; spans.length < count && start + length <= text.length; start += step) spans.push({ entityType: 'PERSON', start, end: start + length, score: 0.85 });
  return { text, spans };
}

describe('anonymizer: linear time', () => {
  it('each operator on 900 KB with 1,000 spans, and on spans covering the whole text', async () => {
    const timings: Timing[] = [];
    for (const operator of OPERATORS) {
      const operators: OperatorMap = { DEFAULT: operator };
      timings.push(
        await timeAtQuarterAndFullAsync(`${operator.operator}, ${RESULTS} spans`, TEXT_SIZE, (size) => {
          const { text, spans } = request(size, size === TEXT_SIZE ? RESULTS : RESULTS / 4, 8);
          return anonymize(text, spans, operators, { keys, tokenizer });
        }, budget(TEXT_SIZE)),
      );
      timings.push(
        await timeAtQuarterAndFullAsync(`${operator.operator}, long spans`, TEXT_SIZE, (size) => {
          const { text, spans } = request(size, 10, Math.floor(size / 10) - 1);
          return anonymize(text, spans, operators, { keys, tokenizer });
        }, budget(TEXT_SIZE)),
      );
    }
    expect(violations(timings, budget(TEXT_SIZE))).toEqual([]);
  }, 120_000);

  it('a span on every other character (the densest disjoint results: one character and a separator)', async () => {
    const timing = await timeAtQuarterAndFullAsync('tokenize, a span per two characters', 100_000, (size) => {
      const text = repeatTo('a ', size);
      const spans = Array.from({ length: size / 2 }, (_value, index) => ({ entityType: 'X', start: 2 * index, end: 2 * index + 1 }));
      return anonymize(text, spans, { DEFAULT: { operator: 'tokenize' } }, { keys, tokenizer });
    }, budget(100_000));
    expect(violations([timing], budget(100_000))).toEqual([]);
  }, 60_000);

  it('POST /anonymize request parsing and code-point offsets on 900 KB with 1,000 results', async () => {
    const timing = await timeAtQuarterAndFullAsync('parse + offsets', TEXT_SIZE, (size) => {
      const { text, spans } = request(size, size === TEXT_SIZE ? RESULTS : RESULTS / 4, 8);
      const codePoints = offsetMapper(text);
      const results = spans.map((span) => ({ start: codePoints.toCodePoint(span.start), end: codePoints.toCodePoint(span.end), score: 0.85, entity_type: span.entityType }));
      const body = { text, analyzer_results: results };
      const parsed = parseAnonymizeRequest(body);
      if (!parsed.ok) throw new Error(parsed.problems.join('; '));
      const offsets = offsetMapper(text);
      for (const result of parsed.value.analyzerResults) offsets.toUtf16(result.end);
      return Promise.resolve();
    }, budget(TEXT_SIZE));
    expect(violations([timing], budget(TEXT_SIZE))).toEqual([]);
  }, 60_000);
});
