import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import request from 'supertest';
import { showSodaclContract } from '../../../scripts/demo-sodacl';
import { waitForRuns } from '../../../scripts/pipeline-client';
import { PipelineStack, startPipelineStack, stopPipelineStack, TEST_ADMIN_API_KEY, TEST_API_KEY, TEST_SERVICE_API_KEY, waitFor } from '@atlas/testing';

const DAY_MS = 24 * 3600 * 1000;

const SODACL = `checks for payments:
  - missing_count(payment_id) = 0
  - invalid_count(currency) = 0:
      valid values: [EUR, USD]
  - invalid_count(reference) = 0:
      valid regex: ^PAY-[0-9]+$
      missing values: [N/A]
  - invalid_percent(reference) < 30%:
      valid regex: ^PAY-[0-9]+$
      missing values: [N/A]
  - schema:
      fail:
        when required column missing: [payment_id]
        when forbidden column present: [card_*]
  - row_count > 10:
      name: at least 10 payments per run
  - avg(amount):
      warn: when > 100
      fail: when > 1000
      window: 3 records
  - missing_percent(note):
      warn: when > 40%
  - max(amount) < 5000
  - freshness(updated_at) < 1d
  - anomaly detection for row_count
`;

const CONTRACT = { format: 'sodacl', id: 'payments-soda', version: '1.0.0', sodacl: SODACL };

interface Reason {
  checkId: string;
  rule: string;
  level: string;
  measuredValue?: unknown;
}

