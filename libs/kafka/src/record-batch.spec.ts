import { ConsumerHeartbeatError, RecordBatch } from './record-batch';

describe('RecordBatch.keepAlive', () => {
  let now: jest.SpyInstance<number, []>;

  beforeEach(() => {
    now = jest.spyOn(Date, 'now').mockReturnValue(10000);
  });

  afterEach(() => jest.restoreAllMocks());

  function batchWith(heartbeat: () => Promise<void>): RecordBatch<unknown> {
    return new RecordBatch('topic', 0, [], new Map(), heartbeat);
  }

  it('sends the heartbeat at most once a second, however often it is called', async () => {
    const heartbeat = jest.fn<Promise<void>, []>().mockResolvedValue(undefined);
    const batch = batchWith(heartbeat);
    for (const time of [10000, 10500, 10999, 11000, 11200, 11999, 12000, 15000]) {
      now.mockReturnValue(time);
      await batch.keepAlive();
    }
    expect(heartbeat).toHaveBeenCalledTimes(3);
  });

  it('yields the event loop at most every 50 ms, so pending I/O callbacks run during long work', async () => {
    const batch = batchWith(async () => undefined);
    let ran = false;
    setImmediate(() => (ran = true));
    now.mockReturnValue(10010);
    await batch.keepAlive();
    expect(ran).toBe(false);
    now.mockReturnValue(10050);
    await batch.keepAlive();
    expect(ran).toBe(true);
  });

  it('turns a failed heartbeat into ConsumerHeartbeatError carrying the kafkajs error', async () => {
    const rebalancing = new Error('The group is rebalancing');
    const batch = batchWith(() => Promise.reject(rebalancing));
    now.mockReturnValue(11000);
    const failure = await batch.keepAlive().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConsumerHeartbeatError);
    expect((failure as Error).cause).toBe(rebalancing);
  });

  it('works without a heartbeat (batches built outside a consumer)', async () => {
    const batch = new RecordBatch('topic', 0, [], new Map());
    now.mockReturnValue(20000);
    await expect(batch.keepAlive()).resolves.toBeUndefined();
  });
});
