import { Logger } from '@nestjs/common';
import { Kafka, logLevel, LogEntry } from 'kafkajs';

const logger = new Logger('kafkajs');

// kafkajs is chatty at INFO; only its warnings and errors are worth a log line.
function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    const line = `${message} ${JSON.stringify(extra)}`;
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
  };
}

export const KAFKA_LOG_LEVEL = logLevel.WARN;

export function createKafkaClient(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: KAFKA_LOG_LEVEL,
    logCreator,
    // Keep retrying a broker that is restarting instead of crashing after a few seconds.
    retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 30 },
    connectionTimeout: 5000,
  });
}

export { logCreator as kafkaLogCreator };
