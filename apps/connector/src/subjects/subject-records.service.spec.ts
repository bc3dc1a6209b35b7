import type { DataSource, EntityManager } from 'typeorm';
import type { TypedNavigateEraser } from '../navigate/typed/typed-navigate.eraser';
import { SubjectRecordsService } from './subject-records.service';

const IDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
const eraseFrom = (table: string) => `WITH deleted AS (DELETE FROM ${table} WHERE record_id = ANY($1::uuid[]) RETURNING 1) SELECT count(*)::int AS deleted FROM deleted`;

/** Records which statements ran, in or out of a transaction, and the typed erasures asked for. */
function fixture() {
  const events: string[] = [];
  const transactionManager = {
    query: async (sql: string, parameters: unknown[]) => {
      events.push(`tx: ${sql} ${JSON.stringify(parameters)}`);
      return [{ deleted: 2 }];
    },
  } as unknown as EntityManager;
  const dataSource = {
    query: async (sql: string, parameters: unknown[]) => {
      events.push(`no tx: ${sql} ${JSON.stringify(parameters)}`);
      return [{ deleted: 3 }];
    },
    transaction: async <T>(work: (manager: EntityManager) => Promise<T>) => {
      events.push('begin');
      const result = await work(transactionManager);
      events.push('commit');
      return result;
    },
  } as unknown as DataSource;
  const typedEraser = {
    erase: async (manager: EntityManager, recordIds: readonly string[]) => {
      events.push(`typed in ${manager === transactionManager ? 'the transaction' : 'another manager'}: ${JSON.stringify(recordIds)}`);
      return { rows: 5, conflicts: 1 };
    },
  } as unknown as TypedNavigateEraser;
  return { events, service: new SubjectRecordsService(dataSource, typedEraser) };
}

describe('SubjectRecordsService.erase', () => {
  it('erases Navigate records from the jsonb table, then from the typed tables, in one transaction', async () => {
    const { events, service } = fixture();
    // `deleted` counts the records (jsonb rows), not their typed copies.
    expect(await service.erase({ layer: 'navigate', recordIds: IDS })).toEqual({ deleted: 2 });
    expect(events).toEqual([
      'begin',
      `tx: ${eraseFrom('connector.navigate_records')} ${JSON.stringify([IDS])}`,
      `typed in the transaction: ${JSON.stringify(IDS)}`,
      'commit',
    ]);
  });

  it('erases Explore records without a transaction or the typed tables', async () => {
    const { events, service } = fixture();
    expect(await service.erase({ layer: 'explore', recordIds: IDS })).toEqual({ deleted: 3 });
    expect(events).toEqual([`no tx: ${eraseFrom('connector.explore_records')} ${JSON.stringify([IDS])}`]);
  });

  it('refuses a layer the connector does not hold', async () => {
    const { events, service } = fixture();
    await expect(service.erase({ layer: 'quarantine', recordIds: IDS })).rejects.toMatchObject({ response: { code: 'layer_not_here' } });
    expect(events).toEqual([]);
  });
});
