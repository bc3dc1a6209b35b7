import { IHeaders } from 'kafkajs';
import { KAFKA_HEADERS, MAX_LOCATION_LENGTH, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { StringHeaders } from '@atlas/observability';
import { DeadLetterPosition } from './record-batch';

/** A consumed message's headers as strings (the first value of a repeated header). */
export function stringHeaders(headers: IHeaders | undefined): StringHeaders {
  const result: StringHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POSITION_INDEX = /^(0|[1-9][0-9]{0,9})$/;

/**
 * The run, source and position the headers state (every record envelope carries them, raw records
 * from external producers only the source), each only when well-formed.
 */
export function headerPositionOf(headers: StringHeaders): DeadLetterPosition {
  const position: DeadLetterPosition = {};
  const sourceId = headers[KAFKA_HEADERS.SOURCE_ID];
  if (sourceId !== undefined && SOURCE_ID.test(sourceId)) position.sourceId = sourceId;
  const runId = headers[KAFKA_HEADERS.RUN_ID];
  if (runId !== undefined && RUN_ID.test(runId)) position.runId = runId;
  const index = headers[KAFKA_HEADERS.POSITION_INDEX];
  if (index !== undefined && POSITION_INDEX.test(index)) position.index = Number(index);
  return position;
}

/**
 * Best effort: where in its source a rejected record came from, as far as the payload still says
 * so, the rest from the headers (a value that is not even JSON still has them).
 */
export function sourcePositionOf(value: unknown, headers: StringHeaders = {}): DeadLetterPosition {
  const fromHeader = headerPositionOf(headers);
  if (typeof value !== 'object' || value === null) return fromHeader;
  const candidate = value as { position?: { index?: unknown; location?: unknown }; sourceId?: unknown; runId?: unknown };
  const position: DeadLetterPosition = { ...fromHeader };
  const index = candidate.position?.index;
  if (typeof index === 'number' && Number.isInteger(index) && index >= 0) position.index = index;
  const location = candidate.position?.location;
  if (typeof location === 'string') position.location = location.slice(0, MAX_LOCATION_LENGTH);
  if (typeof candidate.sourceId === 'string') position.sourceId = candidate.sourceId.slice(0, 200);
  if (typeof candidate.runId === 'string') position.runId = candidate.runId.slice(0, 200);
  return position;
}
