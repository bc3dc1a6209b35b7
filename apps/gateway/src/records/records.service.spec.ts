import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { computeChecksum, RecordEnvelope, recordEnvelopeValidator, TOPICS } from '@atlas/contracts';
import { kafkaPublisherProvider, LINEAGE_DATASETS_PROVIDER, lineagePublisherProvider, publishMock, resetResolving } from '@atlas/testing/unit-fixtures';
import { IngestionRunPublisher } from '@atlas/ingestion';
import { GatewayEnvironment } from '../gateway-environment';
import { IngestionRunEntity } from './ingestion-run.entity';
import { CLAIM_REFRESH_SECONDS, ClaimOutcome, IngestionRunRepository, RunClaim, STALE_CLAIM_SECONDS } from './ingestion-run.repository';
import { CLAIM_TAKEN_OVER_MESSAGE, RecordsService } from './records.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INGEST_TOPIC_DATASET = { namespace: 'kafka://atlas', name: `${TOPICS.INGEST_RECORDS}/people` };

/**
 * The run table in memory, as the SQL behaves: a claim is decided synchronously, as the single
 * statement is, so concurrent pushes in one test see each other's claims; a claim (or takeover of a
 * failed or stale one) draws a new token, and only the holder of the row's token may change it.
 */
class InMemoryRuns {
  readonly rows = new Map<string, IngestionRunEntity>();
  readonly claim = jest.fn(async (run: RunClaim): Promise<ClaimOutcome> => {
    const existing = this.rows.get(run.runId);
    if (existing && !(existing.bodyChecksum === run.bodyChecksum && (existing.state === 'failed' || this.isStale(existing)))) {
      return { claimed: false, existing: { ...existing } };
    }
    const claimToken = randomUUID();
    this.rows.set(run.runId, { ...run, rejectedCount: 0, state: 'publishing', claimedAt: new Date(), claimToken, acceptedAt: new Date() });
    return { claimed: true, claimToken };
  });
  readonly refreshClaim = jest.fn(async (runId: string, claimToken: string) => this.update(runId, claimToken, { claimedAt: new Date() }));
  readonly markAccepted = jest.fn(async (runId: string, claimToken: string) => this.update(runId, claimToken, { state: 'accepted' }));
  readonly markFailed = jest.fn(async (runId: string, claimToken: string) => {
    this.update(runId, claimToken, { state: 'failed' });
  });
  readonly findAccepted = jest.fn(async (runId: string) => {
    const row = this.rows.get(runId);
    return row?.state === 'accepted' ? row : null;
  });

  /** As if the holder had missed every refresh for longer than the stale window. */
  makeStale(runId: string): void {
    this.rows.get(runId)!.claimedAt = new Date(Date.now() - (STALE_CLAIM_SECONDS + 1) * 1000);
  }

  private isStale(row: IngestionRunEntity): boolean {
    return row.state === 'publishing' && row.claimedAt.getTime() < Date.now() - STALE_CLAIM_SECONDS * 1000;
  }

  private update(runId: string, claimToken: string, changes: Partial<IngestionRunEntity>): boolean {
    const row = this.rows.get(runId);
    if (row?.state !== 'publishing' || row.claimToken !== claimToken) return false;
    Object.assign(row, changes);
    return true;
  }
}

