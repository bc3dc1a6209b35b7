import type { SourceRun } from './api/types';
import { findingsByEntity, formatCount, formatDuration, formatScore, formatTrend, runDuration, runProgress, runTotals, sourcesOfRuns } from './format';

const run = (overrides: Partial<SourceRun>): SourceRun => ({
  runId: 'r',
  sourceId: 's',
  state: 'succeeded',
  recordsRead: 0,
  recordsPublished: 0,
  recordsDeadLettered: 0,
  error: null,
  createdAt: '2026-11-30T10:00:00.000Z',
  startedAt: '2026-11-30T10:00:00.000Z',
  endedAt: '2026-11-30T10:00:05.000Z',
  ...overrides,
});

describe('formatting', () => {
  it('formats counts, scores and trends', () => {
    expect([formatCount(1234567), formatScore(97.456), formatScore(null), formatTrend(2.54), formatTrend(-1), formatTrend(null)]).toEqual(['1,234,567', '97.5%', '—', '+2.5', '−1.0', '']);
  });

  it('formats durations in seconds, minutes and hours', () => {
    expect([formatDuration(400), formatDuration(45_000), formatDuration(200_000), formatDuration(7_500_000), formatDuration(-5)]).toEqual(['0 s', '45 s', '3 min 20 s', '2 h 5 min', '0 s']);
  });

  it('measures a run until it ended, or until now while it runs', () => {
    const now = Date.parse('2026-11-30T10:01:00.000Z');
    expect([runDuration(run({}), now), runDuration(run({ endedAt: null }), now), runDuration(run({ startedAt: null, endedAt: null }), now)]).toEqual(['5 s', '1 min 0 s', '—']);
  });

  it('draws active runs as indeterminate progress with the records read, ended ones as full', () => {
    expect(runProgress(run({ state: 'running', recordsRead: 1500 }))).toEqual({ value: undefined, label: '1,500 read' });
    expect(runProgress(run({ state: 'queued' }))).toEqual({ value: undefined, label: 'queued' });
    expect(runProgress(run({ state: 'failed' }))).toEqual({ value: 1, label: 'failed' });
  });

  it('sums runs for the overview', () => {
    const runs = [
      run({ state: 'running', recordsRead: 10, recordsPublished: 8, recordsDeadLettered: 1 }),
      run({ state: 'queued', sourceId: 't' }),
      run({ state: 'failed', recordsRead: 5, recordsPublished: 3, recordsDeadLettered: 2 }),
    ];
    expect(runTotals(runs)).toEqual({ active: 2, read: 15, published: 11, deadLettered: 3, failed: 1 });
    expect(sourcesOfRuns(runs)).toEqual(['s', 't']);
  });

  it('sums findings per entity type, largest first', () => {
    const findings = [
      { entityType: 'EMAIL_ADDRESS', findings: 4 },
      { entityType: 'PHONE_NUMBER', findings: 9 },
      { entityType: 'EMAIL_ADDRESS', findings: 6 },
      { entityType: 'IBAN_CODE', findings: 9 },
    ];
    expect(findingsByEntity(findings)).toEqual([
      { entityType: 'EMAIL_ADDRESS', findings: 10 },
      { entityType: 'IBAN_CODE', findings: 9 },
      { entityType: 'PHONE_NUMBER', findings: 9 },
    ]);
  });
});
