import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { BaseEnvironment } from '@atlas/config';
import { consumerGroupTopics, ConsumerLagReader, kafkaConnection, reportConsumerLag, stopReportingConsumerLag } from '@atlas/kafka';

/**
 * The gateway reports the consumer lag of every Atlas consumer group, read from the broker on each
 * scrape: a stage that crashed or hangs cannot report its own lag, and that is when it matters.
 */
@Injectable()
export class ConsumerLagReporter implements OnModuleInit, OnApplicationShutdown {
  private readers: ConsumerLagReader[] = [];

  constructor(private readonly environment: BaseEnvironment) {}

  onModuleInit(): void {
    const connection = kafkaConnection(this.environment);
    this.readers = [...consumerGroupTopics()].map(([group, topics]) => new ConsumerLagReader(connection, group, topics));
    this.readers.forEach(reportConsumerLag);
  }

  async onApplicationShutdown(): Promise<void> {
    const readers = this.readers;
    this.readers = [];
    readers.forEach(stopReportingConsumerLag);
    await Promise.all(readers.map((reader) => reader.close()));
  }
}
