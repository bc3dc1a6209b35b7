import { BUILT_IN_DEFAULT_POLICY, ResolvedPolicy } from '../anonymization/policies/policy.types';
import { AnalyzeOptions, RecognizerResult, TextAnalyzer } from '../detection/detection.types';
import { FieldClassifier } from './field-classifier';
import { RecordProtector } from './record-protector';

/** A stand-in analyzer: finds e-mail addresses and the word "Alice", and counts its calls. */
class FakeAnalyzer implements TextAnalyzer {
  calls = 0;
  analyze(text: string, _options?: AnalyzeOptions): RecognizerResult[] {
    this.calls++;
    const results: RecognizerResult[] = [];
    for (const match of text.matchAll(/[a-z.]+@[a-z]+\.com/g)) {
      results.push({ entityType: 'EMAIL_ADDRESS', start: match.index, end: match.index + match[0].length, score: 1, recognizer: 'fake', validated: true });
    }
    for (const match of text.matchAll(/Alice/g)) {
      results.push({ entityType: 'PERSON', start: match.index, end: match.index + 5, score: 0.85, recognizer: 'fake', validated: false });
    }
    return results;
  }
  recognizers() {
    return [];
  }
}

const keys = { hashKey: Buffer.alloc(32, 1), encryptKey: Buffer.alloc(32, 2) };

describe('RecordProtector', () => {
  it('replaces findings anywhere in a nested payload and reports paths and offsets, never values', async () => {
    const protector = new RecordProtector(new FakeAnalyzer(), { keys });
    const result = await protector.protect(
      'crm',
      { id: 7, contact: { email: 'alice@example.com', notes: ['call Alice', 'nothing'] } },
      BUILT_IN_DEFAULT_POLICY,
    );
    expect(result.payload).toEqual({ id: 7, contact: { email: '<EMAIL_ADDRESS>', notes: ['call <PERSON>', 'nothing'] } });
    expect(result.findings).toEqual([
      { field: 'contact.email', entityType: 'EMAIL_ADDRESS', start: 0, end: 17, score: 1, operator: 'replace' },
      { field: 'contact.notes[0]', entityType: 'PERSON', start: 5, end: 10, score: 0.85, operator: 'replace' },
    ]);
    expect(JSON.stringify(result.findings)).not.toContain('alice@');
    expect([...result.protectedFields].sort()).toEqual(['contact.email', 'contact.notes[0]']);
  });

  it('classifies a field once from samples and then protects whole values without scanning them', async () => {
    const analyzer = new FakeAnalyzer();
    const protector = new RecordProtector(analyzer, { keys }, { samplesToClassify: 5 });
    for (let index = 0; index < 5; index++) await protector.protect('crm', { email: `user${'x'.repeat(index)}@example.com` }, BUILT_IN_DEFAULT_POLICY);
    expect(protector.classificationOf('crm', 'email')).toMatchObject({ entityType: 'EMAIL_ADDRESS', mode: 'whole_value' });
    const callsAfterLearning = analyzer.calls;
    const result = await protector.protect('crm', { email: 'someone@example.com' }, BUILT_IN_DEFAULT_POLICY);
    expect(result.payload).toEqual({ email: '<EMAIL_ADDRESS>' });
    expect(analyzer.calls).toBe(callsAfterLearning);
    // Another source learns its own fields.
    expect(protector.classificationOf('other', 'email')).toBeUndefined();
  });

  it('scans every value of a field classified as holding nothing personal and re-classifies it on the first finding', async () => {
    const analyzer = new FakeAnalyzer();
    const protector = new RecordProtector(analyzer, { keys }, { samplesToClassify: 3 });
    for (const code of ['A-1', 'B-2', 'C-3']) await protector.protect('crm', { code }, BUILT_IN_DEFAULT_POLICY);
    expect(protector.classificationOf('crm', 'code')).toMatchObject({ mode: 'none' });
    // Before: a value after the sample was skipped (1 in 50 re-checked), so this one passed in clear.
    const next = await protector.protect('crm', { code: 'x@y.com' }, BUILT_IN_DEFAULT_POLICY);
    expect(next.payload).toEqual({ code: '<EMAIL_ADDRESS>' });
    expect(protector.classificationOf('crm', 'code')).toEqual({ entityType: null, confidence: 1, mode: 'free_text' });
  });

  it('applies field rules of the policy: drop removes the field, keep leaves it, others protect the whole value', async () => {
    const policy: ResolvedPolicy = {
      ...BUILT_IN_DEFAULT_POLICY,
      policyId: 'crm',
      version: 3,
      rules: { EMAIL_ADDRESS: { operator: 'hash' }, DEFAULT: { operator: 'replace' } },
      fieldRules: { secret: { operator: 'drop' }, comment: { operator: 'keep' }, ssn: { operator: 'redact' } },
    };
    const protector = new RecordProtector(new FakeAnalyzer(), { keys });
    const first = await protector.protect('crm', { email: 'a@b.com', secret: 's', comment: 'Alice', ssn: '123' }, policy);
    const second = await protector.protect('crm', { email: 'a@b.com' }, policy);
    expect(first.payload).not.toHaveProperty('secret');
    expect(first.payload.comment).toBe('Alice');
    expect(first.payload.ssn).toBe('');
    expect(first.payload.email).toMatch(/^[0-9a-f]{64}$/);
    // Keyed hashing is deterministic, so joins on the protected column still work.
    expect(second.payload.email).toBe(first.payload.email);
    expect(first.protectedFields.has('secret')).toBe(true);
  });
});

