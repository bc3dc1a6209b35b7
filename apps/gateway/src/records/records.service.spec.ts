import 'reflect-metadata';
import { BadRequestException, ConflictException, HttpStatus, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { computeChecksum, RecordEnvelope, recordEnvelopeValidator, TOPICS } from '@atlas/contracts';
import { KafkaPublisher, LineageDatasets, LineagePublisher } from '@atlas/kafka';
import { kafkaPublisherProvider, LINEAGE_DATASETS_PROVIDER, lineagePublisherProvider, publishMock, resetResolving } from '@atlas/testing/unit-fixtures';
import { GatewayEnvironment } from '../gateway-environment';
import { IngestionRunEntity } from './ingestion-run.entity';
import { IngestionRunRepository } from './ingestion-run.repository';
import { RecordsService } from './records.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INGEST_TOPIC_DATASET = { namespace: 'kafka://localhost:9092', name: TOPICS.INGEST_RECORDS };

describe('RecordsService', () => {
  let service: RecordsService;
  const publish = publishMock();
  const publishRootRun = jest.fn<Promise<void>, Parameters<LineagePublisher['publishRootRun']>>();
  const saveOnce = jest.fn<Promise<void>, Parameters<IngestionRunRepository['saveOnce']>>();
  const findById = jest.fn<Promise<IngestionRunEntity | null>, [string]>();

  beforeEach(async () => {
    resetResolving(publish, publishRootRun, saveOnce);
    findById.mockReset().mockResolvedValue(null);
    const environment = Object.assign(new GatewayEnvironment(), { MAX_RECORDS_PER_REQUEST: 3 });
    const moduleRef = await Test.createTestingModule({
      providers: [
        RecordsService,
        { provide: GatewayEnvironment, useValue: environment },
        kafkaPublisherProvider(publish),
        lineagePublisherProvider({ publishRootRun }),
        LINEAGE_DATASETS_PROVIDER,
        { provide: IngestionRunRepository, useValue: { saveOnce, findById } },
      ],
    }).compile();
    service = moduleRef.get(RecordsService);
  });

  function publishedEnvelopes(): RecordEnvelope[] {
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish.mock.calls[0][0]).toBe(TOPICS.INGEST_RECORDS);
    return publish.mock.calls[0][1].map((message) => message.value as RecordEnvelope);
  }

  async function rejection(body: unknown): Promise<Error> {
    try {
      await service.push('people', body);
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected the push to be refused');
  }

  describe('push: refused bodies', () => {
    it.each([
      ['an object', { name: 'Jane' }],
      ['a string', 'records'],
      ['null', null],
    ])('refuses %s with 400', async (_description, body) => {
      const error = await rejection(body);
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toBe('The body must be a JSON array of record objects');
    });

    it('refuses an empty array', async () => {
      const error = await rejection([]);
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toBe('The body holds no records');
    });

    it('refuses more records than allowed with 413', async () => {
      const error = await rejection([{}, {}, {}, {}]);
      expect(error).toBeInstanceOf(PayloadTooLargeException);
      expect((error as PayloadTooLargeException).getStatus()).toBe(HttpStatus.PAYLOAD_TOO_LARGE);
      expect(error.message).toContain('At most 3 records per request');
    });

    it('accepts exactly the maximum', async () => {
      await expect(service.push('people', [{}, {}, {}])).resolves.toMatchObject({ accepted: 3 });
    });

    it('names every index that is not an object', async () => {
      const error = await rejection([{ ok: true }, 'text', [1]]);
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toBe('Every record must be a JSON object; not at index 1, 2. Nothing was accepted.');
    });

    it('refuses the NUL character anywhere in a record, which PostgreSQL jsonb cannot store', async () => {
      const error = await rejection([{ ok: true, text: 'a literal \\u0000 is fine' }, { note: 'a\u0000b' }, { nested: { ['k\u0000']: 1 } }]);
      expect(error.message).toBe('Records may not contain the NUL character (\\u0000); found at index 1, 2. Nothing was accepted.');
      expect(publish).not.toHaveBeenCalled();
    });

    it('treats null as not an object', async () => {
      expect((await rejection([null])).message).toContain('not at index 0.');
    });

    it('writes nothing when the body is refused', async () => {
      await rejection([{ ok: true }, 42]);
      expect(publish).not.toHaveBeenCalled();
      expect(saveOnce).not.toHaveBeenCalled();
      expect(publishRootRun).not.toHaveBeenCalled();
    });
  });

  describe('push: a long list of bad indexes', () => {
    it('lists the first 20 bad indexes and counts the rest', async () => {
      const environment = Object.assign(new GatewayEnvironment(), { MAX_RECORDS_PER_REQUEST: 100 });
      const wideService = new RecordsService(
        environment,
        { publish } as unknown as KafkaPublisher,
        { publishRootRun } as unknown as LineagePublisher,
        {} as LineageDatasets,
        { saveOnce, findById } as unknown as IngestionRunRepository,
      );
      const body = Array.from({ length: 25 }, () => 'not an object');
      await expect(wideService.push('people', body)).rejects.toThrow(
        `not at index ${Array.from({ length: 20 }, (_value, index) => index).join(', ')} and 5 more. Nothing was accepted.`,
      );
    });
  });

  describe('push: accepted records', () => {
    const records = [{ name: 'Jane', email: 'jane@example.com' }, { name: 'John' }];

    it('publishes one valid envelope per record with checksum and position', async () => {
      const response = await service.push('people', records);
      const envelopes = publishedEnvelopes();
      expect(envelopes).toHaveLength(2);
      envelopes.forEach((envelope, index) => {
        expect(recordEnvelopeValidator.validate(envelope)).toEqual({ valid: true, value: envelope });
        expect(envelope).toMatchObject({ sourceId: 'people', runId: response.runId, position: { index, total: 2 }, payload: records[index] });
        expect(envelope.checksum).toBe(computeChecksum(records[index]));
      });
      expect(new Set(envelopes.map((envelope) => envelope.recordId)).size).toBe(2);
    });

    it('keys each message by its record id', async () => {
      await service.push('people', records);
      const messages = publish.mock.calls[0][1];
      expect(messages.map((message) => message.key)).toEqual(messages.map((message) => (message.value as RecordEnvelope).recordId));
    });

    it('answers with the run, the count, and not replayed', async () => {
      const response = await service.push('people', records);
      expect(response).toEqual({ runId: expect.stringMatching(UUID), sourceId: 'people', accepted: 2, replayed: false });
    });

    it('gives every push without Idempotency-Key a new run', async () => {
      const first = await service.push('people', records);
      const second = await service.push('people', records);
      expect(first.runId).not.toBe(second.runId);
      expect(findById).not.toHaveBeenCalled();
    });

    it('publishes to the ingest topic before it records the run, then publishes the root lineage run', async () => {
      await service.push('people', records);
      const publishOrder = publish.mock.invocationCallOrder[0];
      const saveOrder = saveOnce.mock.invocationCallOrder[0];
      const lineageOrder = publishRootRun.mock.invocationCallOrder[0];
      expect(publishOrder).toBeLessThan(saveOrder);
      expect(saveOrder).toBeLessThan(lineageOrder);
    });

    it('does not record the run when publishing fails', async () => {
      publish.mockRejectedValueOnce(new Error('broker unavailable'));
      await expect(service.push('people', records)).rejects.toThrow('broker unavailable');
      expect(saveOnce).not.toHaveBeenCalled();
      expect(publishRootRun).not.toHaveBeenCalled();
    });

    it('records the run with its count and no idempotency key', async () => {
      const response = await service.push('people', records);
      expect(saveOnce).toHaveBeenCalledWith({ runId: response.runId, sourceId: 'people', recordCount: 2, rejectedCount: 0, idempotencyKey: null, bodyChecksum: computeChecksum(records), traceId: null });
    });

    it('publishes the ingestion as the root lineage run with the ingest topic as output', async () => {
      const response = await service.push('people', records);
      expect(publishRootRun).toHaveBeenCalledWith(
        expect.objectContaining({ jobName: 'ingest.people', runId: response.runId, recordCount: 2, inputs: [], outputs: [INGEST_TOPIC_DATASET] }),
      );
    });
  });

  describe('push with an Idempotency-Key', () => {
    const records = [{ id: 1 }, { id: 2 }];

    it('derives the same run and record ids for a retried push', async () => {
      const first = await service.push('people', records, 'order-2026-01-15');
      const second = await service.push('people', records, 'order-2026-01-15');
      expect(first.runId).toBe(second.runId);
      expect(first.runId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/);
      const [firstIds, secondIds] = publish.mock.calls.map(([, messages]) => messages.map((message) => (message.value as RecordEnvelope).recordId));
      expect(firstIds).toEqual(secondIds);
      expect(new Set(firstIds).size).toBe(2);
    });

    it('derives different runs for different keys and for different sources', async () => {
      const reference = await service.push('people', records, 'key-1');
      const otherKey = await service.push('people', records, 'key-2');
      const otherSource = await service.push('orders', records, 'key-1');
      expect(new Set([reference.runId, otherKey.runId, otherSource.runId]).size).toBe(3);
    });

    it('stores the key with the run', async () => {
      await service.push('people', records, 'order-2026-01-15');
      expect(saveOnce).toHaveBeenCalledWith(expect.objectContaining({ idempotencyKey: 'order-2026-01-15' }));
    });

    it('reports a repeated push as replayed', async () => {
      const first = await service.push('people', records, 'order-2026-01-15');
      findById.mockResolvedValueOnce({ runId: first.runId, sourceId: 'people', recordCount: 2, rejectedCount: 0, idempotencyKey: 'order-2026-01-15', bodyChecksum: computeChecksum(records), traceId: null, acceptedAt: new Date() });
      const second = await service.push('people', records, 'order-2026-01-15');
      expect(findById).toHaveBeenLastCalledWith(first.runId);
      expect(first.replayed).toBe(false);
      expect(second.replayed).toBe(true);
    });

    it('refuses a key reused for a different body, and publishes nothing', async () => {
      const first = await service.push('people', records, 'order-2026-01-16');
      findById.mockResolvedValueOnce({ runId: first.runId, sourceId: 'people', recordCount: 2, rejectedCount: 0, idempotencyKey: 'order-2026-01-16', bodyChecksum: computeChecksum(records), traceId: null, acceptedAt: new Date() });
      publish.mockClear();
      await expect(service.push('people', [records[0]], 'order-2026-01-16')).rejects.toThrow(ConflictException);
      expect(publish).not.toHaveBeenCalled();
    });
  });

  describe('findRun', () => {
    it('returns the stored run', async () => {
      const acceptedAt = new Date('2026-01-15T10:00:00.000Z');
      findById.mockResolvedValueOnce({ runId: 'run-1', sourceId: 'people', recordCount: 5, rejectedCount: 0, idempotencyKey: null, bodyChecksum: null, traceId: 'abc123', acceptedAt });
      await expect(service.findRun('run-1')).resolves.toEqual({ runId: 'run-1', sourceId: 'people', recordCount: 5, acceptedAt: '2026-01-15T10:00:00.000Z', traceId: 'abc123' });
    });

    it('leaves out a missing trace id', async () => {
      findById.mockResolvedValueOnce({ runId: 'run-1', sourceId: 'people', recordCount: 5, rejectedCount: 0, idempotencyKey: null, bodyChecksum: null, traceId: null, acceptedAt: new Date() });
      expect(await service.findRun('run-1')).not.toHaveProperty('traceId');
    });

    it('answers 404 for an unknown run', async () => {
      await expect(service.findRun('run-404')).rejects.toThrow(NotFoundException);
    });
  });
});
