/**
 * The inputs that once took seconds (issue 6, "CPU bounds"), timed against the real analyzer and
 * anonymizer: `npm run bench:pii -- --adversarial`. Each case reports the fastest of three runs.
 */
import { anonymize, AnonymizerSpan } from '../apps/pii-detection/src/anonymization/anonymizer';
import { PiiAnalyzer } from '../apps/pii-detection/src/detection/pii-analyzer';

const repeatTo = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

async function fastestMs(work: (run: number) => unknown): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    await work(run);
    best = Math.min(best, performance.now() - started);
  }
  return Math.round(best * 10) / 10;
}

export interface AdversarialTiming {
  input: string;
  before: string;
  ms: number;
}

export async function adversarialTimings(analyzer: PiiAnalyzer): Promise<AdversarialTiming[]> {
  // A different last character each run: the analyzer must not answer from a per-text cache.
  const analyze = (text: string) => (run: number) => analyzer.analyze(`${text}${run}`);
  const cases: Array<[string, string, (run: number) => unknown]> = [
    ['/analyze, 200 KB of "a.co "', '9.5 s', analyze(repeatTo('a.co ', 200_000))],
    ['/analyze, 160 KB of "The "', '3.9 s', analyze(repeatTo('The ', 160_000))],
    ['/analyze, street line with 40 spaces', '2.2 s', analyze(`12 Main${' '.repeat(40)}Street${' '.repeat(40)}Springfield`)],
    ['/analyze, 100 KB of "12 Main  "', 'not measured', analyze(repeatTo('12 Main  ', 100_000))],
    ['/analyze, 100 KB of "Ab, "', 'not measured', analyze(repeatTo('Ab, ', 100_000))],
  ];
  const text = repeatTo('Jane Doe paid 4111 1111 1111 1111 on 2024-01-05 ', 900_000);
  const step = Math.floor(text.length / 1000);
  const spans: AnonymizerSpan[] = Array.from({ length: 1000 }, (_value, index) => ({ entityType: 'PERSON', start: index * step, end: index * step + 8, score: 0.85 }));
  const keys = { hashKey: Buffer.alloc(32, 1), encryptKey: Buffer.alloc(32, 2) };
  cases.push(['/anonymize, 900 KB with 1,000 results (hash)', '8.2 s', () => anonymize(text, spans, { DEFAULT: { operator: 'hash' } }, { keys })]);
  const timings: AdversarialTiming[] = [];
  for (const [input, before, work] of cases) timings.push({ input, before, ms: await fastestMs(work) });
  return timings;
}