describe('RecordProtector vault and arrays', () => {
  it('only waits for the vault on tokenize spans, in traversal order, and keeps other operators synchronous', async () => {
    const calls: string[] = [];
    const tokenizer = {
      tokenizeMany: async (_namespace: string, entries: ReadonlyArray<{ entityType: string; value: string }>) => {
        calls.push(...entries.map((e) => e.value));
        return entries.map((_e, i) => `tok_${calls.length - entries.length + i}`);
      },
    };
    const policy: ResolvedPolicy = { ...BUILT_IN_DEFAULT_POLICY, rules: { EMAIL_ADDRESS: { operator: 'tokenize' }, DEFAULT: { operator: 'replace' } } };
    const protector = new RecordProtector(new FakeAnalyzer(), { keys, tokenizer });
    const result = await protector.protect('crm', { a: 'x@y.com and Alice', list: ['Alice', 'b@c.com'], n: 5, none: null }, policy);
    expect(result.payload).toEqual({ a: 'tok_0 and <PERSON>', list: ['<PERSON>', 'tok_1'], n: 5, none: null });
    expect(calls).toEqual(['x@y.com', 'b@c.com']);
    expect(result.findings.map((f) => [f.field, f.entityType, f.operator])).toEqual([
      ['a', 'EMAIL_ADDRESS', 'tokenize'],
      ['a', 'PERSON', 'replace'],
      ['list[0]', 'PERSON', 'replace'],
      ['list[1]', 'EMAIL_ADDRESS', 'tokenize'],
    ]);
    expect([...result.protectedFields].sort()).toEqual(['a', 'list[0]', 'list[1]']);
  });

  it('shares one classification across array items and keeps unchanged values as they were', async () => {
    const analyzer = new FakeAnalyzer();
    const protector = new RecordProtector(analyzer, { keys }, { samplesToClassify: 2 });
    await protector.protect('crm', { tags: ['a@b.com', 'c@d.com'] }, BUILT_IN_DEFAULT_POLICY);
    expect(protector.classificationOf('crm', 'tags[7]')).toMatchObject({ entityType: 'EMAIL_ADDRESS', mode: 'whole_value' });
    const plain = await protector.protect('crm', { note: 'nothing here', n: 12 }, BUILT_IN_DEFAULT_POLICY);
    expect(plain.payload).toEqual({ note: 'nothing here', n: 12 });
    expect(plain.findings).toEqual([]);
  });

  it('forgets evicted fields and learns them again', async () => {
    const analyzer = new FakeAnalyzer();
    const protector = new RecordProtector(analyzer, { keys }, { samplesToClassify: 1, maximumFields: 1 });
    await protector.protect('crm', { email: 'a@b.com' }, BUILT_IN_DEFAULT_POLICY);
    expect(protector.classificationOf('crm', 'email')).toMatchObject({ entityType: 'EMAIL_ADDRESS' });
    await protector.protect('crm', { other: 'x' }, BUILT_IN_DEFAULT_POLICY);
    expect(protector.classificationOf('crm', 'email')).toBeUndefined();
    const calls = analyzer.calls;
    await protector.protect('crm', { email: 'c@d.com' }, BUILT_IN_DEFAULT_POLICY);
    // Sampled and scanned again rather than treated as a known whole-value field.
    expect(analyzer.calls).toBeGreaterThan(calls);
  });
});

