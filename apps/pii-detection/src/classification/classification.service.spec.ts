import { createHash } from 'node:crypto';
import { BadRequestException, Logger } from '@nestjs/common';
import { ClassificationsQuery, encodeCursor } from '@atlas/platform';
import { StoredColumnClassification } from '../structured/column-class';
import { ClassificationService } from './classification.service';
import { ColumnClassificationEntity } from './column-classification.entity';
import { ColumnClassificationRepository, SourceColumnClassification } from './column-classification.repository';

const UPDATED_AT = new Date('2026-11-29T10:00:00.000Z');

/** node-postgres' error for an unreachable database (a transient failure). */
const databaseDown = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
/** node-postgres' error for a row the table refuses (a permanent failure); its message quotes the row. */
const checkViolation = () =>
  Object.assign(new Error('new row violates check constraint; Failing row contains (crm, jane.doe@example.com, ...)'), {
    code: '23514',
    severity: 'ERROR',
    schema: 'pii_detection',
    table: 'column_classifications',
    constraint: 'column_classifications_class_check',
  });

const columnHash = (sourceId: string, field: string) => createHash('sha256').update(`${sourceId}\u0000${field}`, 'utf8').digest('hex').slice(0, 16);

/** Keeps rows in memory with the repository's rule: the sampler never replaces a user's decision. */
const listQuery = (sourceId: string, values: Partial<ClassificationsQuery> = {}) => Object.assign(new ClassificationsQuery(), { sourceId, ...values });

class MemoryRepository {
  rows = new Map<string, ColumnClassificationEntity>();
  /** Errors thrown by the next upserts, in order. */
  failures: Error[] = [];
  /** Fields the table refuses in every statement that holds them. */
  refusedFields = new Set<string>();
  /** Fields of each sampler upsert, in call order. */
  upserts: string[][] = [];
  async ofSource(sourceId: string) {
    return [...this.rows.values()].filter((row) => row.sourceId === sourceId).sort((left, right) => left.field.localeCompare(right.field));
  }
  async pageOfSource(sourceId: string, afterField: string | undefined, limit: number) {
    return (await this.ofSource(sourceId)).filter((row) => afterField === undefined || row.field > afterField).slice(0, limit);
  }
  async findOne(sourceId: string, field: string) {
    return this.rows.get(`${sourceId}/${field}`) ?? null;
  }
  async userDecisionsSince() {
    return [];
  }
  async upsert(rows: readonly SourceColumnClassification[], byUser: boolean) {
    if (!byUser) this.upserts.push(rows.map((row) => row.field));
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (rows.some((row) => this.refusedFields.has(row.field))) throw checkViolation();
    for (const row of rows) {
      const key = `${row.sourceId}/${row.field}`;
      if (!byUser && this.rows.get(key)?.decidedBy === 'user') continue;
      const { sourceId, field, columnClass, entityType, ignoredEntityTypes, confidence, sampledValues, valuesWithFindings, decidedBy } = row;
      this.rows.set(key, { sourceId, field, columnClass, entityType, ignoredEntityTypes, confidence, sampledValues, valuesWithFindings, decidedBy, updatedAt: UPDATED_AT });
    }
  }
}

const samplerDecision = (field: string): StoredColumnClassification => ({
  field,
  columnClass: 'non_personal',
  entityType: null,
  ignoredEntityTypes: [],
  confidence: 1,
  sampledValues: 20,
  valuesWithFindings: 0,
  decidedBy: 'sampler',
});

