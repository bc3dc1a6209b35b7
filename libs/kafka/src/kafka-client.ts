import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { ConnectionOptions } from 'node:tls';
import { Kafka, KafkaConfig, logLevel, LogEntry, SASLOptions } from 'kafkajs';
import { KafkaClientEnvironment } from '@atlas/config';

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

/** Keep retrying a broker that is restarting instead of crashing after a few seconds. */
export const KAFKA_CLIENT_RETRY = { initialRetryTime: 300, maxRetryTime: 5000, retries: 30 };

/** Where and how every Kafka client of a process connects: the one place kafkajs' TLS and SASL options are built. */
export interface KafkaConnection {
  brokers: string[];
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions;
}

/** The connection a validated environment describes (the CA file is read here, once). */
export function kafkaConnection(environment: KafkaClientEnvironment): KafkaConnection {
  const connection: KafkaConnection = { brokers: environment.KAFKA_BROKERS };
  if (environment.KAFKA_TLS) {
    connection.ssl = environment.KAFKA_TLS_CA_FILE ? { ca: [readFileSync(environment.KAFKA_TLS_CA_FILE, 'utf8')] } : true;
  }
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = environment;
  if (mechanism && username && password) {
    // kafkajs types each mechanism as its own literal; the three share username and password.
    connection.sasl = { mechanism, username, password } as SASLOptions;
  }
  return connection;
}

/** The kafkajs options of every client: the connection, logging and retries. */
export function kafkaClientConfig(connection: KafkaConnection, clientId: string): KafkaConfig {
  return {
    clientId,
    brokers: connection.brokers,
    ...(connection.ssl !== undefined ? { ssl: connection.ssl } : {}),
    ...(connection.sasl ? { sasl: connection.sasl } : {}),
    logLevel: KAFKA_LOG_LEVEL,
    logCreator,
    retry: KAFKA_CLIENT_RETRY,
    connectionTimeout: 5000,
  };
}

export function createKafkaClient(connection: KafkaConnection, clientId: string): Kafka {
  return new Kafka(kafkaClientConfig(connection, clientId));
}

/** The brokers refused this process's SASL credentials: a configuration error, reported at start-up like one. */
export class KafkaCredentialsRefusedError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'KafkaCredentialsRefusedError';
  }
}

/**
 * A connection failure in words an operator can act on: refused credentials name the user and the
 * variables to check (never the password); anything else is returned unchanged.
 */
export function explainKafkaConnectionError(error: unknown, connection: KafkaConnection): unknown {
  const refusal = saslAuthenticationErrorIn(error);
  if (!refusal) return error;
  const user = connection.sasl && 'username' in connection.sasl ? connection.sasl.username : '?';
  const mechanism = connection.sasl?.mechanism.toUpperCase() ?? '?';
  return new KafkaCredentialsRefusedError(
    `Kafka refused the credentials of user ${user} (${mechanism}): check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM (${refusal.message})`,
    { cause: error },
  );
}

/** kafkajs wraps a non-retriable failure (KafkaJSNonRetriableError) with the original as its cause. */
function saslAuthenticationErrorIn(error: unknown): Error | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current.name === 'KafkaJSSASLAuthenticationError') return current;
  }
  return undefined;
}

export { logCreator as kafkaLogCreator };