describe('RecordProtector with system timestamps', () => {
  /** Reports every ISO timestamp as DATE_TIME, as the real analyzer does. */
  class TimestampAnalyzer extends FakeAnalyzer {
    override analyze(text: string, options?: AnalyzeOptions): RecognizerResult[] {
      const results = super.analyze(text, options);
      for (const match of text.matchAll(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g)) {
        results.push({ entityType: 'DATE_TIME', start: match.index, end: match.index + match[0].length, score: 0.85, recognizer: 'fake', validated: false });
      }
      return results;
    }
  }

  it('leaves a created_at column alone, re-checks included, and still escalates on real personal data', async () => {
    const protector = new RecordProtector(new TimestampAnalyzer(), { keys }, { samplesToClassify: 3 });
    for (const day of ['01', '02', '03']) await protector.protect('crm', { created_at: `2026-01-${day}T10:00:00Z` }, BUILT_IN_DEFAULT_POLICY);
    expect(protector.classificationOf('crm', 'created_at')).toMatchObject({ mode: 'none', ignoredEntityTypes: ['DATE_TIME'] });
    const timestamp = await protector.protect('crm', { created_at: '2026-01-04T10:00:00Z' }, BUILT_IN_DEFAULT_POLICY);
    expect(timestamp.payload).toEqual({ created_at: '2026-01-04T10:00:00Z' });
    expect(protector.classificationOf('crm', 'created_at')).toMatchObject({ mode: 'none' });
    const leaked = await protector.protect('crm', { created_at: 'ask alice@example.com' }, BUILT_IN_DEFAULT_POLICY);
    expect(leaked.payload).toEqual({ created_at: 'ask <EMAIL_ADDRESS>' });
    expect(protector.classificationOf('crm', 'created_at')).toMatchObject({ mode: 'free_text' });
  });
});

describe('FieldClassifier', () => {
  const classifier = new FieldClassifier(new FakeAnalyzer());

  it('calls a field of one entity per value a whole-value field', () => {
    expect(classifier.classify('contact', ['a@b.com', 'c@d.com', 'e@f.com', 'g@h.com', 'i@j.com'])).toMatchObject({
      entityType: 'EMAIL_ADDRESS',
      mode: 'whole_value',
    });
  });

  it('never gives a free-text field a single entity label', () => {
    expect(classifier.classify('notes', ['write to a@b.com', 'Alice called', 'no news', 'ping c@d.com later'])).toEqual({
      entityType: null,
      confidence: 0.75,
      mode: 'free_text',
    });
  });

  it('keeps scanning prose with no findings yet, and skips codes and numbers', () => {
    expect(classifier.classify('comment', ['all good here', 'nothing to add'])).toMatchObject({ mode: 'free_text' });
    expect(classifier.classify('amount', [12.5, 3, '7.25', null])).toMatchObject({ mode: 'none' });
  });
});
