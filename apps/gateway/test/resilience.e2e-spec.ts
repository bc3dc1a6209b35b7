import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import request from 'supertest';
import { generatePeople, isValidPerson, PersonRecord } from '../../../scripts/people-dataset';
import { runOutcome, waitForRuns } from '../../../scripts/pipeline-client';
import {
  PipelineStack,
  REPOSITORY_ROOT,
  ServiceName,
  startPipelineStack,
  stopPipelineStack,
  TEST_API_KEY,
  waitFor,
} from '@atlas/testing';

const RECORDS_PER_RUN = 2000;

/** Runs the project's infrastructure script against the test broker (the environment names it). */
function infrastructure(command: 'kafka-stop' | 'kafka-start'): void {
  const result = spawnSync('bash', [join(REPOSITORY_ROOT, 'deploy/local/infra.sh'), command], { encoding: 'utf8', timeout: 180000 });
  if (result.status !== 0) throw new Error(`infra.sh ${command} failed: ${result.stderr}`);
}

describe('no record is lost when a service or the broker restarts mid-stream', () => {
  let stack: PipelineStack;
  let database: Pool;
  let seed = 100;

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(4300));
  }, 180000);

  afterAll(() => stopPipelineStack({ stack, database }));

  async function push(people: PersonRecord[]): Promise<string> {
    const response = await request(stack.services.gateway.baseUrl)
      .post('/api/v1/sources/people/records')
      .set('Authorization', `Bearer ${TEST_API_KEY}`)
      .send(people)
      .expect(202);
    return response.body.runId as string;
  }

  async function expectEveryRecordOnce(runIds: string[], people: PersonRecord[]): Promise<void> {
    const expectedValid = people.filter(isValidPerson).length;
    await waitForRuns(database, runIds, people.length, 120000);
    expect(await runOutcome(database, runIds)).toEqual({
      explored: people.length,
      navigated: expectedValid,
      quarantined: people.length - expectedValid,
    });
    // Lineage is part of "nothing lost": each stage ends its run of each ingestion run with
    // COMPLETE once it has handled every record, and counts each record once, restart or not.
    const expected: Record<string, number> = {
      'connector.explore': people.length,
      'pii-detection.protect': people.length,
      'quality.validate': people.length,
      'connector.navigate': expectedValid,
    };
    let covered: Record<string, number> = {};
    await waitFor(
      async () => {
        covered = await lineageCoverage(runIds);
        return Object.entries(expected).every(([job, count]) => covered[job] === count);
      },
      { timeoutMs: 60000, description: 'the COMPLETE events of every stage, counting every record once' },
    );
    expect(covered).toMatchObject(expected);
  }

  /** Per stage job, the records its COMPLETE events count over the runs (a COMPLETE reported twice counts once). */
  async function lineageCoverage(runIds: string[]): Promise<Record<string, number>> {
    const { rows } = await database.query<{ job_name: string; records: string }>(
      `SELECT job_name, sum(records) AS records FROM (
         SELECT job_name, parent_run_id, max((event->'run'->'facets'->'atlas_recordCount'->>'recordCount')::int) AS records
           FROM lineage.run_events WHERE parent_run_id = ANY($1::uuid[]) AND event_type = 'COMPLETE' GROUP BY job_name, parent_run_id
       ) AS completed GROUP BY job_name`,
      [runIds],
    );
    return Object.fromEntries(rows.map((row) => [row.job_name, Number(row.records)]));
  }

  it.each<ServiceName>(['connector', 'pii-detection', 'quality', 'lineage'])(
    'survives %s being killed (SIGKILL) and restarted while records flow',
    async (serviceName) => {
      const people = generatePeople(RECORDS_PER_RUN, { seed: seed++ });
      const half = people.length / 2;
      const service = stack.services[serviceName];
      const firstRun = await push(people.slice(0, half));
      // Crash the service while the first half is in flight, without any chance to commit or clean
      // up, and push the second half while it is down, so records certainly flow through the crash.
      await service.stop('SIGKILL');
      const secondRun = await push(people.slice(half));
      const runIds = [firstRun, secondRun];
      if (serviceName === 'lineage') {
        expect((await lineageCoverage([secondRun]))['connector.explore'] ?? 0).toBeLessThan(half);
      } else {
        const before = await runOutcome(database, [secondRun]);
        expect(before.navigated + before.quarantined).toBeLessThan(half);
      }
      service.start();
      await service.waitUntilReady();
      await expectEveryRecordOnce(runIds, people);
    },
    180000,
  );

  it('survives the gateway being killed between pushes', async () => {
    const first = generatePeople(500, { seed: seed++ });
    const second = generatePeople(500, { seed: seed++ });
    const firstRun = await push(first);
    await stack.services.gateway.restart('SIGKILL');
    const secondRun = await push(second);
    await expectEveryRecordOnce([firstRun, secondRun], [...first, ...second]);
  }, 180000);

  it('survives the Kafka broker stopping and starting again mid-stream', async () => {
    const people = generatePeople(RECORDS_PER_RUN, { seed: seed++ });
    const runId = await push(people);
    infrastructure('kafka-stop');
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 2000));
    infrastructure('kafka-start');
    await expectEveryRecordOnce([runId], people);
    for (const service of Object.values(stack.services)) await service.waitUntilReady(120000);
  }, 300000);
});
