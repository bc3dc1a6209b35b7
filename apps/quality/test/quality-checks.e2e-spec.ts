import { Pool } from 'pg';
import request from 'supertest';
import { waitForRuns } from '../../../scripts/pipeline-client';
import { PipelineStack, startPipelineStack, stopPipelineStack, TEST_ADMIN_API_KEY, TEST_API_KEY, TEST_SERVICE_API_KEY, waitFor } from '@atlas/testing';

const SODACL = `checks for shipments:
  - failed rows:
      name: amount is quantity times unit price
      fail condition: amount != quantity * unit_price
  - values in (country) must exist in countries (code)
  - stddev(amount) < 1000:
      window: 3 records
  - percentile(amount, 0.5) < 1000
  - failed rows:
      name: few full-price shipments
      fail condition: amount >= 100
      warn: when > 1
      fail: when > 3
  - values in (country, warehouse) must exist in warehouses (country, code)
`;

const ODCS = {
  apiVersion: 'v3.1.0',
  kind: 'DataContract',
  id: 'bookings-contract',
  version: '1.0.0',
  status: 'active',
  schema: [
    {
      name: 'bookings',
      properties: [
        { name: 'country', quality: [{ type: 'custom', engine: 'atlas', implementation: { reference: 'countries(code)' } }] },
        { name: 'nights', quality: [{ type: 'custom', engine: 'atlas', implementation: { metric: 'percentile', quantile: 0.9, mustBeLessThan: 5 } }] },
      ],
      quality: [
        { id: 'stay-adds-up', type: 'custom', engine: 'atlas', name: 'nights = check_out_day - check_in_day', implementation: 'nights >= 1 and nights = check_out_day - check_in_day' },
        // A tolerance: under 30% of a run's bookings may check in on day 1; no booking is quarantined for it.
        { id: 'few-first-day', type: 'custom', engine: 'atlas', implementation: { expression: 'check_in_day >= 2', mustBeLessThan: 30 }, unit: 'percent' },
        { type: 'custom', engine: 'atlas', implementation: { reference: 'warehouses(country, code)', columns: ['country', 'warehouse'] } },
      ],
    },
  ],
};

interface Reason {
  checkId: string;
  checkName: string;
  rule: string;
  measuredValue?: unknown;
}

interface WindowView {
  checkId: string;
  metric: string;
  quantile?: number;
  window: { kind: string; start: number; end: number };
  closed: boolean;
  outcome: string;
  measuredValue: number;
  rows: number;
}

function sampleStddev(values: number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
}

