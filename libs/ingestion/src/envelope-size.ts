import { MAX_LOCATION_LENGTH, RecordEnvelope } from '@atlas/contracts';
import { DEFAULT_MAX_MESSAGE_BYTES } from '@atlas/kafka';

/**
 * What the publisher counts for a message besides its value: the key (a UUID), the trace headers
 * (`traceparent` is 55 bytes, `tracestate` is capped at 512 by W3C) and the envelope's run, source
 * and position headers (at most 156 bytes with their names), rounded up.
 */
const KAFKA_RECORD_OVERHEAD_BYTES = 1024;

/** The largest record-count limit GatewayEnvironment allows per push. */
export const LARGEST_RECORD_COUNT = 100_000;

/** An envelope whose every field but the payload has its longest possible serialization. */
function longestEnvelope(): RecordEnvelope {
  const uuid = 'ffffffff-ffff-5fff-bfff-ffffffffffff';
  return {
    recordId: uuid,
    sourceId: 'x'.repeat(63),
    runId: uuid,
    // Indexes are PostgreSQL integers (a file run may hold millions of rows). Locations are cut to MAX_LOCATION_LENGTH UTF-16 units with control characters replaced: at most 3 bytes each.
    position: { index: 2 ** 31 - 1, total: 2 ** 31 - 1, location: '\u20ac'.repeat(MAX_LOCATION_LENGTH) },
    // The latest date JavaScript can represent has the longest ISO form (an extended year).
    ingestedAt: new Date(8.64e15).toISOString(),
    checksum: 'f'.repeat(64),
    payload: {},
  };
}

/** What the envelope adds to a payload's JSON: the ids, position (with its location), timestamp and checksum (`{}` excluded). */
export const ENVELOPE_OVERHEAD_BYTES = Buffer.byteLength(JSON.stringify(longestEnvelope())) - 2;

/** What one published record costs on top of its payload's JSON. */
export const PUBLISHED_RECORD_OVERHEAD_BYTES = ENVELOPE_OVERHEAD_BYTES + KAFKA_RECORD_OVERHEAD_BYTES;

/**
 * The largest payload that still fits in one message once wrapped in its envelope, under the
 * publisher's default message limit (KAFKA_MAX_MESSAGE_BYTES; the publisher groups messages into
 * requests under it, so a push of many large records is sent whole).
 */
export const LARGEST_RECORD_BYTES = DEFAULT_MAX_MESSAGE_BYTES - PUBLISHED_RECORD_OVERHEAD_BYTES;
