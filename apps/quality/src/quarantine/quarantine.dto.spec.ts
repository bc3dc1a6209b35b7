import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { HeldCountsQuery, HeldReplaysQuery } from './held-records.dto';
import { QuarantineListQuery } from './quarantine.dto';

function parse(type: new () => object, query: Record<string, string>): { value: Record<string, unknown>; problems: string[] } {
  const value = plainToInstance(type, query) as Record<string, unknown>;
  return { value: { ...value }, problems: validateSync(value).flatMap((error) => Object.values(error.constraints ?? {})) };
}

describe("quality's list queries (the shared page query)", () => {
  it('default to 50 items, their one sort and, for the quarantine, quarantined records', () => {
    expect(parse(QuarantineListQuery, {})).toEqual({ value: { limit: 50, status: 'quarantined', sort: 'quarantinedAt' }, problems: [] });
    expect(parse(HeldCountsQuery, {})).toEqual({ value: { limit: 50, sort: 'sourceId' }, problems: [] });
    expect(parse(HeldReplaysQuery, {})).toEqual({ value: { limit: 50, sort: '-requestedAt' }, problems: [] });
  });

  it('keep the selection filters and the shared bounds', () => {
    const query = { runId: '0190b8a4-6666-7000-8000-000000000001', checkId: 'orders.amount.minimum', sourceId: 'orders', status: 'all', limit: '500' };
    expect(parse(QuarantineListQuery, query)).toEqual({ value: { ...query, limit: 500, sort: 'quarantinedAt' }, problems: [] });
    expect(parse(QuarantineListQuery, { limit: '501', sort: '-quarantinedAt' }).problems.sort()).toEqual(['limit must be 1-500', 'sort must be one of the orders this list allows (the enum of sort in the OpenAPI document)']);
    expect(parse(HeldCountsQuery, { cursor: 'orders!' }).problems).toEqual(['cursor is not one this list returned (pass nextCursor unchanged)']);
  });
});
