import { Pool } from 'pg';
import request from 'supertest';
import { waitForRuns } from '../../../scripts/pipeline-client';
import { PipelineStack, startPipelineStack, stopPipelineStack, TEST_API_KEY, TEST_SERVICE_API_KEY } from '@atlas/testing';

const PEOPLE_CONTRACT_ID = '9d5f1c2e-3b7a-4f0e-8a61-6c2d9e4b7a10';

/** The orders contract: version 1.1.0 adds a maximum on amount. */
function ordersContract(version: string, maximumAmount?: number): Record<string, unknown> {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders-contract',
    version,
    status: 'active',
    schema: [
      {
        name: 'orders',
        physicalType: 'topic',
        properties: [
          { name: 'order_id', logicalType: 'integer', required: true, logicalTypeOptions: { minimum: 1 } },
          { name: 'amount', logicalType: 'number', logicalTypeOptions: { minimum: 0, ...(maximumAmount !== undefined ? { maximum: maximumAmount } : {}) } },
          { name: 'status', logicalType: 'string', quality: [{ id: 'order-status', name: 'Known order status', metric: 'invalidValues', arguments: { validValues: ['new', 'shipped'] }, mustBe: 0 }] },
          { name: 'contact', logicalType: 'string', logicalTypeOptions: { format: 'email' } },
        ],
        quality: [{ metric: 'rowCount', mustBeGreaterThan: 0 }],
      },
    ],
  };
}

const ORDERS = [
  { order_id: 1, amount: 50, status: 'new', contact: 'ann.novak@example.org' },
  { order_id: 2, amount: 500, status: 'shipped', contact: 'bruno.rossi@example.org' },
  { order_id: 3, amount: -5, status: 'lost', contact: 'chloe.silva@example.org' },
  { amount: 10, status: 'new', contact: 'dmitri.haddad@example.org' },
];

interface QuarantineRow {
  position_index: number;
  contract_id: string;
  contract_version: string;
  reasons: Array<Record<string, unknown>>;
  not_evaluated: Array<Record<string, unknown>>;
}

