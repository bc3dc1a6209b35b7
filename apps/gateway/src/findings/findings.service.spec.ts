import { encodeCursor } from '@atlas/platform';
import { FindingsQuery } from './dto/findings-query.dto';
import { FindingsService } from './findings.service';
import type { FindingCount, PiiFindingRepository } from './pii-finding.repository';

const count = (sourceId: string, field: string, entityType: string): FindingCount => ({ sourceId, field, entityType, findings: 3, records: 2, lastDetectedAt: '2026-11-30T10:00:00.000Z' });
const RUN = '0190b8a4-0000-7000-8000-00000000000a';

describe('FindingsService.report (counts per source, field and entity type, by cursor)', () => {
  const countBySourceFieldAndType = jest.fn();
  const service = new FindingsService({ countBySourceFieldAndType } as unknown as PiiFindingRepository);
  const query = (values: Partial<FindingsQuery>) => Object.assign(new FindingsQuery(), values);

  it('reads one more group than the page and hands out the last group served, scoped to the filters', async () => {
    countBySourceFieldAndType.mockResolvedValueOnce([count('people', 'email', 'EMAIL_ADDRESS'), count('people', 'phone', 'PHONE_NUMBER')]);
    const page = await service.report(query({ runId: RUN, limit: 1 }));
    expect(countBySourceFieldAndType).toHaveBeenLastCalledWith(expect.objectContaining({ runId: RUN }), undefined, 2);
    expect(page).toEqual({ items: [count('people', 'email', 'EMAIL_ADDRESS')], nextCursor: encodeCursor(`findings:sourceId::${RUN}`, ['people', 'email', 'EMAIL_ADDRESS']) });

    countBySourceFieldAndType.mockResolvedValueOnce([count('people', 'phone', 'PHONE_NUMBER')]);
    expect(await service.report(query({ runId: RUN, limit: 1, cursor: page.nextCursor! }))).toEqual({ items: [count('people', 'phone', 'PHONE_NUMBER')], nextCursor: null });
    expect(countBySourceFieldAndType).toHaveBeenLastCalledWith(expect.objectContaining({ runId: RUN }), ['people', 'email', 'EMAIL_ADDRESS'], 2);
  });

  it("refuses a cursor of other filters with 400 cursor_invalid before any query", async () => {
    countBySourceFieldAndType.mockClear();
    const cursor = encodeCursor(`findings:sourceId::${RUN}`, ['people', 'email', 'EMAIL_ADDRESS']);
    await expect(service.report(query({ cursor }))).rejects.toMatchObject({ status: 400, response: { code: 'cursor_invalid' } });
    await expect(service.report(query({ runId: RUN, cursor: encodeCursor(`findings:sourceId::${RUN}`, ['people', 'email']) }))).rejects.toMatchObject({ response: { code: 'cursor_invalid' } });
    expect(countBySourceFieldAndType).not.toHaveBeenCalled();
  });
});
