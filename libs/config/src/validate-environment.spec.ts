import 'reflect-metadata';
import { IsInt, Min } from 'class-validator';
import { BaseEnvironment } from './base-environment';
import { EnvironmentValidationError, validateEnvironment } from './validate-environment';

const API_KEY = 'a-valid-api-key-of-24-chars';
const OTHER_API_KEY = 'another-valid-api-key-000001';

const completeSource = {
  HTTP_PORT: '8080',
  KAFKA_BROKERS: 'kafka-1:9092',
  DATABASE_URL: 'postgres://atlas:secret@db:5432/atlas',
  ATLAS_SERVICE_API_KEYS: API_KEY,
  ATLAS_DEAD_LETTER_PUBLIC_KEY: 'MoAp5lOepTWL9bZE4j3KL3Uf718fx2oJ6sKrdNFf5AM=',
};

class ServiceEnvironment extends BaseEnvironment {
  override HTTP_PORT = 3005;

  // The annotation matters: without it the emitted design:type is Object and the string is not converted.
  @IsInt()
  @Min(1)
  BATCH_SIZE: number = 100;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentValidationError);
    return (error as EnvironmentValidationError).problems;
  }
  throw new Error('expected the environment to be rejected');
}

describe('validateEnvironment', () => {
  it('reads a complete environment into a typed instance with defaults', () => {
    const environment = validateEnvironment(BaseEnvironment, completeSource);
    expect(environment).toBeInstanceOf(BaseEnvironment);
    expect(environment).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HTTP_PORT: 8080,
      KAFKA_BROKERS: ['kafka-1:9092'],
      DATABASE_URL: 'postgres://atlas:secret@db:5432/atlas',
      ATLAS_SERVICE_API_KEYS: [API_KEY],
      ATLAS_DEAD_LETTER_PUBLIC_KEY: 'MoAp5lOepTWL9bZE4j3KL3Uf718fx2oJ6sKrdNFf5AM=',
      LINEAGE_KAFKA_CLUSTER: 'atlas',
    });
    expect(environment.permissionKeySets()).toEqual([]);
  });

  it('takes one Kafka cluster name for lineage and refuses one that is not host-like', () => {
    expect(validateEnvironment(BaseEnvironment, { ...completeSource, LINEAGE_KAFKA_CLUSTER: 'prod-eu.kafka' }).LINEAGE_KAFKA_CLUSTER).toBe('prod-eu.kafka');
    expect(problemsOf(() => validateEnvironment(BaseEnvironment, { ...completeSource, LINEAGE_KAFKA_CLUSTER: 'kafka-0:9092' }))).toEqual([
      'LINEAGE_KAFKA_CLUSTER is invalid: LINEAGE_KAFKA_CLUSTER must be a host-like name: lower-case letters, digits, dots and hyphens, at most 63 characters',
    ]);
  });

  it('names every missing variable at once', () => {
    const problems = problemsOf(() => validateEnvironment(BaseEnvironment, {}));
    const names = problems.map((problem) => problem.split(' ')[0]).sort();
    expect(names).toEqual(['ATLAS_DEAD_LETTER_PUBLIC_KEY', 'ATLAS_SERVICE_API_KEYS', 'DATABASE_URL', 'HTTP_PORT', 'KAFKA_BROKERS']);
    for (const problem of problems) expect(problem).toMatch(/^[A-Z_]+ is missing: .+/);
  });

  it('says invalid rather than missing for a present but bad value, with the rule', () => {
    const problems = problemsOf(() => validateEnvironment(BaseEnvironment, { ...completeSource, DATABASE_URL: 'mysql://db/atlas' }));
    expect(problems).toEqual(['DATABASE_URL is invalid: DATABASE_URL must be a postgres:// URL']);
  });

  it('lists missing and invalid variables together in the error message', () => {
    const source = { ...completeSource, HTTP_PORT: 'eighty', LOG_LEVEL: 'chatty', DATABASE_URL: undefined };
    let caught: unknown;
    try {
      validateEnvironment(BaseEnvironment, source);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvironmentValidationError);
    const error = caught as EnvironmentValidationError;
    expect(error.name).toBe('EnvironmentValidationError');
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/^Invalid configuration:\n/);
    expect(error.message).toContain('  - HTTP_PORT is invalid');
    expect(error.message).toContain('  - LOG_LEVEL is invalid');
    expect(error.message).toContain('  - DATABASE_URL is missing');
  });

  it('requires ATLAS_DEAD_LETTER_PUBLIC_KEY to be 32 bytes in base64', () => {
    for (const value of [Buffer.alloc(31).toString('base64'), Buffer.alloc(33).toString('base64'), 'not base64 at all, not 44 characters']) {
      const problems = problemsOf(() => validateEnvironment(BaseEnvironment, { ...completeSource, ATLAS_DEAD_LETTER_PUBLIC_KEY: value }));
      expect(problems).toEqual([
        'ATLAS_DEAD_LETTER_PUBLIC_KEY is invalid: ATLAS_DEAD_LETTER_PUBLIC_KEY must be a raw X25519 public key in base64 (44 characters), derived from PII_VAULT_KEY',
      ]);
    }
  });

  it('splits KAFKA_BROKERS into a trimmed list without empty items', () => {
    const environment = validateEnvironment(BaseEnvironment, { ...completeSource, KAFKA_BROKERS: ' kafka-1:9092, kafka-2:9093 ,,' });
    expect(environment.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9093']);
  });

  it('rejects a broker without a port', () => {
    const problems = problemsOf(() => validateEnvironment(BaseEnvironment, { ...completeSource, KAFKA_BROKERS: 'kafka-1:9092,kafka-2' }));
    expect(problems).toEqual([expect.stringContaining('KAFKA_BROKERS must be a comma-separated list of host:port')]);
  });

  it('rejects an empty broker list', () => {
    const problems = problemsOf(() => validateEnvironment(BaseEnvironment, { ...completeSource, KAFKA_BROKERS: ' , ' }));
    expect(problems).toEqual([expect.stringContaining('KAFKA_BROKERS must list at least one host:port')]);
  });

  it('accepts several API keys of at least 24 characters', () => {
    const environment = validateEnvironment(BaseEnvironment, { ...completeSource, ATLAS_SERVICE_API_KEYS: `${API_KEY}, ${OTHER_API_KEY}` });
    expect(environment.ATLAS_SERVICE_API_KEYS).toEqual([API_KEY, OTHER_API_KEY]);
    // A service accepts its service credential, and only that, as ordinary credentials.
    expect(environment.acceptedApiKeys()).toEqual({ variable: 'ATLAS_SERVICE_API_KEYS', keys: [API_KEY, OTHER_API_KEY] });
  });

  it('rejects an API key shorter than 24 characters', () => {
    const shortKey = 'x'.repeat(23);
    const problems = problemsOf(() => validateEnvironment(BaseEnvironment, { ...completeSource, ATLAS_SERVICE_API_KEYS: `${API_KEY},${shortKey}` }));
    expect(problems).toEqual([expect.stringContaining('each key in ATLAS_SERVICE_API_KEYS must be at least 24 characters without spaces')]);
  });

  it('accepts a key of exactly 24 characters', () => {
    const key = 'k'.repeat(24);
    expect(validateEnvironment(BaseEnvironment, { ...completeSource, ATLAS_SERVICE_API_KEYS: key }).ATLAS_SERVICE_API_KEYS).toEqual([key]);
  });

  it('rejects an empty API key list', () => {
    const problems = problemsOf(() => validateEnvironment(BaseEnvironment, { ...completeSource, ATLAS_SERVICE_API_KEYS: '' }));
    expect(problems).toEqual([expect.stringContaining('ATLAS_SERVICE_API_KEYS must hold at least one key')]);
  });

  it('converts HTTP_PORT to a number and rejects ports out of range or not integral', () => {
    expect(validateEnvironment(BaseEnvironment, { ...completeSource, HTTP_PORT: '65535' }).HTTP_PORT).toBe(65535);
    for (const port of ['0', '65536', '80.5', 'http']) {
      const problems = problemsOf(() => validateEnvironment(BaseEnvironment, { ...completeSource, HTTP_PORT: port }));
      expect(problems).toEqual([expect.stringMatching(/^HTTP_PORT is invalid: /)]);
    }
  });

  it('lets a subclass give HTTP_PORT a default and add its own variables', () => {
    const { HTTP_PORT: _port, ...withoutPort } = completeSource;
    const environment = validateEnvironment(ServiceEnvironment, withoutPort);
    expect(environment).toBeInstanceOf(ServiceEnvironment);
    expect(environment.HTTP_PORT).toBe(3005);
    expect(environment.BATCH_SIZE).toBe(100);
  });

  it('lets the environment override a subclass default, converted to a number', () => {
    const environment = validateEnvironment(ServiceEnvironment, { ...completeSource, HTTP_PORT: '9000', BATCH_SIZE: '250' });
    expect(environment.HTTP_PORT).toBe(9000);
    expect(environment.BATCH_SIZE).toBe(250);
  });

  it('validates the variables a subclass adds', () => {
    const problems = problemsOf(() => validateEnvironment(ServiceEnvironment, { ...completeSource, BATCH_SIZE: '0' }));
    expect(problems).toEqual([expect.stringMatching(/^BATCH_SIZE is invalid: /)]);
  });

  it('reads process.env when no source is given', () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, completeSource, { HTTP_PORT: '7001' });
      expect(validateEnvironment(BaseEnvironment).HTTP_PORT).toBe(7001);
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });
});
