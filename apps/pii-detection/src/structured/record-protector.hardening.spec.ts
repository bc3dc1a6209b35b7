import { MAX_PAYLOAD_DEPTH, PayloadTooDeepError } from '@atlas/contracts';
import { parseDocument } from '../anonymization/policies/policy-document';
import { BUILT_IN_DEFAULT_POLICY, ResolvedPolicy } from '../anonymization/policies/policy.types';
import { createAnalyzer } from '../detection/detection.factory';
import { AnalyzeOptions, RecognizerResult, TextAnalyzer } from '../detection/detection.types';
import { StoredColumnClassification } from './column-class';
import { ColumnClassificationStore } from './column-registry';
import { RecordProtector } from './record-protector';

/** Finds e-mails (validated), the word "Ada" anywhere (even inside other tokens), and counts its calls. */
class ScriptedAnalyzer implements TextAnalyzer {
  calls: string[] = [];
  analyze(text: string, _options?: AnalyzeOptions): RecognizerResult[] {
    this.calls.push(text);
    const results: RecognizerResult[] = [];
    for (const match of text.matchAll(/[a-z0-9.]+@[a-z]+\.com/g)) {
      results.push({ entityType: 'EMAIL_ADDRESS', start: match.index, end: match.index + match[0].length, score: 1, recognizer: 'scripted', validated: true });
    }
    for (const match of text.matchAll(/ada/gi)) {
      results.push({ entityType: 'PERSON', start: match.index, end: match.index + 3, score: 0.7, recognizer: 'scripted', validated: false });
    }
    return results;
  }
  recognizers() {
    return [];
  }
}

const keys = { hashKey: Buffer.alloc(32, 1), encryptKey: Buffer.alloc(32, 2) };
const policyWith = (rules: ResolvedPolicy['rules'], fieldRules: ResolvedPolicy['fieldRules'] = {}): ResolvedPolicy => ({ ...BUILT_IN_DEFAULT_POLICY, rules, fieldRules });

describe('RecordProtector: object keys', () => {
  it('protects a key holding an e-mail like a value, and reports the protected path only', async () => {
    const protector = new RecordProtector(new ScriptedAnalyzer(), { keys });
    const result = await protector.protect('crm', { id: 'x', contacts: { 'jane@example.com': { note: 'hi' } } }, BUILT_IN_DEFAULT_POLICY);
    expect(result.payload).toEqual({ id: 'x', contacts: { '<EMAIL_ADDRESS>': { note: 'hi' } } });
    expect(result.findings).toEqual([{ field: 'contacts.<EMAIL_ADDRESS>', entityType: 'EMAIL_ADDRESS', start: 0, end: 16, score: 1, operator: 'replace' }]);
    expect([...result.protectedFields]).toEqual(['contacts.<EMAIL_ADDRESS>']);
    expect(JSON.stringify(result)).not.toContain('jane@');
  });

  it('keeps keys unique when protected keys collide, and never renames a key left as it was', async () => {
    const protector = new RecordProtector(new ScriptedAnalyzer(), { keys });
    const payload = { 'a@x.com': 1, '<EMAIL_ADDRESS>': 2, 'b@y.com': 3, '<EMAIL_ADDRESS>#2': 4 };
    const result = await protector.protect('crm', payload, BUILT_IN_DEFAULT_POLICY);
    expect(Object.entries(result.payload)).toEqual([
      ['<EMAIL_ADDRESS>#3', 1],
      ['<EMAIL_ADDRESS>', 2],
      ['<EMAIL_ADDRESS>#4', 3],
      ['<EMAIL_ADDRESS>#2', 4],
    ]);
  });

  it('applies the policy operator of the entity to keys (hash) and through the vault (tokenize)', async () => {
    const tokenizer = { tokenizeMany: async (_namespace: string, entries: ReadonlyArray<{ value: string }>) => entries.map((_entry, index) => `tok_${index}`) };
    const hashed = await new RecordProtector(new ScriptedAnalyzer(), { keys }).protect('crm', { 'jane@example.com': 'v' }, policyWith({ EMAIL_ADDRESS: { operator: 'hash' } }));
    const [hashedKey] = Object.keys(hashed.payload);
    expect(hashedKey).toMatch(/^[0-9a-f]{64}$/);
    expect(hashed.findings[0]).toMatchObject({ field: hashedKey, operator: 'hash' });
    const tokenized = await new RecordProtector(new ScriptedAnalyzer(), { keys, tokenizer }).protect('crm', { list: [{ 'jane@example.com': 'v' }] }, policyWith({ EMAIL_ADDRESS: { operator: 'tokenize' } }));
    expect(tokenized.payload).toEqual({ list: [{ tok_0: 'v' }] });
    expect(tokenized.findings[0].field).toBe('list[0].tok_0');
  });

  it('classifies values under keys holding personal data as one column named by entity type', async () => {
    const protector = new RecordProtector(new ScriptedAnalyzer(), { keys }, { samplesToClassify: 2 });
    const policy = policyWith({ EMAIL_ADDRESS: { operator: 'hash' } });
    await protector.protect('crm', { scores: { 'a@x.com': 'A-1', 'b@x.com': 'B-2' } }, policy);
    expect(protector.classificationOf('crm', 'scores.<EMAIL_ADDRESS>')).toMatchObject({ mode: 'none', identifier: true });
  });
});

