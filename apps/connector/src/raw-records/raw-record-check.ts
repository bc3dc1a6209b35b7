import { KAFKA_HEADERS, RawRecord, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { RecordLimits, recordProblemOf } from '@atlas/ingestion';
import { StringHeaders } from '@atlas/observability';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
export const MAX_RECORD_KEY_LENGTH = 255;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export type RawRecordVerdict =
  | { accepted: true; sourceId: string; recordKey?: string }
  | { accepted: false; reason: string; sourceId?: string };

/** Where a raw record was read: `kafka:<topic>/<partition>/<offset>`. */
export function kafkaLocation(topic: string, partition: number, offset: string): string {
  return `kafka:${topic}/${partition}/${offset}`;
}

/**
 * Decides one raw record from an external producer: its headers name a valid source (and, when
 * given, a usable record key), and its value keeps every record limit. Reasons name the header or
 * limit, never a value (headers and values may hold personal data).
 */
export function checkRawRecord(value: RawRecord, headers: StringHeaders, limits: RecordLimits): RawRecordVerdict {
  const sourceId = headers[KAFKA_HEADERS.SOURCE_ID];
  if (sourceId === undefined) return { accepted: false, reason: `missing the ${KAFKA_HEADERS.SOURCE_ID} header naming the record's source` };
  if (!SOURCE_ID.test(sourceId)) {
    return { accepted: false, reason: `the ${KAFKA_HEADERS.SOURCE_ID} header is not a source id (1 to 63 of a-z, 0-9, _ and -, starting with a letter or digit)` };
  }
  const recordKey = headers[KAFKA_HEADERS.RECORD_KEY];
  if (recordKey !== undefined && (recordKey.length === 0 || recordKey.length > MAX_RECORD_KEY_LENGTH || CONTROL_CHARACTER.test(recordKey))) {
    return { accepted: false, sourceId, reason: `the ${KAFKA_HEADERS.RECORD_KEY} header must be 1 to ${MAX_RECORD_KEY_LENGTH} characters without control characters` };
  }
  const problem = recordProblemOf(value, 0, limits);
  if (problem) return { accepted: false, sourceId, reason: `record refused: ${problem.message}` };
  return recordKey === undefined ? { accepted: true, sourceId } : { accepted: true, sourceId, recordKey };
}
