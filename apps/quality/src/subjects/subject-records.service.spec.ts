import { computeChecksum } from '@atlas/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { SubjectRecordsService } from './subject-records.service';

const ID = '00000000-0000-4000-8000-000000000003';
const OLD_TOKEN = `tok_${'a'.repeat(26)}`;
const NEW_TOKEN = `tok_${'b'.repeat(26)}`;

/** Records the statements of the transaction; the quarantine holds one record of the subject. */
function fixture() {
  const events: string[] = [];
  const manager = {
    query: async (sql: string, parameters: unknown[]) => {
      events.push(`tx: ${sql} ${JSON.stringify(parameters)}`);
      return sql.startsWith('SELECT') ? [{ recordId: ID, sourceId: 'people', payloadText: JSON.stringify({ id: 3, name: OLD_TOKEN }) }] : [];
    },
  } as unknown as EntityManager;
  const dataSource = {
    query: async () => {
      throw new Error('rectification runs in a transaction');
    },
    transaction: async <T>(work: (transaction: EntityManager) => Promise<T>) => {
      events.push('begin');
      const result = await work(manager);
      events.push('commit');
      return result;
    },
  } as unknown as DataSource;
  return { events, service: new SubjectRecordsService(dataSource) };
}

describe('SubjectRecordsService.rectify (quality)', () => {
  it('sets the protected values in the quarantined payload and its envelope’s checksum, in one transaction', async () => {
    const { events, service } = fixture();
    expect(await service.rectify({ layer: 'quarantine', recordIds: [ID], fieldsBySource: { people: { name: NEW_TOKEN } } })).toEqual({ rectified: 1 });
    const payload = { id: 3, name: NEW_TOKEN };
    expect(events).toEqual([
      'begin',
      `tx: SELECT record_id AS "recordId", source_id AS "sourceId", payload::text AS "payloadText" FROM quality.quarantined_records WHERE record_id = ANY($1::uuid[]) ORDER BY record_id FOR UPDATE ${JSON.stringify([[ID]])}`,
      `tx: UPDATE quality.quarantined_records AS t SET payload = v.payload, envelope = jsonb_set(t.envelope, '{checksum}', to_jsonb(v.checksum)) FROM jsonb_to_recordset($1::jsonb) AS v(record_id uuid, payload jsonb, checksum text) WHERE t.record_id = v.record_id ${JSON.stringify([JSON.stringify([{ record_id: ID, payload, checksum: computeChecksum(payload) }])])}`,
      'commit',
    ]);
  });

  it('refuses the layers the connector holds', async () => {
    const { events, service } = fixture();
    await expect(service.rectify({ layer: 'navigate', recordIds: [ID], fieldsBySource: {} })).rejects.toMatchObject({ response: { code: 'layer_not_here' } });
    expect(events).toEqual([]);
  });
});
