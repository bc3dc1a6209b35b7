import 'reflect-metadata';
import { ROOT_CONTEXT, createContextKey } from '@opentelemetry/api';
import { Test } from '@nestjs/testing';
import { BaseEnvironment } from '@atlas/config';
import {
  DATA_QUALITY_ASSERTIONS_FACET_SCHEMA_URL,
  DATA_QUALITY_METRICS_FACET_SCHEMA_URL,
  dataQualityInputFacets,
  ingestionJobName,
  LINEAGE_JOB_NAMESPACE,
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
const INPUT = { namespace: 'kafka://localhost:9092', name: TOPICS.EXPLORE_RECORDS };
const OUTPUT = { namespace: 'kafka://localhost:9092', name: TOPICS.PROTECTED_RECORDS };
const traceKey = createContextKey('test-trace');

function record(recordId: string, runId: string, sourceId = 'people'): ProcessedRecordReference {
  return { recordId, runId, sourceId, traceContext: ROOT_CONTEXT.setValue(traceKey, recordId) };
}

describe('LineagePublisher', () => {
  let lineage: LineagePublisher;
  const publish = jest.fn<Promise<void>, [string, readonly OutgoingMessage[]]>();

  beforeEach(async () => {
    publish.mockReset().mockResolvedValue(undefined);
    const moduleRef = await Test.createTestingModule({
      providers: [LineagePublisher, { provide: KafkaPublisher, useValue: { publish } }, { provide: KAFKA_SERVICE_NAME, useValue: 'pii-detection' }],
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
    it('emits one COMPLETE event per ingestion run, keyed by that run, naming it as parent', async () => {
      const records = [record('r1', FIRST_RUN), record('r2', SECOND_RUN, 'orders'), record('r3', FIRST_RUN)];
      await lineage.publishStageRun({ jobName: LINEAGE_JOBS.PII_PROTECT, records, inputs: [INPUT], outputs: [OUTPUT] });

      const events = publishedEvents();
      expect(events.map(({ key }) => key)).toEqual([FIRST_RUN, SECOND_RUN]);
      const [first, second] = events.map(({ event }) => event);
      expect(first.eventType).toBe('COMPLETE');
      expect(first.producer).toBe('urn:atlas:pii-detection');
      expect(first.job).toEqual({ namespace: LINEAGE_JOB_NAMESPACE, name: LINEAGE_JOBS.PII_PROTECT });
      expect(first.run.runId).toBe(stageRunId(LINEAGE_JOBS.PII_PROTECT, ['r1', 'r3']));
      expect(second.run.runId).toBe(stageRunId(LINEAGE_JOBS.PII_PROTECT, ['r2']));
      expect(first.run.facets?.parent).toMatchObject({ run: { runId: FIRST_RUN }, job: { namespace: LINEAGE_JOB_NAMESPACE, name: ingestionJobName('people') } });
      expect(second.run.facets?.parent).toMatchObject({ run: { runId: SECOND_RUN }, job: { name: ingestionJobName('orders') } });
      expect(first.run.facets?.atlas_recordCount).toMatchObject({ recordCount: 2 });
      expect(second.run.facets?.atlas_recordCount).toMatchObject({ recordCount: 1 });
      expect(first.inputs).toEqual([INPUT]);
      expect(first.outputs).toEqual([OUTPUT]);
    });

    it('emits events that pass the OpenLineage contract', async () => {
      await lineage.publishStageRun({ jobName: LINEAGE_JOBS.QUALITY_VALIDATE, records: [record('r1', FIRST_RUN)], inputs: [INPUT], outputs: [OUTPUT] });
      for (const { event } of publishedEvents()) expect(runEventValidator.validate(event)).toEqual({ valid: true, value: event });
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
        {
          ...INPUT,
          inputFacets: {
            dataQualityAssertions: { _producer: 'urn:atlas:pii-detection', _schemaURL: DATA_QUALITY_ASSERTIONS_FACET_SCHEMA_URL, assertions: [{ assertion: 'people.email.not_null', success: false, column: 'email' }] },
            dataQualityMetrics: { _producer: 'urn:atlas:pii-detection', _schemaURL: DATA_QUALITY_METRICS_FACET_SCHEMA_URL, rowCount: 2, columnMetrics: { email: { nullCount: 1 } } },
          },
        },
      ]);
      expect(second.inputs).toEqual([INPUT]);
      expect(runEventValidator.validate(first)).toEqual({ valid: true, value: first });
    });

    it('adds a column lineage facet to every output, keeping its other facets', async () => {
      const outputWithFacet = { ...OUTPUT, facets: { custom: { _producer: 'urn:x', _schemaURL: 'urn:x:facet' } } };
      await lineage.publishStageRun({
        jobName: LINEAGE_JOBS.PII_PROTECT,
        records: [record('r1', FIRST_RUN)],
        inputs: [INPUT],
        outputs: [outputWithFacet, OUTPUT],
        columnLineage: { input: INPUT, maskedByField: new Map([['email', true], ['id', false]]) },
      });
      const [{ event }] = publishedEvents();
      for (const output of event.outputs) {
        expect(output.facets?.columnLineage).toMatchObject({ fields: { email: expect.any(Object), id: expect.any(Object) } });
      }
      expect(event.outputs[0].facets?.custom).toEqual(outputWithFacet.facets.custom);
      expect(runEventValidator.validate(event).valid).toBe(true);
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
    it('emits one COMPLETE event for the ingestion run, without parent, keyed by the run id', async () => {
      const traceContext = ROOT_CONTEXT.setValue(traceKey, 'push');
      await lineage.publishRootRun({ jobName: ingestionJobName('people'), runId: FIRST_RUN, recordCount: 12, inputs: [], outputs: [INPUT], traceContext });
      const [{ key, event, message }] = publishedEvents();
      expect(key).toBe(FIRST_RUN);
      expect(message.traceContext?.getValue(traceKey)).toBe('push');
      expect(event).toMatchObject({
        eventType: 'COMPLETE',
        run: { runId: FIRST_RUN, facets: { atlas_recordCount: { recordCount: 12 } } },
        job: { namespace: LINEAGE_JOB_NAMESPACE, name: 'ingest.people' },
        inputs: [],
        outputs: [INPUT],
      });
      expect(event.run.facets).not.toHaveProperty('parent');
      expect(runEventValidator.validate(event).valid).toBe(true);
    });

    it("emits a connector run's START or end event with the source range it read", async () => {
      const sourceRange = { first: 'file:people.csv:2', last: 'file:people.csv:9' };
      await lineage.publishRootRun({ jobName: ingestionJobName('people'), runId: FIRST_RUN, recordCount: 8, inputs: [], outputs: [INPUT], eventType: 'ABORT', sourceRange });
      const [{ event }] = publishedEvents();
      expect(event.eventType).toBe('ABORT');
      expect(event.run.facets?.atlas_sourceRange).toMatchObject(sourceRange);
      expect(runEventValidator.validate(event).valid).toBe(true);
    });
  });
});

describe('LineageDatasets', () => {
  function datasets(databaseUrl: string): LineageDatasets {
    return new LineageDatasets(Object.assign(new BaseEnvironment(), { KAFKA_BROKERS: ['kafka-1:9092', 'kafka-2:9092'], DATABASE_URL: databaseUrl }));
  }

  it('names a topic after the first broker', () => {
    expect(datasets('postgres://db:5433/atlas').topic(TOPICS.CHART_RECORDS)).toEqual({ namespace: 'kafka://kafka-1:9092', name: TOPICS.CHART_RECORDS });
  });

  it('names a table after the database host, port and name', () => {
    expect(datasets('postgres://atlas:secret@db:5433/warehouse').table('connector.navigate_records')).toEqual({
      namespace: 'postgres://db:5433',
      name: 'warehouse.connector.navigate_records',
    });
  });

  it('uses the default port and database when the URL leaves them out', () => {
    expect(datasets('postgres://db').table('quality.quarantined_records')).toEqual({ namespace: 'postgres://db:5432', name: 'postgres.quality.quarantined_records' });
  });

  it('never puts the credentials into a dataset name', () => {
    const table = datasets('postgres://atlas:secret@db:5432/atlas').table('gateway.ingestion_runs');
    expect(JSON.stringify(table)).not.toContain('secret');
  });
});
