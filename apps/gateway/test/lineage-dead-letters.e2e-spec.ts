import { Producer } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import { computeChecksum, ingestionJobName, LINEAGE_JOBS, RecordEnvelope, RunRecordCount, stageRunIdOf, TOPICS } from '@atlas/contracts';
import { generatePeople, isValidPerson } from '../../../scripts/people-dataset';
import { PipelineStack, readTopic, startPipelineStack, stopPipelineStack, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, TEST_API_KEY, testKafka, waitFor } from '@atlas/testing';

const SOURCE_ID = 'people';
const MIXED_RUN = '0190b8a4-5555-7000-8000-000000000001';
const POISONED_RUN = '0190b8a4-5555-7000-8000-000000000002';
const STAGE_JOBS = [LINEAGE_JOBS.CONNECTOR_EXPLORE, LINEAGE_JOBS.PII_PROTECT, LINEAGE_JOBS.QUALITY_VALIDATE, LINEAGE_JOBS.CONNECTOR_NAVIGATE];

interface StoredEvent {
  job_name: string;
  event_type: string;
  event: {
    run: { facets: { atlas_recordCount: { recordCount: number; deadLetteredCount?: number; firstDeadLetterReason?: string }; errorMessage?: { message: string } } };
    outputs: Array<{ name: string; outputFacets?: { outputStatistics?: { rowCount: number } } }>;
  };
}

const recordIdOf = (run: number, index: number) => `0190b8a4-6666-7000-8000-${String(run * 1000 + index).padStart(12, '0')}`;

function envelope(runId: string, run: number, index: number, total: number, payload: Record<string, unknown>): RecordEnvelope {
  return {
    recordId: recordIdOf(run, index),
    sourceId: SOURCE_ID,
    runId,
    position: { index, total },
    ingestedAt: new Date().toISOString(),
    checksum: computeChecksum(payload),
    payload,
  };
}

/** Three kinds of poison: two break the ingest topic's contract (the consumer dead-letters them), one fails Explore's checksum check (the stage does). */
function poisoned(runId: string, run: number, index: number, total: number, kind: number): object {
  const record = envelope(runId, run, index, total, { id: 100_000 + index, note: 'poison' });
  if (kind % 3 === 0) return { ...record, checksum: 'not-a-checksum' };
  if (kind % 3 === 1) return { ...record, recordId: undefined, payload: 'not an object' };
  return { ...record, checksum: computeChecksum({ id: -1 }) };
}

/** A record of the run whose value got corrupted on the way (not JSON any more); its headers still say which run and position it was. */
function corrupted(runId: string, index: number): { value: string; headers: Record<string, string> } {
  return { value: '{"recordId":"0190b8a4-6666-7000-8000-0000', headers: { 'atlas-run-id': runId, 'atlas-source-id': SOURCE_ID, 'atlas-position-index': String(index) } };
}

/**
 * Records dead-lettered on the way (by a stage's consumer or by the stage) still count for the stage's
 * run: each stage of a run with some poison records ends COMPLETE with exact counts and its dead
 * letters in its facets; a run whose records are all poison ends FAIL at the first stage and empty
 * COMPLETE runs after it.
 */
