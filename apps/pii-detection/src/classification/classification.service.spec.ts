import { BadRequestException } from '@nestjs/common';
import { StoredColumnClassification } from '../structured/column-class';
import { ClassificationService } from './classification.service';
import { ColumnClassificationEntity } from './column-classification.entity';
import { ColumnClassificationRepository, SourceColumnClassification } from './column-classification.repository';

const UPDATED_AT = new Date('2026-11-29T10:00:00.000Z');

/** Keeps rows in memory with the repository's rule: the sampler never replaces a user's decision. */
class MemoryRepository {
  rows = new Map<string, ColumnClassificationEntity>();
  failNextUpsert = false;
  async ofSource(sourceId: string) {
    return [...this.rows.values()].filter((row) => row.sourceId === sourceId).sort((left, right) => left.field.localeCompare(right.field));
  }
  async findOne(sourceId: string, field: string) {
    return this.rows.get(`${sourceId}/${field}`) ?? null;
  }
  async userDecisionsSince() {
    return [];
  }
  async upsert(rows: readonly SourceColumnClassification[], byUser: boolean) {
    if (this.failNextUpsert) {
      this.failNextUpsert = false;
      throw new Error('database down');
    }
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
    expect(await service.list('crm')).toEqual({ sourceId: 'crm', classifications: [] });
    await service.flush();
    expect(await service.list('crm')).toEqual({
      sourceId: 'crm',
      classifications: [
        { sourceId: 'crm', field: 'status', class: 'free_text', entityType: null, confidence: 1, evidence: { sampledValues: 21, valuesWithFindings: 1 }, decidedBy: 'sampler', updatedAt: '2026-11-29T10:00:00.000Z' },
      ],
    });
    expect(await service.loadSource('crm')).toEqual([{ ...samplerDecision('status'), columnClass: 'free_text', sampledValues: 21, valuesWithFindings: 1 }]);
  });

  it('keeps decisions queued when the database fails, so the retried batch writes them', async () => {
    service.recordDecision('crm', samplerDecision('status'));
    repository.failNextUpsert = true;
    await expect(service.flush()).rejects.toThrow('database down');
    await service.flush();
    expect((await service.loadSource('crm')).map((row) => row.field)).toEqual(['status']);
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
    expect((await service.list('crm')).classifications[0]).toMatchObject({ class: 'personal', decidedBy: 'user' });
  });

  it('names every problem of an override and refuses bad source ids and fields', async () => {
    const problems = async (call: Promise<unknown>) => ((await call.catch((error: BadRequestException) => error.getResponse())) as { message: unknown }).message;
    expect(await problems(service.decide('crm', 'tier', { class: 'personal', extra: 1 }))).toEqual([
      'unknown property "extra"',
      'entityType must be a supported entity type (GET /supportedentities) when class is personal',
    ]);
    expect(await problems(service.decide('crm', 'tier', { class: 'identifier', entityType: 'PERSON' }))).toEqual(['entityType is only given when class is personal']);
    expect(await problems(service.decide('crm', 'tier', { class: 'secret' }))).toEqual(['class must be one of personal, free_text, identifier, non_personal']);
    await expect(service.decide('Bad Source', 'tier', { class: 'free_text' })).rejects.toThrow(BadRequestException);
    await expect(service.decide('crm', 'x'.repeat(5000), { class: 'free_text' })).rejects.toThrow(BadRequestException);
    await expect(service.list(undefined)).rejects.toThrow(BadRequestException);
  });

  it('stores a long field path in its bounded form', async () => {
    const view = await service.decide('crm', `a.${'x'.repeat(600)}`, { class: 'free_text' });
    expect(view.field).toMatch(/^a\.x+…#[0-9a-f]{16}$/);
    expect(Buffer.byteLength(view.field)).toBeLessThanOrEqual(256);
  });
});
