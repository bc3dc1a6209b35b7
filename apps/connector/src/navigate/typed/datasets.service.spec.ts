import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { encodeCursor } from '@atlas/platform';
import { DATASETS_SCOPE, DatasetsService, rowsScope } from './datasets.service';
import type { DatasetEntry, TypedDatasetRepository } from './typed-dataset.repository';

const entry: DatasetEntry = {
  datasetId: 'people',
  columns: [{ name: 'id', type: 'bigint' }],
  primaryKey: ['id'],
  contractId: 'c',
  contractVersion: '1.0.0',
  createdAt: new Date('2026-11-30T10:00:00Z'),
  updatedAt: new Date('2026-11-30T10:00:00Z'),
};

describe('dataset cursors', () => {
  it('are the shared cursors, scoped to the dataset', () => {
    expect(rowsScope('people')).toBe('dataset-rows:people:key');
    expect(DATASETS_SCOPE).toBe('datasets:datasetId');
    expect(Buffer.from(encodeCursor(rowsScope('people'), ['200']), 'base64url').toString('utf8')).toBe('[1,"dataset-rows:people:key","200"]');
  });
});

describe('DatasetsService', () => {
  const rowsPage = jest.fn();
  const recordIdByKey = jest.fn();
  const repository = { find: async (id: string) => (id === 'people' ? entry : id === 'keyless' ? { ...entry, datasetId: 'keyless', primaryKey: [] } : undefined), rowsPage, recordIdByKey, list: jest.fn(), countRows: jest.fn(), conflicts: jest.fn() };
  const service = new DatasetsService(repository as unknown as TypedDatasetRepository);

  it('pages rows and hands out the next cursor only when more rows follow', async () => {
    rowsPage.mockResolvedValueOnce({ items: [{ recordId: 'r', runId: 'run-1', contractVersion: '1.0.0', values: { id: 1 } }], lastKey: ['1'] });
    expect(await service.rows('people', 1, undefined)).toEqual({ items: [{ recordId: 'r', runId: 'run-1', contractVersion: '1.0.0', values: { id: 1 } }], nextCursor: encodeCursor('dataset-rows:people:key', ['1']) });
    rowsPage.mockResolvedValueOnce({ items: [] });
    expect(await service.rows('people', 1, encodeCursor('dataset-rows:people:key', ['1']))).toEqual({ items: [], nextCursor: null });
    expect(rowsPage).toHaveBeenLastCalledWith(entry, 1, ['1']);
  });

  it('answers 404 for an unknown dataset and 400 for a cursor whose text the key type refuses', async () => {
    await expect(service.rows('nobody', 10, undefined)).rejects.toThrow(NotFoundException);
    rowsPage.mockRejectedValueOnce(Object.assign(new QueryFailedError('SELECT', [], new Error('invalid input syntax for type bigint')), { code: '22P02' }));
    await expect(service.rows('people', 10, encodeCursor('dataset-rows:people:key', ['x']))).rejects.toThrow(BadRequestException);
  });

  it('refuses a cursor of another dataset, of the wrong key length or no cursor at all, before any query', async () => {
    rowsPage.mockClear();
    for (const cursor of [encodeCursor('dataset-rows:orders:key', ['1']), encodeCursor('dataset-rows:people:key', ['1', '2']), Buffer.from('["1"]').toString('base64url')]) {
      await expect(service.rows('people', 10, cursor)).rejects.toMatchObject({ response: { statusCode: 400, code: 'cursor_invalid' } });
    }
    expect(rowsPage).not.toHaveBeenCalled();
  });

  it('pages the datasets by id with the shared cursor', async () => {
    repository.list.mockResolvedValueOnce([entry, { ...entry, datasetId: 'zoo' }]);
    expect(await service.list(1, undefined)).toMatchObject({ items: [{ datasetId: 'people', table: 'navigate_typed.people' }], nextCursor: encodeCursor('datasets:datasetId', ['people']) });
    repository.list.mockResolvedValueOnce([]);
    expect(await service.list(1, encodeCursor('datasets:datasetId', ['people']))).toEqual({ items: [], nextCursor: null });
    expect(repository.list).toHaveBeenLastCalledWith(2, 'people');
  });

  describe('recordIdOf (a row by its business key)', () => {
    const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: BadRequestException | NotFoundException) => [error.constructor.name, error.getResponse()]);

    it("finds the row's record id by its key values in key order, or by record id for a dataset without a key", async () => {
      recordIdByKey.mockResolvedValueOnce('0190b8a4-6666-7000-8000-000000001007');
      expect(await service.recordIdOf('people', ['42'])).toBe('0190b8a4-6666-7000-8000-000000001007');
      expect(recordIdByKey).toHaveBeenLastCalledWith(entry, ['42']);
      recordIdByKey.mockResolvedValueOnce('0190b8a4-6666-7000-8000-000000001008');
      expect(await service.recordIdOf('keyless', ['0190b8a4-6666-7000-8000-000000001008'])).toBe('0190b8a4-6666-7000-8000-000000001008');
    });

    it('refuses as many values as the key has not, naming the key columns', async () => {
      expect(await refusal(service.recordIdOf('people', ['42', 'x']))).toEqual([
        'BadRequestException',
        { statusCode: 400, code: 'invalid_key', message: "key must give 1 value(s), in the order of the dataset's key: id" },
      ]);
      expect(await refusal(service.recordIdOf('keyless', ['a', 'b']))).toEqual([
        'BadRequestException',
        { statusCode: 400, code: 'invalid_key', message: "key must give 1 value(s), in the order of the dataset's key: atlas_record_id" },
      ]);
    });

    it('refuses a value not of its column type (PostgreSQL data exception), and says 404 for no such row or dataset', async () => {
      recordIdByKey.mockRejectedValueOnce(Object.assign(new QueryFailedError('SELECT', [], new Error('invalid input syntax for type bigint')), { code: '22P02' }));
      expect(await refusal(service.recordIdOf('people', ['forty-two']))).toEqual([
        'BadRequestException',
        { statusCode: 400, code: 'invalid_key', message: "key values must be of the types of the dataset's key columns: id" },
      ]);
      recordIdByKey.mockResolvedValueOnce(undefined);
      expect(await refusal(service.recordIdOf('people', ['43']))).toEqual(['NotFoundException', { statusCode: 404, code: 'row_not_found', message: 'the dataset has no row with this key' }]);
      expect(await refusal(service.recordIdOf('nothing', ['43']))).toEqual(['NotFoundException', { statusCode: 404, code: 'dataset_not_found', message: 'no typed dataset has this id' }]);
    });
  });
});
