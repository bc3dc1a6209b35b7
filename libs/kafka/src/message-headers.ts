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

/**
 * Best effort: where in its source a rejected record came from, if the payload still says so; else
 * the source named by the `atlas-source-id` header (raw records from external producers carry it).
 */
export function sourcePositionOf(value: unknown, headers: StringHeaders = {}): DeadLetterPosition {
  const headerSource = headers[KAFKA_HEADERS.SOURCE_ID];
  const fromHeader: DeadLetterPosition = headerSource !== undefined && SOURCE_ID.test(headerSource) ? { sourceId: headerSource } : {};
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
