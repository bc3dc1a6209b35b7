import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { BaseEnvironment } from '@atlas/config';
import { ingestionJobName, LINEAGE_JOBS, RunEvent, RunRecordCount, stageRunIdOf, TOPICS, validateOpenLineageEvent } from '@atlas/contracts';
import { KAFKA_SERVICE_NAME } from '../kafka.constants';
import { KafkaPublisher, OutgoingMessage } from '../kafka-publisher.service';
import { DeadLetterRequest } from '../record-batch';
import { LineageDatasets, LineagePublisher } from '../lineage-publisher.service';
import { addHandledRecords, HandledRecord, newStageRun, StageRunState, StageRunStatus } from './stage-run-progress';
import { StageDefinition, StageRunLineage } from './stage-run-lineage.service';
import { ExpectedCount, HandledRun, StageRunRepository } from './stage-run.repository';

const RUN = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';
const OTHER_RUN = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e02';

const STAGE: StageDefinition = {
  jobName: LINEAGE_JOBS.QUALITY_VALIDATE,
  inputTopic: TOPICS.PROTECTED_RECORDS,
  inputs: [{ topic: TOPICS.PROTECTED_RECORDS }],
  outputs: [{ topic: TOPICS.CHART_RECORDS }, { table: 'quality.quarantined_records', carries: 'quarantined' }],
};

/** The repository's contract in memory: one row per (job, run), each position counted once while the run is in progress. */
class InMemoryStageRuns {
  readonly rows = new Map<string, StageRunState>();
  readonly counted = new Map<string, Set<number>>();
  readonly ended: Array<[string, string, StageRunStatus]> = [];
  /** The run ids of each addHandledByRun call. */
  readonly batches: string[][] = [];
  /** The run ids of each markEnded call. */
  readonly endings: string[][] = [];

  private current(key: StageRunKey): StageRunState {
    return this.rows.get(`${key.jobName}:${key.runId}`) ?? newStageRun(key.jobName, key.runId, key.sourceId);
  }

  async addHandledByRun(jobName: string, runs: readonly HandledRun[]): Promise<StageRunState[]> {
    this.batches.push(runs.map((run) => run.runId));
    return runs.map((run) => this.addHandled({ jobName, runId: run.runId, sourceId: run.sourceId }, run.records));
  }

  private addHandled(key: StageRunKey, records: readonly HandledRecord[]): StageRunState {
    const id = `${key.jobName}:${key.runId}`;
    const current = this.current(key);
    if (current.status !== 'running') return current;
    const counted = this.counted.get(id) ?? new Set<number>();
    this.counted.set(id, counted);
    const fresh = records.filter((record) => !counted.has(record.index) && counted.add(record.index));
    const next = addHandledRecords(current, fresh);
    this.rows.set(id, next);
    return next;
  }

  async setExpectedByRun(jobName: string, counts: readonly ExpectedCount[]): Promise<StageRunState[]> {
    return counts.map(({ runId, sourceId, expected }) => {
      const current = this.current({ jobName, runId, sourceId });
      if (current.status !== 'running') return current;
      const next = { ...current, expected };
      this.rows.set(`${jobName}:${runId}`, next);
      return next;
    });
  }

  async markEnded(jobName: string, ended: ReadonlyArray<{ runId: string; status: StageRunStatus }>): Promise<void> {
    this.endings.push(ended.map(({ runId }) => runId));
    for (const { runId, status } of ended) {
      this.ended.push([jobName, runId, status]);
      const id = `${jobName}:${runId}`;
      this.rows.set(id, { ...this.rows.get(id)!, status });
      this.counted.delete(id);
    }
  }
}

interface StageRunKey {
  jobName: string;
  runId: string;
  sourceId: string;
}

function record(index: number, outcome: HandledRecord['outcome'] = 'passed', runId = RUN): HandledRecord {
  return { runId, sourceId: 'people', index, outcome, ...(outcome === 'failed' ? { error: 'checksum mismatch' } : {}) };
}

function count(recordCount: number, topic: string = TOPICS.PROTECTED_RECORDS, runId = RUN): RunRecordCount {
  return { runId, sourceId: 'people', topic, recordCount, writtenBy: LINEAGE_JOBS.PII_PROTECT };
}

