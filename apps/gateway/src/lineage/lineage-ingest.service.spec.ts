import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { TOPICS } from '@atlas/contracts';
import { KafkaPublisher, MessageTooLargeError, OutgoingMessage } from '@atlas/kafka';
import { GatewayEnvironment } from '../gateway-environment';
import { LineageIngestService, partitionKeyOf } from './lineage-ingest.service';

const CORE = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';
const RUN_ID = '0190f1b2-3c4d-7e5f-8a6b-7c8d9e0f1a2b';
const base = { eventTime: '2026-11-29T10:00:00.000Z', producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.40.0/client/python', schemaURL: `${CORE}#/$defs/RunEvent` };
const runEvent = { ...base, eventType: 'START', run: { runId: RUN_ID }, job: { namespace: 'airflow', name: 'dag.task' }, inputs: [{ namespace: 'postgres://db:5432', name: 'shop.public.orders' }], outputs: [] };
const jobEvent = { ...base, job: { namespace: 'dbt', name: 'model.orders' } };
const datasetEvent = { ...base, dataset: { namespace: 'kafka://broker:9092', name: 'orders' } };

function serviceWith(publish: jest.Mock, maxEvents = 500): LineageIngestService {
  const environment = Object.assign(new GatewayEnvironment(), { MAX_LINEAGE_EVENTS_PER_REQUEST: maxEvents });
  return new LineageIngestService(environment, { publish } as unknown as KafkaPublisher);
}

async function refusalOf(promise: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BadRequestException || error instanceof PayloadTooLargeException) return { status: error.getStatus(), body: error.getResponse() as Record<string, unknown> };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('LineageIngestService', () => {
  const publish = jest.fn<Promise<void>, [string, OutgoingMessage[]]>();
  beforeEach(() => publish.mockReset().mockResolvedValue(undefined));

  it('publishes a single event to the lineage topic, keyed by its run', async () => {
    await expect(serviceWith(publish).ingest(runEvent)).resolves.toEqual({ accepted: 1 });
    expect(publish).toHaveBeenCalledTimes(1);
    const [topic, messages] = publish.mock.calls[0];
    expect(topic).toBe(TOPICS.LINEAGE_EVENTS);
    expect(messages.map(({ key, value }) => ({ key, value }))).toEqual([{ key: RUN_ID, value: runEvent }]);
  });

  it('publishes a batch of the three kinds in one call, in order', async () => {
    await expect(serviceWith(publish).ingest([runEvent, jobEvent, datasetEvent])).resolves.toEqual({ accepted: 3 });
    expect(publish.mock.calls[0][1].map((message) => message.key)).toEqual([RUN_ID, 'job:dbt:model.orders', 'dataset:kafka://broker:9092:orders']);
  });

  it('refuses the whole batch when one event is invalid, naming its index and schema path, publishing nothing', async () => {
    const broken = { ...runEvent, run: { runId: 'not-a-uuid' } };
    const refusal = await refusalOf(serviceWith(publish).ingest([runEvent, broken, jobEvent]));
    expect(refusal).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        code: 'openlineage_invalid',
        message: '1 of 3 events are not valid OpenLineage 2-0-2 events; none was accepted',
        refused: [{ index: 1, violations: [{ instancePath: '/run/runId', schemaPath: `${CORE}#/$defs/Run/properties/runId/format`, message: 'must match format "uuid"' }] }],
      },
    });
    expect(publish).not.toHaveBeenCalled();
  });

  it('refuses an empty batch', async () => {
    expect((await refusalOf(serviceWith(publish).ingest([]))).body).toMatchObject({ code: 'openlineage_empty' });
  });

  it('refuses a batch over MAX_LINEAGE_EVENTS_PER_REQUEST with 413, naming the setting', async () => {
    const refusal = await refusalOf(serviceWith(publish, 2).ingest([runEvent, runEvent, runEvent]));
    expect(refusal).toEqual({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', code: 'openlineage_too_many_events', message: 'The batch holds 3 events, over the limit of 2 (MAX_LINEAGE_EVENTS_PER_REQUEST)' },
    });
    expect(publish).not.toHaveBeenCalled();
  });

  it('answers 413 when an event is too large for the broker (the publisher sent nothing)', async () => {
    publish.mockRejectedValueOnce(new MessageTooLargeError(TOPICS.LINEAGE_EVENTS, 2_000_000, 1_000_000));
    expect((await refusalOf(serviceWith(publish).ingest(runEvent))).body).toMatchObject({ code: 'openlineage_event_too_large', message: 'An event of 2000000 bytes is over the 1000000-byte message limit (KAFKA_MAX_MESSAGE_BYTES); none was accepted' });
  });

  it('lets a broker failure through (answered 503 by the platform filter)', async () => {
    publish.mockRejectedValueOnce(new Error('broker down'));
    await expect(serviceWith(publish).ingest(runEvent)).rejects.toThrow('broker down');
  });

  it('keys job and dataset events by what they describe', () => {
    expect(partitionKeyOf(jobEvent)).toBe('job:dbt:model.orders');
    expect(partitionKeyOf(datasetEvent)).toBe('dataset:kafka://broker:9092:orders');
  });
});
