import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaJSNonRetriableError, KafkaJSSASLAuthenticationError } from 'kafkajs';
import { KafkaClientEnvironment } from '@atlas/config';
import { explainKafkaConnectionError, kafkaClientConfig, kafkaConnection, KafkaCredentialsRefusedError } from './kafka-client';

const environment = (values: Partial<KafkaClientEnvironment>): KafkaClientEnvironment =>
  Object.assign(new KafkaClientEnvironment(), { KAFKA_BROKERS: ['kafka:9094'] }, values);

describe('kafkaConnection', () => {
  let directory: string;
  const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'atlas-kafka-client-'));
    writeFileSync(join(directory, 'ca.crt'), CA);
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('is plain and anonymous by default', () => {
    expect(kafkaConnection(environment({}))).toEqual({ brokers: ['kafka:9094'] });
  });

  it('carries SASL credentials, TLS with the system CAs, or TLS with the given CA', () => {
    const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'atlas-lineage', KAFKA_SASL_PASSWORD: 'pw' } as const;
    expect(kafkaConnection(environment(sasl))).toEqual({ brokers: ['kafka:9094'], sasl: { mechanism: 'scram-sha-512', username: 'atlas-lineage', password: 'pw' } });
    expect(kafkaConnection(environment({ KAFKA_TLS: true }))).toEqual({ brokers: ['kafka:9094'], ssl: true });
    expect(kafkaConnection(environment({ ...sasl, KAFKA_TLS: true, KAFKA_TLS_CA_FILE: join(directory, 'ca.crt') }))).toEqual({
      brokers: ['kafka:9094'],
      ssl: { ca: [CA] },
      sasl: { mechanism: 'scram-sha-512', username: 'atlas-lineage', password: 'pw' },
    });
  });
});

describe('kafkaClientConfig', () => {
  it('gives every client the connection, the client id, retries and timeouts', () => {
    const config = kafkaClientConfig({ brokers: ['a:1'], ssl: true, sasl: { mechanism: 'plain', username: 'u', password: 'p' } }, 'quality-producer');
    expect(config).toMatchObject({
      clientId: 'quality-producer',
      brokers: ['a:1'],
      ssl: true,
      sasl: { mechanism: 'plain', username: 'u', password: 'p' },
      retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 30 },
      connectionTimeout: 5000,
    });
    const plain = kafkaClientConfig({ brokers: ['a:1'] }, 'x');
    expect('ssl' in plain).toBe(false);
    expect('sasl' in plain).toBe(false);
  });
});

describe('explainKafkaConnectionError', () => {
  const connection = { brokers: ['a:1'], sasl: { mechanism: 'scram-sha-512' as const, username: 'atlas-quality', password: 'the-password' } };

  it('names the user and the variables when the broker refuses the credentials, also when kafkajs wrapped the refusal', () => {
    // As kafkajs throws and wraps them (its typings omit the constructors' arguments).
    const SaslAuthentication = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
    const NonRetriable = KafkaJSNonRetriableError as unknown as new (error: Error, options: { cause: Error }) => Error;
    const refusal = new SaslAuthentication('SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512');
    const wrapped = new NonRetriable(refusal, { cause: refusal });
    expect(wrapped.name).toBe('KafkaJSNonRetriableError');
    for (const error of [refusal, wrapped]) {
      const explained = explainKafkaConnectionError(error, connection) as Error;
      expect(explained).toBeInstanceOf(KafkaCredentialsRefusedError);
      expect(explained.message).toBe(
        'Kafka refused the credentials of user atlas-quality (SCRAM-SHA-512): check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM ' +
          '(SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512)',
      );
      expect(explained.message).not.toContain('the-password');
      expect(explained.cause).toBe(error);
    }
  });

  it('leaves other failures as they are', () => {
    const error = new Error('Connection timeout');
    expect(explainKafkaConnectionError(error, connection)).toBe(error);
  });
});
