import { DEFAULT_RECORD_LIMITS } from '@atlas/ingestion';
import { checkRawRecord, kafkaLocation } from './raw-record-check';

const limits = { ...DEFAULT_RECORD_LIMITS, MAX_RECORD_BYTES: 1024 };

describe('checkRawRecord', () => {
  it('accepts an object naming a valid source, with or without a record key', () => {
    expect(checkRawRecord({ name: 'Ada' }, { 'atlas-source-id': 'crm' }, limits)).toEqual({ accepted: true, sourceId: 'crm' });
    expect(checkRawRecord({ name: 'Ada' }, { 'atlas-source-id': 'crm', 'atlas-record-key': 'customer-17' }, limits)).toEqual({
      accepted: true,
      sourceId: 'crm',
      recordKey: 'customer-17',
    });
  });

  it('refuses a record without the source header, or with an invalid source id, without quoting it', () => {
    expect(checkRawRecord({ name: 'Ada' }, {}, limits)).toEqual({ accepted: false, reason: "missing the atlas-source-id header naming the record's source" });
    const verdict = checkRawRecord({ name: 'Ada' }, { 'atlas-source-id': 'Ada Lovelace' }, limits);
    expect(verdict).toEqual({
      accepted: false,
      reason: 'the atlas-source-id header is not a source id (1 to 63 of a-z, 0-9, _ and -, starting with a letter or digit)',
    });
  });

  it('refuses an empty, overlong or control-character record key, naming the header', () => {
    const reason = 'the atlas-record-key header must be 1 to 255 characters without control characters';
    for (const key of ['', 'k'.repeat(256), 'line\nbreak']) {
      expect(checkRawRecord({ name: 'Ada' }, { 'atlas-source-id': 'crm', 'atlas-record-key': key }, limits)).toEqual({ accepted: false, sourceId: 'crm', reason });
    }
    expect(checkRawRecord({}, { 'atlas-source-id': 'crm', 'atlas-record-key': 'k'.repeat(255) }, limits).accepted).toBe(true);
  });

  it('refuses an oversized record and one holding NUL, naming the limit and the position only', () => {
    const oversized = checkRawRecord({ text: 'x'.repeat(2000) }, { 'atlas-source-id': 'crm' }, limits);
    expect(oversized).toEqual({ accepted: false, sourceId: 'crm', reason: 'record refused: 2011 bytes as JSON, over the limit of 1024 (MAX_RECORD_BYTES)' });
    const withNul = checkRawRecord({ name: 'Ada', note: 'a\u0000b' }, { 'atlas-source-id': 'crm' }, limits);
    expect(withNul).toEqual({
      accepted: false,
      sourceId: 'crm',
      reason: 'record refused: a string at $[0]{1} holds the NUL character (\\u0000), which PostgreSQL jsonb cannot store',
    });
  });

  it('refuses a record nested deeper than the limit', () => {
    let deep: Record<string, unknown> = {};
    for (let level = 0; level < 40; level++) deep = { inner: deep };
    const verdict = checkRawRecord(deep, { 'atlas-source-id': 'crm' }, limits);
    expect(verdict.accepted).toBe(false);
    expect(!verdict.accepted && verdict.reason).toMatch(/^record refused: the value at \$\[0\](\{0\}){32} nests deeper than the limit of 32 levels \(MAX_NESTING_DEPTH\)$/);
  });

  it('names a Kafka location by topic, partition and offset', () => {
    expect(kafkaLocation('atlas.raw.records.v1', 2, '1234')).toBe('kafka:atlas.raw.records.v1/2/1234');
  });
});