describe('SodaCL contracts through the API, judged per record and over windows in the real pipeline', () => {
  let stack: PipelineStack;
  let database: Pool;
  const quality = () => request(stack.services.quality.baseUrl);
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
  const serviceAuth = { Authorization: `Bearer ${TEST_SERVICE_API_KEY}` };
  const received: Array<Record<string, unknown>> = [];
  let receiver: Server;

  beforeAll(async () => {
    receiver = createServer((incoming, answer) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        answer.writeHead(204).end();
      });
    });
    await new Promise<void>((resolveListen) => receiver.listen(0, '127.0.0.1', resolveListen));
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;
    ({ stack, database } = await startPipelineStack(4670, { QUALITY_ALERT_WEBHOOK_URL: webhookUrl, QUALITY_ALERT_WEBHOOK_SECRET: 'sodacl-e2e-webhook-secret-0123456789abc', QUALITY_ALERT_SCORE_BELOW: '90' }));
  }, 180000);

  afterAll(async () => {
    await stopPipelineStack({ stack, database });
    await new Promise((resolveClose) => receiver.close(resolveClose));
  });

  it('refuses a wrong SodaCL file naming the path and line, and versions a valid one', async () => {
    const wrong = { ...CONTRACT, sodacl: 'checks for payments:\n  - row_count > 0\n  - missing_count(email) < lots\n' };
    const validation = await quality().post('/api/v1/contracts/validate').set(serviceAuth).send(wrong).expect(200);
    expect(validation.body).toEqual({ valid: false, problems: [{ path: '/sodacl/checks for payments/1', line: 3, message: '"missing_count(email) < lots" "lots" is not a number' }] });
    const refused = await quality().post('/api/v1/contracts').set(serviceAuth).send(wrong).expect(400);
    expect(refused.body.problems[0]).toMatchObject({ path: '/sodacl/checks for payments/1', line: 3 });

    const created = await quality().post('/api/v1/contracts').set(serviceAuth).send(CONTRACT).expect(201);
    expect(created.body.notEvaluated).toEqual([]);
    expect(created.body.sources[0].checks.map((check: { id: string; type: string; level: string }) => [check.id, check.type, check.level])).toEqual([
      ['payments.payment_id.missing_count', 'not_null', 'fail'],
      ['payments.currency.invalid_count', 'allowed_values', 'fail'],
      ['payments.reference.invalid_count', 'pattern', 'fail'],
      ['payments.schema.fail.required', 'required_keys', 'fail'],
      ['payments.schema.fail.forbidden', 'forbidden_keys', 'fail'],
    ]);
    expect(created.body.sources[0].windowChecks.map((check: { id: string; level: string }) => [check.id, check.level])).toEqual([
      ['payments.reference.invalid_percent', 'fail'],
      ['payments.row_count', 'fail'],
      ['payments.amount.avg', 'fail'],
      ['payments.note.missing_percent', 'warn'],
      ['payments.amount.max', 'fail'],
      ['payments.updated_at.freshness', 'fail'],
      ['payments.row_count.anomaly', 'fail'],
    ]);
    // Versions never change: the same file again is a no-op, another file under that version a conflict.
    await quality().post('/api/v1/contracts').set(serviceAuth).send(CONTRACT).expect(200);
    await quality().post('/api/v1/contracts').set(serviceAuth).send({ ...CONTRACT, sodacl: `${SODACL}  - row_count < 100\n` }).expect(409);
    await quality().post('/api/v1/contracts/payments-soda/versions/1.0.0/activate').set(serviceAuth).expect(200);
  });

  it('quarantines per-record failures with their reasons and judges windows and runs with warn and fail outcomes', async () => {
    // Timestamps are DATE_TIME to pii-detection: this source keeps updated_at, so freshness can read it.
    const policy = await request(stack.services['pii-detection'].baseUrl)
      .put('/api/v1/policies/payments-keep-times')
      .set('Authorization', `Bearer ${TEST_ADMIN_API_KEY}`)
      .send({ sourceId: 'payments', rules: { DEFAULT: { operator: 'replace' } }, fieldRules: { updated_at: { operator: 'keep' } } });
    // pii-detection reloads its policies before answering the PUT: the next records are protected by it.
    expect(policy.status).toBe(201);

    const updatedAt = new Date(Date.now() - 2 * DAY_MS).toISOString();
    const records = [
      { payment_id: 1, currency: 'EUR', reference: 'PAY-1', amount: 10, note: 'ok', updated_at: updatedAt },
      { payment_id: 2, currency: 'GBP', reference: 'PAY-2', amount: 20, note: null, updated_at: updatedAt },
      { payment_id: 3, currency: 'USD', reference: 'N/A', amount: 30, note: 'ok', updated_at: updatedAt },
      { currency: 'EUR', reference: 'PAY-4', amount: 200, note: 'ok', updated_at: updatedAt },
      { payment_id: 5, currency: 'EUR', reference: 'bad', amount: 150, note: null, card_token: 'tok', updated_at: updatedAt },
      { payment_id: 6, currency: 'USD', reference: 'PAY-6', amount: 250, note: null, updated_at: updatedAt },
    ];
    const pushed = await request(stack.services.gateway.baseUrl).post('/api/v1/sources/payments/records').set(auth).set('Idempotency-Key', 'sodacl-1').send(records).expect(202);
    const runId = pushed.body.runId as string;
    expect(await waitForRuns(database, [runId], 6, 60000)).toEqual({ explored: 6, navigated: 3, quarantined: 3 });

    const { rows: quarantined } = await database.query<{ position_index: number; contract_id: string; contract_version: string; reasons: Reason[] }>(
      'SELECT position_index, contract_id, contract_version, reasons FROM quality.quarantined_records WHERE run_id = $1 ORDER BY position_index',
      [runId],
    );
    expect(quarantined.map((row) => [row.position_index, row.contract_id, row.contract_version, row.reasons.map((reason) => [reason.checkId, reason.rule, reason.measuredValue])])).toEqual([
      [1, 'payments-soda', '1.0.0', [['payments.currency.invalid_count', 'allowed_values', 'GBP']]],
      [
        3,
        'payments-soda',
        '1.0.0',
        [
          ['payments.payment_id.missing_count', 'not_null', 'missing'],
          ['payments.schema.fail.required', 'required_keys', ['payment_id']],
        ],
      ],
      [
        4,
        'payments-soda',
        '1.0.0',
        [
          ['payments.reference.invalid_count', 'pattern', 'bad'],
          ['payments.schema.fail.forbidden', 'forbidden_keys', ['card_token']],
        ],
      ],
    ]);

    // Windows close when their last record is judged (the run's size is known: 6).
    let windows: Array<{ checkId: string; window: { kind: string; start: number; end: number }; closed: boolean; outcome: string; measuredValue: number; rows: number }> = [];
    await waitFor(
      async () => {
        windows = (await quality().get(`/api/v1/quality/runs/${runId}/windows`).set(serviceAuth).expect(200)).body.items;
        return windows.length === 8 && windows.every((window) => window.closed);
      },
      { timeoutMs: 30000, description: 'every window of the run closed' },
    );
    const summary = windows.map((window) => [window.checkId, window.window.kind, window.window.start, window.window.end, window.rows, window.outcome]);
    expect(summary).toEqual([
      ['payments.amount.avg', 'count', 0, 3, 3, 'pass'],
      ['payments.amount.avg', 'count', 3, 6, 3, 'warn'],
      ['payments.amount.max', 'run', 0, 6, 6, 'pass'],
      ['payments.note.missing_percent', 'run', 0, 6, 6, 'warn'],
      ['payments.reference.invalid_percent', 'run', 0, 6, 6, 'pass'],
      ['payments.row_count', 'run', 0, 6, 6, 'fail'],
      // Anomaly detection needs 14 earlier runs of the source before it judges one.
      ['payments.row_count.anomaly', 'run', 0, 6, 6, 'not_evaluated'],
      ['payments.updated_at.freshness', 'run', 0, 6, 6, 'fail'],
    ]);
    expect(windows.find((window) => window.checkId === 'payments.row_count.anomaly')).toMatchObject({ measuredValue: 6, anomaly: { evaluated: false, historyPoints: 0, reason: 'insufficient history: 0 of 14 points' } });
    const value = (checkId: string, start = 0) => windows.find((window) => window.checkId === checkId && window.window.start === start)!.measuredValue;
    expect([value('payments.amount.avg'), value('payments.amount.avg', 3), value('payments.amount.max'), value('payments.note.missing_percent'), value('payments.row_count')]).toEqual([20, 200, 250, 50, 6]);
    expect(value('payments.reference.invalid_percent')).toBeCloseTo(100 / 6, 10);
    expect(value('payments.updated_at.freshness')).toBeGreaterThanOrEqual(2 * DAY_MS);
    expect(value('payments.updated_at.freshness')).toBeLessThan(2 * DAY_MS + 60000);

    // The run's check results carry the windows' outcomes (worst window) and the metric over the whole
    // run (merged window states: the average of the six amounts, 660 / 6, whichever window closed last);
    // they are updated in the transaction that closes the windows, so every window being closed means they are final.
    const results = await quality().get(`/api/v1/quality/runs/${runId}/results`).set(serviceAuth).expect(200);
    const byId = new Map<string, Record<string, unknown>>(results.body.checks.map((check: { checkId: string }) => [check.checkId, check]));
    expect(byId.get('payments.amount.avg')).toMatchObject({ checkType: 'aggregate', outcome: 'warn', metric: 'avg', measuredValue: 110, windowsEvaluated: 2, windowsWarned: 1, windowsFailed: 0 });
    expect(byId.get('payments.amount.max')).toMatchObject({ outcome: 'pass', measuredValue: 250, windowsEvaluated: 1 });
    expect(byId.get('payments.note.missing_percent')).toMatchObject({ measuredValue: 50 });
    expect(byId.get('payments.amount.avg')!.thresholds).toEqual({ fail: { metric: 'avg', mustBeLessOrEqualTo: 1000 }, warn: { metric: 'avg', mustBeLessOrEqualTo: 100 } });
    expect(byId.get('payments.row_count')).toMatchObject({ outcome: 'fail', measuredValue: 6, thresholds: { fail: { metric: 'row_count', mustBeGreaterThan: 10 } } });
    expect(byId.get('payments.note.missing_percent')).toMatchObject({ outcome: 'warn', level: 'warn', dimension: 'completeness' });
    expect(byId.get('payments.updated_at.freshness')).toMatchObject({ outcome: 'fail', dimension: 'timeliness' });
    expect(byId.get('payments.currency.invalid_count')).toMatchObject({ outcome: 'fail', rowsTested: 6, rowsFailed: 1 });
    const score = await quality().get(`/api/v1/quality/runs/${runId}/score`).set(serviceAuth).expect(200);
    expect(score.body.dimensions.timeliness).toEqual({ score: 0, testedUnits: 1, passedUnits: 0 });

    // Each window that closed failing fired one alert (row count and freshness), with its window: the
    // outbox is written in the transaction that closed the windows, so it is complete now; the webhook gets each.
    const { rows: outbox } = await database.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM quality.alerts WHERE payload->>'runId' = $1 AND payload->>'checkType' = 'aggregate'`,
      [runId],
    );
    expect(outbox.map(({ payload }) => [payload.checkId, payload.metric, payload.window]).sort()).toEqual([
      ['payments.row_count', 'row_count', { kind: 'run', start: 0, end: 6 }],
      ['payments.updated_at.freshness', 'freshness', { kind: 'run', start: 0, end: 6 }],
    ]);
    const alertIds = outbox.map(({ payload }) => payload.alertId).sort();
    await waitFor(() => alertIds.every((alertId) => received.some((alert) => alert.alertId === alertId)), { timeoutMs: 30000, description: 'the window alerts at the webhook' });
    const windowAlerts = received.filter((alert) => alert.checkType === 'aggregate' && alert.runId === runId);
    expect([...new Set(windowAlerts.map((alert) => alert.alertId))].sort()).toEqual(alertIds);
    expect(windowAlerts.find((alert) => alert.checkId === 'payments.row_count')).toMatchObject({ outcome: 'fail', measuredValue: 6, rowsTested: 6 });

    // The run completed below QUALITY_ALERT_SCORE_BELOW (90): one score alert, with the score the API serves.
    expect(score.body.score).toBeLessThan(90);
    const { rows: scoreAlerts } = await database.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM quality.alerts WHERE payload->>'runId' = $1 AND payload->>'type' = 'score_below_threshold'`, [runId]);
    expect(scoreAlerts.map(({ payload }) => payload)).toEqual([
      {
        alertId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'score_below_threshold',
        sourceId: 'payments',
        runId,
        contractId: 'payments-soda',
        contractVersion: '1.0.0',
        score: score.body.score,
        threshold: 90,
        dimensions: Object.fromEntries(Object.entries(score.body.dimensions as Record<string, { score: number | null }>).map(([dimension, { score: value }]) => [dimension, value])),
      },
    ]);
    await waitFor(() => received.some((alert) => alert.alertId === scoreAlerts[0].payload.alertId), { timeoutMs: 30000, description: 'the score alert at the webhook' });
    expect(received.find((alert) => alert.alertId === scoreAlerts[0].payload.alertId)).toEqual(scoreAlerts[0].payload);
  }, 180000);

  it('judges distribution drift against the previous run after a quality restart, and filtered and grouped checks per segment', async () => {
    const shipments = `checks for shipments:
  - distribution_difference(weight) > 0.5
  - distribution_difference(carrier) > 0.3:
      distribution type: categorical
  - row_count > 1:
      group by: carrier
  - avg(weight) < 25:
      filter: carrier = 'DHL'
`;
    await quality().post('/api/v1/contracts').set(serviceAuth).send({ format: 'sodacl', id: 'shipments-soda', version: '1.0.0', sodacl: shipments }).expect(201);
    await quality().post('/api/v1/contracts/shipments-soda/versions/1.0.0/activate').set(serviceAuth).expect(200);
    await request(stack.services['pii-detection'].baseUrl)
      .put('/api/v1/policies/shipments-keep')
      .set('Authorization', `Bearer ${TEST_ADMIN_API_KEY}`)
      .send({ sourceId: 'shipments', rules: { DEFAULT: { operator: 'replace' } }, fieldRules: { carrier: { operator: 'keep' }, weight: { operator: 'keep' } } })
      .expect(201);
    type WindowView = { checkId: string; closed: boolean; outcome: string; measuredValue: number | null; rows: number; segment?: { field: string; value: unknown }; segmentOverflowRows?: number; drift?: Record<string, unknown> };
    const pushRun = async (key: string, records: Array<Record<string, unknown>>, windowCount: number): Promise<{ runId: string; windows: WindowView[] }> => {
      const runId = (await request(stack.services.gateway.baseUrl).post('/api/v1/sources/shipments/records').set(auth).set('Idempotency-Key', key).send(records).expect(202)).body.runId as string;
      expect(await waitForRuns(database, [runId], records.length, 60000)).toEqual({ explored: records.length, navigated: records.length, quarantined: 0 });
      let windows: WindowView[] = [];
      await waitFor(
        async () => {
          windows = (await quality().get(`/api/v1/quality/runs/${runId}/windows?limit=500`).set(serviceAuth).expect(200)).body.items;
          return windows.length === windowCount && windows.every((window) => window.closed);
        },
        { timeoutMs: 30000, intervalMs: 200, description: 'every window of the shipments run closed' },
      );
      return { runId, windows };
    };
    const first = await pushRun('shipments-1', [
      { carrier: 'DHL', weight: 10 },
      { carrier: 'DHL', weight: 20 },
      { carrier: 'UPS', weight: 30 },
      { carrier: 'GLS', weight: 40 },
    ], 7);
    const row = (window: WindowView) => [window.checkId, window.segment?.value ?? null, window.rows, window.outcome, window.measuredValue];
    expect(first.windows.map(row)).toEqual([
      // The first run has no reference yet.
      ['shipments.carrier.distribution_difference', null, 4, 'not_evaluated', null],
      ['shipments.row_count', null, 4, 'pass', 4],
      ['shipments.row_count', 'DHL', 2, 'pass', 2],
      ['shipments.row_count', 'GLS', 1, 'fail', 1],
      ['shipments.row_count', 'UPS', 1, 'fail', 1],
      // Only the DHL records count: (10 + 20) / 2.
      ['shipments.weight.avg', null, 2, 'pass', 15],
      ['shipments.weight.distribution_difference', null, 4, 'not_evaluated', null],
    ]);
    expect(first.windows.find((window) => window.checkId === 'shipments.weight.distribution_difference')!.drift).toMatchObject({ evaluated: false, reason: 'no reference: no earlier closed window of this check (and segment) with values' });
    const firstResults = await quality().get(`/api/v1/quality/runs/${first.runId}/results`).set(serviceAuth).expect(200);
    // A failing segment fails the check over the run; the overall window passed.
    expect(firstResults.body.checks.find((check: { checkId: string }) => check.checkId === 'shipments.row_count')).toMatchObject({
      outcome: 'fail', measuredValue: 4, windowsEvaluated: 1, windowsFailed: 0, segments: { field: 'carrier', windowsEvaluated: 3, windowsWarned: 0, windowsFailed: 2, overflowRows: 0 },
    });
    const { rows: segmentAlerts } = await database.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM quality.alerts WHERE payload->>'runId' = $1 AND payload->>'checkId' = 'shipments.row_count' ORDER BY payload->'segment'->>'value'`, [first.runId]);
    expect(segmentAlerts.map(({ payload }) => [payload.checkId, payload.segment, payload.measuredValue])).toEqual([
      ['shipments.row_count', { field: 'carrier', value: 'GLS' }, 1],
      ['shipments.row_count', { field: 'carrier', value: 'UPS' }, 1],
    ]);

    // The reference is run 1's closed window, in PostgreSQL: a crashed and restarted quality still compares with it.
    await stack.services.quality.restart('SIGKILL');
    const second = await pushRun('shipments-2', [
      { carrier: 'DHL', weight: 100 },
      { carrier: 'DHL', weight: 200 },
      { carrier: 'DHL', weight: 300 },
      { carrier: 'DHL', weight: 10 },
    ], 5);
    // Both checks use Soda's default methods and measure a p-value that fires below the line's level.
    // ks on the weights: after the bin of 40, the reference's CDF is 1 and the window's 0.25, D = 0.75;
    // n = m = 4, λ = (√2 + 0.12 + 0.11/√2)·0.75 = 1.208996, p = Q_KS(λ) = 0.107490 (mpmath) < 0.5.
    // chi_square on the carriers: DHL 4 against DHL 2, UPS 1, GLS 1: 8/3 on 2 degrees, p = e^(−4/3) ≈ 0.264 < 0.3.
    const ksPValue = 0.107490465020966;
    const pValue = Math.exp(-4 / 3);
    expect(second.windows.map(row)).toEqual([
      ['shipments.carrier.distribution_difference', null, 4, 'fail', expect.closeTo(pValue, 10)],
      ['shipments.row_count', null, 4, 'pass', 4],
      ['shipments.row_count', 'DHL', 4, 'pass', 4],
      ['shipments.weight.avg', null, 4, 'fail', 152.5],
      ['shipments.weight.distribution_difference', null, 4, 'fail', expect.closeTo(ksPValue, 12)],
    ]);
    const reference = { kind: 'previous_windows', windows: 1, used: [{ runId: first.runId, windowStart: 0 }], values: 4 };
    expect(second.windows.find((window) => window.checkId === 'shipments.carrier.distribution_difference')!.drift).toEqual({
      method: 'chi_square', evaluated: true, value: expect.closeTo(pValue, 10), statistic: expect.closeTo(8 / 3, 10), degreesOfFreedom: 2, reference, windowStart: 0,
    });
    const secondResults = await quality().get(`/api/v1/quality/runs/${second.runId}/results`).set(serviceAuth).expect(200);
    expect(secondResults.body.checks.find((check: { checkId: string }) => check.checkId === 'shipments.weight.distribution_difference')).toMatchObject({
      outcome: 'fail', metric: 'distribution_difference', measuredValue: expect.closeTo(ksPValue, 12), thresholds: { fail: { metric: 'distribution_difference', mustBeGreaterOrEqualTo: 0.5 } },
      drift: { method: 'ks', evaluated: true, value: expect.closeTo(ksPValue, 12), statistic: 0.75, reference },
    });
    const { rows: driftAlerts } = await database.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM quality.alerts WHERE payload->>'runId' = $1 AND payload->>'metric' = 'distribution_difference' ORDER BY payload->>'checkId'`,
      [second.runId],
    );
    expect(driftAlerts.map(({ payload }) => [payload.checkId, payload.drift])).toEqual([
      ['shipments.carrier.distribution_difference', { method: 'chi_square', reference }],
      ['shipments.weight.distribution_difference', { method: 'ks', reference }],
    ]);

    // Version 1.1.0 pins run 1 as the reference (its closed windows, from PostgreSQL): PSI on the
    // carriers and on the weights over run 1's deciles, an index that fires above the line's level;
    // a check pinned to a run without windows of its own is not evaluated, and says why.
    const pinned = `checks for shipments:
  - distribution_difference(carrier) > 0.2:
      distribution type: categorical
      method: psi
      distribution reference: run ${first.runId}
  - distribution_difference(weight) > 0.5:
      method: psi
      distribution reference: run ${first.runId}
  - distribution_difference(weight) > 0.5:
      identity: shipments.weight.pinned_elsewhere
      distribution reference: run ${second.runId}
`;
    await quality().post('/api/v1/contracts').set(serviceAuth).send({ format: 'sodacl', id: 'shipments-soda', version: '1.1.0', sodacl: pinned }).expect(201);
    await quality().post('/api/v1/contracts/shipments-soda/versions/1.1.0/activate').set(serviceAuth).expect(200);
    const third = await pushRun('shipments-3', [
      { carrier: 'DHL', weight: 10 },
      { carrier: 'DHL', weight: 20 },
      { carrier: 'DHL', weight: 300 },
      { carrier: 'DHL', weight: 400 },
    ], 3);
    // PSI of the carriers: DHL 0.5 → 1, UPS and GLS 0.25 → 0 (0.0001). PSI of the weights: run 1's deciles cut
    // (…, 10], (10, 20], (20, 30], (30, …), a quarter each; the window has 1, 1, 0 and 2 values there.
    const psi = 0.5 * Math.log(2) + 2 * (0.0001 - 0.25) * Math.log(0.0001 / 0.25);
    const numericPsi = (0.0001 - 0.25) * Math.log(0.0001 / 0.25) + 0.25 * Math.log(2);
    expect(third.windows.map(row)).toEqual([
      ['shipments.carrier.distribution_difference', null, 4, 'fail', expect.closeTo(psi, 10)],
      ['shipments.weight.distribution_difference', null, 4, 'fail', expect.closeTo(numericPsi, 10)],
      ['shipments.weight.pinned_elsewhere', null, 4, 'not_evaluated', null],
    ]);
    const pinnedReference = { kind: 'run', runId: first.runId, windows: 1, values: 4 };
    expect(third.windows.map((window) => window.drift)).toEqual([
      { method: 'psi', evaluated: true, value: expect.closeTo(psi, 10), reference: pinnedReference, windowStart: 0 },
      { method: 'psi', evaluated: true, value: expect.closeTo(numericPsi, 10), reference: pinnedReference, windowStart: 0 },
      {
        method: 'ks', evaluated: false, value: null, reference: { kind: 'run', runId: second.runId, windows: 0, values: 0 }, windowStart: 0,
        reason: `no reference: run ${second.runId} has no closed window of this check (and segment) with values`,
      },
    ]);
    const thirdResults = await quality().get(`/api/v1/quality/runs/${third.runId}/results`).set(serviceAuth).expect(200);
    expect(thirdResults.body.checks.find((check: { checkId: string }) => check.checkId === 'shipments.carrier.distribution_difference')).toMatchObject({
      outcome: 'fail', measuredValue: expect.closeTo(psi, 10), thresholds: { fail: { metric: 'distribution_difference', mustBeLessOrEqualTo: 0.2 } },
    });
  }, 180000);

  it('scopes a filtered section by its dataset filter, and judges each group-by segment of an anomaly check against its own series', async () => {
    const parcels = `filter parcels [express]:
  where: service = 'express'
checks for parcels [express]:
  - row_count > 2
  - avg(weight) < 10:
      filter: carrier = 'DHL'
  - schema:
      fail:
        when required column missing: [carrier]
checks for parcels:
  - anomaly detection for row_count:
      group by: carrier
      minimum history: 10
      seasonality: none
`;
    const created = await quality().post('/api/v1/contracts').set(serviceAuth).send({ format: 'sodacl', id: 'parcels-soda', version: '1.0.0', sodacl: parcels }).expect(201);
    expect(created.body.sources[0].windowChecks.map((check: { id: string; parameters: { filter?: string } }) => [check.id, check.parameters.filter ?? null])).toEqual([
      ['parcels[express].row_count', "service = 'express'"],
      ['parcels[express].weight.avg', "(service = 'express') and (carrier = 'DHL')"],
      ['parcels.row_count.anomaly', null],
    ]);
    expect(created.body.notEvaluated.map((element: { path: string; line: number }) => [element.path, element.line])).toEqual([['/sodacl/checks for parcels [express]/2', 7]]);
    await quality().post('/api/v1/contracts/parcels-soda/versions/1.0.0/activate').set(serviceAuth).expect(200);
    await request(stack.services['pii-detection'].baseUrl).put('/api/v1/policies/parcels-keep').set('Authorization', `Bearer ${TEST_ADMIN_API_KEY}`).send({ sourceId: 'parcels', rules: { DEFAULT: { operator: 'keep' } } }).expect(201);
    // Ten earlier runs, one a day: 3 DHL parcels and 1 UPS parcel each (each carrier its own series).
    const history = Array.from({ length: 10 }, (_, index) => Date.now() - (index + 1) * DAY_MS);
    await database.query(
      `INSERT INTO quality.window_results (run_id, source_id, contract_id, contract_version, check_id, metric, thresholds, window_kind, window_start, window_end,
                                          segment, rows_judged, max_ingested_ms, outcome, measured_value, closed_at)
       SELECT gen_random_uuid(), 'parcels', 'parcels-soda', '1.0.0', 'parcels.row_count.anomaly', 'row_count', '{}', 'run', 0, 4, s.segment, s.value, h.at, 'pass', s.value, now()
         FROM unnest($1::bigint[]) AS h(at) CROSS JOIN (VALUES ('"DHL"', 3), ('"UPS"', 1)) AS s(segment, value)`,
      [history],
    );
    const records = [
      { carrier: 'DHL', service: 'express', weight: 4 },
      { carrier: 'DHL', service: 'express', weight: 8 },
      // Not express: outside the section, so outside its avg's own filter too.
      { carrier: 'DHL', service: 'standard', weight: 100 },
      { carrier: 'UPS', service: 'express', weight: 30 },
      { carrier: 'UPS', service: 'standard', weight: 1 },
      { carrier: 'UPS', service: 'standard', weight: 1 },
      { carrier: 'UPS', service: 'standard', weight: 1 },
    ];
    const runId = (await request(stack.services.gateway.baseUrl).post('/api/v1/sources/parcels/records').set(auth).set('Idempotency-Key', 'parcels-1').send(records).expect(202)).body.runId as string;
    expect(await waitForRuns(database, [runId], 7, 60000)).toEqual({ explored: 7, navigated: 7, quarantined: 0 });
    type WindowView = { checkId: string; closed: boolean; outcome: string; measuredValue: number | null; rows: number; segment?: { value: unknown }; anomaly?: Record<string, unknown> };
    let windows: WindowView[] = [];
    await waitFor(
      async () => {
        windows = (await quality().get(`/api/v1/quality/runs/${runId}/windows`).set(serviceAuth).expect(200)).body.items;
        return windows.length === 5 && windows.every((window) => window.closed);
      },
      { timeoutMs: 30000, intervalMs: 200, description: 'every window of the parcels run closed' },
    );
    expect(windows.map((window) => [window.checkId, window.segment?.value ?? null, window.rows, window.outcome, window.measuredValue])).toEqual([
      // No history of the overall series yet; DHL's 3 is its usual volume, UPS's 4 four times its usual 1.
      ['parcels.row_count.anomaly', null, 7, 'not_evaluated', 7],
      ['parcels.row_count.anomaly', 'DHL', 3, 'pass', 3],
      ['parcels.row_count.anomaly', 'UPS', 4, 'fail', 4],
      ['parcels[express].row_count', null, 3, 'pass', 3],
      // (4 + 8) / 2: the DHL parcel of 100 is not express.
      ['parcels[express].weight.avg', null, 2, 'pass', 6],
    ]);
    // A flat history: the band is the floor of 1% of the expected value on each side, times the sensitivity (3.5).
    expect(windows[2].anomaly).toMatchObject({ evaluated: true, anomalous: true, expected: 1, historyPoints: 10 });
    expect([windows[2].anomaly!.lower, windows[2].anomaly!.upper]).toEqual([expect.closeTo(0.965, 9), expect.closeTo(1.035, 9)]);
    const points = await quality().get('/api/v1/quality/anomalies').query({ sourceId: 'parcels', anomalous: true }).set(serviceAuth).expect(200);
    expect(points.body.items.map((point: { runId: string; segment?: unknown; value: number; expected: number }) => [point.runId, point.segment, point.value, point.expected])).toEqual([[runId, { field: 'carrier', value: 'UPS' }, 4, 1]]);
    // The run's three points (overall, DHL, UPS) differ only by segment: a page of one at a time still walks each once.
    const whole = (await quality().get('/api/v1/quality/anomalies').query({ sourceId: 'parcels' }).set(serviceAuth).expect(200)).body.items as Array<{ segment?: { value: unknown } }>;
    expect(whole.map((point) => point.segment?.value ?? null).sort()).toEqual(['DHL', 'UPS', null]);
    const walked: unknown[] = [];
    for (let cursor: string | null = null, page = 0; page === 0 || (cursor !== null && page < 5); page++) {
      const answer: request.Response = await quality().get('/api/v1/quality/anomalies').query({ sourceId: 'parcels', limit: 1, ...(cursor === null ? {} : { cursor }) }).set(serviceAuth).expect(200);
      walked.push(...answer.body.items);
      cursor = answer.body.nextCursor;
    }
    expect(walked).toEqual(whole);
    const { rows: alerts } = await database.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM quality.alerts WHERE payload->>'runId' = $1 AND payload->>'type' = 'anomaly'`, [runId]);
    expect(alerts.map(({ payload }) => [payload.checkId, payload.segment, payload.measuredValue, payload.expected])).toEqual([['parcels.row_count.anomaly', { field: 'carrier', value: 'UPS' }, 4, 1]]);
  }, 120000);

  it('prints the demo\'s SodaCL lines against the running services', async () => {
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(...String(line).split('\n')));
    try {
      await showSodaclContract(database, { gatewayUrl: stack.services.gateway.baseUrl, piiUrl: '', apiKey: TEST_API_KEY, databaseUrl: '' });
    } finally {
      log.mockRestore();
    }
    const text = lines.join('\n');
    expect(text).toContain('SodaCL contract "invoices-soda" 1.0.0 for source "invoices" (gateway POST /api/v1/contracts {format: "sodacl"}): 3 per-record checks, 4 window/run checks');
    expect(text).not.toContain('not evaluated: line');
    expect(text).toMatch(/ {4}not_evaluated invoices\.row_count\.anomaly +run += 6 \(insufficient history: \d+ of 14 points\)/);
    expect(text).toMatch(/Pushed 6 invoices \(run [0-9a-f-]{36}\): 3 to Navigate, 3 quarantined/);
    expect(text).toContain('    #1 invoices.currency.invalid_count ("GBP")');
    expect(text).toContain('    #3 invoices.invoice_id.missing_count ("missing")');
    expect(text).toContain('    #4 invoices.schema.fail.forbidden (["card_token"])');
    expect(lines.filter((line) => /^ {4}(pass|warn|fail) /.test(line)).map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([
      'pass invoices.amount.avg records 0-2 = 20',
      'warn invoices.amount.avg records 3-5 = 200',
      'warn invoices.note.missing_percent run = 50',
      'fail invoices.row_count run = 6',
    ]);
    expect(text).toContain('    run warn invoices.amount.avg = 110 over 2 windows (1 warned, 0 failed)');
  }, 60000);
});