describe('data contracts: versioned through the API, enforced per record in the stream', () => {
  let stack: PipelineStack;
  let database: Pool;
  const quality = () => request(stack.services.quality.baseUrl);
  // The gateway takes a client key; the service's own port only the service credential.
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
  const serviceAuth = { Authorization: `Bearer ${TEST_SERVICE_API_KEY}` };
  /** The run pushed last by the test before (version 1.1.0 active): the newest records in Explore. */
  let secondRunId: string;

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(4600));
  }, 180000);

  afterAll(() => stopPipelineStack({ stack, database }));

  async function push(records: object[], idempotencyKey: string): Promise<string> {
    const response = await request(stack.services.gateway.baseUrl).post('/api/v1/sources/orders/records').set(auth).set('Idempotency-Key', idempotencyKey).send(records).expect(202);
    return response.body.runId as string;
  }

  async function quarantineOf(runId: string): Promise<QuarantineRow[]> {
    const { rows } = await database.query<QuarantineRow>(
      'SELECT position_index, contract_id, contract_version, reasons, not_evaluated FROM quality.quarantined_records WHERE run_id = $1 ORDER BY position_index',
      [runId],
    );
    return rows;
  }

  async function navigatedOf(runId: string): Promise<Array<{ position_index: number; contract_id: string; contract_version: string }>> {
    const { rows } = await database.query('SELECT position_index, contract_id, contract_version FROM connector.navigate_records WHERE run_id = $1 ORDER BY position_index', [runId]);
    return rows;
  }

  it('seeds the contract files as active versions and serves them', async () => {
    const list = await quality().get('/api/v1/contracts').set(serviceAuth).expect(200);
    expect(list.body).toEqual({
      items: [{ contractId: PEOPLE_CONTRACT_ID, versions: [{ version: '1.0.0', origin: 'file:people.odcs.yaml', createdAt: expect.any(String) }], active: [{ sourceId: 'people', version: '1.0.0', activatedAt: expect.any(String) }] }],
      nextCursor: null,
    });
    await quality().get('/api/v1/contracts').expect(401);
  });

  it('refuses an invalid contract naming each path, and stores nothing', async () => {
    const invalid = { ...ordersContract('1.0.0'), kind: 'Table', schema: [{ name: 'orders', properties: [{ name: 'amount', logicalType: 'money' }] }] };
    const response = await quality().post('/api/v1/contracts').set(serviceAuth).send(invalid).expect(400);
    expect(response.body.problems).toEqual([
      { path: '/kind', message: 'must be one of DataContract' },
      { path: '/schema/0/properties/0/logicalType', message: 'must be one of string, date, timestamp, time, number, integer, object, array, boolean' },
    ]);
    await quality().get('/api/v1/contracts/orders-contract').set(serviceAuth).expect(404);
  });

  it('quarantines with check ids, names, measured values and the contract version; a new active version changes the verdicts', async () => {
    const created = await quality().post('/api/v1/contracts').set(serviceAuth).send(ordersContract('1.0.0')).expect(201);
    // The row count is a run check now; nothing of this contract goes unevaluated.
    expect(created.body.notEvaluated).toEqual([]);
    expect(created.body.sources[0].runChecks.map((check: { id: string; type: string }) => [check.id, check.type])).toEqual([['orders.rowCount', 'row_count']]);
    const dryRun = await quality().post('/api/v1/contracts/orders-contract/versions/1.0.0/dry-run').set(serviceAuth).send({ records: ORDERS }).expect(200);
    expect(dryRun.body.summary).toEqual({ records: 4, valid: 2, quarantined: 2, warned: 0 });
    await quality().post('/api/v1/contracts/orders-contract/versions/1.0.0/activate').set(serviceAuth).expect(200);

    const firstRun = await push(ORDERS, 'orders-v1');
    expect(await waitForRuns(database, [firstRun], ORDERS.length, 60000)).toEqual({ explored: 4, navigated: 2, quarantined: 2 });
    expect(await navigatedOf(firstRun)).toEqual([
      { position_index: 0, contract_id: 'orders-contract', contract_version: '1.0.0' },
      { position_index: 1, contract_id: 'orders-contract', contract_version: '1.0.0' },
    ]);
    const firstQuarantine = await quarantineOf(firstRun);
    expect(firstQuarantine.map((row) => [row.position_index, row.contract_id, row.contract_version])).toEqual([
      [2, 'orders-contract', '1.0.0'],
      [3, 'orders-contract', '1.0.0'],
    ]);
    expect(firstQuarantine[0].reasons).toEqual([
      { checkId: 'orders.amount.minimum', checkName: 'amount is at least 0', rule: 'minimum', field: 'amount', level: 'fail', outcome: 'fail', measuredValue: -5, message: 'amount is -5, not at least 0' },
      { checkId: 'order-status', checkName: 'Known order status', rule: 'allowed_values', field: 'status', level: 'fail', outcome: 'fail', measuredValue: 'lost', message: 'status is not one of the 2 allowed values' },
    ]);
    // The e-mail reached quality protected: its format is not evaluated, and says why.
    expect(firstQuarantine[0].not_evaluated).toEqual([
      { checkId: 'orders.contact.logical_type', checkName: 'contact is a string', rule: 'logical_type', field: 'contact', level: 'fail', outcome: 'not_evaluated', message: 'value protected by pii-detection' },
      { checkId: 'orders.contact.format', checkName: 'contact is a valid email', rule: 'format', field: 'contact', level: 'fail', outcome: 'not_evaluated', message: 'value protected by pii-detection' },
    ]);
    expect(firstQuarantine[1].reasons).toEqual([
      { checkId: 'orders.order_id.not_null', checkName: 'order_id is required', rule: 'not_null', field: 'order_id', level: 'fail', outcome: 'fail', measuredValue: 'missing', message: 'order_id is required but is missing' },
    ]);

    await quality().post('/api/v1/contracts').set(serviceAuth).send(ordersContract('1.1.0', 100)).expect(201);
    const activated = await quality().post('/api/v1/contracts/orders-contract/versions/1.1.0/activate').set(serviceAuth).expect(200);
    expect(activated.body.activeFor).toEqual(['orders']);

    const secondRun = await push(ORDERS, 'orders-v1.1');
    secondRunId = secondRun;
    expect(await waitForRuns(database, [secondRun], ORDERS.length, 60000)).toEqual({ explored: 4, navigated: 1, quarantined: 3 });
    expect(await navigatedOf(secondRun)).toEqual([{ position_index: 0, contract_id: 'orders-contract', contract_version: '1.1.0' }]);
    const secondQuarantine = await quarantineOf(secondRun);
    expect(secondQuarantine.map((row) => [row.position_index, row.contract_version])).toEqual([
      [1, '1.1.0'],
      [2, '1.1.0'],
      [3, '1.1.0'],
    ]);
    expect(secondQuarantine[0].reasons).toEqual([
      { checkId: 'orders.amount.maximum', checkName: 'amount is at most 100', rule: 'maximum', field: 'amount', level: 'fail', outcome: 'fail', measuredValue: 500, message: 'amount is 500, not at most 100' },
    ]);

    const contract = await quality().get('/api/v1/contracts/orders-contract').set(serviceAuth).expect(200);
    expect(contract.body.active).toEqual([{ sourceId: 'orders', version: '1.1.0', activatedAt: expect.any(String) }]);
    expect(contract.body.versions.map((version: { version: string }) => version.version)).toEqual(['1.1.0', '1.0.0']);
  }, 150000);
  async function counts(): Promise<Record<string, number>> {
    const { rows } = await database.query(
      `SELECT (SELECT count(*)::int FROM quality.quarantined_records) AS quarantined, (SELECT count(*)::int FROM connector.navigate_records) AS navigated,
              (SELECT count(*)::int FROM quality.judged_records) AS judged, (SELECT count(*)::int FROM gateway.pii_finding_records) AS findings,
              (SELECT count(*)::int FROM connector.explore_records) AS explored`,
    );
    return rows[0];
  }

  it("dry-runs the last N Explore records through the gateway, protected first, with the stream's verdicts, storing and publishing nothing", async () => {
    const gateway = () => request(stack.services.gateway.baseUrl);
    // The gateway stores the run's findings from their own topic: every record's e-mail, before counting.
    for (let waited = 0; ; waited += 100) {
      const { rows } = await database.query('SELECT count(*)::int AS records FROM gateway.pii_finding_records WHERE run_id = $1', [secondRunId]);
      if (rows[0].records === ORDERS.length || waited >= 15000) break;
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
    const before = await counts();
    const response = await gateway().post('/api/v1/contracts/orders-contract/versions/1.1.0/dry-run').set(auth).send({ explore: { last: 4 } }).expect(200);
    // The newest four are the second run's, oldest first: judged as the stream judged them (1 valid, 3 quarantined).
    expect(response.body.summary).toEqual({ records: 4, valid: 1, quarantined: 3, warned: 0 });
    const { rows: explored } = await database.query<{ record_id: string }>('SELECT record_id FROM connector.explore_records WHERE run_id = $1 ORDER BY position_index', [secondRunId]);
    expect(response.body.records.map((judged: { recordId: string; runId: string; position: unknown; verdict: string }) => [judged.recordId, judged.runId, judged.position, judged.verdict])).toEqual(
      ['valid', 'quarantined', 'quarantined', 'quarantined'].map((verdict, index) => [explored[index].record_id, secondRunId, { index }, verdict]),
    );
    // Protected by the policy that protected the run, and judged exactly as the stream judged it.
    const { rows: quarantined } = await database.query<{ envelope: { protection: { policyId: string; policyVersion: number } }; reasons: unknown[]; not_evaluated: unknown[] }>(
      'SELECT envelope, reasons, not_evaluated FROM quality.quarantined_records WHERE run_id = $1 ORDER BY position_index',
      [secondRunId],
    );
    const { policyId, policyVersion } = quarantined[0].envelope.protection;
    expect(response.body.explore).toEqual({ last: 4, records: 4, truncated: false, policyId, policyVersion });
    expect(response.body.records.slice(1).map((judged: { failed: unknown[]; warned: unknown[]; notEvaluated: unknown[] }) => [[...judged.failed, ...judged.warned], judged.notEvaluated])).toEqual(
      quarantined.map((row) => [row.reasons, row.not_evaluated]),
    );
    expect(response.body.records[0].notEvaluated.map((result: { checkId: string; message: string }) => [result.checkId, result.message])).toEqual([
      ['orders.contact.logical_type', 'value protected by pii-detection'],
      ['orders.contact.format', 'value protected by pii-detection'],
    ]);
    const answered = JSON.stringify(response.body);
    for (const order of ORDERS) expect(answered).not.toContain(order.contact);
    expect(await counts()).toEqual(before);

    // One form or the other, bounded; the internal route is the services' own.
    const refused = await gateway().post('/api/v1/contracts/orders-contract/versions/1.1.0/dry-run').set(auth).send({ explore: { last: 1001 } }).expect(400);
    expect([refused.body.code, refused.body.detail]).toEqual(['dry_run_invalid', 'explore.last must be an integer from 1 to 1000']);
    await gateway().post('/api/v1/contracts/orders-contract/versions/1.1.0/dry-run').set(auth).send({ records: ORDERS, explore: { last: 4 } }).expect(400);
    await request(stack.services.connector.baseUrl).post('/internal/v1/explore/records/latest').send({ sourceId: 'orders', last: 4 }).expect(401);
  }, 30000);
});
