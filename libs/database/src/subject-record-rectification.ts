import { computeChecksum, Corrections } from '@atlas/contracts';
import type { SqlQuery } from './subject-record-table';

/** Rows per UPDATE statement (one JSON parameter each). */
export const RECTIFY_BATCH = 500;

/** How a per-record table keeps a checksum of its payload, if it does. */
export interface RectifiedTableShape {
  /** A `checksum` column holding computeChecksum(payload) (Explore). */
  checksumColumn?: boolean;
  /** An `envelope` jsonb column holding the record's envelope without its payload: its `checksum` follows the payload's (quarantine). */
  envelopeColumn?: boolean;
}

export interface RectifiedRow {
  recordId: string;
  sourceId: string;
  /** Whether the stored payload changed (false: the record already held the values, or has none of the fields). */
  changed: boolean;
}

/**
 * The payload with the fields it has set to their new values, or undefined when nothing changes.
 * A field the record does not have is not added: rectification corrects what a record holds.
 */
export function rectifiedPayload(payload: Record<string, unknown>, fields: Corrections): Record<string, unknown> | undefined {
  let result: Record<string, unknown> | undefined;
  for (const [field, value] of Object.entries(fields)) {
    if (!Object.hasOwn(payload, field) || payload[field] === value) continue;
    result ??= { ...payload };
    result[field] = value;
  }
  return result;
}

/**
 * Sets fields of the rows of these ids, each with its source's values (a row of a source without
 * values is left as it is), recomputing the stored checksum. Locks the rows in id order, so run it
 * in a transaction (the caller's `query`). Idempotent: a second run finds nothing to change.
 */
export async function rectifyRecords(
  query: SqlQuery,
  table: string,
  shape: RectifiedTableShape,
  recordIds: readonly string[],
  fieldsBySource: Readonly<Record<string, Corrections>>,
): Promise<RectifiedRow[]> {
  const rows: RectifiedRow[] = [];
  const ids = [...new Set(recordIds)].sort();
  const set = ['payload = v.payload'];
  if (shape.checksumColumn) set.push('checksum = v.checksum');
  if (shape.envelopeColumn) set.push(`envelope = jsonb_set(t.envelope, '{checksum}', to_jsonb(v.checksum))`);
  for (let start = 0; start < ids.length; start += RECTIFY_BATCH) {
    const batch = ids.slice(start, start + RECTIFY_BATCH);
    const stored = (await query(`SELECT record_id AS "recordId", source_id AS "sourceId", payload::text AS "payloadText" FROM ${table} WHERE record_id = ANY($1::uuid[]) ORDER BY record_id FOR UPDATE`, [
      batch,
    ])) as Array<{ recordId: string; sourceId: string; payloadText: string }>;
    const updates: Array<{ record_id: string; payload: unknown; checksum: string }> = [];
    for (const row of stored) {
      const fields = Object.hasOwn(fieldsBySource, row.sourceId) ? fieldsBySource[row.sourceId] : undefined;
      const payload = fields && rectifiedPayload(JSON.parse(row.payloadText) as Record<string, unknown>, fields);
      rows.push({ recordId: row.recordId, sourceId: row.sourceId, changed: payload !== undefined });
      if (payload) updates.push({ record_id: row.recordId, payload, checksum: computeChecksum(payload) });
    }
    if (updates.length === 0) continue;
    await query(
      `UPDATE ${table} AS t SET ${set.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS v(record_id uuid, payload jsonb, checksum text) WHERE t.record_id = v.record_id`,
      [JSON.stringify(updates)],
    );
  }
  return rows;
}
