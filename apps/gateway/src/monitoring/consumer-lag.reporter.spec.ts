import { BaseEnvironment } from '@atlas/config';
import { ConsumerLagReader, consumerLagMessages } from '@atlas/kafka';
import { ConsumerLagReporter } from './consumer-lag.reporter';

describe('ConsumerLagReporter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reports the lag of every consumer group while the gateway runs, and stops at shutdown', async () => {
    const read = jest.spyOn(ConsumerLagReader.prototype, 'read').mockImplementation(async function (this: ConsumerLagReader) {
      return [{ group: this.group, topic: 't', partition: 0, lag: 1 }];
    });
    const close = jest.spyOn(ConsumerLagReader.prototype, 'close').mockResolvedValue(undefined);
    const reporter = new ConsumerLagReporter({ KAFKA_BROKERS: ['localhost:9092'] } as BaseEnvironment);
    reporter.onModuleInit();

    const groups = (await consumerLagMessages.get()).values.map((value) => value.labels.group);
    expect(groups).toEqual(['connector', 'pii-detection', 'quality', 'gateway', 'lineage']);
    await reporter.onApplicationShutdown();
    expect(close).toHaveBeenCalledTimes(5);
    read.mockClear();
    expect((await consumerLagMessages.get()).values).toEqual([]);
    expect(read).not.toHaveBeenCalled();
  });
});