describe('lineage of runs with poison records: every stage run still ends, with exact counts', () => {
  let stack: PipelineStack;
  let database: Pool;
  let producer: Producer;
  const gateway = () => stack.services.gateway.baseUrl;

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(4900, { LINEAGE_RUNNING_INTERVAL_MS: '200' }));
    producer = testKafka().producer();
    await producer.connect();
  }, 180000);

  afterAll(async () => {
    await producer?.disconnect();
    await stopPipelineStack({ stack, database });
  });

  /** Publishes a run's records straight to the ingest topic (objects as JSON, corrupted ones as they are), then the root run's announcement of how many there are. */
  async function publishRun(runId: string, records: Array<object | ReturnType<typeof corrupted>>): Promise<void> {
    const messageOf = (record: object | ReturnType<typeof corrupted>) => ('headers' in record ? { key: runId, ...record } : { key: runId, value: JSON.stringify(record) });
    await producer.send({ topic: TOPICS.INGEST_RECORDS, messages: records.map(messageOf) });
    const count: RunRecordCount = { runId, sourceId: SOURCE_ID, topic: TOPICS.INGEST_RECORDS, recordCount: records.length, writtenBy: ingestionJobName(SOURCE_ID) };
    await producer.send({ topic: TOPICS.RUN_RECORD_COUNTS, messages: [{ key: runId, value: JSON.stringify(count) }] });
  }

  /** The last event of each stage's run of the ingestion run, once every stage reported its end. */
  async function endsOf(runId: string): Promise<Map<string, StoredEvent>> {
    let ends = new Map<string, StoredEvent>();
    await waitFor(
      async () => {
        const { rows } = await database.query<StoredEvent>(
          `SELECT job_name, event_type, event FROM lineage.run_events WHERE parent_run_id = $1 AND event_type IN ('COMPLETE', 'FAIL') ORDER BY event_time`,
          [runId],
        );
        ends = new Map(rows.map((row) => [row.job_name, row]));
        return STAGE_JOBS.every((job) => ends.has(job));
      },
      { timeoutMs: 90000, description: `the end of every stage run of ${runId}` },
    );
    return ends;
  }

  const outputCounts = (end: StoredEvent) => end.event.outputs.map((output) => [output.name.replace(/^[^/]*\.(connector|quality)\./, '$1.'), output.outputFacets?.outputStatistics?.rowCount]);

  it('completes every stage of a run with some poison records, dead letters counted; fails the first stage of an all-poison run', async () => {
    const people = generatePeople(60, { seed: 77 });
    const valid = people.filter(isValidPerson).length;
    const mixed = [
      ...people.map((person, index) => envelope(MIXED_RUN, 1, index, 64, person as unknown as Record<string, unknown>)),
      ...[0, 1, 2].map((kind) => poisoned(MIXED_RUN, 1, 60 + kind, 64, kind)),
      corrupted(MIXED_RUN, 63),
    ];
    await publishRun(MIXED_RUN, mixed);
    await publishRun(POISONED_RUN, [0, 1].map((kind) => poisoned(POISONED_RUN, 2, kind, 2, kind)));

    const ends = await endsOf(MIXED_RUN);
    expect(STAGE_JOBS.map((job) => [job, ends.get(job)!.event_type, ends.get(job)!.event.run.facets.atlas_recordCount.recordCount, ends.get(job)!.event.run.facets.atlas_recordCount.deadLetteredCount])).toEqual([
      [LINEAGE_JOBS.CONNECTOR_EXPLORE, 'COMPLETE', 64, 4],
      [LINEAGE_JOBS.PII_PROTECT, 'COMPLETE', 60, undefined],
      [LINEAGE_JOBS.QUALITY_VALIDATE, 'COMPLETE', 60, undefined],
      [LINEAGE_JOBS.CONNECTOR_NAVIGATE, 'COMPLETE', valid, undefined],
    ]);
    const explore = ends.get(LINEAGE_JOBS.CONNECTOR_EXPLORE)!;
    expect(outputCounts(explore)).toEqual([
      ['connector.explore_records/people', 60],
      [`${TOPICS.EXPLORE_RECORDS}/people`, 60],
      [`${TOPICS.DEAD_LETTER}/people`, 4],
    ]);
    expect(explore.event.run.facets.errorMessage).toBeUndefined();
    expect(explore.event.run.facets.atlas_recordCount.firstDeadLetterReason).toMatch(/^payload does not match the atlas\.ingest\.records\.v1 contract: |^checksum mismatch|^value is not valid JSON/);
    expect(outputCounts(ends.get(LINEAGE_JOBS.QUALITY_VALIDATE)!)).toEqual([
      [`${TOPICS.CHART_RECORDS}/people`, valid],
      ['quality.quarantined_records/people', 60 - valid],
    ]);
    const { rows: landed } = await database.query<{ count: string }>('SELECT count(*) FROM connector.navigate_records WHERE run_id = $1', [MIXED_RUN]);
    expect(Number(landed[0].count)).toBe(valid);

    // The lineage service's runs ended: COMPLETED, and the provenance through the gateway says where the poison went.
    const { rows: states } = await database.query<{ run_id: string; state: string }>('SELECT run_id, state FROM lineage.runs WHERE parent_run_id = $1', [MIXED_RUN]);
    expect(new Map(states.map((row) => [row.run_id, row.state]))).toEqual(new Map(STAGE_JOBS.map((job) => [stageRunIdOf(job, MIXED_RUN), 'COMPLETED'])));
    const provenance = await request(gateway()).get(`/api/v1/lineage/runs/${MIXED_RUN}/provenance`).set('Authorization', `Bearer ${TEST_API_KEY}`).expect(200);
    expect(provenance.body.stages[0]).toMatchObject({ job: { name: LINEAGE_JOBS.CONNECTOR_EXPLORE }, state: 'COMPLETE', recordCount: 64, deadLetteredCount: 4 });
    expect(provenance.body.stages[0].outputs).toContainEqual({ namespace: 'kafka://atlas', name: `${TOPICS.DEAD_LETTER}/people`, rowCount: 4 });
    // Atlas's own producers put each envelope's run, source and position in its headers: what let the corrupted record count.
    const explored = await readTopic(TOPICS.EXPLORE_RECORDS, (messages) => messages.some((message) => message.headers?.['atlas-run-id']?.toString() === MIXED_RUN));
    const headersOf = (message: (typeof explored)[number]) => Object.fromEntries(['atlas-run-id', 'atlas-source-id', 'atlas-position-index'].map((name) => [name, message.headers?.[name]?.toString()]));
    const ofMixedRun = explored.find((message) => message.headers?.['atlas-run-id']?.toString() === MIXED_RUN)!;
    const explorePosition = (JSON.parse(ofMixedRun.value!.toString()) as RecordEnvelope).position.index;
    expect(headersOf(ofMixedRun)).toEqual({ 'atlas-run-id': MIXED_RUN, 'atlas-source-id': SOURCE_ID, 'atlas-position-index': String(explorePosition) });

    // A run of poison only: Explore could process none of it (FAIL, with the count); the stages after it saw 0 records.
    const poisonedEnds = await endsOf(POISONED_RUN);
    expect(STAGE_JOBS.map((job) => [job, poisonedEnds.get(job)!.event_type, poisonedEnds.get(job)!.event.run.facets.atlas_recordCount.recordCount])).toEqual([
      [LINEAGE_JOBS.CONNECTOR_EXPLORE, 'FAIL', 2],
      [LINEAGE_JOBS.PII_PROTECT, 'COMPLETE', 0],
      [LINEAGE_JOBS.QUALITY_VALIDATE, 'COMPLETE', 0],
      [LINEAGE_JOBS.CONNECTOR_NAVIGATE, 'COMPLETE', 0],
    ]);
    expect(poisonedEnds.get(LINEAGE_JOBS.CONNECTOR_EXPLORE)!.event.run.facets.errorMessage?.message).toMatch(/^none of the 2 records could be processed: all were dead-lettered; the first: /);
  }, 300000);

  it('lists the dead letters of a run through the API (reasons and positions, never a value) and unseals one only with pii:reveal and a reason, audited', async () => {
    const api = () => request(gateway());
    const asKey = { Authorization: `Bearer ${TEST_API_KEY}` };
    type Page = { items: Array<{ deadLetterId: number; reason: string; service: string; source: { topic: string; offset: string; runId?: string }; originalValueKept: boolean }>; nextCursor: string | null };
    let page: Page = { items: [], nextCursor: null };
    await waitFor(async () => {
      page = (await api().get(`/api/v1/dead-letters?runId=${MIXED_RUN}`).set(asKey).expect(200)).body as Page;
      return page.items.length === 4;
    }, { timeoutMs: 30000, description: 'the 4 dead letters of the mixed run, stored by the connector' });
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((item) => [item.service, item.source.topic, item.source.runId, item.originalValueKept])).toEqual(Array(4).fill(['connector', TOPICS.INGEST_RECORDS, MIXED_RUN, true]));
    expect(page.items.map((item) => item.reason).sort()).toEqual([
      expect.stringMatching(/^checksum mismatch/),
      expect.stringMatching(/^payload does not match the atlas\.ingest\.records\.v1 contract: /),
      expect.stringMatching(/^payload does not match the atlas\.ingest\.records\.v1 contract: /),
      expect.stringMatching(/^value is not valid JSON \(at position \d+\)$/),
    ]);
    // Newest first, one per page, the same four; a cursor for another run's list is refused.
    const first = (await api().get(`/api/v1/dead-letters?runId=${MIXED_RUN}&limit=1`).set(asKey).expect(200)).body as Page;
    expect(first.items[0].deadLetterId).toBe(Math.max(...page.items.map((item) => item.deadLetterId)));
    const foreign = await api().get(`/api/v1/dead-letters?runId=${POISONED_RUN}&cursor=${first.nextCursor}`).set(asKey).expect(400);
    expect(foreign.body.code).toBe('cursor_invalid');
    expect((await api().get(`/api/v1/dead-letters?runId=${POISONED_RUN}`).set(asKey).expect(200)).body.items).toHaveLength(2);

    const corrupt = page.items.find((item) => item.reason.startsWith('value is not valid JSON'))!;
    expect((await api().get(`/api/v1/dead-letters/${corrupt.deadLetterId}`).set(asKey).expect(200)).body).toEqual(corrupt);
    await api().get('/api/v1/dead-letters/999999999').set(asKey).expect(404);
    // An engineer's key has no pii:reveal: refused and audited; a user granted it opens the original bytes, saying why.
    const reason = 'Finding why the record was refused (ticket 42)';
    await api().post(`/api/v1/dead-letters/${corrupt.deadLetterId}/unseal`).set(asKey).send({ reason }).expect(403);
    const adminToken = (await api().post('/api/v1/auth/login').send({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD }).expect(200)).body.accessToken as string;
    const revealer = { email: 'dead-letter-revealer@atlas.test', password: 'a-password-for-the-revealer' };
    await api().post('/api/v1/users').set('Authorization', `Bearer ${adminToken}`).send({ ...revealer, role: 'engineer', canReveal: true }).expect(201);
    const revealerToken = (await api().post('/api/v1/auth/login').send(revealer).expect(200)).body.accessToken as string;
    await api().post(`/api/v1/dead-letters/${corrupt.deadLetterId}/unseal`).set('Authorization', `Bearer ${revealerToken}`).send({}).expect(400);
    const unsealed = await api().post(`/api/v1/dead-letters/${corrupt.deadLetterId}/unseal`).set('Authorization', `Bearer ${revealerToken}`).send({ reason }).expect(200);
    expect(unsealed.headers['cache-control']).toBe('no-store');
    expect(Buffer.from(unsealed.body.originalValueBase64 as string, 'base64').toString('utf8')).toBe(corrupted(MIXED_RUN, 63).value);
    const { rows: audited } = await database.query<{ outcome: string; target_id: string; details: { reason?: string } }>(
      `SELECT outcome, target_id, details FROM gateway.audit_log WHERE action = 'pii.reveal' AND target_type = 'dead-letter' ORDER BY at`,
    );
    // The refusal (403) and the reveal; a request without a reason never reached the handler (400, nothing opened).
    expect(audited.map((row) => [row.outcome, row.target_id, row.details.reason ?? null])).toEqual([
      ['failed', String(corrupt.deadLetterId), null],
      ['succeeded', String(corrupt.deadLetterId), reason],
    ]);
  }, 120000);
});
