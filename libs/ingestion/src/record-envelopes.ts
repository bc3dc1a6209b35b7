import { computeChecksum, MAX_LOCATION_LENGTH, RecordEnvelope } from '@atlas/contracts';
import { JsonObject } from './record-limits';
import { recordIdAt } from './run-identity';

export interface RecordToEnvelope {
  sourceId: string;
  runId: string;
  /** Index of the record within its run. */
  index: number;
  /** Number of records in the run, when the source knows it. */
  total?: number;
  /** Where the record was read in its source; cut by `boundedLocation`. */
  location?: string;
  /** A source-given id (a stable key); by default the id derives from the run and the index. */
  recordId?: string;
  ingestedAt: string;
  payload: JsonObject;
}

// Control characters would be escaped to six bytes each in JSON; none belongs in a location.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** A location that fits the envelope contract: control characters replaced, cut to MAX_LOCATION_LENGTH (keeping its end, which says the line or offset). */
export function boundedLocation(location: string): string {
  const clean = location.replace(CONTROL_CHARACTERS, '?');
  if (clean.length <= MAX_LOCATION_LENGTH) return clean;
  let tail = clean.slice(clean.length - (MAX_LOCATION_LENGTH - 1));
  // Never start with the low half of a surrogate pair cut in two.
  if (/^[\udc00-\udfff]/.test(tail)) tail = tail.slice(1);
  return `\u2026${tail}`;
}

/** Wraps a record into the envelope every stage consumes: ids, position and the payload's checksum. */
export function envelopeRecord(record: RecordToEnvelope): RecordEnvelope {
  const position: RecordEnvelope['position'] = { index: record.index };
  if (record.total !== undefined) position.total = record.total;
  if (record.location !== undefined) position.location = boundedLocation(record.location);
  return {
    recordId: record.recordId ?? recordIdAt(record.runId, record.index),
    sourceId: record.sourceId,
    runId: record.runId,
    position,
    ingestedAt: record.ingestedAt,
    checksum: computeChecksum(record.payload),
    payload: record.payload,
  };
}
