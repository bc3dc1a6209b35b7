import { SourceRetention } from './source-retention';

/**
 * The partitions of connector.explore_records, named by the UTC day they start or end:
 * `explore_records_p<yyyymmdd>` holds [that day, the next day); `explore_records_before_<yyyymmdd>`
 * (the table the migration found) everything before that day. Their ranges are read from the names
 * (the DDL creates them with exactly these bounds), never from PostgreSQL's bound text.
 */
export interface TimeRange {
  /** Inclusive lower bound; null: unbounded (MINVALUE). */
  from: Date | null;
  /** Exclusive upper bound. */
  to: Date;
}

export interface ExplorePartition extends TimeRange {
  name: string;
}

export const EXPLORE_TABLE = 'explore_records';
const DAY_MS = 86_400_000;
const PARTITION_NAME = /^explore_records_(p|before_)(\d{4})(\d{2})(\d{2})$/;

/** Midnight UTC of the day `time` falls in. */
export function utcDay(time: Date): Date {
  return new Date(Math.floor(time.getTime() / DAY_MS) * DAY_MS);
}

export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}

function yyyymmdd(day: Date): string {
  return day.toISOString().slice(0, 10).replace(/-/g, '');
}

export function dayPartition(day: Date): ExplorePartition {
  const from = utcDay(day);
  return { name: `${EXPLORE_TABLE}_p${yyyymmdd(from)}`, from, to: addDays(from, 1) };
}

/** The range a partition's name stands for; undefined for a name Atlas does not create. */
export function parsePartition(name: string): ExplorePartition | undefined {
  const match = PARTITION_NAME.exec(name);
  if (!match) return undefined;
  const day = new Date(`${match[2]}-${match[3]}-${match[4]}T00:00:00.000Z`);
  if (Number.isNaN(day.getTime()) || yyyymmdd(day) !== `${match[2]}${match[3]}${match[4]}`) return undefined;
  return match[1] === 'p' ? { name, from: day, to: addDays(day, 1) } : { name, from: null, to: day };
}

function overlaps(left: ExplorePartition, right: ExplorePartition): boolean {
  return (left.from === null || left.from < right.to) && (right.from === null || right.from < left.to);
}

/** The day partitions from `now`'s day to `daysAhead` days later that no existing partition overlaps. */
export function missingDayPartitions(existing: readonly ExplorePartition[], now: Date, daysAhead: number): ExplorePartition[] {
  const missing: ExplorePartition[] = [];
  for (let offset = 0; offset <= daysAhead; offset++) {
    const candidate = dayPartition(addDays(utcDay(now), offset));
    if (!existing.some((partition) => overlaps(partition, candidate))) missing.push(candidate);
  }
  return missing;
}

/** Records explored before this time are past the retention; null retention: kept for good. */
export function retentionCutoff(retentionDays: number | null, now: Date): Date | null {
  return retentionDays === null ? null : new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * A partition is dropped whole when it ended before `now` and every source with rows in it lets
 * them go: each has a retention (its own, else the default) whose cutoff is at or after the
 * partition's end. One source kept for good keeps it.
 */
export function isDroppable(partition: ExplorePartition, sourceIds: readonly string[], retention: SourceRetention, now: Date): boolean {
  if (partition.to > now) return false;
  return sourceIds.every((sourceId) => {
    const cutoff = retentionCutoff(retention.days(sourceId), now);
    return cutoff !== null && partition.to <= cutoff;
  });
}

/**
 * Whether a partition may hold records some retention has expired, so its sources are looked up:
 * any partition that began before now, or one whose range is unknown (a name Atlas does not give).
 * Partitions made ahead are empty.
 */
export function mayHoldExpired(partition: ExplorePartition | undefined, now: Date): boolean {
  return partition === undefined || partition.from === null || partition.from < now;
}

/** Whether a partition that stays may hold records explored before `cutoff` (it began before it, or its range is unknown). */
export function beganBefore(partition: ExplorePartition | undefined, cutoff: Date): boolean {
  return partition === undefined || partition.from === null || partition.from < cutoff;
}

/**
 * The ranges before `before` that no partition covers: there the ids in connector.explore_record_ids
 * are of records whose partition was dropped. Pass the start of the current day: partitions are only
 * ever created from it on, so earlier gaps never fill again. Undefined when a partition's range is
 * unknown (a name Atlas does not create): then no id is an orphan for sure.
 */
export function uncoveredRanges(partitionNames: readonly string[], before: Date): TimeRange[] | undefined {
  const partitions: ExplorePartition[] = [];
  for (const name of partitionNames) {
    const partition = parsePartition(name);
    if (!partition) return undefined;
    partitions.push(partition);
  }
  partitions.sort((left, right) => (left.from?.getTime() ?? -Infinity) - (right.from?.getTime() ?? -Infinity));
  const gaps: TimeRange[] = [];
  let coveredUntil: Date | null = null;
  const addGap = (from: Date | null, to: Date) => {
    const end = to < before ? to : before;
    if (from === null || from < end) gaps.push({ from, to: end });
  };
  for (const partition of partitions) {
    if (partition.from !== null && (coveredUntil === null || coveredUntil < partition.from)) addGap(coveredUntil, partition.from);
    if (coveredUntil === null || partition.to > coveredUntil) coveredUntil = partition.to;
  }
  addGap(coveredUntil, before);
  return gaps;
}
