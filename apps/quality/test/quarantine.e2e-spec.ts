import { Pool } from 'pg';
import request from 'supertest';
import { waitForRuns } from '../../../scripts/pipeline-client';
import { PipelineStack, startPipelineStack, stopPipelineStack, TEST_API_KEY, TEST_SERVICE_API_KEY, waitFor } from '@atlas/testing';

/** The orders contract; version 1.0.0 caps amount at 100, version 2.0.0 at 1000. */
function ordersContract(version: string, maximumAmount: number): Record<string, unknown> {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders-contract',
    version,
    status: 'active',
    schema: [
      {
        name: 'orders',
        properties: [
          { name: 'order_id', logicalType: 'integer', required: true },
          { name: 'amount', logicalType: 'number', logicalTypeOptions: { minimum: 0, maximum: maximumAmount } },
          { name: 'contact', logicalType: 'string', logicalTypeOptions: { format: 'email' } },
        ],
      },
    ],
  };
}

const ORDERS = [
  { order_id: 1, amount: 50, contact: 'ann.novak@example.org' },
  { order_id: 2, amount: 500, contact: 'bruno.rossi@example.org' },
  { order_id: 3, amount: -5, contact: 'chloe.silva@example.org' },
  { amount: 10, contact: 'dmitri.haddad@example.org' },
];

interface Summary {
  recordId: string;
  positionIndex: number;
  status: string;
  contractVersion: string;
  reasons: Array<{ checkId: string }>;
}

