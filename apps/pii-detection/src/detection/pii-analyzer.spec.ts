import { createPatternRecognizers } from './default-recognizers';
import { ENTITY_TYPES, type AnalysisContext, type EntityType, type Recognizer, type RecognizerResult } from './detection.types';
import { PiiAnalyzer } from './pii-analyzer';

class FixedRecognizer implements Recognizer {
  readonly supportedEntities: readonly EntityType[];
  constructor(
    readonly name: string,
    private readonly result: Omit<RecognizerResult, 'recognizer'>,
    readonly supportedLanguages: readonly string[] = ['*'],
  ) {
    this.supportedEntities = [result.entityType];
  }
  analyze(_text: string, _context: AnalysisContext): RecognizerResult[] {
    return [{ ...this.result, recognizer: this.name }];
  }
}

describe('PiiAnalyzer', () => {
  const analyzer = new PiiAnalyzer(createPatternRecognizers());

  it('covers every non-NER entity type', () => {
    const covered = new Set(analyzer.recognizers().flatMap((r) => r.supportedEntities));
    const expected = ENTITY_TYPES.filter((e) => e !== 'PERSON' && e !== 'LOCATION' && e !== 'NRP');
    expect([...covered].sort()).toEqual([...expected].sort());
  });

  it('analyses a mixed sentence, sorted by start, without overlaps', () => {
    const text = 'Mail harold.smith@gmail.com, card 4111 1111 1111 1111, call (212) 555-0199 on 2024-01-05.';
    const out = analyzer.analyze(text);
    expect(out.map((r) => [r.entityType, text.slice(r.start, r.end)])).toEqual([
      ['EMAIL_ADDRESS', 'harold.smith@gmail.com'],
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['PHONE_NUMBER', '(212) 555-0199'],
      ['DATE_TIME', '2024-01-05'],
    ]);
    for (let i = 1; i < out.length; i++) expect(out[i].start).toBeGreaterThanOrEqual(out[i - 1].end);
  });

  it('applies the entity filter, threshold and language filter', () => {
    const text = 'Mail harold.smith@gmail.com or call (212) 555-0199';
    expect(analyzer.analyze(text, { entities: ['PHONE_NUMBER'] }).map((r) => r.entityType)).toEqual(['PHONE_NUMBER']);
    expect(analyzer.analyze(text, { scoreThreshold: 0.99 }).map((r) => r.entityType)).toEqual(['EMAIL_ADDRESS']);
    const langOnly = new PiiAnalyzer([new FixedRecognizer('en-only', { entityType: 'PERSON', start: 0, end: 4, score: 0.9, validated: false }, ['en'])]);
    expect(langOnly.analyze('Anna', { language: 'en' })).toHaveLength(1);
    expect(langOnly.analyze('Anna', { language: 'de' })).toHaveLength(0);
    expect(analyzer.analyze('SSN 536-32-3065', { language: 'de' }).map((r) => r.entityType)).not.toContain('US_SSN');
  });

  it('keeps per-language recognizer lists apart across calls and never returns its working array twice', () => {
    const mixed = new PiiAnalyzer([
      new FixedRecognizer('en-only', { entityType: 'PERSON', start: 0, end: 4, score: 0.9, validated: false }, ['en']),
      new FixedRecognizer('de-only', { entityType: 'LOCATION', start: 5, end: 9, score: 0.9, validated: false }, ['de']),
      new FixedRecognizer('any', { entityType: 'DATE_TIME', start: 10, end: 14, score: 0.4, validated: false }),
    ]);
    const text = 'Anna Bonn 1999';
    expect(mixed.analyze(text, { language: 'en' }).map((r) => r.recognizer)).toEqual(['en-only']);
    expect(mixed.analyze(text, { language: 'de' }).map((r) => r.recognizer)).toEqual(['de-only']);
    expect(mixed.analyze(text, { language: 'en', scoreThreshold: 0.3 }).map((r) => r.recognizer)).toEqual(['en-only', 'any']);
    const first = mixed.analyze(text);
    expect(mixed.analyze(text)).not.toBe(first);
    expect(first).toHaveLength(1);
  });

  it('uses the field name as context', () => {
    expect(analyzer.analyze('2813882583', { fieldName: 'customer_phone' }).map((r) => r.entityType)).toEqual(['PHONE_NUMBER']);
    expect(analyzer.analyze('2813882583')).toEqual([]);
  });

  it('gives the same output whatever the recognizer order', () => {
    const text = 'ssn 536-32-3065 phone 212-555-0199 acct 12345678901 dob 3/23/1940 ip 10.0.0.1 at 15 Millicent Drive, Suite 459';
    const recs = createPatternRecognizers();
    const expected = JSON.stringify(new PiiAnalyzer(recs).analyze(text));
    expect(JSON.parse(expected).length).toBeGreaterThan(4);
    expect(JSON.stringify(new PiiAnalyzer(recs.slice().reverse()).analyze(text))).toBe(expected);
  });

  it('returns nothing for empty or PII-free text', () => {
    expect(analyzer.analyze('')).toEqual([]);
    expect(analyzer.analyze('The quick brown fox jumps over the lazy dog.')).toEqual([]);
    expect(analyzer.analyze('Order #123456 shipped in 3 boxes, version 1.2.3, build 42')).toEqual([]);
  });

  it('stays fast on 100 kB adversarial input', () => {
    const inputs = ['1'.repeat(100_000), '1 '.repeat(50_000), 'a.'.repeat(50_000), ':1'.repeat(50_000), '12 Main '.repeat(12_500), 'x@'.repeat(50_000), 'Ab1 '.repeat(25_000)];
    for (const input of inputs) {
      const t = Date.now();
      analyzer.analyze(input);
      expect(Date.now() - t).toBeLessThan(1500);
    }
  });
});
