import type { DataSource, EntityManager } from 'typeorm';
import { computeChecksum } from '@atlas/contracts';
import type { TypedNavigateEraser } from '../navigate/typed/typed-navigate.eraser';
import type { TypedNavigateRectifier } from '../navigate/typed/typed-navigate.rectifier';
import { SubjectRecordsService } from './subject-records.service';

const IDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
const eraseFrom = (table: string) => `WITH deleted AS (DELETE FROM ${table} WHERE record_id = ANY($1::uuid[]) RETURNING 1) SELECT count(*)::int AS deleted FROM deleted`;

/** The rows a rectification's SELECT … FOR UPDATE finds (record 2 is of a source without corrections). */
const STORED = [
  { recordId: IDS[0], sourceId: 'people', payloadText: JSON.stringify({ id: 1, name: 'Erin Subject', city: 'Lisbon' }) },
  { recordId: IDS[1], sourceId: 'other', payloadText: JSON.stringify({ id: 2, name: 'Erin Subject' }) },
];

/** Records which statements ran, in or out of a transaction, and the typed erasures and rectifications asked for. */
function fixture() {
  const events: string[] = [];
  const transactionManager = {
    query: async (sql: string, parameters: unknown[]) => {
      events.push(`tx: ${sql} ${JSON.stringify(parameters)}`);
      if (sql.includes('FOR UPDATE')) return STORED;
      return sql.startsWith('UPDATE') ? [] : [{ deleted: 2 }];
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
  const typedRectifier = {
    rectify: async (manager: EntityManager, bySource: Map<string, string[]>, fieldsBySource: object) => {
      events.push(`typed rectified in ${manager === transactionManager ? 'the transaction' : 'another manager'}: ${JSON.stringify([...bySource])} ${JSON.stringify(fieldsBySource)}`);
      return { updated: ['people'], conflicted: [] };
    },
  } as unknown as TypedNavigateRectifier;
  return { events, service: new SubjectRecordsService(dataSource, typedEraser, typedRectifier) };
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

describe('SubjectRecordsService.rectify', () => {
  const selectFrom = (table: string) => `SELECT record_id AS "recordId", source_id AS "sourceId", payload::text AS "payloadText" FROM ${table} WHERE record_id = ANY($1::uuid[]) ORDER BY record_id FOR UPDATE`;
  const updateOf = (table: string, set: string) =>
    `UPDATE ${table} AS t SET ${set} FROM jsonb_to_recordset($1::jsonb) AS v(record_id uuid, payload jsonb, checksum text) WHERE t.record_id = v.record_id`;

  it('sets Explore fields with their raw values and recomputes the checksum, in a transaction, leaving a record of a source without values', async () => {
    const { events, service } = fixture();
    const rectified = { id: 1, name: 'Erin Rectified', city: 'Lisbon' };
    expect(await service.rectify({ layer: 'explore', recordIds: IDS, fieldsBySource: { people: { name: 'Erin Rectified', phone: '+351 910000000' } } })).toEqual({ rectified: 1 });
    expect(events).toEqual([
      'begin',
      `tx: ${selectFrom('connector.explore_records')} ${JSON.stringify([IDS])}`,
      // `phone` is not a field of the record: it is not added.
      `tx: ${updateOf('connector.explore_records', 'payload = v.payload, checksum = v.checksum')} ${JSON.stringify([JSON.stringify([{ record_id: IDS[0], payload: rectified, checksum: computeChecksum(rectified) }])])}`,
      'commit',
    ]);
  });

  it('sets Navigate fields with their protected values in the jsonb rows, then in the typed tables, in one transaction', async () => {
    const { events, service } = fixture();
    const fieldsBySource = { people: { name: `tok_${'a'.repeat(26)}` }, other: { name: `tok_${'b'.repeat(26)}` } };
    expect(await service.rectify({ layer: 'navigate', recordIds: IDS, fieldsBySource })).toEqual({ rectified: 2 });
    expect(events).toEqual([
      'begin',
      `tx: ${selectFrom('connector.navigate_records')} ${JSON.stringify([IDS])}`,
      `tx: ${updateOf('connector.navigate_records', 'payload = v.payload')} ${JSON.stringify([
        JSON.stringify([
          { record_id: IDS[0], payload: { id: 1, name: fieldsBySource.people.name, city: 'Lisbon' }, checksum: computeChecksum({ id: 1, name: fieldsBySource.people.name, city: 'Lisbon' }) },
          { record_id: IDS[1], payload: { id: 2, name: fieldsBySource.other.name }, checksum: computeChecksum({ id: 2, name: fieldsBySource.other.name }) },
        ]),
      ])}`,
      `typed rectified in the transaction: ${JSON.stringify([['people', [IDS[0]]], ['other', [IDS[1]]]])} ${JSON.stringify(fieldsBySource)}`,
      'commit',
    ]);
  });

  it('refuses the quarantine layer', async () => {
    const { events, service } = fixture();
    await expect(service.rectify({ layer: 'quarantine', recordIds: IDS, fieldsBySource: {} })).rejects.toMatchObject({ response: { code: 'layer_not_here' } });
    expect(events).toEqual([]);
  });
});