describe('quarantine through the API: list, inspect, replay with the current contract version', () => {
  let stack: PipelineStack;
  let database: Pool;
  const quality = () => request(stack.services.quality.baseUrl);
  // The gateway takes a client key; the service's own port only the service credential.
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
  const serviceAuth = { Authorization: `Bearer ${TEST_SERVICE_API_KEY}` };

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(4650));
  }, 180000);

  afterAll(() => stopPipelineStack({ stack, database }));

  async function navigated(runId: string): Promise<Array<{ position_index: number; contract_version: string }>> {
    const { rows } = await database.query('SELECT position_index, contract_version FROM connector.navigate_records WHERE run_id = $1 ORDER BY position_index', [runId]);
    return rows;
  }

  it('lists, inspects and replays: a record released by a new version lands in Navigate exactly once', async () => {
    await quality().post('/api/v1/contracts').set(serviceAuth).send(ordersContract('1.0.0', 100)).expect(201);
    await quality().post('/api/v1/contracts/orders-contract/versions/1.0.0/activate').set(serviceAuth).expect(200);
    const push = await request(stack.services.gateway.baseUrl).post('/api/v1/sources/orders/records').set(auth).set('Idempotency-Key', 'orders-replay').send(ORDERS).expect(202);
    const runId = push.body.runId as string;
    expect(await waitForRuns(database, [runId], ORDERS.length, 60000)).toEqual({ explored: 4, navigated: 1, quarantined: 3 });

    // Listing: cursor pagination in quarantine order, filters by run and by failed check.
    await quality().get('/api/v1/quarantine/records').expect(401);
    const first = await quality().get('/api/v1/quarantine/records').query({ sourceId: 'orders', runId, limit: 2 }).set(serviceAuth).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await quality().get('/api/v1/quarantine/records').query({ sourceId: 'orders', runId, limit: 2, cursor: first.body.nextCursor }).set(serviceAuth).expect(200);
    expect(second.body.nextCursor).toBeNull();
    const listed: Summary[] = [...first.body.items, ...second.body.items];
    expect(listed.map((record) => record.positionIndex).sort()).toEqual([1, 2, 3]);
    expect(listed.every((record) => record.status === 'quarantined' && record.contractVersion === '1.0.0')).toBe(true);
    const byMaximum = await quality().get('/api/v1/quarantine/records').query({ checkId: 'orders.amount.maximum' }).set(serviceAuth).expect(200);
    expect(byMaximum.body.items.map((record: Summary) => record.positionIndex)).toEqual([1]);
    await quality().get('/api/v1/quarantine/records').query({ cursor: 'not-a-cursor' }).set(serviceAuth).expect(400);

    // Inspecting: the protected payload as stored (the e-mail stays masked) and the failed check.
    const overMaximum = byMaximum.body.items[0] as Summary;
    const inspected = await quality().get(`/api/v1/quarantine/records/${overMaximum.recordId}`).set(serviceAuth).expect(200);
    expect(inspected.body.payload.order_id).toBe(2);
    expect(inspected.body.payload.amount).toBe(500);
    expect(JSON.stringify(inspected.body)).not.toContain('bruno.rossi@example.org');
    expect(inspected.body.reasons).toEqual([
      { checkId: 'orders.amount.maximum', checkName: 'amount is at most 100', rule: 'maximum', field: 'amount', level: 'fail', outcome: 'fail', measuredValue: 500, message: 'amount is 500, not at most 100' },
    ]);
    expect(inspected.body.protection.protectedFields).toEqual([{ field: 'contact', entityType: expect.any(String), operator: expect.any(String) }]);

    // A new version that allows 500: replaying the run releases that record, the others stay with the new version.
    await quality().post('/api/v1/contracts').set(serviceAuth).send(ordersContract('2.0.0', 1000)).expect(201);
    await quality().post('/api/v1/contracts/orders-contract/versions/2.0.0/activate').set(serviceAuth).expect(200);
    const replay = await quality().post('/api/v1/quarantine/replay').set(serviceAuth).send({ sourceId: 'orders', runId }).expect(200);
    expect(replay.body).toEqual({ judged: 3, released: 1, stillQuarantined: 2, notReplayable: 0, more: false });
    await waitFor(async () => (await navigated(runId)).length === 2, { timeoutMs: 60000, description: 'the released record in Navigate' });
    expect(await navigated(runId)).toEqual([
      { position_index: 0, contract_version: '1.0.0' },
      { position_index: 1, contract_version: '2.0.0' },
    ]);

    // Replaying again judges only what is still quarantined, and writes nothing twice.
    const again = await quality().post('/api/v1/quarantine/replay').set(serviceAuth).send({ sourceId: 'orders', runId }).expect(200);
    expect(again.body).toEqual({ judged: 2, released: 0, stillQuarantined: 2, notReplayable: 0, more: false });
    const single = await quality().post(`/api/v1/quarantine/records/${overMaximum.recordId}/replay`).set(serviceAuth).expect(200);
    expect(single.body).toEqual({ recordId: overMaximum.recordId, outcome: 'already_released', contractId: 'orders-contract', contractVersion: '2.0.0', reasons: [] });

    const { rows } = await database.query<{ position_index: number; contract_version: string; released_contract_version: string | null; replay_count: number }>(
      'SELECT position_index, contract_version, released_contract_version, replay_count FROM quality.quarantined_records WHERE run_id = $1 ORDER BY position_index',
      [runId],
    );
    expect(rows).toEqual([
      { position_index: 1, contract_version: '1.0.0', released_contract_version: '2.0.0', replay_count: 1 },
      { position_index: 2, contract_version: '2.0.0', released_contract_version: null, replay_count: 2 },
      { position_index: 3, contract_version: '2.0.0', released_contract_version: null, replay_count: 2 },
    ]);
    const stillQuarantined = await quality().get('/api/v1/quarantine/records').query({ runId }).set(serviceAuth).expect(200);
    expect(stillQuarantined.body.items.map((record: Summary) => record.positionIndex).sort()).toEqual([2, 3]);
    const released = await quality().get('/api/v1/quarantine/records').query({ runId, status: 'released' }).set(serviceAuth).expect(200);
    expect(released.body.items.map((record: Summary) => [record.positionIndex, record.status])).toEqual([[1, 'released']]);

    // The released record reached Navigate once; the replays are in lineage under the ingestion run.
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 2000));
    expect(await navigated(runId)).toHaveLength(2);
    await waitFor(async () => {
      const events = await database.query("SELECT 1 FROM lineage.run_events WHERE parent_run_id = $1 AND job_name = 'quality.replay'", [runId]);
      return events.rowCount === 2;
    }, { timeoutMs: 30000, description: 'two quality.replay lineage events' });
  }, 180000);
});
