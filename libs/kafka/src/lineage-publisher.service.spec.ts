import 'reflect-metadata';
import { ROOT_CONTEXT, createContextKey } from '@opentelemetry/api';
import { Test } from '@nestjs/testing';
import { BaseEnvironment } from '@atlas/config';
import {
  DATA_QUALITY_ASSERTIONS_FACET_SCHEMA_URL,
  DATA_QUALITY_METRICS_FACET_SCHEMA_URL,
  DATASOURCE_FACET_SCHEMA_URL,
  dataQualityInputFacets,
  ingestionJobName,
  INPUT_STATISTICS_FACET_SCHEMA_URL,
  OUTPUT_STATISTICS_FACET_SCHEMA_URL,
  SCHEMA_FACET_SCHEMA_URL,
  validateOpenLineageEvent,
  LINEAGE_JOBS,
  RunEvent,
  runEventValidator,
  stageRunId,
  TOPICS,
} from '@atlas/contracts';
import { KAFKA_SERVICE_NAME } from './kafka.constants';
import { KafkaPublisher, OutgoingMessage } from './kafka-publisher.service';
import { LineageDatasets, LineagePublisher, ProcessedRecordReference } from './lineage-publisher.service';

const FIRST_RUN = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';
const SECOND_RUN = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e02';
const INPUT = { topic: TOPICS.EXPLORE_RECORDS };
const OUTPUT = { topic: TOPICS.PROTECTED_RECORDS };
const PRODUCER = 'urn:atlas:pii-detection';
const KAFKA = 'kafka://atlas';
const dataSource = (namespace: string) => ({ _producer: PRODUCER, _schemaURL: DATASOURCE_FACET_SCHEMA_URL, name: namespace, uri: namespace });
const inputStatistics = (rowCount: number) => ({ _producer: PRODUCER, _schemaURL: INPUT_STATISTICS_FACET_SCHEMA_URL, rowCount });
const outputStatistics = (rowCount: number) => ({ _producer: PRODUCER, _schemaURL: OUTPUT_STATISTICS_FACET_SCHEMA_URL, rowCount });
/** The input of one source's event, as the publisher names it. */
const namedInput = (sourceId: string, rowCount: number, inputFacets: Record<string, unknown> = {}) => ({
  namespace: KAFKA,
  name: `${TOPICS.EXPLORE_RECORDS}/${sourceId}`,
  facets: { dataSource: dataSource(KAFKA) },
  inputFacets: { inputStatistics: inputStatistics(rowCount), ...inputFacets },
});
const environment = Object.assign(new BaseEnvironment(), { KAFKA_BROKERS: ['kafka-1:9092'], DATABASE_URL: 'postgres://db:5432/atlas', LINEAGE_KAFKA_CLUSTER: 'atlas' });
const traceKey = createContextKey('test-trace');

function record(recordId: string, runId: string, sourceId = 'people', quarantined?: boolean): ProcessedRecordReference {
  return { recordId, runId, sourceId, traceContext: ROOT_CONTEXT.setValue(traceKey, recordId), ...(quarantined !== undefined ? { quarantined } : {}) };
}

function expectValid(event: RunEvent): void {
  expect(validateOpenLineageEvent(event)).toEqual({ valid: true, value: event, kind: 'RunEvent' });
}