describe('RecordsService', () => {
  let service: RecordsService;
  let runs: InMemoryRuns;
  const publish = publishMock();
  const publishRootRun = jest.fn();

  async function createService(limits: Partial<GatewayEnvironment> = { MAX_RECORDS_PER_REQUEST: 3 }): Promise<RecordsService> {
    runs = new InMemoryRuns();
    const environment = Object.assign(new GatewayEnvironment(), limits);
    const moduleRef = await Test.createTestingModule({
      providers: [
        RecordsService,
        IngestionRunPublisher,
        { provide: GatewayEnvironment, useValue: environment },
        kafkaPublisherProvider(publish),
        lineagePublisherProvider({ publishRootRun }),
        LINEAGE_DATASETS_PROVIDER,
        { provide: IngestionRunRepository, useValue: runs },
      ],
    }).compile();
    return moduleRef.get(RecordsService);
  }

  beforeEach(async () => {
    resetResolving(publish, publishRootRun);
    service = await createService();
  });

  function publishedEnvelopes(): RecordEnvelope[] {
    return publish.mock.calls.flatMap(([topic, messages]) => {
      expect(topic).toBe(TOPICS.INGEST_RECORDS);
      return messages.map((message) => message.value as RecordEnvelope);
    });
  }

  async function rejection(body: unknown, idempotencyKey?: string): Promise<HttpException> {
    try {
      await service.push('people', body, idempotencyKey);
    } catch (error) {
      return error as HttpException;
    }
    throw new Error('expected the push to be refused');
  }

  /** The tokens of the successful claims so far, in claim order. */
  async function claimTokens(): Promise<string[]> {
    const outcomes = await Promise.all(runs.claim.mock.results.map((result) => result.value as Promise<ClaimOutcome>));
    return outcomes.flatMap((outcome) => (outcome.claimed ? [outcome.claimToken] : []));
  }

  function expectNothingWritten(): void {
    expect(runs.claim).not.toHaveBeenCalled();
    expect(publish).not.toHaveBeenCalled();
    expect(publishRootRun).not.toHaveBeenCalled();
  }

  describe('push: refused bodies', () => {
    it('refuses a body that is not an array with 400', async () => {
      const error = await rejection({ name: 'Jane' });
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.getResponse()).toEqual({ statusCode: 400, error: 'Bad Request', code: 'push_invalid', message: 'The body must be a JSON array of record objects' });
    });

    it('refuses more records than allowed with 413 naming the limit', async () => {
      const error = await rejection([{}, {}, {}, {}]);
      expect(error).toBeInstanceOf(PayloadTooLargeException);
      expect(error.message).toBe('At most 3 records per request (MAX_RECORDS_PER_REQUEST); split the push into several');
      expect(error.getResponse()).toMatchObject({ statusCode: 413, code: 'push_too_large' });
    });

    it('answers a record problem with its index, path and limit in the body', async () => {
      const error = await rejection([{ ok: true }, { note: 'a\u0000b' }]);
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.getResponse()).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code: 'push_invalid',
        message: 'Nothing was accepted: record 1: a string at $[1]{0} holds the NUL character (\\u0000), which PostgreSQL jsonb cannot store.',
        problems: [
          { index: 1, rule: 'NUL_CHARACTER', path: '$[1]{0}', message: 'a string at $[1]{0} holds the NUL character (\\u0000), which PostgreSQL jsonb cannot store' },
        ],
      });
      expectNothingWritten();
    });

    it('refuses a 1 MB string under the default limits with 413 naming MAX_STRING_LENGTH', async () => {
      service = await createService({});
      const error = await rejection([{ text: 'x'.repeat(1024 * 1024) }]);
      expect(error).toBeInstanceOf(PayloadTooLargeException);
      expect(error.message).toBe('Nothing was accepted: record 0: a string at $[0]{0} has 1048576 characters, over the limit of 100000 (MAX_STRING_LENGTH).');
      expectNothingWritten();
    });

    it('refuses 500 small records and one of 1.1 MB whole, before publishing any', async () => {
      service = await createService({});
      const large = Object.fromEntries(Array.from({ length: 11 }, (_value, field) => [`field${field}`, 'x'.repeat(100000)]));
      const body = [...Array.from({ length: 500 }, (_value, id) => ({ id })), large];
      const error = await rejection(body);
      expect(error).toBeInstanceOf(PayloadTooLargeException);
      expect(error.message).toBe('Nothing was accepted: record 500: 1100134 bytes as JSON, over the limit of 524288 (MAX_RECORD_BYTES).');
      expectNothingWritten();
    });

    it.each([
      ['longer than 255 characters', 'k'.repeat(256)],
      ['with a control character', 'key\u0001'],
      ['outside ASCII', 'schlüssel'],
    ])('refuses an Idempotency-Key %s with 400', async (_description, key) => {
      const error = await rejection([{ id: 1 }], key);
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toBe('The Idempotency-Key header must be 1 to 255 printable ASCII characters');
      expect(error.getResponse()).toMatchObject({ code: 'idempotency_key_invalid' });
      expectNothingWritten();
    });
  });

  describe('push: accepted records', () => {
    const records = [{ name: 'Jane', email: 'jane@example.com' }, { name: 'John' }];

    it('publishes one valid envelope per record with checksum and position', async () => {
      const response = await service.push('people', records);
      const envelopes = publishedEnvelopes();
      expect(publish).toHaveBeenCalledTimes(1);
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

    it('hands large records to the publisher in one call (it groups them under the message limit)', async () => {
      service = await createService({});
      const large = Object.fromEntries(Array.from({ length: 4 }, (_value, field) => [`field${field}`, 'x'.repeat(100000)]));
      await service.push('people', [large, large, large]);
      expect(publish.mock.calls.map(([, messages]) => messages.length)).toEqual([3]);
      expect(publishedEnvelopes().map((envelope) => envelope.position.index)).toEqual([0, 1, 2]);
    });

    it('answers with the run, the count, and not replayed', async () => {
      const response = await service.push('people', records);
      expect(response).toEqual({ runId: expect.stringMatching(UUID), sourceId: 'people', accepted: 2, replayed: false });
    });

    it('gives every push without Idempotency-Key a new run', async () => {
      const first = await service.push('people', records);
      const second = await service.push('people', records);
      expect(first.runId).not.toBe(second.runId);
      expect(publish).toHaveBeenCalledTimes(2);
    });

    it('claims the run, publishes the records and the root lineage run, then marks the run accepted', async () => {
      await service.push('people', records);
      const order = [runs.claim, publish, publishRootRun, runs.markAccepted].map((mock) => mock.mock.invocationCallOrder[0]);
      expect([...order].sort((left, right) => left - right)).toEqual(order);
    });

    it('claims the run with its count, body checksum and no idempotency key', async () => {
      const response = await service.push('people', records);
      expect(runs.claim).toHaveBeenCalledWith({ runId: response.runId, sourceId: 'people', recordCount: 2, idempotencyKey: null, bodyChecksum: computeChecksum(records), traceId: null });
    });

    it('releases the claim when publishing fails, and reports nothing as accepted', async () => {
      publish.mockRejectedValueOnce(new Error('broker unavailable'));
      await expect(service.push('people', records)).rejects.toThrow('broker unavailable');
      const [token] = await claimTokens();
      expect(runs.markFailed.mock.calls).toEqual([[runs.claim.mock.calls[0][0].runId, token]]);
      expect(runs.rows.get(runs.claim.mock.calls[0][0].runId)?.state).toBe('failed');
      expect(runs.markAccepted).not.toHaveBeenCalled();
      expect(publishRootRun).not.toHaveBeenCalled();
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

    it('derives the run id from the source and key', async () => {
      const reference = await service.push('people', records, 'key-1');
      expect(reference.runId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/);
      const otherKey = await service.push('people', records, 'key-2');
      const otherSource = await service.push('orders', records, 'key-1');
      expect(new Set([reference.runId, otherKey.runId, otherSource.runId]).size).toBe(3);
      expect(runs.claim).toHaveBeenCalledWith(expect.objectContaining({ runId: reference.runId, idempotencyKey: 'key-1' }));
    });

    it('answers a repeated push from the accepted run without publishing again', async () => {
      const first = await service.push('people', records, 'order-2026-01-15');
      const second = await service.push('people', records, 'order-2026-01-15');
      expect(first.replayed).toBe(false);
      expect(second).toEqual({ ...first, replayed: true });
      expect(publish).toHaveBeenCalledTimes(1);
      expect(publishRootRun).toHaveBeenCalledTimes(1);
    });

    it('refuses a key reused for a different body with 409, and publishes nothing', async () => {
      await service.push('people', records, 'order-2026-01-16');
      publish.mockClear();
      const error = await rejection([records[0]], 'order-2026-01-16');
      expect(error).toBeInstanceOf(ConflictException);
      expect(error.message).toBe('This Idempotency-Key was already used for a different body; use a new key for new records');
      expect(error.getResponse()).toMatchObject({ statusCode: 409, code: 'idempotency_key_reused' });
      expect(publish).not.toHaveBeenCalled();
    });

    it('lets only one of two concurrent pushes with one key publish; the other is told it is in progress', async () => {
      let releasePublish: () => void = () => undefined;
      publish.mockImplementationOnce(() => new Promise<void>((resolve) => (releasePublish = resolve)));
      const first = service.push('people', records, 'concurrent');
      const second = service.push('people', records, 'concurrent');
      const secondError = await second.then(
        () => undefined,
        (error: unknown) => error,
      );
      releasePublish();
      await expect(first).resolves.toMatchObject({ accepted: 2, replayed: false });
      expect(secondError).toBeInstanceOf(ConflictException);
      expect((secondError as Error).message).toBe('A push with this Idempotency-Key is in progress; retry once it has finished');
      expect((secondError as ConflictException).getResponse()).toMatchObject({ code: 'idempotency_key_in_progress' });
      expect(publish).toHaveBeenCalledTimes(1);
    });

    it('lets a retry claim a run whose publish failed, publishing the same record ids', async () => {
      publish.mockRejectedValueOnce(new Error('broker unavailable'));
      await expect(service.push('people', records, 'retry-after-failure')).rejects.toThrow('broker unavailable');
      const retried = await service.push('people', records, 'retry-after-failure');
      expect(retried.replayed).toBe(false);
      const [failedIds, retriedIds] = publish.mock.calls.map(([, messages]) => messages.map((message) => (message.value as RecordEnvelope).recordId));
      expect(retriedIds).toEqual(failedIds);
      const [failedToken, retriedToken] = await claimTokens();
      expect(retriedToken).not.toBe(failedToken);
      expect(runs.markAccepted.mock.calls).toEqual([[retried.runId, retriedToken]]);
    });
  });

  describe('push: a claim taken over after its push stalled', () => {
    const records = [{ id: 1 }, { id: 2 }];
    const IN_PROGRESS = 'A push with this Idempotency-Key is in progress; retry once it has finished';

    /** Lets the pushes started so far run up to their first pending step. */
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    function pendingPublish(): { resolve: () => void; reject: (error: Error) => void } {
      const handle = { resolve: () => undefined as void, reject: (_error: Error) => undefined as void };
      publish.mockImplementationOnce(() => new Promise<void>((resolve, reject) => Object.assign(handle, { resolve, reject })));
      return handle;
    }

    it('accepts a quick push with its own claim token and never refreshes it (normal path unchanged)', async () => {
      const response = await service.push('people', records, 'quick');
      const [token] = await claimTokens();
      expect(runs.markAccepted.mock.calls).toEqual([[response.runId, token]]);
      expect(runs.refreshClaim).not.toHaveBeenCalled();
      expect(runs.markFailed).not.toHaveBeenCalled();
      expect(runs.rows.get(response.runId)).toMatchObject({ state: 'accepted', claimToken: token });
      await expect(service.findRun(response.runId)).resolves.toMatchObject({ runId: response.runId, recordCount: 2 });
    });

    it('refreshes the claim of a slow publish every CLAIM_REFRESH_SECONDS, so a retry cannot take it over', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
      try {
        const publishA = pendingPublish();
        const pushA = service.push('people', records, 'slow');
        await jest.advanceTimersByTimeAsync(2 * STALE_CLAIM_SECONDS * 1000);
        const runId = runs.claim.mock.calls[0][0].runId;
        const [token] = await claimTokens();
        const expectedRefreshes = (2 * STALE_CLAIM_SECONDS) / CLAIM_REFRESH_SECONDS;
        expect(runs.refreshClaim.mock.calls).toEqual(Array.from({ length: expectedRefreshes }, () => [runId, token]));
        expect((await rejection(records, 'slow')).message).toBe(IN_PROGRESS);
        publishA.resolve();
        await expect(pushA).resolves.toEqual({ runId, sourceId: 'people', accepted: 2, replayed: false });
        await jest.advanceTimersByTimeAsync(2 * STALE_CLAIM_SECONDS * 1000);
        expect(runs.refreshClaim).toHaveBeenCalledTimes(expectedRefreshes);
        expect(publish).toHaveBeenCalledTimes(1);
      } finally {
        jest.useRealTimers();
      }
    });

    it("does nothing when the old owner's publish fails after a takeover; the new owner's run completes", async () => {
      const publishA = pendingPublish();
      const publishB = pendingPublish();
      const pushA = service.push('people', records, 'taken-over');
      await settle();
      const runId = runs.claim.mock.calls[0][0].runId;
      runs.makeStale(runId);
      const pushB = service.push('people', records, 'taken-over');
      await settle();
      const [tokenA, tokenB] = await claimTokens();
      expect(tokenB).not.toBe(tokenA);

      publishA.reject(new Error('broker unavailable'));
      await expect(pushA).rejects.toThrow('broker unavailable');
      expect(runs.markFailed.mock.calls).toEqual([[runId, tokenA]]);
      expect(runs.rows.get(runId)).toMatchObject({ state: 'publishing', claimToken: tokenB });
      // A third push is told B is still in progress, rather than claiming the run a third time.
      expect((await rejection(records, 'taken-over')).message).toBe(IN_PROGRESS);
      await expect(service.findRun(runId)).rejects.toThrow(NotFoundException);

      publishB.resolve();
      await expect(pushB).resolves.toEqual({ runId, sourceId: 'people', accepted: 2, replayed: false });
      expect(runs.markAccepted.mock.calls).toEqual([[runId, tokenB]]);
      await expect(service.findRun(runId)).resolves.toMatchObject({ runId, recordCount: 2 });
      expect(publish).toHaveBeenCalledTimes(2);
    });

    it('refuses to confirm the old owner with 409 when its publish ends after a takeover', async () => {
      const publishA = pendingPublish();
      const publishB = pendingPublish();
      const pushA = service.push('people', records, 'overtaken');
      await settle();
      const runId = runs.claim.mock.calls[0][0].runId;
      runs.makeStale(runId);
      const pushB = service.push('people', records, 'overtaken');
      await settle();
      const [tokenA, tokenB] = await claimTokens();

      publishA.resolve();
      const errorA = await pushA.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(errorA).toBeInstanceOf(ConflictException);
      expect((errorA as ConflictException).getStatus()).toBe(409);
      expect((errorA as Error).message).toBe(CLAIM_TAKEN_OVER_MESSAGE);
      expect((errorA as ConflictException).getResponse()).toMatchObject({ code: 'idempotency_key_taken_over' });
      expect(runs.markAccepted.mock.calls).toEqual([[runId, tokenA]]);
      expect(runs.markFailed).not.toHaveBeenCalled();
      expect(runs.rows.get(runId)).toMatchObject({ state: 'publishing', claimToken: tokenB });

      publishB.resolve();
      await expect(pushB).resolves.toEqual({ runId, sourceId: 'people', accepted: 2, replayed: false });
      expect(runs.markAccepted.mock.calls).toEqual([
        [runId, tokenA],
        [runId, tokenB],
      ]);
      expect(runs.rows.get(runId)?.state).toBe('accepted');
    });
  });

  describe('findRun', () => {
    function storedRun(traceId: string | null): IngestionRunEntity {
      return {
        runId: 'run-1',
        sourceId: 'people',
        recordCount: 5,
        rejectedCount: 0,
        idempotencyKey: null,
        bodyChecksum: null,
        traceId,
        state: 'accepted',
        claimedAt: new Date(),
        claimToken: '4f1c2d3e-0a1b-4c2d-8e3f-112233445566',
        acceptedAt: new Date('2026-01-15T10:00:00.000Z'),
      };
    }

    it('returns the accepted run', async () => {
      runs.rows.set('run-1', storedRun('abc123'));
      await expect(service.findRun('run-1')).resolves.toEqual({ runId: 'run-1', sourceId: 'people', recordCount: 5, acceptedAt: '2026-01-15T10:00:00.000Z', traceId: 'abc123' });
    });

    it('leaves out a missing trace id', async () => {
      runs.rows.set('run-1', storedRun(null));
      expect(await service.findRun('run-1')).not.toHaveProperty('traceId');
    });

    it('answers 404 for an unknown run and for one still publishing', async () => {
      runs.rows.set('run-1', { ...storedRun(null), state: 'publishing' });
      await expect(service.findRun('run-1')).rejects.toThrow(NotFoundException);
      await expect(service.findRun('run-404')).rejects.toThrow(NotFoundException);
      const refusal = await service.findRun('run-404').catch((error: NotFoundException) => error.getResponse());
      expect(refusal).toEqual({ statusCode: 404, error: 'Not Found', code: 'run_not_found', message: 'No such ingestion run' });
    });
  });
});
