import { anonymize, operatorFor, resolveOverlaps } from './anonymizer';
import { hash, OperatorMap, Tokenizer } from './operators';

const keys = { hashKey: Buffer.alloc(32, 1), encryptKey: Buffer.alloc(32, 2) };

const README_TEXT = 'hello world, my name is Jane Doe. My number is: 034453334';
const README_RESULTS = [
  { start: 24, end: 32, score: 0.8, entityType: 'NAME' },
  { start: 24, end: 28, score: 0.8, entityType: 'FIRST_NAME' },
  { start: 29, end: 32, score: 0.6, entityType: 'LAST_NAME' },
  { start: 48, end: 57, score: 0.95, entityType: 'PHONE_NUMBER' },
];
const README_OPERATORS: OperatorMap = {
  DEFAULT: { operator: 'replace', params: { newValue: 'ANONYMIZED' } },
  PHONE_NUMBER: { operator: 'mask', params: { maskingChar: '*', charsToMask: 4, fromEnd: true } },
};

describe('resolveOverlaps', () => {
  it('keeps the earliest, then longest span and drops those overlapping it', () => {
    expect(resolveOverlaps(README_RESULTS, README_TEXT.length).map((span) => span.entityType)).toEqual(['NAME', 'PHONE_NUMBER']);
  });
  it('is deterministic whatever the input order; ties go to score then entity name', () => {
    const spans = [
      { start: 0, end: 4, score: 0.5, entityType: 'B' },
      { start: 0, end: 4, score: 0.9, entityType: 'C' },
      { start: 0, end: 4, score: 0.9, entityType: 'A' },
      { start: 2, end: 8, score: 1, entityType: 'D' },
      { start: 8, end: 9, score: 1, entityType: 'E' },
    ];
    const expected = ['A', 'E'];
    expect(resolveOverlaps(spans, 10).map((span) => span.entityType)).toEqual(expected);
    expect(resolveOverlaps([...spans].reverse(), 10).map((span) => span.entityType)).toEqual(expected);
  });
  it('returns its own array for spans already in order, and keeps those after a dropped one', () => {
    const disjoint = [
      { start: 0, end: 4, entityType: 'A' },
      { start: 5, end: 9, entityType: 'B' },
    ];
    const kept = resolveOverlaps(disjoint, 10);
    expect(kept).toEqual(disjoint);
    expect(kept).not.toBe(disjoint);
    const ordered = [
      { start: 0, end: 4, entityType: 'A' },
      { start: 2, end: 3, entityType: 'B' },
      { start: 3, end: 5, entityType: 'C' },
      { start: 4, end: 6, entityType: 'D' },
      { start: 6, end: 9, entityType: 'E' },
    ];
    expect(resolveOverlaps(ordered, 10).map((span) => span.entityType)).toEqual(['A', 'D', 'E']);
  });
  it('rejects spans outside the text or empty', () => {
    expect(() => resolveOverlaps([{ start: 0, end: 11, entityType: 'X' }], 10)).toThrow(RangeError);
    expect(() => resolveOverlaps([{ start: 3, end: 3, entityType: 'X' }], 10)).toThrow(RangeError);
    expect(() => resolveOverlaps([{ start: -1, end: 3, entityType: 'X' }], 10)).toThrow(RangeError);
  });
});

describe('operatorFor', () => {
  it('uses the entity operator, else DEFAULT, else replace', () => {
    expect(operatorFor(README_OPERATORS, 'PHONE_NUMBER').operator).toBe('mask');
    expect(operatorFor(README_OPERATORS, 'NAME')).toEqual(README_OPERATORS.DEFAULT);
    expect(operatorFor({}, 'NAME')).toEqual({ operator: 'replace' });
  });

  it('never takes an operator from Object.prototype for entities named like its members', () => {
    for (const entityType of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(operatorFor({}, entityType)).toEqual({ operator: 'replace' });
      expect(operatorFor(README_OPERATORS, entityType)).toEqual(README_OPERATORS.DEFAULT);
    }
  });
});

