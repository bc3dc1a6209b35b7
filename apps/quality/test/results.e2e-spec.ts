import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import request from 'supertest';
import { verifyAlertSignature } from '../src/alerts/alert-signature';
import { CLAIM_DUPLICATE_KEYS } from '../src/results/results.repository';
import { showAnomalyDetection } from '../../../scripts/demo-anomaly';
import { waitForRuns } from '../../../scripts/pipeline-client';
import { PipelineStack, startPipelineStack, stopPipelineStack, TEST_API_KEY, TEST_SERVICE_API_KEY, waitFor } from '@atlas/testing';

const ORDERS_CONTRACT = {
  apiVersion: 'v3.1.0',
  kind: 'DataContract',
  id: 'orders-contract',
  version: '1.0.0',
  status: 'active',
  schema: [
    {
      name: 'orders',
      properties: [
        { name: 'order_id', logicalType: 'integer', required: true },
        { name: 'amount', logicalType: 'number', logicalTypeOptions: { minimum: 0 }, quality: [{ id: 'amount-set', metric: 'nullValues', mustBe: 0, severity: 'warning' }] },
      ],
    },
  ],
};

interface CheckResult {
  checkId: string;
  outcome: string;
  measuredValue: number;
  rowsTested: number;
  rowsFailed: number;
  rowsNotEvaluated: number;
  sampleFailingRecordIds: string[];
  runId: string;
}

