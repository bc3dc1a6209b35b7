import { parse as parseUuid, v5 as uuidv5, v7 as uuidv7 } from 'uuid';

/** Namespace of every id derived at ingestion (the gateway's ids since its first release). */
export const INGESTION_ID_NAMESPACE = '0b7e4a52-6f0e-4d0c-9b8a-3f1f2a9c6d41';
const INGESTION_ID_NAMESPACE_BYTES = parseUuid(INGESTION_ID_NAMESPACE);

/**
 * The version 5 id of a name in the ingestion namespace. Given a string, the uuid package parses the
 * namespace and converts the name through encodeURIComponent on every call; the namespace is parsed
 * once here and the name passed as its UTF-8 bytes (the same bytes, so the same id). A name with an
 * unpaired surrogate has no UTF-8 form: it keeps the string path, which refuses it as before.
 */
function ingestionIdOf(name: string): string {
  return uuidv5(name.isWellFormed() ? Buffer.from(name, 'utf8') : name, INGESTION_ID_NAMESPACE_BYTES);
}

/**
 * The id of a new ingestion run. With an idempotency key (scoped to the source) it is derived from
 * it, so a retried push or a resumed run is the same run; otherwise it is new and time-ordered.
 */
export function openRunId(sourceId: string, idempotencyKey?: string): string {
  return idempotencyKey !== undefined ? ingestionIdOf(`${sourceId}:${idempotencyKey}`) : uuidv7();
}

/** A run id derived from a name that identifies the run (e.g. the first Kafka offset it forwards). */
export function derivedRunId(name: string): string {
  return ingestionIdOf(`run:${name}`);
}

/** The id of the record at `index` of a run: the same run read again yields the same ids (stored once downstream). */
export function recordIdAt(runId: string, index: number): string {
  return ingestionIdOf(`${runId}:${index}`);
}

/** The id of a record a source names by a stable key of its own: the same key is the same record, whichever run brings it. */
export function recordIdOfKey(sourceId: string, key: string): string {
  return ingestionIdOf(`${sourceId}:key:${key}`);
}

/** The id of a record a source reads at a fixed location (a Kafka offset): read again, it is the same record. */
export function recordIdAtLocation(sourceId: string, location: string): string {
  return ingestionIdOf(`${sourceId}:at:${location}`);
}

/** The id of a record a run names by its place in the source (an API page and index): read again by the same run, it is the same record. */
export function recordIdInRun(runId: string, key: string): string {
  return ingestionIdOf(`${runId}:in:${key}`);
}