describe('anonymize', () => {
  it('reproduces Presidio README output with items at their NEW offsets', async () => {
    const result = await anonymize(README_TEXT, README_RESULTS, README_OPERATORS, { keys });
    expect(result.text).toBe('hello world, my name is ANONYMIZED. My number is: 03445****');
    expect(result.items).toEqual([
      { start: 24, end: 34, entityType: 'NAME', text: 'ANONYMIZED', operator: 'replace' },
      { start: 50, end: 59, entityType: 'PHONE_NUMBER', text: '03445****', operator: 'mask' },
    ]);
    for (const item of result.items) expect(result.text.slice(item.start, item.end)).toBe(item.text);
  });
  it('replaces with <ENTITY_TYPE> when no operator is configured and handles spans at both ends', async () => {
    const result = await anonymize('jane@x.io wrote to bob@y.io', [
      { start: 19, end: 27, entityType: 'EMAIL_ADDRESS' },
      { start: 0, end: 9, entityType: 'EMAIL_ADDRESS' },
    ], {}, { keys });
    expect(result.text).toBe('<EMAIL_ADDRESS> wrote to <EMAIL_ADDRESS>');
    expect(result.items.map((item) => [item.start, item.end])).toEqual([[0, 15], [25, 40]]);
  });
  it('returns the text unchanged without spans', async () => {
    expect(await anonymize('nothing here', [], {}, { keys })).toEqual({ text: 'nothing here', items: [] });
  });
  it('hashes with the configured key, so equal values give equal outputs', async () => {
    const result = await anonymize('a@x.io a@x.io', [
      { start: 0, end: 6, entityType: 'EMAIL_ADDRESS' },
      { start: 7, end: 13, entityType: 'EMAIL_ADDRESS' },
    ], { DEFAULT: { operator: 'hash' } }, { keys });
    expect(result.items[0].text).toBe(hash('a@x.io', keys.hashKey));
    expect(result.items[1].text).toBe(result.items[0].text);
  });
  it('tokenizes through the vault in one call per namespace', async () => {
    const tokenizer: Tokenizer = {
      tokenizeMany: jest.fn(async (namespace: string, entries: ReadonlyArray<{ entityType: string; value: string }>) =>
        entries.map((entry) => `tok_${namespace}_${entry.value.length}`),
      ),
    };
    const operators: OperatorMap = {
      EMAIL_ADDRESS: { operator: 'tokenize' },
      PHONE_NUMBER: { operator: 'tokenize', params: { namespace: 'phones' } },
    };
    const text = 'a@x.io 555-1234 bb@x.io';
    const result = await anonymize(text, [
      { start: 0, end: 6, entityType: 'EMAIL_ADDRESS' },
      { start: 7, end: 15, entityType: 'PHONE_NUMBER' },
      { start: 16, end: 23, entityType: 'EMAIL_ADDRESS' },
    ], operators, { keys, tokenizer });
    expect(result.text).toBe('tok_default_6 tok_phones_8 tok_default_7');
    expect(tokenizer.tokenizeMany).toHaveBeenCalledTimes(2);
    expect(tokenizer.tokenizeMany).toHaveBeenCalledWith('default', [
      { entityType: 'EMAIL_ADDRESS', value: 'a@x.io' },
      { entityType: 'EMAIL_ADDRESS', value: 'bb@x.io' },
    ]);
    expect(result.items.map((item) => item.operator)).toEqual(['tokenize', 'tokenize', 'tokenize']);
  });
  it('fails clearly when tokenize is configured without a vault', async () => {
    await expect(anonymize('abc', [{ start: 0, end: 3, entityType: 'X' }], { X: { operator: 'tokenize' } }, { keys })).rejects.toThrow(/token vault/);
  });
});
