import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

/** Namespace of every id derived at ingestion (the gateway's ids since its first release). */
export const INGESTION_ID_NAMESPACE = '0b7e4a52-6f0e-4d0c-9b8a-3f1f2a9c6d41';

/**
 * The id of a new ingestion run. With an idempotency key (scoped to the source) it is derived from
 * it, so a retried push or a resumed run is the same run; otherwise it is new and time-ordered.
 */
export function openRunId(sourceId: string, idempotencyKey?: string): string {
  return idempotencyKey !== undefined ? uuidv5(`${sourceId}:${idempotencyKey}`, INGESTION_ID_NAMESPACE) : uuidv7();
}

/** A run id derived from a name that identifies the run (e.g. the first Kafka offset it forwards). */
export function derivedRunId(name: string): string {
  return uuidv5(`run:${name}`, INGESTION_ID_NAMESPACE);
}

/** The id of the record at `index` of a run: the same run read again yields the same ids (stored once downstream). */
export function recordIdAt(runId: string, index: number): string {
  return uuidv5(`${runId}:${index}`, INGESTION_ID_NAMESPACE);
}

/** The id of a record a source names by a stable key of its own: the same key is the same record, whichever run brings it. */
export function recordIdOfKey(sourceId: string, key: string): string {
  return uuidv5(`${sourceId}:key:${key}`, INGESTION_ID_NAMESPACE);
}

/** The id of a record a source reads at a fixed location (a Kafka offset): read again, it is the same record. */
export function recordIdAtLocation(sourceId: string, location: string): string {
  return uuidv5(`${sourceId}:at:${location}`, INGESTION_ID_NAMESPACE);
}

/** The id of a record a run names by its place in the source (an API page and index): read again by the same run, it is the same record. */
export function recordIdInRun(runId: string, key: string): string {
  return uuidv5(`${runId}:in:${key}`, INGESTION_ID_NAMESPACE);
}
