import { Pool } from 'pg';
import request from 'supertest';
import { LINEAGE_JOBS, stageRunIdOf, TOPICS } from '@atlas/contracts';
import { generatePeople, isValidPerson } from '../../../scripts/people-dataset';
import { waitForRuns } from '../../../scripts/pipeline-client';
import { PipelineStack, startPipelineStack, stopPipelineStack, TEST_API_KEY, waitFor } from '@atlas/testing';

const STAGE_JOBS = [LINEAGE_JOBS.CONNECTOR_EXPLORE, LINEAGE_JOBS.PII_PROTECT, LINEAGE_JOBS.QUALITY_VALIDATE, LINEAGE_JOBS.CONNECTOR_NAVIGATE];

interface StoredEvent {
  run_id: string;
  job_name: string;
  event_type: string;
  event: {
    job: { namespace: string; name: string };
    run: { facets: { atlas_recordCount: { recordCount: number } } };
    inputs: Array<{ namespace: string; name: string }>;
    outputs: Array<{ namespace: string; name: string; outputFacets?: { outputStatistics?: { rowCount: number } } }>;
  };
}

interface GraphNode {
  id: string;
  type: string;
}

/**
 * Two sources through the real pipeline: each stage reports one run per ingestion run (START …
 * COMPLETE with exact counts), each source has its own datasets and jobs, so their graphs never meet.
 */