describe('check results per run, stored with history and sent to lineage', () => {
  let stack: PipelineStack;
  let database: Pool;
  const quality = () => request(stack.services.quality.baseUrl);
  // The gateway takes a client key; the service's own port only the service credential.
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
  const serviceAuth = { Authorization: `Bearer ${TEST_SERVICE_API_KEY}` };

  // A webhook receiver: the first delivery of each alert is refused (503), so every alert is retried once.
  const WEBHOOK_SECRET = 'results-e2e-webhook-secret-0123456789';
  const received: Array<{ alertId: string; signature: string; body: string; status: number }> = [];
  let receiver: Server;

  beforeAll(async () => {
    receiver = createServer((incoming, answer) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const alertId = String(incoming.headers['x-atlas-alert-id']);
        const status = received.some((delivery) => delivery.alertId === alertId) ? 204 : 503;
        received.push({ alertId, signature: String(incoming.headers['x-atlas-signature']), body: Buffer.concat(chunks).toString('utf8'), status });
        answer.writeHead(status).end();
      });
    });
    await new Promise<void>((resolveListen) => receiver.listen(0, '127.0.0.1', resolveListen));
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;
    ({ stack, database } = await startPipelineStack(4660, { QUALITY_ALERT_WEBHOOK_URL: webhookUrl, QUALITY_ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET }));
  }, 180000);

  afterAll(async () => {
    await stopPipelineStack({ stack, database });
    await new Promise((resolveClose) => receiver.close(resolveClose));
  });

  async function push(records: object[], idempotencyKey: string): Promise<string> {
    const response = await request(stack.services.gateway.baseUrl).post('/api/v1/sources/orders/records').set(auth).set('Idempotency-Key', idempotencyKey).send(records).expect(202);
    return response.body.runId as string;
  }

  it('serves each check over a run and the history of a check across runs, and asserts them in lineage', async () => {
    await quality().post('/api/v1/contracts').set(serviceAuth).send(ORDERS_CONTRACT).expect(201);
    await quality().post('/api/v1/contracts/orders-contract/versions/1.0.0/activate').set(serviceAuth).expect(200);
    const firstRun = await push([{ order_id: 1, amount: 5 }, { order_id: 2, amount: -1 }, { order_id: 3 }], 'results-1');
    expect(await waitForRuns(database, [firstRun], 3, 60000)).toEqual({ explored: 3, navigated: 2, quarantined: 1 });
    const secondRun = await push([{ order_id: 4, amount: 1 }], 'results-2');
    expect(await waitForRuns(database, [secondRun], 1, 60000)).toEqual({ explored: 1, navigated: 1, quarantined: 0 });

    await quality().get(`/api/v1/quality/runs/${firstRun}/results`).expect(401);
    const results = await quality().get(`/api/v1/quality/runs/${firstRun}/results`).set(serviceAuth).expect(200);
    expect(results.body.judgedBy).toEqual([
      { runId: firstRun, sourceId: 'orders', contractId: 'orders-contract', contractVersion: '1.0.0', expectedRecords: 3, recordsJudged: 3, recordsQuarantined: 1, firstJudgedAt: expect.any(String), lastJudgedAt: expect.any(String) },
    ]);
    const byId = new Map<string, CheckResult>(results.body.checks.map((check: CheckResult) => [check.checkId, check]));
    const { rows: negative } = await database.query<{ record_id: string }>('SELECT record_id FROM quality.quarantined_records WHERE run_id = $1', [firstRun]);
    expect(byId.get('orders.amount.minimum')).toMatchObject({
      outcome: 'fail',
      measuredValue: 1,
      thresholds: { fail: { metric: 'failedRows', mustBe: 0 } },
      rowsTested: 2,
      rowsFailed: 1,
      failedRowsPercent: 50,
      rowsNotEvaluated: 1,
      sampleFailingRecordIds: [negative[0].record_id],
      dimension: 'validity',
    });
    expect(byId.get('amount-set')).toMatchObject({ outcome: 'warn', level: 'warn', measuredValue: 1, rowsTested: 3, rowsFailed: 1, dimension: 'completeness' });
    expect(byId.get('orders.order_id.not_null')).toMatchObject({ outcome: 'pass', measuredValue: 0, rowsTested: 3, rowsFailed: 0 });

    const history = await quality().get('/api/v1/quality/results').query({ sourceId: 'orders', checkId: 'orders.amount.minimum' }).set(serviceAuth).expect(200);
    expect(history.body.items.map((result: CheckResult) => [result.runId, result.outcome])).toEqual([
      [secondRun, 'pass'],
      [firstRun, 'fail'],
    ]);
    await quality().get('/api/v1/quality/results').query({ sourceId: 'Bad Source' }).set(serviceAuth).expect(400);

    // The score: completeness 5 of 6 rows (order_id required 3/3, amount set 2/3), validity 6 of 7
    // (order_id integer 3/3, amount number 2/2, amount at least 0 1/2); the mean of the two.
    const score = await quality().get(`/api/v1/quality/runs/${firstRun}/score`).set(serviceAuth).expect(200);
    expect(score.body).toMatchObject({ runId: firstRun, sourceId: 'orders', score: 84.52 });
    expect(score.body.dimensions.completeness).toEqual({ score: 83.33, testedUnits: 6, passedUnits: 5 });
    expect(score.body.dimensions.validity).toEqual({ score: 85.71, testedUnits: 7, passedUnits: 6 });
    expect(score.body.dimensions.timeliness).toEqual({ score: null, testedUnits: 0, passedUnits: 0 });
    const scores = await quality().get('/api/v1/quality/scores').query({ sourceId: 'orders' }).set(serviceAuth).expect(200);
    expect(scores.body.runs.map((run: { runId: string; score: number }) => [run.runId, run.score])).toEqual([
      [secondRun, 100],
      [firstRun, 84.52],
    ]);
    expect(scores.body.trend).toBe(15.48);

    // The quality stage's lineage event of the first run asserts each check on its input topic.
    let assertions: Array<{ assertion: string; success: boolean; column?: string }> = [];
    await waitFor(
      async () => {
        const { rows } = await database.query<{ event: { inputs: Array<{ inputFacets?: { dataQualityAssertions?: { assertions: typeof assertions } } }> } }>(
          "SELECT event FROM lineage.run_events WHERE parent_run_id = $1 AND job_name = 'quality.validate'",
          [firstRun],
        );
        assertions = rows.flatMap((row) => row.event.inputs[0].inputFacets?.dataQualityAssertions?.assertions ?? []);
        return assertions.some((assertion) => assertion.assertion === 'orders.amount.minimum');
      },
      { timeoutMs: 30000, description: 'the quality event of the first run with its assertions' },
    );
    expect(assertions.filter((assertion) => assertion.assertion === 'orders.amount.minimum').some((assertion) => !assertion.success)).toBe(true);
  }, 180000);

  it('counts rows and duplicate keys per run with state in PostgreSQL that survives a quality restart', async () => {
    const linesContract = {
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: 'lines-contract',
      version: '1.0.0',
      status: 'active',
      schema: [
        {
          name: 'lines',
          properties: [
            { name: 'order_id', logicalType: 'integer', required: true, primaryKey: true, primaryKeyPosition: 1 },
            { name: 'line', logicalType: 'integer', primaryKey: true, primaryKeyPosition: 2 },
            { name: 'sku', logicalType: 'integer', quality: [{ id: 'sku-repeats', metric: 'duplicateValues', mustBeLessThan: 50, unit: 'percent', severity: 'warning' }] },
          ],
          quality: [{ id: 'lines-volume', metric: 'rowCount', mustBeGreaterOrEqualTo: 3 }],
        },
      ],
    };
    const created = await quality().post('/api/v1/contracts').set(serviceAuth).send(linesContract).expect(201);
    expect(created.body.notEvaluated).toEqual([]);
    await quality().post('/api/v1/contracts/lines-contract/versions/1.0.0/activate').set(serviceAuth).expect(200);
    const pushLines = async (records: object[], key: string) =>
      (await request(stack.services.gateway.baseUrl).post('/api/v1/sources/lines/records').set(auth).set('Idempotency-Key', key).send(records).expect(202)).body.runId as string;
    const resultsOf = async (runId: string) => {
      const response = await quality().get(`/api/v1/quality/runs/${runId}/results`).set(serviceAuth).expect(200);
      return new Map<string, CheckResult & { metric: string }>(response.body.checks.map((check: CheckResult & { metric: string }) => [check.checkId, check]));
    };

    const firstRun = await pushLines(
      [
        { order_id: 1, line: 1, sku: 100 },
        { order_id: 1, line: 2, sku: 100 },
        { order_id: 1, line: 1, sku: 200 },
      ],
      'lines-1',
    );
    // Run checks report; they do not quarantine (only per-record fail checks do).
    expect(await waitForRuns(database, [firstRun], 3, 60000)).toEqual({ explored: 3, navigated: 3, quarantined: 0 });
    const first = await resultsOf(firstRun);
    expect(first.get('lines.primary_key')).toMatchObject({ checkType: 'duplicates', outcome: 'fail', metric: 'duplicateRows', measuredValue: 1, rowsTested: 3, rowsFailed: 1, dimension: 'uniqueness' });
    expect(first.get('lines-volume')).toMatchObject({ checkType: 'row_count', outcome: 'pass', metric: 'rowCount', measuredValue: 3, thresholds: { fail: { metric: 'rowCount', mustBeGreaterOrEqualTo: 3 } } });
    expect(first.get('sku-repeats')).toMatchObject({ outcome: 'pass', metric: 'duplicatePercent', measuredValue: 33.33, rowsFailed: 1, level: 'warn' });

    // Nothing of the window lives in the process: a crashed and restarted quality still knows run 1's keys.
    await stack.services.quality.restart('SIGKILL');
    const secondRun = await pushLines(
      [
        { order_id: 1, line: 2, sku: 300 },
        { order_id: 2, line: 1, sku: 400 },
      ],
      'lines-2',
    );
    expect(await waitForRuns(database, [secondRun], 2, 60000)).toEqual({ explored: 2, navigated: 2, quarantined: 0 });
    const { rows } = await database.query<{ record_id: string }>('SELECT record_id FROM connector.navigate_records WHERE run_id = $1 AND position_index = 0', [secondRun]);
    const second = await resultsOf(secondRun);
    expect(second.get('lines.primary_key')).toMatchObject({ outcome: 'fail', measuredValue: 1, rowsTested: 2, sampleFailingRecordIds: [rows[0].record_id] });
    expect(second.get('lines-volume')).toMatchObject({ outcome: 'fail', measuredValue: 2 });
    expect(second.get('sku-repeats')).toMatchObject({ outcome: 'pass', measuredValue: 0 });
  }, 180000);

  it('claims duplicate keys in one statement that answers the owner of every key, waiting for a batch claiming the same key right now', async () => {
    const [first, second] = [await database.connect(), await database.connect()];
    const hash = 'b'.repeat(32);
    const claim = (client: typeof first, recordId: string) =>
      client.query<{ key_hash: string; first_record_id: string }>(CLAIM_DUPLICATE_KEYS.text, [['claims', 'claims'], ['claims.key', 'claims.key'], [hash, 'c'.repeat(32)], [recordId, recordId]]);
    const [recordA, recordB] = ['0192f0c1-7a3b-7c3d-8e4f-00000000000a', '0192f0c1-7a3b-7c3d-8e4f-00000000000b'];
    try {
      await first.query('BEGIN');
      await second.query('BEGIN');
      expect((await claim(first, recordA)).rows.map((row) => [row.key_hash, row.first_record_id])).toEqual([
        [hash, recordA],
        ['c'.repeat(32), recordA],
      ]);
      // The second batch waits on the first's uncommitted keys, then sees them as committed: both owned by record A.
      const waiting = claim(second, recordB);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.query('COMMIT');
      expect((await waiting).rows.map((row) => row.first_record_id)).toEqual([recordA, recordA]);
      await second.query('COMMIT');
      const { rows } = await database.query('SELECT key_hash, first_record_id::text AS owner FROM quality.duplicate_keys WHERE source_id = $1 ORDER BY key_hash', ['claims']);
      expect(rows).toEqual([
        { key_hash: hash, owner: recordA },
        { key_hash: 'c'.repeat(32), owner: recordA },
      ]);
    } finally {
      // Discarded, not pooled: a failed expectation may leave a transaction open.
      first.release(true);
      second.release(true);
    }
  });

  it('posts a signed alert once per run and failing check, retried until the webhook accepts it', async () => {
    const { rows: failedRuns } = await database.query<{ run_id: string }>("SELECT run_id FROM quality.check_results WHERE check_id = 'orders.amount.minimum' AND rows_failed > 0");
    expect(failedRuns).toHaveLength(1);
    const ordersRun = failedRuns[0];
    // orders: the first run failed `amount is at least 0`; lines: both runs failed the primary key.
    const expected = ['lines.primary_key', 'lines.primary_key', 'orders.amount.minimum'];
    let accepted: Array<{ alertId: string; checkId: string; runId: string; metric: string; measuredValue: number; sampleFailingRecordIds: string[] }> = [];
    await waitFor(
      () => {
        // Delivery is at least once: a repeat carries the same alert id, and the receiver drops it.
        const byId = new Map(received.filter((delivery) => delivery.status === 204).map((delivery) => [delivery.alertId, JSON.parse(delivery.body || 'null')]));
        accepted = [...byId.values()];
        if (accepted.length < expected.length) throw new Error(`deliveries so far: ${JSON.stringify(received.map((delivery) => [delivery.alertId, delivery.status, delivery.body.length]))}`);
        return true;
      },
      { timeoutMs: 30000, description: 'every alert accepted by the webhook' },
    );
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 2000));
    expect(accepted.map((alert) => alert.checkId).sort()).toEqual(expected);
    const minimum = accepted.find((alert) => alert.checkId === 'orders.amount.minimum')!;
    expect(minimum).toMatchObject({ type: 'check_failed', sourceId: 'orders', runId: ordersRun.run_id, outcome: 'fail', metric: 'failedRows', measuredValue: 1, rowsFailed: 1 });
    for (const delivery of received) expect(verifyAlertSignature(WEBHOOK_SECRET, delivery.signature, delivery.body, Math.floor(Date.now() / 1000))).toBe(true);
    // Each alert was refused once (503) and retried; no other alert fired (a check fires once per run).
    const attempts = new Map<string, number>();
    for (const delivery of received) attempts.set(delivery.alertId, (attempts.get(delivery.alertId) ?? 0) + 1);
    expect(attempts.size).toBe(3);
    for (const count of attempts.values()) expect(count).toBeGreaterThanOrEqual(2);
    const { rows } = await database.query<{ delivered: boolean; abandoned: boolean }>('SELECT delivered_at IS NOT NULL AS delivered, abandoned_at IS NOT NULL AS abandoned FROM quality.alerts');
    expect(rows).toEqual([
      { delivered: true, abandoned: false },
      { delivered: true, abandoned: false },
      { delivered: true, abandoned: false },
    ]);
  }, 60000);

  it('judges each run of an anomaly detection check against its history by weekday, serves the band and alerts once per anomaly', async () => {
    const sodacl = 'checks for visits:\n  - anomaly detection for row_count:\n      identity: visits-volume\n';
    await quality().post('/api/v1/contracts').set(serviceAuth).send({ format: 'sodacl', id: 'visits-contract', version: '1.0.0', sodacl }).expect(201);
    await quality().post('/api/v1/contracts/visits-contract/versions/1.0.0/activate').set(serviceAuth).expect(200);
    // Three weeks of daily runs before today, as closed windows: on today's weekday 9, 11, 10
    // records (oldest first); every other weekday its own constant level (50 + day), not an anomaly.
    const dayMs = 86_400_000;
    const now = Date.now();
    const days = Array.from({ length: 21 }, (_, index) => 21 - index);
    const valueOf = (daysAgo: number) => (daysAgo % 7 !== 0 ? 50 + (daysAgo % 7) : daysAgo === 21 ? 9 : daysAgo === 14 ? 11 : 10);
    await database.query(
      `INSERT INTO quality.window_results (run_id, source_id, contract_id, contract_version, check_id, metric, thresholds, window_kind, window_start, window_end,
                                          rows_judged, max_ingested_ms, outcome, measured_value, closed_at)
       SELECT gen_random_uuid(), 'visits', 'visits-contract', '1.0.0', 'visits-volume', 'row_count', '{}', 'run', 0, v.value, v.value, v.at, 'pass', v.value, now()
         FROM unnest($1::bigint[], $2::bigint[]) AS v(at, value)`,
      [days.map((daysAgo) => now - daysAgo * dayMs), days.map(valueOf)],
    );
    const pushVisits = async (count: number, key: string) =>
      (await request(stack.services.gateway.baseUrl).post('/api/v1/sources/visits/records').set(auth).set('Idempotency-Key', key).send(Array.from({ length: count }, (_, index) => ({ visit: index }))).expect(202)).body.runId as string;

    const spikeRun = await pushVisits(30, 'visits-spike');
    expect(await waitForRuns(database, [spikeRun], 30, 60000)).toEqual({ explored: 30, navigated: 30, quarantined: 0 });
    // Expected: the median of today's weekday (10) plus the median residual (0). The residuals are
    // twelve zeros, +2 and 0: MAD 0, so the scale is 1.2533 × their mean absolute deviation (2/14).
    const scale = (1.2533 * 2) / 14;
    const anomalies = await request(stack.services.gateway.baseUrl).get('/api/v1/quality/anomalies').query({ sourceId: 'visits', checkId: 'visits-volume', limit: 5 }).set(auth).expect(200);
    expect(anomalies.body.items).toHaveLength(1);
    const spike = anomalies.body.items[0];
    expect(spike).toMatchObject({ checkId: 'visits-volume', runId: spikeRun, metric: 'row_count', window: { kind: 'run', start: 0, end: 30 }, value: 30, outcome: 'fail', evaluated: true, anomalous: true, expected: 10, historyPoints: 21, seasonalPoints: 3 });
    expect(spike.lower).toBeCloseTo(10 - 3.5 * scale, 9);
    expect(spike.upper).toBeCloseTo(10 + 3.5 * scale, 9);
    expect(spike.score).toBeCloseTo(20 / scale, 6);
    const results = await quality().get(`/api/v1/quality/runs/${spikeRun}/results`).set(serviceAuth).expect(200);
    expect(results.body.checks).toMatchObject([{ checkId: 'visits-volume', outcome: 'fail', measuredValue: 30, windowsFailed: 1, anomaly: { anomalous: true, expected: 10 } }]);

    let anomalyAlerts: Array<Record<string, unknown>> = [];
    await waitFor(
      () => {
        const accepted = received.filter((delivery) => delivery.status === 204).map((delivery) => JSON.parse(delivery.body) as Record<string, unknown>);
        anomalyAlerts = accepted.filter((alert) => alert.type === 'anomaly');
        return anomalyAlerts.length > 0;
      },
      { timeoutMs: 30000, description: 'the anomaly alert accepted by the webhook' },
    );
    expect(anomalyAlerts).toEqual([
      {
        alertId: expect.any(String), type: 'anomaly', sourceId: 'visits', runId: spikeRun, contractId: 'visits-contract', contractVersion: '1.0.0', checkId: 'visits-volume',
        checkName: 'anomaly detection for row_count', field: '', level: 'fail', metric: 'row_count', measuredValue: 30, expected: 10, lower: spike.lower, upper: spike.upper, score: spike.score,
        at: spike.at, window: { kind: 'run', start: 0, end: 30 },
      },
    ]);

    // A usual day's volume: inside the band (the spike now in the history), no alert.
    const normalRun = await pushVisits(10, 'visits-normal');
    expect(await waitForRuns(database, [normalRun], 10, 60000)).toEqual({ explored: 10, navigated: 10, quarantined: 0 });
    const after = await request(stack.services.gateway.baseUrl).get('/api/v1/quality/anomalies').query({ sourceId: 'visits' }).set(auth).expect(200);
    expect(after.body.items.map((point: { runId: string; anomalous: boolean; expected: number }) => [point.runId, point.anomalous, point.expected])).toEqual([
      [normalRun, false, 10.5],
      [spikeRun, true, 10],
    ]);
    const onlyAnomalies = await request(stack.services.gateway.baseUrl).get('/api/v1/quality/anomalies').query({ sourceId: 'visits', anomalous: true }).set(auth).expect(200);
    expect(onlyAnomalies.body.items.map((point: { runId: string }) => point.runId)).toEqual([spikeRun]);
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 2000));
    const { rows } = await database.query<{ count: number }>("SELECT count(*)::int AS count FROM quality.alerts WHERE payload->>'type' = 'anomaly'");
    expect(rows[0].count).toBe(1);
  }, 180000);

  it("prints the demo's anomaly lines against the running services", async () => {
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(...String(line).split('\n')));
    try {
      await showAnomalyDetection(database, { gatewayUrl: stack.services.gateway.baseUrl, piiUrl: '', apiKey: TEST_API_KEY, databaseUrl: '' });
    } finally {
      log.mockRestore();
    }
    // Ten usual runs (5 to 7 records) wait for their history; the eleventh (40) is judged against them:
    // baseline 5.5 (the last four), typical change +0.5, MAD 1 → band 6 ± 3.5 × 1.4826.
    expect(lines.filter((line) => line !== '')).toEqual([
      'Anomaly detection (SodaCL "anomaly detection for row_count", day-of-week seasonality; gateway GET /api/v1/quality/anomalies): 11 runs of "deliveries"',
      '  10 not evaluated yet (insufficient history), 0 inside their band',
      expect.stringMatching(/^ {2}anomaly: run [0-9a-f-]{36} row_count = 40, expected 6 \(band 0\.81–11\.19\), robust z-score 22\.93 over 10 earlier runs$/),
    ]);
  }, 120000);
});
