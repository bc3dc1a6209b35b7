import { likeContaining, subjectMatchCondition } from './subject-record-match';
import { SubjectRecordTable } from './subject-record-table';

describe('subject record matching', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    expect(likeContaining('erin@example.org')).toBe('%erin@example.org%');
    expect(likeContaining('100%_sure\\')).toBe('%100\\%\\_sure\\\\%');
  });

  it('matches by record id or a needle in the JSON text, with three parameters from the one given', () => {
    const condition = subjectMatchCondition({ contains: ['tok_x', 'ab_c'], containsIgnoringCase: ['Erin@example.org'], recordIds: ['00000000-0000-4000-8000-000000000001'] }, 4);
    expect(condition.sql).toBe('(record_id = ANY($4::uuid[]) OR payload::text LIKE ANY($5::text[]) OR payload::text ILIKE ANY($6::text[]))');
    expect(condition.parameters).toEqual([['00000000-0000-4000-8000-000000000001'], ['%tok\\_x%', '%ab\\_c%'], ['%Erin@example.org%']]);
  });
});

describe('SubjectRecordTable', () => {
  const TOKEN_A = `tok_${'a'.repeat(26)}`;
  const TOKEN_B = `tok_${'b'.repeat(26)}`;
  const row = (index: number, payload: object) => ({ recordId: `00000000-0000-4000-8000-00000000000${index}`, sourceId: 'people', runId: 'run', payloadText: JSON.stringify(payload) });

  it('answers ids (payloads only when asked), the tokens of the rows, and whether more matched', async () => {
    const query = jest.fn().mockResolvedValue([row(1, { name: TOKEN_B, phone: TOKEN_A }), row(2, { notes: `${TOKEN_A} again` }), row(3, {})]);
    const table = new SubjectRecordTable(query, 'connector.navigate_records', 'navigate');
    const found = await table.search({ contains: ['abc'], containsIgnoringCase: [], recordIds: [] }, false, 2);
    expect(found).toEqual({
      records: [
        { layer: 'navigate', recordId: '00000000-0000-4000-8000-000000000001', sourceId: 'people', runId: 'run' },
        { layer: 'navigate', recordId: '00000000-0000-4000-8000-000000000002', sourceId: 'people', runId: 'run' },
      ],
      tokens: [TOKEN_A, TOKEN_B],
      truncated: true,
    });
    expect(query.mock.calls[0][0]).toContain('FROM connector.navigate_records WHERE (record_id = ANY($1::uuid[])');
    expect(query.mock.calls[0][0]).toContain('ORDER BY record_id LIMIT 3');
    const withPayloads = await new SubjectRecordTable(jest.fn().mockResolvedValue([row(1, { id: 1 })]), 'connector.explore_records', 'explore').search(
      { contains: ['abc'], containsIgnoringCase: [], recordIds: [] },
      true,
    );
    expect(withPayloads.records).toEqual([{ layer: 'explore', recordId: '00000000-0000-4000-8000-000000000001', sourceId: 'people', runId: 'run', payload: { id: 1 } }]);
    expect(withPayloads.truncated).toBe(false);
  });

  it('deletes by id and reports how many rows went; no ids, no statement', async () => {
    const query = jest.fn().mockResolvedValue([{ deleted: 2 }]);
    const table = new SubjectRecordTable(query, 'quality.quarantined_records', 'quarantine');
    expect(await table.erase(['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'])).toBe(2);
    expect(query.mock.calls[0]).toEqual([
      'WITH deleted AS (DELETE FROM quality.quarantined_records WHERE record_id = ANY($1::uuid[]) RETURNING 1) SELECT count(*)::int AS deleted FROM deleted',
      [['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']],
    ]);
    expect(await table.erase([])).toBe(0);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('refuses a table name that is not schema-qualified', () => {
    expect(() => new SubjectRecordTable(jest.fn(), 'explore_records; DROP', 'explore')).toThrow('Not a schema-qualified table name');
  });
});
