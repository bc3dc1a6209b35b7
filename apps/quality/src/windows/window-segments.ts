/**
 * The bound on a group-by check's segments across batches: a window keeps at most its check's
 * limit of segments (DEFAULT_SEGMENT_LIMIT values, at most MAX_SEGMENT_LIMIT). A batch's new
 * segments of a window (largest first, then by value) take the room left by the ones stored; the
 * matching records of the others count in the overall window's segment_overflow_rows. Run in the
 * results transaction after the overall windows were upserted: their row locks order concurrent
 * batches of one window, so the limit holds across replicas.
 */

import { boundedIndexText } from '@atlas/database';
import type { EntityManager } from 'typeorm';
import type { WindowDelta } from './window-accumulator';

const windowKey = (delta: Pick<WindowDelta, 'runId' | 'contractId' | 'contractVersion' | 'checkId' | 'windowStart'>) =>
  JSON.stringify([delta.runId, delta.contractId, delta.contractVersion, boundedIndexText(delta.checkId), Number(delta.windowStart)]);

/** Which segment deltas to store given the segments already stored, and what the others add to their overall windows' overflow. */
export function boundedSegments(segments: readonly WindowDelta[], stored: ReadonlyMap<string, ReadonlySet<string>>): { kept: WindowDelta[]; overflow: Map<string, number> } {
  const kept: WindowDelta[] = [];
  const overflow = new Map<string, number>();
  const byWindow = new Map<string, WindowDelta[]>();
  for (const delta of segments) {
    const key = windowKey(delta);
    byWindow.set(key, [...(byWindow.get(key) ?? []), delta]);
  }
  for (const [key, deltas] of byWindow) {
    const existing = stored.get(key) ?? new Set<string>();
    let room = Math.max(0, deltas[0].segmentLimit - existing.size);
    const fresh = deltas.filter((delta) => !existing.has(delta.segment)).sort((left, right) => right.state.rows - left.state.rows || (left.segment < right.segment ? -1 : 1));
    kept.push(...deltas.filter((delta) => existing.has(delta.segment)));
    for (const delta of fresh) {
      if (room > 0) {
        kept.push(delta);
        room -= 1;
      } else overflow.set(key, (overflow.get(key) ?? 0) + delta.state.rows);
    }
  }
  return { kept, overflow };
}

/** Reads the stored segments of the batch's windows, keeps what fits and adds the rest to the overall windows' overflow. */
export async function boundSegmentsInStore(manager: EntityManager, segments: readonly WindowDelta[]): Promise<WindowDelta[]> {
  if (segments.length === 0) return [];
  const windows = [...new Map(segments.map((delta) => [windowKey(delta), delta])).values()];
  const rows: Array<{ runId: string; contractId: string; contractVersion: string; checkId: string; windowStart: number; segment: string }> = await manager.query(
    `SELECT w.run_id AS "runId", w.contract_id AS "contractId", w.contract_version AS "contractVersion", w.check_id AS "checkId", w.window_start::float8 AS "windowStart", w.segment
       FROM quality.window_results w
       JOIN unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS k(run_id, contract_id, contract_version, check_id, window_start)
         ON w.run_id = k.run_id AND w.contract_id = k.contract_id AND w.contract_version = k.contract_version AND w.check_id = k.check_id AND w.window_start = k.window_start
      WHERE w.segment <> ''`,
    [windows.map((w) => w.runId), windows.map((w) => w.contractId), windows.map((w) => w.contractVersion), windows.map((w) => boundedIndexText(w.checkId)), windows.map((w) => w.windowStart)],
  );
  const stored = new Map<string, Set<string>>();
  for (const row of rows) {
    const key = windowKey(row);
    stored.set(key, (stored.get(key) ?? new Set<string>()).add(row.segment));
  }
  const { kept, overflow } = boundedSegments(segments, stored);
  if (overflow.size > 0) {
    const entries = [...overflow].map(([key, count]) => ({ key: JSON.parse(key) as [string, string, string, string, number], count }));
    await manager.query(
      `UPDATE quality.window_results w SET segment_overflow_rows = w.segment_overflow_rows + k.count
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[]) AS k(run_id, contract_id, contract_version, check_id, window_start, count)
        WHERE w.run_id = k.run_id AND w.contract_id = k.contract_id AND w.contract_version = k.contract_version AND w.check_id = k.check_id AND w.window_start = k.window_start AND w.segment = ''`,
      [0, 1, 2, 3, 4].map((index) => entries.map((entry) => entry.key[index])).concat([entries.map((entry) => entry.count)]),
    );
  }
  return kept;
}
