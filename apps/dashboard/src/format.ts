import type { RunState, SourceRun } from './api/types';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return integer.format(value);
}

/** A 0–100 score with one decimal, or an em dash when nothing was scored. */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : `${score.toFixed(1)}%`;
}

/** A signed trend in points ("+2.5", "−1.0"), or nothing without one. */
export function formatTrend(trend: number | null): string {
  if (trend === null) return '';
  return `${trend >= 0 ? '+' : '−'}${Math.abs(trend).toFixed(1)}`;
}

/** Elapsed time as "45 s", "3 min 20 s", "2 h 5 min". */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** How long a run took, or has been running until `now`. */
export function runDuration(run: Pick<SourceRun, 'startedAt' | 'endedAt'>, now: number): string {
  if (!run.startedAt) return '—';
  return formatDuration((run.endedAt ? Date.parse(run.endedAt) : now) - Date.parse(run.startedAt));
}

export const ACTIVE_STATES: readonly RunState[] = ['queued', 'running'];

export function isActive(run: Pick<SourceRun, 'state'>): boolean {
  return ACTIVE_STATES.includes(run.state);
}

/**
 * What the progress bar of a run shows. A run does not know how many records its source holds, so an
 * active run's bar is indeterminate (no value) and says how many records were read; an ended one is full.
 */
export function runProgress(run: Pick<SourceRun, 'state' | 'recordsRead'>): { value: number | undefined; label: string } {
  if (run.state === 'queued') return { value: undefined, label: 'queued' };
  if (run.state === 'running') return { value: undefined, label: `${formatCount(run.recordsRead)} read` };
  return { value: 1, label: run.state };
}

/** Totals over a list of runs for the overview. */
export function runTotals(runs: readonly SourceRun[]): { active: number; read: number; published: number; deadLettered: number; failed: number } {
  let active = 0;
  let read = 0;
  let published = 0;
  let deadLettered = 0;
  let failed = 0;
  for (const run of runs) {
    if (isActive(run)) active++;
    if (run.state === 'failed') failed++;
    read += run.recordsRead;
    published += run.recordsPublished;
    deadLettered += run.recordsDeadLettered;
  }
  return { active, read, published, deadLettered, failed };
}

/** PII findings summed per entity type, largest first (ties by name). */
export function findingsByEntity(findings: ReadonlyArray<{ entityType: string; findings: number }>): Array<{ entityType: string; findings: number }> {
  const totals = new Map<string, number>();
  for (const finding of findings) totals.set(finding.entityType, (totals.get(finding.entityType) ?? 0) + finding.findings);
  return [...totals].map(([entityType, count]) => ({ entityType, findings: count })).sort((a, b) => b.findings - a.findings || a.entityType.localeCompare(b.entityType));
}

/** The sources that appear in a list of runs, in first-seen order (a viewer may read runs but not sources). */
export function sourcesOfRuns(runs: readonly SourceRun[]): string[] {
  return [...new Set(runs.map((run) => run.sourceId))];
}
