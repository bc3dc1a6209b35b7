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
      quality: [{ id: 'stay-adds-up', type: 'custom', engine: 'atlas', name: 'nights = check_out_day - check_in_day', implementation: 'nights >= 1 and nights = check_out_day - check_in_day' }],
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
    ({ stack, database } = await startPipelineStack(4690));
    // A lookup table in the reference schema (created by the migrations), read by the reference checks.
    await database.query(`CREATE TABLE reference.countries (code text PRIMARY KEY); INSERT INTO reference.countries VALUES ('DE'), ('FR')`);
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
    await quality().post('/api/v1/contracts/shipments-soda/versions/1.0.0/activate').set(serviceAuth).expect(200);

    const records = [
      { id: 1, quantity: 2, unit_price: 5, amount: 10, country: 'DE' },
      { id: 2, quantity: 3, unit_price: 0.1, amount: 0.3, country: 'FR' },
      { id: 3, quantity: 2, unit_price: 5, amount: 12, country: 'DE' },
      { id: 4, quantity: 1, unit_price: 40, amount: 40, country: 'XX' },
      { id: 5, quantity: 1, unit_price: 100, amount: 100, country: 'FR' },
      { id: 6, quantity: 4, unit_price: 25, amount: 100, country: 'DE' },
    ];
    const pushed = await request(stack.services.gateway.baseUrl).post('/api/v1/sources/shipments/records').set(auth).set('Idempotency-Key', 'quality-checks-1').send(records).expect(202);
    const runId = pushed.body.runId as string;
    expect(await waitForRuns(database, [runId], 6, 60000)).toEqual({ explored: 6, navigated: 4, quarantined: 2 });
    expect(await quarantinedOf(runId)).toEqual([
      [2, [['shipments.failed_rows', 'amount is quantity times unit price', 'expression', { amount: 12, quantity: 2, unit_price: 5 }]]],
      [3, [['shipments.country.reference', 'values in (country) must exist in countries (code)', 'reference', 'XX']]],
    ]);

    const windows = await closedWindowsOf(runId, 3);
    expect(windows.map((window) => [window.checkId, window.window.kind, window.window.start, window.window.end, window.rows, window.outcome])).toEqual([
      ['shipments.amount.percentile', 'run', 0, 6, 6, 'pass'],
      ['shipments.amount.stddev', 'count', 0, 3, 3, 'pass'],
      ['shipments.amount.stddev', 'count', 3, 6, 3, 'pass'],
    ]);
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
      { check_in_day: 1, check_out_day: 3, nights: 2, country: 'FR' },
      { check_in_day: 5, check_out_day: 6, nights: 2, country: 'DE' },
      { check_in_day: 2, check_out_day: 9, nights: 7, country: 'ES' },
    ];
    const pushed = await request(stack.services.gateway.baseUrl).post('/api/v1/sources/bookings/records').set(auth).set('Idempotency-Key', 'quality-checks-2').send(records).expect(202);
    const runId = pushed.body.runId as string;
    expect(await waitForRuns(database, [runId], 3, 60000)).toEqual({ explored: 3, navigated: 1, quarantined: 2 });
    expect(await quarantinedOf(runId)).toEqual([
      [1, [['stay-adds-up', 'nights = check_out_day - check_in_day', 'expression', { nights: 2, check_out_day: 6, check_in_day: 5 }]]],
      [2, [['bookings.country.reference', 'country exists in countries(code)', 'reference', 'ES']]],
    ]);
    const [percentile] = await closedWindowsOf(runId, 1);
    // The 90th percentile of 2, 2, 7 is 2 (rank 0.9 × 2 = 1.8 → the second value) within 1%: it passes below 5.
    expect(percentile).toMatchObject({ checkId: 'bookings.nights.percentile', outcome: 'pass', rows: 3 });
    expect(Math.abs(percentile.measuredValue - 2)).toBeLessThanOrEqual(0.02);
  }, 120000);
});
