import { encodeCursor } from '@atlas/platform';
import { AuditLogRepository, AuditRow } from './audit-log.repository';
import { AuditService } from './audit.service';
import { AuditQuery } from './dto/audit.dto';

const entry = (id: string): AuditRow => ({ id, at: new Date('2026-11-30T10:00:00Z'), actor: 'system', action: 'user.create', targetType: 'user', targetId: 'u', outcome: 'succeeded', details: {} }) as AuditRow;
const query = (values: Partial<AuditQuery>) => Object.assign(new AuditQuery(), values);

describe('AuditService.list', () => {
  const list = jest.fn();
  const service = new AuditService({ list } as unknown as AuditLogRepository);
  beforeEach(() => list.mockReset());

  it('pages newest first by default, the cursor naming the last entry for this sort', async () => {
    list.mockResolvedValueOnce([entry('9'), entry('8'), entry('7')]);
    const first = await service.list(query({ limit: 2 }));
    expect(first).toEqual({ items: [expect.objectContaining({ id: '9', at: '2026-11-30T10:00:00.000Z' }), expect.objectContaining({ id: '8' })], nextCursor: encodeCursor('audit:-at', ['8']) });
    list.mockResolvedValueOnce([entry('7')]);
    expect(await service.list(query({ limit: 2, cursor: first.nextCursor! }))).toEqual({ items: [expect.objectContaining({ id: '7' })], nextCursor: null });
    expect(list.mock.calls).toEqual([
      [undefined, 3, true],
      ['8', 3, true],
    ]);
  });

  it('pages oldest first with sort=at, and refuses a newest-first cursor there before reading', async () => {
    list.mockResolvedValueOnce([]);
    expect(await service.list(query({ limit: 5, sort: 'at', cursor: encodeCursor('audit:at', ['8']) }))).toEqual({ items: [], nextCursor: null });
    expect(list).toHaveBeenLastCalledWith('8', 6, false);
    await expect(service.list(query({ limit: 5, sort: 'at', cursor: encodeCursor('audit:-at', ['8']) }))).rejects.toMatchObject({ response: { statusCode: 400, code: 'cursor_invalid' } });
    await expect(service.list(query({ limit: 5, cursor: encodeCursor('audit:-at', ['0']) }))).rejects.toMatchObject({ response: { statusCode: 400, code: 'cursor_invalid' } });
    expect(list).toHaveBeenCalledTimes(1);
  });
});
