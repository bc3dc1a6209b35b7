import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaClientEnvironment } from './kafka-client-environment';
import { EnvironmentValidationError, validateEnvironment } from './validate-environment';

const PASSWORD = 'Sup3r-Secret-Pa55word';

function problemsOf(source: Record<string, string>): string[] {
  try {
    validateEnvironment(KafkaClientEnvironment, source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentValidationError);
    return (error as EnvironmentValidationError).problems;
  }
  throw new Error('expected the environment to be rejected');
}

describe('KafkaClientEnvironment', () => {
  let directory: string;
  let caFile: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'atlas-kafka-env-'));
    caFile = join(directory, 'ca.crt');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(join(directory, 'not-a-certificate.txt'), 'hello');
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('connects anonymously without TLS when only the brokers are set', () => {
    const environment = validateEnvironment(KafkaClientEnvironment, { KAFKA_BROKERS: 'kafka:9092, kafka-2:9092' });
    expect({ ...environment }).toEqual({ KAFKA_BROKERS: ['kafka:9092', 'kafka-2:9092'], KAFKA_TLS: false });
  });

  it('reads SCRAM credentials, TLS and the CA file', () => {
    const environment = validateEnvironment(KafkaClientEnvironment, {
      KAFKA_BROKERS: 'atlas-kafka-bootstrap:9094',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'atlas-connector',
      KAFKA_SASL_PASSWORD: PASSWORD,
      KAFKA_TLS: 'TRUE',
      KAFKA_TLS_CA_FILE: caFile,
    });
    expect({ ...environment }).toEqual({
      KAFKA_BROKERS: ['atlas-kafka-bootstrap:9094'],
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'atlas-connector',
      KAFKA_SASL_PASSWORD: PASSWORD,
      KAFKA_TLS: true,
      KAFKA_TLS_CA_FILE: caFile,
    });
  });

  it('treats empty SASL variables as unset (compose passes them through empty)', () => {
    const environment = validateEnvironment(KafkaClientEnvironment, { KAFKA_BROKERS: 'kafka:9092', KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '', KAFKA_TLS: 'false' });
    expect({ ...environment }).toEqual({ KAFKA_BROKERS: ['kafka:9092'], KAFKA_TLS: false });
  });

  it('names the missing mechanism and password, never the password given', () => {
    expect(problemsOf({ KAFKA_BROKERS: 'kafka:9092', KAFKA_SASL_USERNAME: 'atlas-quality' })).toEqual([
      'KAFKA_SASL_MECHANISM is missing: KAFKA_SASL_MECHANISM must be one of scram-sha-512, scram-sha-256, plain (required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set)',
      'KAFKA_SASL_PASSWORD is missing: KAFKA_SASL_PASSWORD must be set (required with KAFKA_SASL_MECHANISM)',
    ]);
    const problems = problemsOf({ KAFKA_BROKERS: 'kafka:9092', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-1', KAFKA_SASL_PASSWORD: PASSWORD });
    expect(problems).toEqual([
      'KAFKA_SASL_MECHANISM is invalid: KAFKA_SASL_MECHANISM must be one of scram-sha-512, scram-sha-256, plain (required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set)',
      'KAFKA_SASL_USERNAME is missing: KAFKA_SASL_USERNAME must be a user name without spaces (required with KAFKA_SASL_MECHANISM)',
    ]);
    expect(problems.join('\n')).not.toContain(PASSWORD);
  });

  it('refuses a TLS flag that is not a boolean, and a CA file without TLS, unreadable or not a certificate', () => {
    expect(problemsOf({ KAFKA_BROKERS: 'kafka:9092', KAFKA_TLS: 'yes' })).toEqual(['KAFKA_TLS is invalid: KAFKA_TLS must be true or false']);
    expect(problemsOf({ KAFKA_BROKERS: 'kafka:9092', KAFKA_TLS_CA_FILE: caFile })).toEqual([
      'KAFKA_TLS_CA_FILE is invalid: KAFKA_TLS_CA_FILE is set but KAFKA_TLS is not true',
    ]);
    const missing = join(directory, 'missing.crt');
    expect(problemsOf({ KAFKA_BROKERS: 'kafka:9092', KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: missing })).toEqual([
      `KAFKA_TLS_CA_FILE is invalid: KAFKA_TLS_CA_FILE ${missing} cannot be read (ENOENT)`,
    ]);
    const text = join(directory, 'not-a-certificate.txt');
    expect(problemsOf({ KAFKA_BROKERS: 'kafka:9092', KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: text })).toEqual([
      `KAFKA_TLS_CA_FILE is invalid: KAFKA_TLS_CA_FILE ${text} holds no PEM certificate`,
    ]);
  });
});