describe('LineagePublisher', () => {
  let lineage: LineagePublisher;
  const publish = jest.fn<Promise<void>, [string, readonly OutgoingMessage[]]>();

  beforeEach(async () => {
    publish.mockReset().mockResolvedValue(undefined);
    const moduleRef = await Test.createTestingModule({
      providers: [
        LineagePublisher,
        LineageDatasets,
        { provide: BaseEnvironment, useValue: environment },
        { provide: KafkaPublisher, useValue: { publish } },
        { provide: KAFKA_SERVICE_NAME, useValue: 'pii-detection' },
      ],
    }).compile();
    lineage = moduleRef.get(LineagePublisher);
  });

  function publishedEvents(): Array<{ key: string; event: RunEvent; message: OutgoingMessage }> {
    expect(publish).toHaveBeenCalledTimes(1);
    const [topic, messages] = publish.mock.calls[0];
    expect(topic).toBe(TOPICS.LINEAGE_EVENTS);
    return messages.map((message) => ({ key: message.key, event: message.value as RunEvent, message }));
  }

  describe('publishStageRun', () => {
    it('emits one COMPLETE event per ingestion run, keyed by that run, naming it as parent and each dataset after its source', async () => {
      const records = [record('r1', FIRST_RUN), record('r2', SECOND_RUN, 'orders'), record('r3', FIRST_RUN)];
      await lineage.publishStageRun({ jobName: LINEAGE_JOBS.PII_PROTECT, records, inputs: [INPUT], outputs: [OUTPUT] });

      const events = publishedEvents();
      expect(events.map(({ key }) => key)).toEqual([FIRST_RUN, SECOND_RUN]);
      const [first, second] = events.map(({ event }) => event);
      expect(first.eventType).toBe('COMPLETE');
      expect(first.producer).toBe(PRODUCER);
      expect(first.job).toEqual({ namespace: 'atlas.people', name: LINEAGE_JOBS.PII_PROTECT });
      expect(second.job).toEqual({ namespace: 'atlas.orders', name: LINEAGE_JOBS.PII_PROTECT });
      expect(first.run.runId).toBe(stageRunId(LINEAGE_JOBS.PII_PROTECT, ['r1', 'r3']));
      expect(second.run.runId).toBe(stageRunId(LINEAGE_JOBS.PII_PROTECT, ['r2']));
      expect(first.run.facets?.parent).toMatchObject({ run: { runId: FIRST_RUN }, job: { namespace: 'atlas.people', name: ingestionJobName('people') } });
      expect(second.run.facets?.parent).toMatchObject({ run: { runId: SECOND_RUN }, job: { name: ingestionJobName('orders') } });
      expect(first.run.facets?.atlas_recordCount).toMatchObject({ recordCount: 2 });
      expect(second.run.facets?.atlas_recordCount).toMatchObject({ recordCount: 1 });
      expect(first.inputs).toEqual([namedInput('people', 2)]);
      expect(first.outputs).toEqual([
        { namespace: KAFKA, name: `${TOPICS.PROTECTED_RECORDS}/people`, facets: { dataSource: dataSource(KAFKA) }, outputFacets: { outputStatistics: outputStatistics(2) } },
      ]);
      expect(second.inputs).toEqual([namedInput('orders', 1)]);
      expect(second.outputs[0].name).toBe(`${TOPICS.PROTECTED_RECORDS}/orders`);
    });

    it('emits events that pass the OpenLineage schemas of the event and of every facet', async () => {
      await lineage.publishStageRun({ jobName: LINEAGE_JOBS.QUALITY_VALIDATE, records: [record('r1', FIRST_RUN)], inputs: [INPUT], outputs: [OUTPUT] });
      for (const { event } of publishedEvents()) {
        expect(runEventValidator.validate(event)).toEqual({ valid: true, value: event });
        expectValid(event);
      }
    });

    it('counts the quarantined records on the outputs that carry them and the others on the rest', async () => {
      const records = [record('r1', FIRST_RUN, 'people', false), record('r2', FIRST_RUN, 'people', true), record('r3', FIRST_RUN, 'people', true)];
      await lineage.publishStageRun({
        jobName: LINEAGE_JOBS.QUALITY_VALIDATE,
        records,
        inputs: [{ topic: TOPICS.PROTECTED_RECORDS }],
        outputs: [{ topic: TOPICS.CHART_RECORDS }, { table: 'quality.quarantined_records', carries: 'quarantined' }],
      });
      const [{ event }] = publishedEvents();
      expect(event.outputs.map((output) => [output.namespace, output.name, output.outputFacets?.outputStatistics])).toEqual([
        [KAFKA, `${TOPICS.CHART_RECORDS}/people`, outputStatistics(1)],
        ['postgres://db:5432', 'atlas.quality.quarantined_records/people', outputStatistics(2)],
      ]);
      expect(event.inputs[0].inputFacets?.inputStatistics).toEqual(inputStatistics(3));
      expectValid(event);
    });

    it('gives a redelivered batch the same stage run id whatever the record order', async () => {
      await lineage.publishStageRun({ jobName: LINEAGE_JOBS.CONNECTOR_EXPLORE, records: [record('a', FIRST_RUN), record('b', FIRST_RUN)], inputs: [], outputs: [] });
      await lineage.publishStageRun({ jobName: LINEAGE_JOBS.CONNECTOR_EXPLORE, records: [record('b', FIRST_RUN), record('a', FIRST_RUN)], inputs: [], outputs: [] });
      const runIds = publish.mock.calls.map(([, messages]) => (messages[0].value as RunEvent).run.runId);
      expect(runIds[0]).toBe(runIds[1]);
    });

    it('passes the trace context of the first record of each run on', async () => {
      const records = [record('r1', FIRST_RUN), record('r2', FIRST_RUN)];
      await lineage.publishStageRun({ jobName: LINEAGE_JOBS.PII_PROTECT, records, inputs: [], outputs: [] });
      expect(publishedEvents()[0].message.traceContext?.getValue(traceKey)).toBe('r1');
    });

    it('uses the event type the stage gives', async () => {
      await lineage.publishStageRun({ jobName: LINEAGE_JOBS.PII_PROTECT, records: [record('r1', FIRST_RUN)], inputs: [], outputs: [], eventType: 'FAIL' });
      expect(publishedEvents()[0].event.eventType).toBe('FAIL');
    });

    it('adds the input facets a stage gives for each ingestion run, and the event stays a valid OpenLineage event', async () => {
      const inputFacetsOf = jest.fn((ingestionRunId: string, producer: string) =>
        ingestionRunId === FIRST_RUN ? dataQualityInputFacets(producer, [{ assertion: 'people.email.not_null', success: false, column: 'email' }], 2, new Map([['email', 1]])) : undefined,
      );
      await lineage.publishStageRun({ jobName: LINEAGE_JOBS.QUALITY_VALIDATE, records: [record('r1', FIRST_RUN), record('r2', SECOND_RUN)], inputs: [INPUT], outputs: [OUTPUT], inputFacetsOf });
      const [first, second] = publishedEvents().map(({ event }) => event);
      expect(first.inputs).toEqual([
        namedInput('people', 1, {
          dataQualityAssertions: { _producer: PRODUCER, _schemaURL: DATA_QUALITY_ASSERTIONS_FACET_SCHEMA_URL, assertions: [{ assertion: 'people.email.not_null', success: false, column: 'email' }] },
          dataQualityMetrics: { _producer: PRODUCER, _schemaURL: DATA_QUALITY_METRICS_FACET_SCHEMA_URL, rowCount: 2, columnMetrics: { email: { nullCount: 1 } } },
        }),
      ]);
      expect(second.inputs).toEqual([namedInput('people', 1)]);
      expectValid(first);
    });

    it("adds the schema and the column lineage of each run's own records to every output", async () => {
      const maskedByField = jest.fn((ingestionRunId: string) => (ingestionRunId === FIRST_RUN ? new Map([['id', false], ['email', true]]) : new Map([['total', false]])));
      await lineage.publishStageRun({
        jobName: LINEAGE_JOBS.PII_PROTECT,
        records: [record('r1', FIRST_RUN), record('r2', SECOND_RUN, 'orders')],
        inputs: [INPUT],
        outputs: [OUTPUT],
        columnLineage: { input: INPUT, maskedByField },
      });
      const [first, second] = publishedEvents().map(({ event }) => event);
      expect(first.outputs[0].facets?.schema).toEqual({ _producer: PRODUCER, _schemaURL: SCHEMA_FACET_SCHEMA_URL, fields: [{ name: 'email' }, { name: 'id' }] });
      expect(first.outputs[0].facets?.columnLineage).toMatchObject({
        fields: {
          email: { inputFields: [{ namespace: KAFKA, name: `${TOPICS.EXPLORE_RECORDS}/people`, field: 'email', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }] }] },
          id: { inputFields: [{ namespace: KAFKA, name: `${TOPICS.EXPLORE_RECORDS}/people`, field: 'id', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY', masking: false }] }] },
        },
      });
      expect(second.outputs[0].facets?.schema).toEqual({ _producer: PRODUCER, _schemaURL: SCHEMA_FACET_SCHEMA_URL, fields: [{ name: 'total' }] });
      expect(second.outputs[0].facets?.columnLineage).toMatchObject({ fields: { total: { inputFields: [{ name: `${TOPICS.EXPLORE_RECORDS}/orders`, field: 'total' }] } } });
      expectValid(first);
      expectValid(second);
    });

    it('stamps every event of a batch with the current time', async () => {
      const before = Date.now();
      await lineage.publishStageRun({ jobName: LINEAGE_JOBS.PII_PROTECT, records: [record('r1', FIRST_RUN), record('r2', SECOND_RUN)], inputs: [], outputs: [] });
      const times = publishedEvents().map(({ event }) => Date.parse(event.eventTime));
      expect(times[0]).toBe(times[1]);
      expect(times[0]).toBeGreaterThanOrEqual(before);
      expect(times[0]).toBeLessThanOrEqual(Date.now());
    });
  });

  describe('publishRootRun', () => {
    const ingestTopic = { namespace: KAFKA, name: `${TOPICS.INGEST_RECORDS}/people` };
    const root = { jobName: ingestionJobName('people'), sourceId: 'people', recordTopic: TOPICS.INGEST_RECORDS, runId: FIRST_RUN, inputs: [], outputs: [ingestTopic] };

    /** The event of a root run: the first message, on the lineage topic (a count may follow). */
    function firstEvent(): { key: string; event: RunEvent; message: OutgoingMessage } {
      const [topic, [message]] = publish.mock.calls[0];
      expect(topic).toBe(TOPICS.LINEAGE_EVENTS);
      return { key: message.key, event: message.value as RunEvent, message };
    }

    it('emits one COMPLETE event for the ingestion run, without parent, keyed by the run id, with the count it wrote', async () => {
      const traceContext = ROOT_CONTEXT.setValue(traceKey, 'push');
      await lineage.publishRootRun({ ...root, recordCount: 12, traceContext });
      const { key, event, message } = firstEvent();
      expect(key).toBe(FIRST_RUN);
      expect(message.traceContext?.getValue(traceKey)).toBe('push');
      expect(event).toMatchObject({
        eventType: 'COMPLETE',
        run: { runId: FIRST_RUN, facets: { atlas_recordCount: { recordCount: 12 } } },
        job: { namespace: 'atlas.people', name: 'ingest.people' },
        inputs: [],
        outputs: [{ ...ingestTopic, facets: { dataSource: dataSource(KAFKA) }, outputFacets: { outputStatistics: outputStatistics(12) } }],
      });
      expect(event.run.facets).not.toHaveProperty('parent');
      expect(event.run.facets).not.toHaveProperty('errorMessage');
      expectValid(event);
    });

    it("emits a connector run's START or end event with the source range it read", async () => {
      const sourceRange = { first: 'file:people.csv:2', last: 'file:people.csv:9' };
      await lineage.publishRootRun({ ...root, recordCount: 8, eventType: 'ABORT', sourceRange });
      const { event } = firstEvent();
      expect(event.eventType).toBe('ABORT');
      expect(event.run.facets?.atlas_sourceRange).toMatchObject(sourceRange);
      expectValid(event);
    });

    it.each(['COMPLETE', 'ABORT', 'FAIL'] as const)('after the %s event, announces how many records of the run are on its record topic', async (eventType) => {
      await lineage.publishRootRun({ ...root, recordCount: 7, eventType });
      expect(publish.mock.calls.map(([topic]) => topic)).toEqual([TOPICS.LINEAGE_EVENTS, TOPICS.RUN_RECORD_COUNTS]);
      expect(publish.mock.calls[1][1]).toEqual([
        { key: FIRST_RUN, value: { runId: FIRST_RUN, sourceId: 'people', topic: TOPICS.INGEST_RECORDS, recordCount: 7, writtenBy: 'ingest.people' }, traceContext: undefined },
      ]);
    });

    it('announces no count when a run starts', async () => {
      await lineage.publishRootRun({ ...root, recordCount: 0, eventType: 'START' });
      expect(publish.mock.calls.map(([topic]) => topic)).toEqual([TOPICS.LINEAGE_EVENTS]);
    });

    it('says why a failed run failed in the errorMessage facet', async () => {
      await lineage.publishRootRun({ ...root, recordCount: 3, eventType: 'FAIL', errorMessage: 'the source could not be read (ENOENT)' });
      const { event } = firstEvent();
      expect(event.run.facets?.errorMessage).toEqual({
        _producer: PRODUCER,
        _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
        message: 'the source could not be read (ENOENT)',
        programmingLanguage: 'TypeScript',
      });
      expectValid(event);
    });
  });
});

describe('LineageDatasets', () => {
  function datasets(databaseUrl: string, cluster?: string): LineageDatasets {
    return new LineageDatasets(Object.assign(new BaseEnvironment(), { KAFKA_BROKERS: ['kafka-1:9092', 'kafka-2:9092'], DATABASE_URL: databaseUrl }, cluster ? { LINEAGE_KAFKA_CLUSTER: cluster } : {}));
  }

  it("names one source's records on a topic after the configured cluster, never a broker", () => {
    expect(datasets('postgres://db:5433/atlas').topic(TOPICS.CHART_RECORDS, 'people')).toEqual({ namespace: 'kafka://atlas', name: `${TOPICS.CHART_RECORDS}/people` });
    expect(datasets('postgres://db:5433/atlas', 'prod-eu').topic(TOPICS.CHART_RECORDS, 'orders')).toEqual({ namespace: 'kafka://prod-eu', name: `${TOPICS.CHART_RECORDS}/orders` });
  });

  it("names one source's rows of a table after the database host, port and name", () => {
    expect(datasets('postgres://atlas:secret@db:5433/warehouse').table('connector.navigate_records', 'people')).toEqual({
      namespace: 'postgres://db:5433',
      name: 'warehouse.connector.navigate_records/people',
    });
  });

  it('names a stage dataset, topic or table, for a source', () => {
    const names = datasets('postgres://db:5432/atlas');
    expect(names.named({ topic: TOPICS.EXPLORE_RECORDS }, 'crm')).toEqual({ namespace: 'kafka://atlas', name: `${TOPICS.EXPLORE_RECORDS}/crm` });
    expect(names.named({ table: 'connector.explore_records' }, 'crm')).toEqual({ namespace: 'postgres://db:5432', name: 'atlas.connector.explore_records/crm' });
  });

  it('uses the default port and database when the URL leaves them out', () => {
    expect(datasets('postgres://db').table('quality.quarantined_records', 'people')).toEqual({ namespace: 'postgres://db:5432', name: 'postgres.quality.quarantined_records/people' });
  });

  it('never puts the credentials into a dataset name', () => {
    const table = datasets('postgres://atlas:secret@db:5432/atlas').table('gateway.ingestion_runs', 'people');
    expect(JSON.stringify(table)).not.toContain('secret');
  });
});