describe('StageRunLineage', () => {
  const publish = jest.fn<Promise<void>, [string, readonly OutgoingMessage[]]>();
  let runs: InMemoryStageRuns;
  let stageRuns: StageRunLineage;
  let now: number;

  async function create(): Promise<StageRunLineage> {
    const environment = Object.assign(new BaseEnvironment(), { KAFKA_BROKERS: ['kafka-1:9092'], DATABASE_URL: 'postgres://db:5432/atlas', LINEAGE_RUNNING_INTERVAL_MS: 1000 });
    const moduleRef = await Test.createTestingModule({
      providers: [
        StageRunLineage,
        LineagePublisher,
        LineageDatasets,
        { provide: StageRunRepository, useValue: runs },
        { provide: BaseEnvironment, useValue: environment },
        { provide: KafkaPublisher, useValue: { publish } },
        { provide: KAFKA_SERVICE_NAME, useValue: 'quality' },
      ],
    }).compile();
    return moduleRef.get(StageRunLineage);
  }

  beforeEach(async () => {
    publish.mockReset().mockResolvedValue(undefined);
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    runs = new InMemoryStageRuns();
    stageRuns = await create();
  });

  afterEach(() => jest.restoreAllMocks());

  function events(): RunEvent[] {
    return publish.mock.calls.filter(([topic]) => topic === TOPICS.LINEAGE_EVENTS).flatMap(([, messages]) => messages.map((message) => message.value as RunEvent));
  }

  function announced(): RunRecordCount[] {
    return publish.mock.calls.filter(([topic]) => topic === TOPICS.RUN_RECORD_COUNTS).flatMap(([, messages]) => messages.map((message) => message.value as RunRecordCount));
  }

  it('reports START when the first records of a run arrive, in one run per stage and ingestion run', async () => {
    await stageRuns.recordHandled(STAGE, [record(0), record(1, 'quarantined')]);
    const [start] = events();
    expect(events()).toHaveLength(1);
    expect(start.eventType).toBe('START');
    expect(start.run.runId).toBe(stageRunIdOf(LINEAGE_JOBS.QUALITY_VALIDATE, RUN));
    expect(start.run.facets?.parent).toMatchObject({ run: { runId: RUN }, job: { name: ingestionJobName('people') } });
    expect(start.run.facets?.atlas_recordCount).toMatchObject({ recordCount: 2 });
    expect(start.inputs.map((input) => [input.name, (input.inputFacets?.inputStatistics as { rowCount: number }).rowCount])).toEqual([[`${TOPICS.PROTECTED_RECORDS}/people`, 2]]);
    expect(start.outputs.map((output) => [output.name, (output.outputFacets?.outputStatistics as { rowCount: number }).rowCount])).toEqual([
      [`${TOPICS.CHART_RECORDS}/people`, 1],
      ['atlas.quality.quarantined_records/people', 1],
    ]);
    expect(validateOpenLineageEvent(start).valid).toBe(true);
  });

  it('counts a batch of several runs in one repository call, a run id in upper case as the same run, and reports each run', async () => {
    await stageRuns.recordHandled(STAGE, [record(0, 'passed', OTHER_RUN), record(0), record(1, 'passed', RUN.toUpperCase()), record(1, 'passed', OTHER_RUN)]);
    expect(runs.batches).toEqual([[OTHER_RUN, RUN]]);
    expect(events().map((event) => [event.eventType, (event.run.facets?.parent as { run: { runId: string } }).run.runId, (event.run.facets?.atlas_recordCount as { recordCount: number }).recordCount])).toEqual([
      ['START', OTHER_RUN, 2],
      ['START', RUN, 2],
    ]);
  });

  it('reports RUNNING with the counts so far at most once per interval', async () => {
    await stageRuns.recordHandled(STAGE, [record(0)]);
    now += 999;
    await stageRuns.recordHandled(STAGE, [record(1)]);
    now += 1;
    await stageRuns.recordHandled(STAGE, [record(2)]);
    now += 500;
    await stageRuns.recordHandled(STAGE, [record(3)]);
    expect(events().map((event) => [event.eventType, (event.run.facets?.atlas_recordCount as { recordCount: number }).recordCount])).toEqual([
      ['START', 1],
      ['RUNNING', 3],
    ]);
  });

  it('reports COMPLETE once every record announced on its input topic was handled, then announces its own outputs', async () => {
    await stageRuns.recordHandled(STAGE, [record(0), record(1, 'quarantined')]);
    await stageRuns.recordExpected(STAGE, [count(3)]);
    expect(events().map((event) => event.eventType)).toEqual(['START']);
    await stageRuns.recordHandled(STAGE, [record(2)]);
    const complete = events()[1];
    expect(events().map((event) => event.eventType)).toEqual(['START', 'COMPLETE']);
    expect(complete.run.runId).toBe(stageRunIdOf(LINEAGE_JOBS.QUALITY_VALIDATE, RUN));
    expect(complete.outputs.map((output) => (output.outputFacets?.outputStatistics as { rowCount: number }).rowCount)).toEqual([2, 1]);
    expect(complete.run.facets).not.toHaveProperty('errorMessage');
    // Only topics are read by a next stage: the Chart topic gets the count of the records passed on.
    expect(announced()).toEqual([{ runId: RUN, sourceId: 'people', topic: TOPICS.CHART_RECORDS, recordCount: 2, writtenBy: LINEAGE_JOBS.QUALITY_VALIDATE }]);
    expect(runs.ended).toEqual([[LINEAGE_JOBS.QUALITY_VALIDATE, RUN, 'complete']]);
  });

  it('completes when the count arrives after the records, and ignores counts of other topics', async () => {
    await stageRuns.recordHandled(STAGE, [record(0), record(1)]);
    await stageRuns.recordExpected(STAGE, [count(2, TOPICS.EXPLORE_RECORDS), count(5, TOPICS.PROTECTED_RECORDS, OTHER_RUN)]);
    expect(events().map((event) => event.eventType)).toEqual(['START']);
    await stageRuns.recordExpected(STAGE, [count(2)]);
    expect(events().map((event) => event.eventType)).toEqual(['START', 'COMPLETE']);
  });

  it('starts and completes at once a run that has no records on its input topic', async () => {
    await stageRuns.recordExpected(STAGE, [count(0)]);
    expect(events().map((event) => [event.eventType, (event.run.facets?.atlas_recordCount as { recordCount: number }).recordCount])).toEqual([
      ['START', 0],
      ['COMPLETE', 0],
    ]);
    expect(announced()).toEqual([{ runId: RUN, sourceId: 'people', topic: TOPICS.CHART_RECORDS, recordCount: 0, writtenBy: LINEAGE_JOBS.QUALITY_VALIDATE }]);
  });

  it('reports COMPLETE when some records were dead-lettered, with their count, first reason and the dead-letter topic as an output', async () => {
    await stageRuns.recordExpected(STAGE, [count(3)]);
    await stageRuns.recordHandled(STAGE, [record(0), record(1, 'failed'), record(2, 'quarantined')]);
    const [start, complete] = events();
    expect(events().map((event) => event.eventType)).toEqual(['START', 'COMPLETE']);
    expect(complete.run.facets?.atlas_recordCount).toEqual({
      _producer: 'urn:atlas:quality',
      _schemaURL: 'urn:atlas:facets:RecordCountRunFacet:1',
      recordCount: 3,
      deadLetteredCount: 1,
      firstDeadLetterReason: 'checksum mismatch',
    });
    expect(complete.run.facets).not.toHaveProperty('errorMessage');
    expect(complete.outputs.map((output) => [output.namespace, output.name, (output.outputFacets?.outputStatistics as { rowCount: number }).rowCount])).toEqual([
      ['kafka://atlas', `${TOPICS.CHART_RECORDS}/people`, 1],
      ['postgres://db:5432', 'atlas.quality.quarantined_records/people', 1],
      ['kafka://atlas', `${TOPICS.DEAD_LETTER}/people`, 1],
    ]);
    expect(start.outputs).toHaveLength(3);
    expect(validateOpenLineageEvent(complete).valid).toBe(true);
    expect(announced()).toEqual([{ runId: RUN, sourceId: 'people', topic: TOPICS.CHART_RECORDS, recordCount: 1, writtenBy: LINEAGE_JOBS.QUALITY_VALIDATE }]);
    expect(runs.ended).toEqual([[LINEAGE_JOBS.QUALITY_VALIDATE, RUN, 'complete']]);
  });

  it('reports FAIL with the error when not one record of the run could be processed', async () => {
    await stageRuns.recordExpected(STAGE, [count(2)]);
    await stageRuns.recordHandled(STAGE, [record(0, 'failed'), record(1, 'failed')]);
    const [, fail] = events();
    expect(fail.eventType).toBe('FAIL');
    expect(fail.run.facets?.errorMessage).toMatchObject({ message: 'none of the 2 records could be processed: all were dead-lettered; the first: checksum mismatch', programmingLanguage: 'TypeScript' });
    expect(validateOpenLineageEvent(fail).valid).toBe(true);
    expect(runs.ended).toEqual([[LINEAGE_JOBS.QUALITY_VALIDATE, RUN, 'failed']]);
  });

  describe("the consumer's own dead letters", () => {
    function deadLetter(offset: string, position: Partial<DeadLetterRequest>): DeadLetterRequest {
      return { partition: 0, offset, key: null, rawValue: null, headers: {}, reason: 'payload does not match the contract: /checksum must match pattern', ...position };
    }

    it('count as dead-lettered for the registered stage reading the topic, so the run completes with exact counts', async () => {
      stageRuns.registerStage(STAGE);
      await stageRuns.recordExpected(STAGE, [count(4)]);
      await stageRuns.recordHandled(STAGE, [record(0), record(1)]);
      await stageRuns.deadLettered(TOPICS.PROTECTED_RECORDS, [
        deadLetter('7', { runId: RUN.toUpperCase(), sourceId: 'people', index: 2 }),
        // Not attributable to a run and position: left out.
        deadLetter('8', { sourceId: 'people', index: 9 }),
        deadLetter('9', { runId: 'not-a-run', sourceId: 'people', index: 9 }),
        deadLetter('10', { runId: RUN, sourceId: 'People!', index: 9 }),
        deadLetter('11', { runId: RUN, sourceId: 'people', index: 2_147_483_648 }),
      ]);
      expect(events().map((event) => event.eventType)).toEqual(['START']);
      expect(runs.rows.get(`${LINEAGE_JOBS.QUALITY_VALIDATE}:${RUN}`)).toMatchObject({ handled: 3, passed: 2, failed: 1 });
      // A redelivery of the same dead letter is not counted again.
      await stageRuns.deadLettered(TOPICS.PROTECTED_RECORDS, [deadLetter('7', { runId: RUN, sourceId: 'people', index: 2 })]);
      await stageRuns.deadLettered(TOPICS.PROTECTED_RECORDS, [deadLetter('12', { runId: RUN, sourceId: 'people', index: 3 })]);
      const complete = events()[1];
      expect(complete.eventType).toBe('COMPLETE');
      expect(complete.run.facets?.atlas_recordCount).toMatchObject({
        recordCount: 4,
        deadLetteredCount: 2,
        firstDeadLetterReason: 'payload does not match the contract: /checksum must match pattern',
      });
      expect(complete.outputs.map((output) => (output.outputFacets?.outputStatistics as { rowCount: number }).rowCount)).toEqual([2, 0, 2]);
    });

    it('are ignored on a topic no registered stage reads', async () => {
      stageRuns.registerStage(STAGE);
      await stageRuns.deadLettered(TOPICS.EXPLORE_RECORDS, [deadLetter('7', { runId: RUN, sourceId: 'people', index: 2 })]);
      expect(publish).not.toHaveBeenCalled();
      expect(runs.rows.size).toBe(0);
    });
  });

  it('reports nothing more for an ended run, whatever arrives later', async () => {
    await stageRuns.recordExpected(STAGE, [count(1)]);
    await stageRuns.recordHandled(STAGE, [record(0)]);
    const before = publish.mock.calls.length;
    await stageRuns.recordHandled(STAGE, [record(1)]);
    await stageRuns.recordExpected(STAGE, [count(1)]);
    expect(publish.mock.calls).toHaveLength(before);
  });

  it('counts a redelivered or duplicated record once, so the run completes with the right count', async () => {
    await stageRuns.recordExpected(STAGE, [count(3)]);
    await stageRuns.recordHandled(STAGE, [record(0), record(1)]);
    await stageRuns.recordHandled(STAGE, [record(0), record(1)]);
    expect(events().map((event) => event.eventType)).toEqual(['START']);
    await stageRuns.recordHandled(STAGE, [record(1), record(2)]);
    expect(events().map((event) => [event.eventType, (event.run.facets?.atlas_recordCount as { recordCount: number }).recordCount])).toEqual([
      ['START', 2],
      ['COMPLETE', 3],
    ]);
  });

  it('after a restart resumes the stored count: it may report START again, and completes with the right count', async () => {
    await stageRuns.recordExpected(STAGE, [count(3)]);
    await stageRuns.recordHandled(STAGE, [record(0), record(1)]);
    const restarted = await create();
    await restarted.recordHandled(STAGE, [record(1), record(2)]);
    expect(events().map((event) => [event.eventType, (event.run.facets?.atlas_recordCount as { recordCount: number }).recordCount])).toEqual([
      ['START', 2],
      ['START', 3],
      ['COMPLETE', 3],
    ]);
  });

  it('keeps the runs of one batch apart, each under its own parent', async () => {
    await stageRuns.recordHandled(STAGE, [record(0), record(1, 'passed', OTHER_RUN), record(2)]);
    expect(events().map((event) => [event.run.runId, (event.run.facets?.parent as { run: { runId: string } }).run.runId])).toEqual([
      [stageRunIdOf(LINEAGE_JOBS.QUALITY_VALIDATE, RUN), RUN],
      [stageRunIdOf(LINEAGE_JOBS.QUALITY_VALIDATE, OTHER_RUN), OTHER_RUN],
    ]);
    // One publish for the batch, each event keyed by its ingestion run.
    expect(publish.mock.calls.map(([, messages]) => messages.map((message) => message.key))).toEqual([[RUN, OTHER_RUN]]);
  });

  it('reports the runs a batch ends together: their events in one publish, their output counts in one, their ends stored in one call', async () => {
    await stageRuns.recordExpected(STAGE, [count(2), count(1, TOPICS.PROTECTED_RECORDS, OTHER_RUN), count(2)]);
    expect(publish).not.toHaveBeenCalled();
    await stageRuns.recordHandled(STAGE, [record(0), record(0, 'quarantined', OTHER_RUN), record(1)]);
    expect(publish.mock.calls.map(([topic, messages]) => [topic, messages.map((message) => message.key)])).toEqual([
      [TOPICS.LINEAGE_EVENTS, [RUN, RUN, OTHER_RUN, OTHER_RUN]],
      [TOPICS.RUN_RECORD_COUNTS, [RUN, OTHER_RUN]],
    ]);
    expect(events().map((event) => [event.eventType, (event.run.facets?.parent as { run: { runId: string } }).run.runId])).toEqual([
      ['START', RUN],
      ['COMPLETE', RUN],
      ['START', OTHER_RUN],
      ['COMPLETE', OTHER_RUN],
    ]);
    expect(announced().map((announcement) => [announcement.runId, announcement.recordCount])).toEqual([
      [RUN, 2],
      [OTHER_RUN, 0],
    ]);
    expect(runs.endings).toEqual([[RUN, OTHER_RUN]]);
  });

  it('completes together the runs whose counts arrive in one batch, a run counted twice reported once', async () => {
    await stageRuns.recordHandled(STAGE, [record(0), record(0, 'passed', OTHER_RUN)]);
    publish.mockClear();
    await stageRuns.recordExpected(STAGE, [count(1, TOPICS.PROTECTED_RECORDS, OTHER_RUN), count(1), count(1, TOPICS.PROTECTED_RECORDS, OTHER_RUN)]);
    expect(events().map((event) => [event.eventType, (event.run.facets?.parent as { run: { runId: string } }).run.runId])).toEqual([
      ['COMPLETE', OTHER_RUN],
      ['COMPLETE', RUN],
    ]);
    expect(runs.endings).toEqual([[OTHER_RUN, RUN]]);
  });

  it('adds the stage input facets and the column lineage of the run', async () => {
    const inputFacetsOf = jest.fn(async () => ({ custom: { _producer: 'urn:atlas:quality', _schemaURL: 'urn:x' } }));
    const stage: StageDefinition = { ...STAGE, columnLineageInput: { topic: TOPICS.PROTECTED_RECORDS }, inputFacetsOf };
    await stageRuns.recordHandled(stage, [{ ...record(0), maskedFields: new Map([['email', true], ['id', false]]), maskingPolicy: { policyId: 'default', policyVersion: 3 } }]);
    const [start] = events();
    expect(inputFacetsOf).toHaveBeenCalledWith(RUN, 'urn:atlas:quality');
    expect(start.inputs[0].inputFacets?.custom).toEqual({ _producer: 'urn:atlas:quality', _schemaURL: 'urn:x' });
    expect(start.outputs[0].facets?.columnLineage).toMatchObject({
      fields: { email: { inputFields: [{ name: `${TOPICS.PROTECTED_RECORDS}/people`, field: 'email', transformations: [{ masking: true, policyId: 'default', policyVersion: 3 }] }] } },
    });
    expect(start.outputs[0].facets?.schema).toMatchObject({ fields: [{ name: 'email' }, { name: 'id' }] });
  });

  it('reports the end again when the end could not be stored (at least once), never a wrong count', async () => {
    await stageRuns.recordExpected(STAGE, [count(1)]);
    jest.spyOn(runs, 'markEnded').mockRejectedValueOnce(new Error('database unavailable'));
    await expect(stageRuns.recordHandled(STAGE, [record(0)])).rejects.toThrow('database unavailable');
    await stageRuns.recordHandled(STAGE, [record(0)]);
    expect(events().filter((event) => event.eventType === 'COMPLETE').map((event) => (event.run.facets?.atlas_recordCount as { recordCount: number }).recordCount)).toEqual([1, 1]);
  });
});
