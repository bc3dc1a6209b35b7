/**
 * How an external producer's records are cut into ingestion runs: per source and partition of
 * atlas.raw.records.v1, a run holds the records of a time window (its first record's arrival plus
 * the window), a bounded number of records and a bounded span of offsets; every run is a range of
 * offsets, stored, so a record delivered again falls in the run it was first given, at the same
 * position (its offset's distance from the run's first offset). Every run carries fixed work in each
 * stage (lineage events, progress, the run profile), so runs of one consumed batch each would cost
 * a paced stream several times the CPU per record of a burst.
 */

/** A run as stored in connector.raw_record_runs. */
export interface RawRecordRun {
  runId: string;
  firstOffset: number;
  lastOffset: number;
  recordCount: number;
  /** When its first record was assigned (ms since the epoch). */
  openedAt: number;
  closed: boolean;
}

export interface RawRunPolicy {
  windowMs: number;
  maxRecords: number;
  /** Most offsets between a run's first and last: positions stay small and their bitmaps few. */
  maxSpan: number;
}

export interface RawRunAssignment {
  offset: number;
  runId: string;
  /** The record's position in its run. */
  index: number;
  /** Whether the record was given to its run now (else it is a delivery again). */
  fresh: boolean;
}

export interface RawRunPlan {
  assignments: RawRunAssignment[];
  /** Runs created or changed (to be written), in offset order. */
  changed: RawRecordRun[];
  /** Runs closed now, whose record counts are to be announced. */
  closed: RawRecordRun[];
  /** Runs created now. */
  opened: RawRecordRun[];
}

/**
 * Gives each offset (ascending, distinct) its run. `stored` are the runs (ascending by first offset,
 * disjoint) that end at or after the first offset, and the open run if any; `runIdOf` names a new run
 * by its first offset. Linear in offsets plus runs.
 */
export function assignRuns(stored: readonly RawRecordRun[], offsets: readonly number[], now: number, policy: RawRunPolicy, runIdOf: (firstOffset: number) => string): RawRunPlan {
  const runs = stored.map((run) => ({ ...run }));
  const changed = new Set<RawRecordRun>();
  const closed: RawRecordRun[] = [];
  const opened: RawRecordRun[] = [];
  const assignments: RawRunAssignment[] = [];
  let next = 0;
  // A run created now for records before a stored run (a replay of records whose run was forgotten).
  let replay: RawRecordRun | undefined;
  // The stored run it lies before: a replay run never spans a stored one.
  let replayBefore = -1;
  for (const offset of offsets) {
    while (next < runs.length && runs[next].lastOffset < offset) next++;
    const known = runs[next];
    if (known && known.firstOffset <= offset) {
      assignments.push({ offset, runId: known.runId, index: offset - known.firstOffset, fresh: false });
      continue;
    }
    let run: RawRecordRun;
    if (known) {
      // Before a stored run: closed at once, so it never grows into that run's offsets.
      if (!replay || replayBefore !== next || offset - replay.firstOffset > policy.maxSpan || replay.recordCount >= policy.maxRecords) {
        replay = { runId: runIdOf(offset), firstOffset: offset, lastOffset: offset, recordCount: 0, openedAt: now, closed: true };
        replayBefore = next;
        opened.push(replay);
        closed.push(replay);
      }
      run = replay;
    } else {
      const tail = runs[runs.length - 1] as RawRecordRun | undefined;
      if (tail && !tail.closed && now - tail.openedAt < policy.windowMs && tail.recordCount < policy.maxRecords && offset - tail.firstOffset <= policy.maxSpan) {
        run = tail;
      } else {
        if (tail && !tail.closed) {
          tail.closed = true;
          changed.add(tail);
          closed.push(tail);
        }
        run = { runId: runIdOf(offset), firstOffset: offset, lastOffset: offset, recordCount: 0, openedAt: now, closed: false };
        runs.push(run);
        opened.push(run);
      }
    }
    run.lastOffset = offset;
    run.recordCount += 1;
    changed.add(run);
    assignments.push({ offset, runId: run.runId, index: offset - run.firstOffset, fresh: true });
  }
  return { assignments, changed: [...changed].sort((left, right) => left.firstOffset - right.firstOffset), closed, opened };
}
