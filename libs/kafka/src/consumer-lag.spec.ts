import { register } from 'prom-client';
import { consumerLag, ConsumerLagReader, consumerLagMessages, reportConsumerLag, stopReportingConsumerLag } from './consumer-lag';

describe('consumerLag', () => {
  it('is the log end minus the committed offset, per partition', () => {
    const committed = [{ topic: 'atlas.ingest.records.v1', partitions: [{ partition: 0, offset: '40' }, { partition: 1, offset: '7' }] }];
    const ends = [{ topic: 'atlas.ingest.records.v1', partitions: [{ partition: 0, high: '45', low: '0' }, { partition: 1, high: '7', low: '0' }] }];
    expect(consumerLag('connector', committed, ends)).toEqual([
      { group: 'connector', topic: 'atlas.ingest.records.v1', partition: 0, lag: 5 },
      { group: 'connector', topic: 'atlas.ingest.records.v1', partition: 1, lag: 0 },
    ]);
  });

  it('counts a partition the group never committed from its log start', () => {
    const committed = [{ topic: 't', partitions: [{ partition: 0, offset: '-1' }] }];
    const ends = [{ topic: 't', partitions: [{ partition: 0, high: '30', low: '12' }, { partition: 1, high: '3', low: '0' }] }];
    expect(consumerLag('quality', committed, ends).map((entry) => entry.lag)).toEqual([18, 3]);
  });
});

describe('atlas_consumer_lag_messages', () => {
  it('reports what the registered readers read, labelled by group, topic and partition', async () => {
    const reader = { group: 'quality', read: async () => [{ group: 'quality', topic: 'atlas.protected.records.v1', partition: 2, lag: 9 }] } as unknown as ConsumerLagReader;
    reportConsumerLag(reader);
    try {
      const metric = await consumerLagMessages.get();
      expect(metric.values).toEqual([{ labels: { group: 'quality', topic: 'atlas.protected.records.v1', partition: '2' }, value: 9 }]);
      expect(await register.getSingleMetricAsString('atlas_consumer_lag_messages')).toContain(
        'atlas_consumer_lag_messages{group="quality",topic="atlas.protected.records.v1",partition="2"} 9',
      );
    } finally {
      stopReportingConsumerLag(reader);
    }
  });

  it('leaves out a reader that fails instead of failing the scrape', async () => {
    const failing = { group: 'lineage', read: async () => Promise.reject(new Error('broker down')) } as unknown as ConsumerLagReader;
    reportConsumerLag(failing);
    try {
      expect((await consumerLagMessages.get()).values).toEqual([]);
    } finally {
      stopReportingConsumerLag(failing);
    }
  });
});
