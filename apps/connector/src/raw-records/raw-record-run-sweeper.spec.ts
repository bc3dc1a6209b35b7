import { ANNOUNCE_GRACE_MS, ANNOUNCE_PER_SWEEP, RawRecordRunSweeper } from './raw-record-run-sweeper';
import { PartitionRawRun, RawRecordRunRepository } from './raw-record-run.repository';
import { RawRecordsService } from './raw-records.service';

function run(runId: string, recordCount: number): PartitionRawRun {
  return { sourceId: 'crm', partition: 1, runId, firstOffset: 0, lastOffset: recordCount - 1, recordCount, openedAt: 0, closed: true };
}

describe('RawRecordRunSweeper', () => {
  const closeExpired = jest.fn<Promise<PartitionRawRun[]>, [number]>();
  const unannounced = jest.fn<Promise<PartitionRawRun[]>, [number, number]>();
  const forgetAnnouncedPastRetention = jest.fn<Promise<number>, []>();
  const announce = jest.fn<Promise<void>, [readonly PartitionRawRun[]]>();
  let sweeper: RawRecordRunSweeper;

  beforeEach(() => {
    closeExpired.mockReset().mockResolvedValue([run('expired', 4)]);
    unannounced.mockReset().mockResolvedValue([run('forgotten', 2)]);
    forgetAnnouncedPastRetention.mockReset().mockResolvedValue(0);
    announce.mockReset().mockResolvedValue(undefined);
    const repository = { closeExpired, unannounced, forgetAnnouncedPastRetention } as unknown as RawRecordRunRepository;
    const rawRecords = { announce, policy: { windowMs: 5000, maxRecords: 100, maxSpan: 1000 } } as unknown as RawRecordsService;
    sweeper = new RawRecordRunSweeper(repository, rawRecords);
  });

  it('closes the runs past their window and announces them, then the closed runs nobody announced within the grace', async () => {
    expect(await sweeper.sweep(10_000_000)).toBe(2);
    expect(closeExpired).toHaveBeenCalledWith(5000);
    expect(unannounced).toHaveBeenCalledWith(ANNOUNCE_GRACE_MS, ANNOUNCE_PER_SWEEP);
    expect(announce.mock.calls.map(([runs]) => runs.map((each) => each.runId))).toEqual([['expired'], ['forgotten']]);
  });

  it('forgets old announced runs at most once an hour', async () => {
    await sweeper.sweep(10_000_000);
    await sweeper.sweep(10_000_000 + 3_599_999);
    await sweeper.sweep(10_000_000 + 3_600_000);
    expect(forgetAnnouncedPastRetention).toHaveBeenCalledTimes(2);
  });
});
