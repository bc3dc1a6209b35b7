import { computeChecksum, RecordEnvelope, TOPICS } from '@atlas/contracts';
import { DEFAULT_MAX_MESSAGE_BYTES, messageSize, toKafkaMessage } from '@atlas/kafka';
import { ENVELOPE_OVERHEAD_BYTES, LARGEST_RECORD_BYTES, PUBLISHED_RECORD_OVERHEAD_BYTES } from './envelope-size';

describe('envelope size', () => {
  it('measures the envelope around a payload from its longest possible fields', () => {
    expect(ENVELOPE_OVERHEAD_BYTES).toBe(1908);
    expect(PUBLISHED_RECORD_OVERHEAD_BYTES).toBe(1908 + 1024);
    expect(LARGEST_RECORD_BYTES).toBe(DEFAULT_MAX_MESSAGE_BYTES - 1908 - 1024);
  });

  it('bounds what a real envelope adds to its payload', () => {
    const payload = { name: 'Jane', tags: ['a', 'b'] };
    const envelope: RecordEnvelope = {
      recordId: '0192f0c1-7a3b-5c3d-8e4f-5a6b7c8d9e00',
      sourceId: 'a-source-id-of-moderate-length',
      runId: '0192f0c1-7a3b-5c3d-8e4f-5a6b7c8d9e01',
      position: { index: 9999, total: 10000 },
      ingestedAt: new Date().toISOString(),
      checksum: computeChecksum(payload),
      payload,
    };
    const overhead = Buffer.byteLength(JSON.stringify(envelope)) - Buffer.byteLength(JSON.stringify(payload));
    expect(overhead).toBeLessThanOrEqual(ENVELOPE_OVERHEAD_BYTES);
  });

  it('leaves room for the key and every header the publisher sets on an envelope', () => {
    const envelope = { recordId: 'ffffffff-ffff-5fff-bfff-ffffffffffff', sourceId: 'x'.repeat(63), runId: 'ffffffff-ffff-5fff-bfff-ffffffffffff', position: { index: 2 ** 31 - 1, total: 2 ** 31 - 1 }, payload: {} };
    const headers = { traceparent: `00-${'f'.repeat(32)}-${'f'.repeat(16)}-01`, tracestate: 'x'.repeat(512) };
    const message = toKafkaMessage(TOPICS.INGEST_RECORDS, { key: envelope.recordId, value: envelope, headers });
    const besidesValue = messageSize(message) - Buffer.byteLength(JSON.stringify(envelope));
    expect(besidesValue).toBe(36 + 11 + 55 + 10 + 512 + 156);
    expect(besidesValue).toBeLessThanOrEqual(PUBLISHED_RECORD_OVERHEAD_BYTES - ENVELOPE_OVERHEAD_BYTES);
  });
});