describe('ClassificationService', () => {
  let repository: MemoryRepository;
  let service: ClassificationService;

  beforeEach(() => {
    repository = new MemoryRepository();
    service = new ClassificationService(repository as unknown as ColumnClassificationRepository);
  });

  it('writes sampler decisions on flush and reports them with their evidence, never values', async () => {
    service.recordDecision('crm', samplerDecision('status'));
    service.recordDecision('crm', { ...samplerDecision('status'), columnClass: 'free_text', sampledValues: 21, valuesWithFindings: 1 });
    expect(await service.list(listQuery('crm'))).toEqual({ items: [], nextCursor: null });
    await service.flush();
    expect(await service.list(listQuery('crm'))).toEqual({
      nextCursor: null,
      items: [
        { sourceId: 'crm', field: 'status', class: 'free_text', entityType: null, confidence: 1, evidence: { sampledValues: 21, valuesWithFindings: 1 }, decidedBy: 'sampler', updatedAt: '2026-11-29T10:00:00.000Z' },
      ],
    });
    expect(await service.loadSource('crm')).toEqual([{ ...samplerDecision('status'), columnClass: 'free_text', sampledValues: 21, valuesWithFindings: 1 }]);
  });

  it('keeps decisions queued when the database is unavailable, so the retried batch writes them', async () => {
    service.recordDecision('crm', samplerDecision('status'));
    service.recordDecision('crm', samplerDecision('tier'));
    const failure = databaseDown();
    repository.failures.push(failure);
    await expect(service.flush()).rejects.toBe(failure);
    await service.flush();
    expect(repository.upserts).toEqual([
      ['status', 'tier'],
      ['status', 'tier'],
    ]);
    expect((await service.loadSource('crm')).map((row) => row.field)).toEqual(['status', 'tier']);
  });

  describe('when the table refuses a row', () => {
    let warnings: jest.SpyInstance;
    beforeEach(() => {
      warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    });
    afterEach(() => warnings.mockRestore());

    it('writes the other rows, drops the refused one with a log line free of its field, and never fails later batches', async () => {
      repository.refusedFields.add('jane.doe@example.com');
      for (const field of ['status', 'jane.doe@example.com', 'tier']) service.recordDecision('crm', samplerDecision(field));
      await service.flush();
      expect((await service.loadSource('crm')).map((row) => row.field)).toEqual(['status', 'tier']);
      expect(warnings.mock.calls).toEqual([
        [`Dropped the classification of column ${columnHash('crm', 'jane.doe@example.com')} of source crm: postgres 23514 check_violation (table pii_detection.column_classifications, constraint column_classifications_class_check)`],
      ]);
      // The refused row is not queued again: the next batch writes only its own decision.
      service.recordDecision('crm', samplerDecision('plan'));
      await service.flush();
      expect(repository.upserts).toEqual([['status', 'jane.doe@example.com', 'tier'], ['status'], ['jane.doe@example.com'], ['tier'], ['plan']]);
      expect((await service.loadSource('crm')).map((row) => row.field)).toEqual(['plan', 'status', 'tier']);
    });

    it('queues the unwritten rows again when the database goes away while writing them one by one', async () => {
      for (const field of ['status', 'tier', 'plan']) service.recordDecision('crm', samplerDecision(field));
      const failure = databaseDown();
      repository.failures.push(checkViolation(), new Error('unclassified'), failure);
      await expect(service.flush()).rejects.toBe(failure);
      await service.flush();
      // `status` failed for no known reason and is dropped; `tier` met the outage and is written with `plan` on the retry.
      expect(repository.upserts).toEqual([['status', 'tier', 'plan'], ['status'], ['tier'], ['tier', 'plan']]);
      expect((await service.loadSource('crm')).map((row) => row.field)).toEqual(['plan', 'tier']);
      expect(warnings.mock.calls).toEqual([[`Dropped the classification of column ${columnHash('crm', 'status')} of source crm: unclassified Error`]]);
    });
  });

  it("stores a user's override, tells the protector, and lets no queued sampler decision replace it", async () => {
    const heard: Array<[string, StoredColumnClassification]> = [];
    service.onOverride((sourceId, classification) => heard.push([sourceId, classification]));
    service.recordDecision('crm', samplerDecision('tier'));
    const view = await service.decide('crm', 'tier', { class: 'personal', entityType: 'NRP' });
    expect(view).toEqual({ sourceId: 'crm', field: 'tier', class: 'personal', entityType: 'NRP', confidence: 1, evidence: { sampledValues: 0, valuesWithFindings: 0 }, decidedBy: 'user', updatedAt: '2026-11-29T10:00:00.000Z' });
    expect(heard).toEqual([['crm', { field: 'tier', columnClass: 'personal', entityType: 'NRP', ignoredEntityTypes: [], confidence: 1, sampledValues: 0, valuesWithFindings: 0, decidedBy: 'user' }]]);
    await service.flush();
    service.recordDecision('crm', samplerDecision('tier'));
    await service.flush();
    expect((await service.list(listQuery('crm'))).items[0]).toMatchObject({ class: 'personal', decidedBy: 'user' });
  });

  it('names every problem of an override and refuses bad source ids and fields', async () => {
    const problems = async (call: Promise<unknown>) => ((await call.catch((error: BadRequestException) => error.getResponse())) as { message: unknown }).message;
    expect(await problems(service.decide('crm', 'tier', { class: 'personal', extra: 1 }))).toEqual([
      'unknown property at position 2 (only class and entityType are allowed)',
      'entityType must be a supported entity type (GET /supportedentities) when class is personal',
    ]);
    expect(await problems(service.decide('crm', 'tier', { class: 'identifier', entityType: 'PERSON' }))).toEqual(['entityType is only given when class is personal']);
    expect(await problems(service.decide('crm', 'tier', { class: 'secret' }))).toEqual(['class must be one of personal, free_text, identifier, non_personal']);
    await expect(service.decide('Bad Source', 'tier', { class: 'free_text' })).rejects.toThrow(BadRequestException);
    await expect(service.decide('crm', 'ti\u0000er', { class: 'free_text' })).rejects.toThrow('field must be a field path of 1-4096 characters without NUL');
    await expect(service.decide('crm', 'x'.repeat(5000), { class: 'free_text' })).rejects.toThrow(BadRequestException);
  });

  it("pages a source's columns by field path, refusing another source's cursor", async () => {
    for (const field of ['status', 'tier', 'email']) service.recordDecision('crm', samplerDecision(field));
    await service.flush();
    const first = await service.list(listQuery('crm', { limit: 2 }));
    expect(first.items.map((item) => item.field)).toEqual(['email', 'status']);
    expect(first.nextCursor).toBe(encodeCursor('classifications:field:crm', ['status']));
    expect(await service.list(listQuery('crm', { limit: 2, cursor: first.nextCursor! }))).toMatchObject({ items: [{ field: 'tier' }], nextCursor: null });
    await expect(service.list(listQuery('shop', { cursor: first.nextCursor! }))).rejects.toMatchObject({ response: { code: 'cursor_invalid' } });
  });

  it('stores a long field path in its bounded form', async () => {
    const view = await service.decide('crm', `a.${'x'.repeat(600)}`, { class: 'free_text' });
    expect(view.field).toMatch(/^a\.x+…#[0-9a-f]{16}$/);
    expect(Buffer.byteLength(view.field)).toBeLessThanOrEqual(256);
  });
});