describe('expression, reference, stddev and percentile checks in the real pipeline', () => {
  let stack: PipelineStack;
  let database: Pool;
  const quality = () => request(stack.services.quality.baseUrl);
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
  const serviceAuth = { Authorization: `Bearer ${TEST_SERVICE_API_KEY}` };

  beforeAll(async () => {
    // Retention runs every second here: the last case ages rows and waits for the job.
    ({ stack, database } = await startPipelineStack(4690, { QUALITY_RETENTION_INTERVAL_MS: '1000' }));
    // A lookup table in the reference schema (created by the migrations), read by the reference checks.
    await database.query(`CREATE TABLE reference.countries (code text PRIMARY KEY); INSERT INTO reference.countries VALUES ('DE'), ('FR')`);
    // Multi-column reference checks look (country, warehouse) up as a pair.
    await database.query(`CREATE TABLE reference.warehouses (country text, code text); INSERT INTO reference.warehouses VALUES ('DE', 'MUC'), ('FR', 'PAR'), ('FR', NULL)`);
    for (const sourceId of ['shipments', 'bookings']) {
      // Country codes and numbers are kept as they are: the checks read the values themselves.
      await request(stack.services['pii-detection'].baseUrl)
        .put(`/api/v1/policies/${sourceId}-keep`)
        .set('Authorization', `Bearer ${TEST_ADMIN_API_KEY}`)
        .send({ sourceId, rules: { DEFAULT: { operator: 'keep' } } })
        .expect(201);
    }
  }, 180000);

  afterAll(async () => {
    await stopPipelineStack({ stack, database });
  });

  async function quarantinedOf(runId: string) {
    const { rows } = await database.query<{ position_index: number; contract_version: string; reasons: Reason[] }>(
      'SELECT position_index, contract_version, reasons FROM quality.quarantined_records WHERE run_id = $1 ORDER BY position_index',
      [runId],
    );
    return rows.map((row) => [row.position_index, row.reasons.map((reason) => [reason.checkId, reason.checkName, reason.rule, reason.measuredValue])]);
  }

  async function closedWindowsOf(runId: string, count: number): Promise<WindowView[]> {
    let windows: WindowView[] = [];
    await waitFor(
      async () => {
        windows = (await quality().get(`/api/v1/quality/runs/${runId}/windows`).set(serviceAuth).expect(200)).body.items;
        return windows.length === count && windows.every((window) => window.closed);
      },
      { timeoutMs: 30000, description: 'every window of the run closed' },
    );
    return windows;
  }

  it('SodaCL: quarantines a failed row with the fields it read and a value missing from the reference table; stores stddev and percentile windows', async () => {
    const refused = await quality().post('/api/v1/contracts/validate').set(serviceAuth).send({ format: 'sodacl', id: 'shipments-soda', version: '1.0.0', sodacl: SODACL.replace('!= quantity', '!= quantity *') });
    expect(refused.body).toEqual({ valid: false, problems: [{ path: '/sodacl/checks for shipments/0', line: 2, message: '"failed rows" fail condition: expression at character 22: unexpected "*"' }] });
    const created = await quality().post('/api/v1/contracts').set(serviceAuth).send({ format: 'sodacl', id: 'shipments-soda', version: '1.0.0', sodacl: SODACL }).expect(201);
    expect(created.body.notEvaluated).toEqual([]);

    const records = [
      { id: 1, quantity: 2, unit_price: 5, amount: 10, country: 'DE', warehouse: 'MUC' },
      { id: 2, quantity: 3, unit_price: 0.1, amount: 0.3, country: 'FR', warehouse: 'PAR' },
      { id: 3, quantity: 2, unit_price: 5, amount: 12, country: 'DE', warehouse: 'MUC' },
      { id: 4, quantity: 1, unit_price: 40, amount: 40, country: 'XX', warehouse: 'MUC' },
      // FR and MUC each exist in their column, but not as a pair.
      { id: 5, quantity: 1, unit_price: 100, amount: 100, country: 'FR', warehouse: 'MUC' },
      { id: 6, quantity: 4, unit_price: 25, amount: 100, country: 'DE', warehouse: 'MUC' },
    ];
    // The dry-run, before the stream judged any shipment, reads the reference tables as the stream does.
    const dryRun = await quality().post('/api/v1/contracts/shipments-soda/versions/1.0.0/dry-run').set(serviceAuth).send({ records }).expect(200);
    expect(dryRun.body.summary).toEqual({ records: 6, valid: 3, quarantined: 3, warned: 0 });
    expect(dryRun.body.records.map((record: { failed: Reason[] }) => record.failed.map((reason) => [reason.checkId, reason.measuredValue]))).toEqual([
      [],
      [],
      [['shipments.failed_rows', { amount: 12, quantity: 2, unit_price: 5 }]],
      [
        ['shipments.country.reference', 'XX'],
        ['shipments.country+warehouse.reference', { country: 'XX', warehouse: 'MUC' }],
      ],
      [['shipments.country+warehouse.reference', { country: 'FR', warehouse: 'MUC' }]],
      [],
    ]);
    expect(dryRun.body.windows.find((window: { checkId: string }) => window.checkId === 'shipments.failed_rows#2')).toEqual({ checkId: 'shipments.failed_rows#2', metric: 'failed_rows', outcome: 'warn', measuredValue: 2, rows: 6 });
    await quality().post('/api/v1/contracts/shipments-soda/versions/1.0.0/activate').set(serviceAuth).expect(200);

    const pushed = await request(stack.services.gateway.baseUrl).post('/api/v1/sources/shipments/records').set(auth).set('Idempotency-Key', 'quality-checks-1').send(records).expect(202);
    const runId = pushed.body.runId as string;
    expect(await waitForRuns(database, [runId], 6, 60000)).toEqual({ explored: 6, navigated: 3, quarantined: 3 });
    expect(await quarantinedOf(runId)).toEqual([
      [2, [['shipments.failed_rows', 'amount is quantity times unit price', 'expression', { amount: 12, quantity: 2, unit_price: 5 }]]],
      [
        3,
        [
          ['shipments.country.reference', 'values in (country) must exist in countries (code)', 'reference', 'XX'],
          ['shipments.country+warehouse.reference', 'values in (country, warehouse) must exist in warehouses (country, code)', 'reference', { country: 'XX', warehouse: 'MUC' }],
        ],
      ],
      [4, [['shipments.country+warehouse.reference', 'values in (country, warehouse) must exist in warehouses (country, code)', 'reference', { country: 'FR', warehouse: 'MUC' }]]],
    ]);

    const windows = await closedWindowsOf(runId, 4);
    expect(windows.map((window) => [window.checkId, window.window.kind, window.window.start, window.window.end, window.rows, window.outcome])).toEqual([
      ['shipments.amount.percentile', 'run', 0, 6, 6, 'pass'],
      ['shipments.amount.stddev', 'count', 0, 3, 3, 'pass'],
      ['shipments.amount.stddev', 'count', 3, 6, 3, 'pass'],
      // Two full-price shipments: above the warn tolerance (1), within the fail one (3); neither is quarantined for it.
      ['shipments.failed_rows#2', 'run', 0, 6, 6, 'warn'],
    ]);
    expect(windows[3]).toMatchObject({ metric: 'failed_rows', measuredValue: 2 });
    expect(windows[1].measuredValue).toBeCloseTo(sampleStddev([10, 0.3, 12]), 9);
    expect(windows[2].measuredValue).toBeCloseTo(sampleStddev([40, 100, 100]), 9);
    // The median of 0.3, 10, 12, 40, 100, 100 (PERCENTILE_DISC: 12) within DDSketch's 1%.
    expect(Math.abs(windows[0].measuredValue - 12)).toBeLessThanOrEqual(0.12);

    // The run's stddev is over all six amounts: the two windows' (count, mean, M2) states merged in PostgreSQL.
    const results = await quality().get(`/api/v1/quality/runs/${runId}/results`).set(serviceAuth).expect(200);
    const byId = new Map<string, Record<string, unknown>>(results.body.checks.map((check: { checkId: string }) => [check.checkId, check]));
    expect(byId.get('shipments.amount.stddev')).toMatchObject({ outcome: 'pass', metric: 'stddev', windowsEvaluated: 2 });
    expect(byId.get('shipments.amount.stddev')!.measuredValue as number).toBeCloseTo(sampleStddev([10, 0.3, 12, 40, 100, 100]), 9);
    expect(byId.get('shipments.amount.percentile')).toMatchObject({ outcome: 'pass', metric: 'percentile', measuredValue: windows[0].measuredValue, thresholds: { fail: { metric: 'percentile', quantile: 0.5, mustBeLessThan: 1000 } } });
    expect(windows[0]).toMatchObject({ metric: 'percentile', quantile: 0.5 });
    expect(byId.get('shipments.failed_rows')).toMatchObject({ outcome: 'fail', rowsTested: 6, rowsFailed: 1, dimension: 'consistency' });
    expect(byId.get('shipments.country.reference')).toMatchObject({ outcome: 'fail', rowsTested: 6, rowsFailed: 1, dimension: 'consistency' });
    expect(byId.get('shipments.country+warehouse.reference')).toMatchObject({ outcome: 'fail', rowsTested: 6, rowsFailed: 2, dimension: 'consistency' });
    expect(byId.get('shipments.failed_rows#2')).toMatchObject({ checkType: 'aggregate', outcome: 'warn', metric: 'failed_rows', measuredValue: 2, dimension: 'consistency' });
    const { rows: stored } = await database.query<{ value_m2: number; sketch: { zero: number; positive: Record<string, number> } | null }>(
      `SELECT value_m2, sketch FROM quality.window_results WHERE run_id = $1 ORDER BY check_id, window_start`,
      [runId],
    );
    expect(Object.values(stored[0].sketch!.positive).reduce((sum, count) => sum + count, 0)).toBe(6);
    expect(stored[1].value_m2).toBeCloseTo(sampleStddev([10, 0.3, 12]) ** 2 * 2, 9);
    expect(stored[1].sketch).toBeNull();
  }, 180000);

  it('ODCS: an Atlas expression, a reference to the same table and a percentile over the run', async () => {
    await quality().post('/api/v1/contracts').set(serviceAuth).send(ODCS).expect(201);
    await quality().post('/api/v1/contracts/bookings-contract/versions/1.0.0/activate').set(serviceAuth).expect(200);
    const records = [
      { check_in_day: 1, check_out_day: 3, nights: 2, country: 'FR', warehouse: 'PAR' },
      { check_in_day: 5, check_out_day: 6, nights: 2, country: 'DE', warehouse: 'PAR' },
      { check_in_day: 2, check_out_day: 9, nights: 7, country: 'ES' },
    ];
    const pushed = await request(stack.services.gateway.baseUrl).post('/api/v1/sources/bookings/records').set(auth).set('Idempotency-Key', 'quality-checks-2').send(records).expect(202);
    const runId = pushed.body.runId as string;
    expect(await waitForRuns(database, [runId], 3, 60000)).toEqual({ explored: 3, navigated: 1, quarantined: 2 });
    expect(await quarantinedOf(runId)).toEqual([
      [
        1,
        [
          ['stay-adds-up', 'nights = check_out_day - check_in_day', 'expression', { nights: 2, check_out_day: 6, check_in_day: 5 }],
          ['bookings.country+warehouse.reference', '(country, warehouse) exists in warehouses(country, code)', 'reference', { country: 'DE', warehouse: 'PAR' }],
        ],
      ],
      // No warehouse: the pair is not evaluated (missing values are not_null's business).
      [2, [['bookings.country.reference', 'country exists in countries(code)', 'reference', 'ES']]],
    ]);
    const [percentile, firstDay] = await closedWindowsOf(runId, 2);
    // One booking of three checks in on day 1 (33.3%, not under 30%): the window fails, the booking itself went on to Navigate.
    expect(firstDay).toMatchObject({ checkId: 'few-first-day', metric: 'failed_rows_percent', outcome: 'fail', rows: 3 });
    expect(firstDay.measuredValue).toBeCloseTo(100 / 3, 9);
    // The 90th percentile of 2, 2, 7 is 2 (rank 0.9 × 2 = 1.8 → the second value) within 1%: it passes below 5.
    expect(percentile).toMatchObject({ checkId: 'bookings.nights.percentile', outcome: 'pass', rows: 3 });
    expect(Math.abs(percentile.measuredValue - 2)).toBeLessThanOrEqual(0.02);
  }, 120000);

  it('retention deletes results, windows, duplicate keys and quarantined records past their age in batches, and reports never-replayed ones', async () => {
    const { rows: runs } = await database.query<{ run_id: string; source_id: string }>('SELECT run_id, source_id FROM quality.run_results ORDER BY source_id');
    const [bookings, shipments] = runs;
    expect([bookings.source_id, shipments.source_id]).toEqual(['bookings', 'shipments']);
    // The shipments run's results and the bookings run's quarantined records are made 91 days old (retention: 90 by default).
    const aged = `now() - interval '91 days'`;
    // Two keys of a duplicates check: one first seen 91 days ago (QUALITY_DUPLICATE_KEYS_RETENTION_DAYS: 90 by default), one today.
    await database.query(
      `INSERT INTO quality.duplicate_keys (source_id, check_id, key_hash, first_record_id, first_seen_at)
       VALUES ('shipments', 'shipments.id.duplicate_count', repeat('a', 32), gen_random_uuid(), ${aged}), ('shipments', 'shipments.id.duplicate_count', repeat('b', 32), gen_random_uuid(), now())`,
    );
    await database.query(`UPDATE quality.check_results SET last_evaluated_at = ${aged} WHERE run_id = $1`, [shipments.run_id]);
    await database.query(`UPDATE quality.window_results SET last_evaluated_at = ${aged} WHERE run_id = $1`, [shipments.run_id]);
    await database.query(`UPDATE quality.run_results SET last_judged_at = ${aged} WHERE run_id = $1`, [shipments.run_id]);
    await database.query(`UPDATE quality.judged_records SET judged_at = ${aged} WHERE run_id = $1`, [shipments.run_id]);
    await database.query(`UPDATE quality.quarantined_records SET quarantined_at = ${aged} WHERE run_id = $1`, [bookings.run_id]);
    const countOf = async (table: string, runId: string) => Number((await database.query<{ count: string }>(`SELECT count(*) FROM quality.${table} WHERE run_id = $1`, [runId])).rows[0].count);
    const kept = await Promise.all([countOf('check_results', bookings.run_id), countOf('quarantined_records', shipments.run_id)]);
    expect(kept[1]).toBe(3);
    await waitFor(async () => (await countOf('quarantined_records', bookings.run_id)) === 0 && (await countOf('check_results', shipments.run_id)) === 0, { timeoutMs: 20000, description: 'the retention job deleted the aged rows' });
    expect(await Promise.all(['run_results', 'window_results', 'judged_records'].map((table) => countOf(table, shipments.run_id)))).toEqual([0, 0, 0]);
    // The job deleted the old key in the same run (duplicate keys go before quarantined records), and kept the young one.
    const { rows: keys } = await database.query<{ key_hash: string }>("SELECT key_hash FROM quality.duplicate_keys WHERE source_id = 'shipments'");
    expect(keys.map((key) => key.key_hash)).toEqual(['b'.repeat(32)]);
    // The other run's rows are kept: results of bookings, quarantined shipments.
    expect(await Promise.all([countOf('check_results', bookings.run_id), countOf('quarantined_records', shipments.run_id)])).toEqual(kept);
    expect(kept[0]).toBeGreaterThan(0);
    const { rows: job } = await database.query<{ unreplayed_deleted: string; report: { unreplayedBySource: Record<string, number> } }>("SELECT unreplayed_deleted, report FROM quality.retention_runs WHERE job = 'retention'");
    expect(Number(job[0].unreplayed_deleted)).toBe(2);
    expect(job[0].report.unreplayedBySource).toEqual({ bookings: 2 });
  }, 60000);
});
