import { PiiFindingsMessage } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { encodeCursor } from '@atlas/platform';
import { FindingsQuery } from './dto/findings-query.dto';
import { FindingsService } from './findings.service';
import type { FindingCount, PiiFindingRecordRepository } from './pii-finding-record.repository';

const count = (sourceId: string, field: string, entityType: string): FindingCount => ({ sourceId, field, entityType, findings: 3, records: 2, lastDetectedAt: '2026-11-30T10:00:00.000Z' });
const RUN = '0190b8a4-0000-7000-8000-00000000000a';

describe('FindingsService.report (counts per source, field and entity type, by cursor)', () => {
  const countBySourceFieldAndType = jest.fn();
  const service = new FindingsService({ countBySourceFieldAndType } as unknown as PiiFindingRecordRepository);
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

describe('FindingsService.storeBatch (one row per record with findings)', () => {
  const storeFindings = jest.fn().mockResolvedValue(undefined);
  const service = new FindingsService({ storeFindings } as unknown as PiiFindingRecordRepository);
  const message = (recordId: string, findings: PiiFindingsMessage['findings']): PiiFindingsMessage => ({
    recordId,
    sourceId: 'people',
    runId: RUN,
    policyId: 'default',
    policyVersion: 2,
    findings,
    detectedAt: '2026-11-30T10:00:00.000Z',
  });

  it('stores each record with its findings, bounds long field paths, and skips records without findings', async () => {
    const longField = `notes.${'x'.repeat(3000)}`;
    const batch = {
      messages: [
        { value: message('0190b8a4-0000-7000-8000-000000000001', [{ field: longField, entityType: 'EMAIL_ADDRESS', start: 4, end: 21, score: 1, operator: 'mask' }]) },
        { value: message('0190b8a4-0000-7000-8000-000000000002', []) },
      ],
    } as unknown as RecordBatch<PiiFindingsMessage>;
    await service.storeBatch(batch);
    expect(storeFindings).toHaveBeenCalledTimes(1);
    const [rows] = storeFindings.mock.calls[0] as [Array<{ findings: Array<{ field: string }> }>];
    expect(rows).toEqual([
      {
        recordId: '0190b8a4-0000-7000-8000-000000000001',
        sourceId: 'people',
        runId: RUN,
        policyId: 'default',
        policyVersion: 2,
        detectedAt: new Date('2026-11-30T10:00:00.000Z'),
        findings: [{ field: expect.any(String), entityType: 'EMAIL_ADDRESS', start: 4, end: 21, score: 1, operator: 'mask' }],
      },
    ]);
    expect(Buffer.byteLength(rows[0].findings[0].field)).toBe(1024);
    expect(rows[0].findings[0].field).toMatch(/^notes\.x+…#[0-9a-f]{16}$/);
  });
});