describe('lineage of real pipeline runs: one run per stage and ingestion run, one graph per source', () => {
  let stack: PipelineStack;
  let database: Pool;
  const gateway = () => stack.services.gateway.baseUrl;

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(4800, { LINEAGE_RUNNING_INTERVAL_MS: '200' }));
  }, 180000);

  afterAll(() => stopPipelineStack({ stack, database }));

  const traceIds = new Map<string, string>();

  async function push(sourceId: string, records: object[]): Promise<string> {
    const response = await request(gateway()).post(`/api/v1/sources/${sourceId}/records`).set('Authorization', `Bearer ${TEST_API_KEY}`).send(records).expect(202);
    traceIds.set(response.body.runId as string, response.body.traceId as string);
    return response.body.runId as string;
  }

  /** Waits until every stage reported COMPLETE for the ingestion run; returns the run's events in order. */
  async function completedStageEvents(runId: string): Promise<StoredEvent[]> {
    let events: StoredEvent[] = [];
    await waitFor(
      async () => {
        const { rows } = await database.query<StoredEvent>(
          'SELECT run_id, job_name, event_type, event FROM lineage.run_events WHERE parent_run_id = $1 ORDER BY event_time, event_type DESC',
          [runId],
        );
        events = rows;
        return STAGE_JOBS.every((job) => rows.some((row) => row.job_name === job && row.event_type === 'COMPLETE'));
      },
      { timeoutMs: 60000, description: `the COMPLETE event of every stage of run ${runId}` },
    );
    return events;
  }

  function completeOf(events: StoredEvent[], job: string): StoredEvent['event'] {
    return events.find((row) => row.job_name === job && row.event_type === 'COMPLETE')!.event;
  }

  async function graph(nodeId: string): Promise<GraphNode[]> {
    const response = await request(gateway())
      .get(`/api/v1/lineage?nodeId=${encodeURIComponent(nodeId)}&depth=12`)
      .set('Authorization', `Bearer ${TEST_API_KEY}`)
      .expect(200);
    return response.body.graph as GraphNode[];
  }

  it('reports each stage once per run, with the counts it handled, and keeps the two sources apart', async () => {
    const people = generatePeople(240, { seed: 41 });
    const valid = people.filter(isValidPerson).length;
    expect(valid).toBeLessThan(people.length);
    // `orders` has no data contract: quality quarantines all of it and Navigate receives none.
    const orders = Array.from({ length: 30 }, (_, index) => ({ orderId: index, amount: index * 3 }));
    const peopleRun = await push('people', people);
    const ordersRun = await push('orders', orders);
    await waitForRuns(database, [peopleRun], people.length, 90000);
    await waitForRuns(database, [ordersRun], orders.length, 90000);

    const expectedCounts: Record<string, Record<string, number>> = {
      [peopleRun]: { [LINEAGE_JOBS.CONNECTOR_EXPLORE]: 240, [LINEAGE_JOBS.PII_PROTECT]: 240, [LINEAGE_JOBS.QUALITY_VALIDATE]: 240, [LINEAGE_JOBS.CONNECTOR_NAVIGATE]: valid },
      [ordersRun]: { [LINEAGE_JOBS.CONNECTOR_EXPLORE]: 30, [LINEAGE_JOBS.PII_PROTECT]: 30, [LINEAGE_JOBS.QUALITY_VALIDATE]: 30, [LINEAGE_JOBS.CONNECTOR_NAVIGATE]: 0 },
    };
    for (const [runId, sourceId] of [[peopleRun, 'people'], [ordersRun, 'orders']] as const) {
      const events = await completedStageEvents(runId);
      for (const job of STAGE_JOBS) {
        const ofJob = events.filter((row) => row.job_name === job);
        // One run of the stage for the ingestion run, derived from both, in the source's job namespace.
        expect(new Set(ofJob.map((row) => row.run_id))).toEqual(new Set([stageRunIdOf(job, runId)]));
        expect(ofJob.every((row) => row.event.job.namespace === `atlas.${sourceId}`)).toBe(true);
        // START first, COMPLETE last, RUNNING in between only, and nothing else.
        const types = ofJob.map((row) => row.event_type);
        expect(types[0]).toBe('START');
        expect(types[types.length - 1]).toBe('COMPLETE');
        expect(types.slice(1, -1).every((type) => type === 'RUNNING' || type === 'START' || type === 'COMPLETE')).toBe(true);
        expect(completeOf(events, job).run.facets.atlas_recordCount.recordCount).toBe(expectedCounts[runId][job]);
        // Every dataset of the run is the source's own.
        const datasets = ofJob.flatMap((row) => [...row.event.inputs, ...row.event.outputs]);
        expect(datasets.every((dataset) => dataset.name.endsWith(`/${sourceId}`))).toBe(true);
      }
      // Quality says where the records went: Chart for the valid ones, the quarantine for the others.
      const quality = completeOf(events, LINEAGE_JOBS.QUALITY_VALIDATE);
      const total = expectedCounts[runId][LINEAGE_JOBS.QUALITY_VALIDATE];
      const passed = expectedCounts[runId][LINEAGE_JOBS.CONNECTOR_NAVIGATE];
      expect(quality.outputs.map((output) => [output.name.split('/')[0].replace(/^.*\.quality\./, 'quality.'), output.outputFacets?.outputStatistics?.rowCount])).toEqual([
        [TOPICS.CHART_RECORDS, passed],
        ['quality.quarantined_records', total - passed],
      ]);
    }

    // The lineage service's runs: each stage run of people ended COMPLETED.
    const { rows: runStates } = await database.query<{ run_id: string; state: string }>('SELECT run_id, state FROM lineage.runs WHERE parent_run_id = $1', [peopleRun]);
    expect(new Map(runStates.map((row) => [row.run_id, row.state]))).toEqual(new Map(STAGE_JOBS.map((job) => [stageRunIdOf(job, peopleRun), 'COMPLETED'])));

    // Each source's graph runs from its ingestion to its Navigate rows and never touches the other source.
    const peopleGraph = await graph(`dataset:kafka://atlas:${TOPICS.INGEST_RECORDS}/people`);
    const ids = peopleGraph.map((node) => node.id);
    expect(ids).toContain('job:atlas.people:ingest.people');
    expect(ids).toContain('job:atlas.people:connector.navigate');
    expect(ids.some((id) => id.startsWith('dataset:postgres://') && id.endsWith('.connector.navigate_records/people'))).toBe(true);
    expect(ids.filter((id) => id.includes('orders'))).toEqual([]);
    const ordersGraph = await graph(`dataset:kafka://atlas:${TOPICS.INGEST_RECORDS}/orders`);
    expect(ordersGraph.map((node) => node.id)).toContain('job:atlas.orders:quality.validate');
    expect(ordersGraph.map((node) => node.id).filter((id) => id.includes('people'))).toEqual([]);

    // A Navigate row's provenance: its own columns (source, position, run, policy and contract
    // versions, trace id) joined with the run-level lineage served through the gateway.
    const { rows: navigateRows } = await database.query<{
      record_id: string;
      source_id: string;
      run_id: string;
      position_index: number;
      policy_id: string;
      policy_version: number;
      contract_id: string;
      contract_version: string;
      trace_id: string;
    }>('SELECT record_id, source_id, run_id, position_index, policy_id, policy_version, contract_id, contract_version, trace_id FROM connector.navigate_records WHERE run_id = $1 ORDER BY position_index LIMIT 1', [peopleRun]);
    const row = navigateRows[0];
    expect(row).toMatchObject({ source_id: 'people', run_id: peopleRun, policy_id: 'default', policy_version: 1, trace_id: traceIds.get(peopleRun) });
    const provenance = await request(gateway()).get(`/api/v1/lineage/runs/${row.run_id}/provenance`).set('Authorization', `Bearer ${TEST_API_KEY}`).expect(200);
    expect(provenance.body.source).toMatchObject({
      runId: peopleRun,
      job: { namespace: 'atlas.people', name: 'ingest.people' },
      state: 'COMPLETE',
      recordCount: 240,
      outputs: [{ namespace: 'kafka://atlas', name: `${TOPICS.INGEST_RECORDS}/people`, rowCount: 240 }],
    });
    expect(provenance.body.stages.map((stage: { job: { name: string }; state: string; recordCount: number; runId: string }) => [stage.job.name, stage.runId, stage.state, stage.recordCount])).toEqual(
      STAGE_JOBS.map((job) => [job, stageRunIdOf(job, peopleRun), 'COMPLETE', expectedCounts[peopleRun][job]]),
    );
    // The contract's checks over the run: the row passed every one (it reached Navigate); some records failed email's.
    const checks = provenance.body.qualityChecks as Array<{ assertion: string; success: boolean; column?: string }>;
    expect(checks).toContainEqual(expect.objectContaining({ column: 'email', success: false }));
    expect(checks.length).toBeGreaterThan(1);
    expect(provenance.body.maskedColumns).toEqual(expect.arrayContaining(['email', 'name', 'phone']));
    // …each under the policy version that protected the run (the Navigate row names the same one).
    expect(provenance.body.maskingPolicies).toEqual(expect.arrayContaining(['email', 'name', 'phone'].map((column) => ({ column, policyId: row.policy_id, policyVersion: row.policy_version }))));
    // Unknown runs are a 404, malformed ids a 400, passed on by the gateway.
    await request(gateway()).get('/api/v1/lineage/runs/0190b8a4-0000-7000-8000-000000000000/provenance').set('Authorization', `Bearer ${TEST_API_KEY}`).expect(404);
    await request(gateway()).get('/api/v1/lineage/runs/not-a-run/provenance').set('Authorization', `Bearer ${TEST_API_KEY}`).expect(400);
  }, 300000);
});
