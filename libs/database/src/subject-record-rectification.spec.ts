import { computeChecksum } from '@atlas/contracts';
import { RECTIFY_BATCH, rectifiedPayload, rectifyRecords } from './subject-record-rectification';
import { SubjectRecordTable } from './subject-record-table';

const id = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
const UPDATE = (set: string) =>
  `UPDATE quality.quarantined_records AS t SET ${set} FROM jsonb_to_recordset($1::jsonb) AS v(record_id uuid, payload jsonb, checksum text) WHERE t.record_id = v.record_id`;

describe('rectifiedPayload', () => {
  it('sets the fields the payload has, adds none, and keeps the original untouched', () => {
    const payload = { id: 1, name: 'Erin Subject', city: null, nested: { name: 'kept' } };
    expect(rectifiedPayload(payload, { name: 'Erin Rectified', city: 'Porto', phone: '+351 910000000' })).toEqual({ id: 1, name: 'Erin Rectified', city: 'Porto', nested: { name: 'kept' } });
    expect(payload.name).toBe('Erin Subject');
  });

  it('answers undefined when nothing changes (the same values, or none of the fields)', () => {
    expect(rectifiedPayload({ name: 'Erin Rectified', age: 41 }, { name: 'Erin Rectified', age: 41 })).toBeUndefined();
    expect(rectifiedPayload({ id: 1 }, { name: 'x' })).toBeUndefined();
    // Another type is another value.
    expect(rectifiedPayload({ age: '41' }, { age: 41 })).toEqual({ age: 41 });
  });
});

describe('rectifyRecords', () => {
  it('locks the rows in id order, updates the changed ones with their checksum (and envelope checksum), and reports each row', async () => {
    const query = jest.fn(async (sql: string) =>
      sql.startsWith('SELECT')
        ? [
            { recordId: id(1), sourceId: 'people', payloadText: '{"id": 1, "name": "tok_old"}' },
            { recordId: id(2), sourceId: 'people', payloadText: '{"id": 2, "name": "tok_new"}' },
            { recordId: id(3), sourceId: 'other', payloadText: '{"id": 3, "name": "tok_old"}' },
          ]
        : [],
    );
    const table = new SubjectRecordTable(query, 'quality.quarantined_records', 'quarantine', { envelopeColumn: true });
    expect(await table.rectify([id(3), id(1), id(2), id(1)], { people: { name: 'tok_new' } })).toEqual([
      { recordId: id(1), sourceId: 'people', changed: true },
      { recordId: id(2), sourceId: 'people', changed: false },
      { recordId: id(3), sourceId: 'other', changed: false },
    ]);
    const payload = { id: 1, name: 'tok_new' };
    expect(query.mock.calls).toEqual([
      [
        'SELECT record_id AS "recordId", source_id AS "sourceId", payload::text AS "payloadText" FROM quality.quarantined_records WHERE record_id = ANY($1::uuid[]) ORDER BY record_id FOR UPDATE',
        [[id(1), id(2), id(3)]],
      ],
      [UPDATE(`payload = v.payload, envelope = jsonb_set(t.envelope, '{checksum}', to_jsonb(v.checksum))`), [JSON.stringify([{ record_id: id(1), payload, checksum: computeChecksum(payload) }])]],
    ]);
  });

  it('works in batches and issues no UPDATE when nothing changes', async () => {
    const query = jest.fn(async (_sql: string, _parameters: unknown[]) => []);
    const ids = Array.from({ length: RECTIFY_BATCH + 1 }, (_, index) => id(index + 1));
    expect(await rectifyRecords(query, 'connector.explore_records', { checksumColumn: true }, ids, { people: { name: 'x' } })).toEqual([]);
    expect(query.mock.calls.map(([, parameters]) => (parameters as string[][])[0].length)).toEqual([RECTIFY_BATCH, 1]);
  });
});