describe('RecordProtector: special keys, field rules and deep payloads', () => {
  it('looks field rules up as own properties and never pollutes the protected payload', async () => {
    const document = parseDocument(JSON.parse('{"rules":{"DEFAULT":{"operator":"replace"}},"fieldRules":{"__proto__":{"operator":"redact"},"constructor":{"operator":"drop"},"note":{"operator":"drop"}}}'))!;
    const policy = policyWith(BUILT_IN_DEFAULT_POLICY.rules, document.fieldRules);
    const payload = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":"c","toString":"t","hasOwnProperty":"h","":"write to a@x.com","nested":{"":"v","toString":"ok"}}');
    const result = await new RecordProtector(new ScriptedAnalyzer(), { keys }).protect('crm', payload, policy);
    expect(Object.getPrototypeOf(result.payload)).toBe(Object.prototype);
    expect(Object.keys(result.payload)).toEqual(['__proto__', 'toString', 'hasOwnProperty', '', 'nested']);
    // The `__proto__` rule (redact) applies to the own `__proto__` field's values, field by field.
    expect(Object.getOwnPropertyDescriptor(result.payload, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(result.payload.toString).toBe('t');
    expect(result.payload['']).toBe('write to <EMAIL_ADDRESS>');
    expect(result.payload.nested).toEqual({ '': 'v', toString: 'ok' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.findings).toEqual([{ field: '[""]', entityType: 'EMAIL_ADDRESS', start: 9, end: 16, score: 1, operator: 'replace' }]);
    expect([...result.protectedFields].sort()).toEqual(['[""]', 'constructor']);
  });

  it('refuses a payload nested deeper than the bound with a permanent, coded error, however deep', async () => {
    const protector = new RecordProtector(new ScriptedAnalyzer(), { keys });
    const nest = (levels: number) => {
      let value: Record<string, unknown> = { leaf: 'a@x.com' };
      for (let level = 1; level < levels; level++) value = { child: value };
      return value;
    };
    await expect(protector.protect('crm', nest(MAX_PAYLOAD_DEPTH), BUILT_IN_DEFAULT_POLICY)).resolves.toMatchObject({ findings: [{ entityType: 'EMAIL_ADDRESS' }] });
    for (const levels of [MAX_PAYLOAD_DEPTH + 1, 100000]) {
      const error = await protector.protect('crm', nest(levels), BUILT_IN_DEFAULT_POLICY).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PayloadTooDeepError);
      expect(error).toMatchObject({ code: 'PAYLOAD_TOO_DEEP', failureKind: 'permanent' });
    }
  });
});

describe('RecordProtector: sampling cannot be poisoned', () => {
  it('masks every e-mail that follows 60 harmless values in a column', async () => {
    const analyzer = new ScriptedAnalyzer();
    const protector = new RecordProtector(analyzer, { keys });
    for (let index = 0; index < 60; index++) await protector.protect('crm', { contact: `n/${index % 7}` }, BUILT_IN_DEFAULT_POLICY);
    expect(protector.classificationOf('crm', 'contact')).toMatchObject({ mode: 'none' });
    const outputs: unknown[] = [];
    for (let index = 0; index < 100; index++) outputs.push((await protector.protect('crm', { contact: `user${index}@example.com` }, BUILT_IN_DEFAULT_POLICY)).payload.contact);
    expect(outputs).toEqual(new Array(100).fill('<EMAIL_ADDRESS>'));
    expect(protector.classificationOf('crm', 'contact')).toMatchObject({ mode: 'free_text' });
  });

  it('skips only values proven harmless by their type: short numbers, enumeration members, UUIDs of identifier columns', async () => {
    const analyzer = new ScriptedAnalyzer();
    const protector = new RecordProtector(analyzer, { keys }, { samplesToClassify: 3 });
    const uuids = ['0b7c3a52-9d1e-4f60-8a2b-1c3d4e5f6a7b', '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', '3c2b1a0f-9e8d-47c6-b5a4-938271605f4e'];
    for (let index = 0; index < 3; index++) await protector.protect('crm', { amount: index + 0.5, status: ['open', 'closed', 'open'][index], ref: uuids[index] }, BUILT_IN_DEFAULT_POLICY);
    expect(protector.classificationOf('crm', 'ref')).toMatchObject({ mode: 'none', identifier: true });
    analyzer.calls = [];
    await protector.protect('crm', { amount: 12.25, status: 'open', ref: '7d6c5b4a-3928-4170-8f6e-5d4c3b2a1f0e' }, BUILT_IN_DEFAULT_POLICY);
    await protector.protect('crm', { amount: 4155550123, status: 'pending' }, BUILT_IN_DEFAULT_POLICY);
    // A long integer and a new enumeration value are scanned; known members, fractions and UUIDs are not.
    expect(analyzer.calls).toEqual(['4155550123', 'pending']);
  });
});

describe('RecordProtector: identifiers, phone numbers and over-masking', () => {
  it('never rewrites part of an identifier, but a validated finding in an identifier column still counts', async () => {
    const analyzer = new ScriptedAnalyzer();
    const protector = new RecordProtector(analyzer, { keys }, { samplesToClassify: 3 });
    for (const code of ['ORD-7ADA1', 'ORD-8ADA2', 'ORD-9XYZ3']) await protector.protect('crm', { order_code: code }, BUILT_IN_DEFAULT_POLICY);
    expect(protector.classificationOf('crm', 'order_code')).toMatchObject({ mode: 'none', identifier: true });
    expect((await protector.protect('crm', { order_code: 'ORD-5ADA7' }, BUILT_IN_DEFAULT_POLICY)).payload).toEqual({ order_code: 'ORD-5ADA7' });
    expect((await protector.protect('crm', { order_code: 'ask ada@mail.com' }, BUILT_IN_DEFAULT_POLICY)).payload).toEqual({ order_code: 'ask <EMAIL_ADDRESS>' });
    expect(protector.classificationOf('crm', 'order_code')).toMatchObject({ mode: 'free_text' });
  });

  it('protects a phone number given as a JSON number or bare digits in a phone-named field (as a string)', async () => {
    const protector = new RecordProtector(new ScriptedAnalyzer(), { keys });
    const result = await protector.protect('crm', { phone: 4155550123, mobile: '4155550123', count: 4155550123 }, BUILT_IN_DEFAULT_POLICY);
    expect(result.payload).toEqual({ phone: '<PHONE_NUMBER>', mobile: '<PHONE_NUMBER>', count: 4155550123 });
    const masked = await protector.protect('crm', { phone: 4155550123 }, policyWith({ PHONE_NUMBER: { operator: 'mask', params: { maskingChar: '*', keepLast: 2 } } }));
    expect(masked.payload).toEqual({ phone: '********23' });
  });

  it('with the real analyzer: leaves versions, bare years and system timestamps alone, protects personal dates', async () => {
    const protector = new RecordProtector(createAnalyzer(), { keys }, { samplesToClassify: 3 });
    const records = [
      { build: '1.2.3.4', version: '10.0.0.1', year: 1987, created_at: '2026-01-04T10:00:00Z', birth_date: '1987-04-12', phone: 4155550123 },
      { build: '2.10.1', version: '4.0.12.7', year: 2001, created_at: '2026-02-11T08:30:00Z', birth_date: '1990-11-02', phone: 6505550199 },
      { build: '3.0.0-rc.1', version: '1.1.1.1', year: 1999, created_at: '2026-03-20T17:45:10Z', birth_date: '1975-07-14', phone: 2125550147 },
      { build: '3.0.1', version: '1.1.2.0', year: 2024, created_at: '2026-04-01T00:00:00Z', birth_date: '1962-01-30', phone: 3125550182 },
    ];
    for (const record of records) {
      const result = await protector.protect('app', record, BUILT_IN_DEFAULT_POLICY);
      expect(result.payload).toEqual({ ...record, birth_date: '<DATE_TIME>', phone: '<PHONE_NUMBER>' });
    }
  });
});

describe('RecordProtector with a classification store', () => {
  class MemoryStore implements ColumnClassificationStore {
    rows = new Map<string, StoredColumnClassification>();
    decisions: StoredColumnClassification[] = [];
    private listener?: (sourceId: string, classification: StoredColumnClassification) => void;
    async loadSource(sourceId: string) {
      return [...this.rows.entries()].filter(([key]) => key.startsWith(`${sourceId}/`)).map(([, row]) => row);
    }
    recordDecision(sourceId: string, classification: StoredColumnClassification) {
      this.decisions.push(classification);
      const existing = this.rows.get(`${sourceId}/${classification.field}`);
      if (existing?.decidedBy !== 'user') this.rows.set(`${sourceId}/${classification.field}`, classification);
    }
    async flush() {}
    onOverride(listener: (sourceId: string, classification: StoredColumnClassification) => void) {
      this.listener = listener;
    }
    override(sourceId: string, classification: StoredColumnClassification) {
      this.rows.set(`${sourceId}/${classification.field}`, classification);
      this.listener?.(sourceId, classification);
    }
  }

  it('records decisions with their evidence and reuses them in a new process without sampling again', async () => {
    const store = new MemoryStore();
    const first = new RecordProtector(new ScriptedAnalyzer(), { keys }, { samplesToClassify: 2 }, store);
    await first.protect('crm', { email: 'a@x.com' }, BUILT_IN_DEFAULT_POLICY);
    await first.protect('crm', { email: 'b@x.com' }, BUILT_IN_DEFAULT_POLICY);
    expect(store.decisions).toEqual([
      { field: 'email', columnClass: 'personal', entityType: 'EMAIL_ADDRESS', ignoredEntityTypes: [], confidence: 1, sampledValues: 2, valuesWithFindings: 2, decidedBy: 'sampler' },
    ]);
    const analyzer = new ScriptedAnalyzer();
    const restarted = new RecordProtector(analyzer, { keys }, { samplesToClassify: 2 }, store);
    const result = await restarted.protect('crm', { email: 'not an address' }, BUILT_IN_DEFAULT_POLICY);
    expect(result.payload).toEqual({ email: '<EMAIL_ADDRESS>' });
    expect(analyzer.calls).toEqual(['email']);
  });

  it("applies a user's override at once and never lets the sampler replace it", async () => {
    const store = new MemoryStore();
    const protector = new RecordProtector(new ScriptedAnalyzer(), { keys }, { samplesToClassify: 2 }, store);
    await protector.protect('crm', { build: 'x' }, BUILT_IN_DEFAULT_POLICY);
    store.override('crm', { field: 'build', columnClass: 'personal', entityType: 'PERSON', ignoredEntityTypes: [], confidence: 1, sampledValues: 0, valuesWithFindings: 0, decidedBy: 'user' });
    expect((await protector.protect('crm', { build: '1.0' }, BUILT_IN_DEFAULT_POLICY)).payload).toEqual({ build: '<PERSON>' });
    store.override('crm', { field: 'build', columnClass: 'non_personal', entityType: null, ignoredEntityTypes: [], confidence: 1, sampledValues: 0, valuesWithFindings: 0, decidedBy: 'user' });
    // A user's non_personal verdict leaves values as they are, findings or not; no sampler decision follows.
    expect((await protector.protect('crm', { build: 'ask a@x.com' }, BUILT_IN_DEFAULT_POLICY)).payload).toEqual({ build: 'ask a@x.com' });
    expect(store.decisions).toEqual([]);
  });
});
