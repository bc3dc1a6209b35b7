import { QualityEnvironment } from '../quality-environment';
import { RETAINED_ROWS, retentionCutoffs, type RetainedRows } from './retention-policy';
import type { RetentionRepository } from './retention.repository';
import { RETENTION_BATCH, RETENTION_MAX_BATCHES, RetentionWorker } from './retention.worker';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');

/** Rows by kind, each with its source; a batch deletes the first `limit` of them. */
class FakeRetention {
  readonly claims: Array<[string, number]> = [];
  readonly batches: Array<[string, string, number]> = [];
  finished?: [unknown, number];
  claimable = true;

  constructor(readonly rows: Record<string, string[]>) {}

  asRepository(): RetentionRepository {
    return {
      claim: async (holder: string, intervalMs: number) => {
        this.claims.push([holder, intervalMs]);
        return this.claimable;
      },
      deleteBatch: async (rows: RetainedRows, cutoff: Date, limit: number) => {
        this.batches.push([rows.name, cutoff.toISOString(), limit]);
        return (this.rows[rows.name] ?? []).splice(0, limit);
      },
      finish: async (_holder: string, report: unknown, unreplayed: number) => {
        this.finished = [report, unreplayed];
      },
    } as unknown as RetentionRepository;
  }
}

function worker(fake: FakeRetention, settings: Partial<QualityEnvironment> = {}): RetentionWorker {
  return new RetentionWorker(fake.asRepository(), Object.assign(new QualityEnvironment(), settings));
}

describe('retention', () => {
  it('gives each setting its cutoff, none for 0 (kept forever)', () => {
    expect(retentionCutoffs({ results: 90, quarantine: 0, duplicates: 7 }, NOW)).toEqual({ results: new Date('2026-09-01T12:00:00.000Z'), quarantine: undefined, duplicates: new Date('2026-11-23T12:00:00.000Z') });
    expect(RETAINED_ROWS.map((rows) => [rows.name, rows.setting])).toEqual([
      ['judged_records', 'results'],
      ['run_results', 'results'],
      ['check_results', 'results'],
      ['window_results', 'results'],
      ['alerts', 'results'],
      ['duplicate_keys', 'duplicates'],
      ['quarantined_records_released', 'quarantine'],
      ['quarantined_records_unreplayed', 'quarantine'],
    ]);
  });

  it('deletes in bounded batches until a short one, and reports never-replayed records per source', async () => {
    const fake = new FakeRetention({
      check_results: Array.from({ length: RETENTION_BATCH + 5 }, () => 'orders'),
      duplicate_keys: ['orders', 'people'],
      quarantined_records_released: ['orders'],
      quarantined_records_unreplayed: ['orders', 'people', 'orders'],
    });
    const report = await worker(fake, { QUALITY_RESULTS_RETENTION_DAYS: 30, QUALITY_QUARANTINE_RETENTION_DAYS: 60, QUALITY_DUPLICATE_KEYS_RETENTION_DAYS: 10 }).runDue(NOW);
    expect(report).toEqual({
      deleted: { judged_records: 0, run_results: 0, check_results: RETENTION_BATCH + 5, window_results: 0, alerts: 0, duplicate_keys: 2, quarantined_records_released: 1, quarantined_records_unreplayed: 3 },
      unreplayedBySource: { orders: 2, people: 1 },
      more: false,
    });
    expect(fake.claims).toEqual([[expect.stringMatching(/:\d+$/), 3_600_000]]);
    const results = '2026-10-31T12:00:00.000Z';
    const quarantine = '2026-10-01T12:00:00.000Z';
    const duplicates = '2026-11-20T12:00:00.000Z';
    expect(fake.batches).toEqual([
      ['judged_records', results, RETENTION_BATCH],
      ['run_results', results, RETENTION_BATCH],
      ['check_results', results, RETENTION_BATCH],
      ['check_results', results, RETENTION_BATCH],
      ['window_results', results, RETENTION_BATCH],
      ['alerts', results, RETENTION_BATCH],
      ['duplicate_keys', duplicates, RETENTION_BATCH],
      ['quarantined_records_released', quarantine, RETENTION_BATCH],
      ['quarantined_records_unreplayed', quarantine, RETENTION_BATCH],
    ]);
    expect(fake.finished).toEqual([report, 3]);
  });

  it('stops a kind after the per-run bound, leaves the rest to the next run, and skips a kept setting', async () => {
    const fake = new FakeRetention({ window_results: Array.from({ length: RETENTION_BATCH * RETENTION_MAX_BATCHES + 1 }, () => 'orders'), quarantined_records_unreplayed: ['orders'], duplicate_keys: ['orders'] });
    const report = await worker(fake, { QUALITY_QUARANTINE_RETENTION_DAYS: 0, QUALITY_DUPLICATE_KEYS_RETENTION_DAYS: 0 }).runDue(NOW);
    expect(report).toMatchObject({ deleted: { window_results: RETENTION_BATCH * RETENTION_MAX_BATCHES }, more: true, unreplayedBySource: {} });
    expect(fake.rows.window_results).toHaveLength(1);
    expect([fake.rows.quarantined_records_unreplayed, fake.rows.duplicate_keys]).toEqual([['orders'], ['orders']]);
    expect(fake.batches.some(([name]) => name.startsWith('quarantined') || name === 'duplicate_keys')).toBe(false);
  });

  it('does nothing when another replica holds this interval', async () => {
    const fake = new FakeRetention({ check_results: ['orders'] });
    fake.claimable = false;
    expect(await worker(fake).runDue(NOW)).toBeUndefined();
    expect([fake.batches, fake.rows.check_results, fake.finished]).toEqual([[], ['orders'], undefined]);
  });
});
