// Loaded before @atlas/config declares its classes, so their property types are recorded (as Nest does in the app).
import 'reflect-metadata';
import { EnvironmentValidationError, validateEnvironment } from '@atlas/config';
import { MAX_PAYLOAD_DEPTH } from '@atlas/contracts';
import { GatewayEnvironment } from './gateway-environment';
import { PUBLISHED_RECORD_OVERHEAD_BYTES } from '@atlas/ingestion';

const completeSource = {
  KAFKA_BROKERS: 'kafka-1:9092',
  DATABASE_URL: 'postgres://atlas:secret@db:5432/atlas',
  ATLAS_API_KEYS: 'a-valid-api-key-of-24-chars',
  ATLAS_SERVICE_API_KEYS: 'a-service-key-of-24-chars-01',
  ATLAS_DEAD_LETTER_PUBLIC_KEY: 'MoAp5lOepTWL9bZE4j3KL3Uf718fx2oJ6sKrdNFf5AM=',
  GATEWAY_TOKEN_SIGNING_KEY: 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=',
};

function problemsOf(source: Record<string, string>): string[] {
  try {
    validateEnvironment(GatewayEnvironment, { ...completeSource, ...source });
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentValidationError);
    return (error as EnvironmentValidationError).problems;
  }
  throw new Error('expected the environment to be rejected');
}

describe('GatewayEnvironment', () => {
  it('accepts the defaults, whose largest record fits in the default message limit', () => {
    const environment = validateEnvironment(GatewayEnvironment, completeSource);
    expect(environment.MAX_RECORD_BYTES).toBe(524288);
    expect(environment.KAFKA_MAX_MESSAGE_BYTES).toBe(1000000);
    expect(environment.MAX_NESTING_DEPTH).toBe(32);
  });

  it('accepts its client keys (ATLAS_API_KEYS) as ordinary credentials, never the service credential it calls the services with', () => {
    const environment = validateEnvironment(GatewayEnvironment, { ...completeSource, ATLAS_SERVICE_API_KEYS: 'a-service-key-of-24-chars-01,a-service-key-of-24-chars-02' });
    expect(environment.acceptedApiKeys()).toEqual({ variable: 'ATLAS_API_KEYS', keys: ['a-valid-api-key-of-24-chars'] });
    expect(environment.ATLAS_SERVICE_API_KEYS).toEqual(['a-service-key-of-24-chars-01', 'a-service-key-of-24-chars-02']);
  });

  it('reads CORS_ALLOWED_ORIGINS (none by default) as exact origins, refusing paths and wildcards', () => {
    expect(validateEnvironment(GatewayEnvironment, completeSource).CORS_ALLOWED_ORIGINS).toEqual([]);
    expect(validateEnvironment(GatewayEnvironment, { ...completeSource, CORS_ALLOWED_ORIGINS: 'https://atlas.example.com, http://localhost:5173' }).CORS_ALLOWED_ORIGINS).toEqual([
      'https://atlas.example.com',
      'http://localhost:5173',
    ]);
    const rule = 'CORS_ALLOWED_ORIGINS is invalid: each origin in CORS_ALLOWED_ORIGINS must be scheme://host[:port], without a path or wildcard, e.g. https://atlas.example.com';
    for (const bad of ['*', 'https://*.example.com', 'https://atlas.example.com/', 'atlas.example.com']) expect(problemsOf({ CORS_ALLOWED_ORIGINS: bad })).toEqual([rule]);
  });

  it('refuses to start when a client key is also a service credential', () => {
    expect(problemsOf({ ATLAS_API_KEYS: 'a-valid-api-key-of-24-chars,a-service-key-of-24-chars-02', ATLAS_SERVICE_API_KEYS: 'a-service-key-of-24-chars-01,a-service-key-of-24-chars-02' })).toEqual([
      'ATLAS_API_KEYS is invalid: ATLAS_API_KEYS must not share a key with ATLAS_SERVICE_API_KEYS: the service credential is never a client credential',
    ]);
  });

  it('needs both its client keys and the service credential', () => {
    expect(problemsOf({ ATLAS_API_KEYS: '', ATLAS_SERVICE_API_KEYS: '' })).toEqual([
      'ATLAS_API_KEYS is invalid: ATLAS_API_KEYS must hold at least one key',
      'ATLAS_SERVICE_API_KEYS is invalid: ATLAS_SERVICE_API_KEYS must hold at least one key',
    ]);
  });

  it('reads ATLAS_SUBJECT_API_KEYS (none by default) as a list of 24-character keys, granting nothing at the gateway', () => {
    expect(validateEnvironment(GatewayEnvironment, completeSource).ATLAS_SUBJECT_API_KEYS).toEqual([]);
    const environment = validateEnvironment(GatewayEnvironment, { ...completeSource, ATLAS_SUBJECT_API_KEYS: ' subject-key-of-24-chars-0001 , subject-key-of-24-chars-0002,' });
    expect(environment.ATLAS_SUBJECT_API_KEYS).toEqual(['subject-key-of-24-chars-0001', 'subject-key-of-24-chars-0002']);
    expect(environment.permissionKeySets()).toEqual([]);
    expect(problemsOf({ ATLAS_SUBJECT_API_KEYS: 'short' })).toEqual([
      'ATLAS_SUBJECT_API_KEYS is invalid: each key in ATLAS_SUBJECT_API_KEYS must be at least 24 characters without spaces',
    ]);
  });

  it('reads PII_DETOKENIZE_API_KEYS (none by default) as a list of 24-character keys, granting nothing at the gateway', () => {
    expect(validateEnvironment(GatewayEnvironment, completeSource).PII_DETOKENIZE_API_KEYS).toEqual([]);
    const environment = validateEnvironment(GatewayEnvironment, { ...completeSource, PII_DETOKENIZE_API_KEYS: 'reveal-key-of-24-chars-00001, reveal-key-of-24-chars-00002' });
    expect(environment.PII_DETOKENIZE_API_KEYS).toEqual(['reveal-key-of-24-chars-00001', 'reveal-key-of-24-chars-00002']);
    expect(environment.permissionKeySets()).toEqual([]);
    expect(problemsOf({ PII_DETOKENIZE_API_KEYS: 'short' })).toEqual([
      'PII_DETOKENIZE_API_KEYS is invalid: each key in PII_DETOKENIZE_API_KEYS must be at least 24 characters without spaces',
    ]);
  });

  it('accepts a record limit that exactly fills a message with its envelope', () => {
    const environment = validateEnvironment(GatewayEnvironment, { ...completeSource, KAFKA_MAX_MESSAGE_BYTES: '65536', MAX_RECORD_BYTES: String(65536 - PUBLISHED_RECORD_OVERHEAD_BYTES) });
    expect(environment.MAX_RECORD_BYTES).toBe(62604);
  });

  it('allows a larger record limit when the message limit is raised with it', () => {
    const environment = validateEnvironment(GatewayEnvironment, { ...completeSource, KAFKA_MAX_MESSAGE_BYTES: '4000000', MAX_RECORD_BYTES: '3000000' });
    expect(environment.MAX_RECORD_BYTES).toBe(3000000);
  });

  it('refuses a record limit that no longer fits once the message limit is lowered, naming both variables', () => {
    expect(problemsOf({ KAFKA_MAX_MESSAGE_BYTES: '65536' })).toEqual([
      'MAX_RECORD_BYTES is invalid: MAX_RECORD_BYTES (524288) plus 2932 bytes of envelope and message overhead must not exceed ' +
        'KAFKA_MAX_MESSAGE_BYTES (65536): lower MAX_RECORD_BYTES to at most 62604 or raise KAFKA_MAX_MESSAGE_BYTES',
    ]);
  });

  it('refuses a record limit one byte over what fits', () => {
    const problems = problemsOf({ KAFKA_MAX_MESSAGE_BYTES: '65536', MAX_RECORD_BYTES: '62605' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^MAX_RECORD_BYTES is invalid: MAX_RECORD_BYTES \(62605\) plus 2932 bytes .* KAFKA_MAX_MESSAGE_BYTES \(65536\)/);
  });

  it('allows nesting up to the envelope contract depth and refuses one level more', () => {
    expect(MAX_PAYLOAD_DEPTH).toBe(128);
    expect(validateEnvironment(GatewayEnvironment, { ...completeSource, MAX_NESTING_DEPTH: '128' }).MAX_NESTING_DEPTH).toBe(128);
    expect(problemsOf({ MAX_NESTING_DEPTH: '129' })).toEqual(['MAX_NESTING_DEPTH is invalid: MAX_NESTING_DEPTH must not be greater than 128']);
  });

  it('requires a token signing key of 32 bytes in base64, naming how to make one', () => {
    const { GATEWAY_TOKEN_SIGNING_KEY: _key, ...withoutKey } = completeSource;
    const message = 'GATEWAY_TOKEN_SIGNING_KEY is invalid: GATEWAY_TOKEN_SIGNING_KEY must be 32 random bytes in base64 (44 characters; openssl rand -base64 32)';
    expect(problemsOf({ GATEWAY_TOKEN_SIGNING_KEY: 'c2hvcnQ=' })).toEqual([message]);
    expect(() => validateEnvironment(GatewayEnvironment, withoutKey)).toThrow(EnvironmentValidationError);
  });

  it('creates no first admin without a password, treats an empty one as none, and refuses a short one', () => {
    expect(validateEnvironment(GatewayEnvironment, completeSource).ATLAS_ADMIN_PASSWORD).toBeUndefined();
    expect(validateEnvironment(GatewayEnvironment, { ...completeSource, ATLAS_ADMIN_PASSWORD: '' }).ATLAS_ADMIN_PASSWORD).toBeUndefined();
    expect(validateEnvironment(GatewayEnvironment, { ...completeSource, ATLAS_ADMIN_PASSWORD: 'twelve-chars' }).ATLAS_ADMIN_PASSWORD).toBe('twelve-chars');
    expect(problemsOf({ ATLAS_ADMIN_PASSWORD: 'eleven-char' })).toEqual(['ATLAS_ADMIN_PASSWORD is invalid: ATLAS_ADMIN_PASSWORD must be 12 to 128 characters without spaces']);
  });

  it('has short-lived access tokens, two-week refresh tokens and the admin e-mail by default', () => {
    const environment = validateEnvironment(GatewayEnvironment, completeSource);
    expect([environment.ACCESS_TOKEN_TTL_SECONDS, environment.REFRESH_TOKEN_TTL_SECONDS, environment.ATLAS_ADMIN_EMAIL]).toEqual([900, 1209600, 'admin@atlas.local']);
    expect([environment.RATE_LIMIT_PER_MINUTE, environment.LOGIN_RATE_LIMIT_PER_MINUTE]).toEqual([1200, 20]);
  });

  it('finds the lineage service locally by default and refuses a URL with a path', () => {
    expect(validateEnvironment(GatewayEnvironment, completeSource).LINEAGE_URL).toBe('http://127.0.0.1:3004');
    expect(validateEnvironment(GatewayEnvironment, { ...completeSource, LINEAGE_URL: 'http://lineage:3004' }).LINEAGE_URL).toBe('http://lineage:3004');
    expect(problemsOf({ LINEAGE_URL: 'http://lineage:3004/api' })).toEqual(['LINEAGE_URL is invalid: LINEAGE_URL must be an http(s) origin without a path, e.g. http://lineage:3004']);
  });

  it('finds the connector, pii-detection and quality services locally by default and refuses a URL with a path', () => {
    const environment = validateEnvironment(GatewayEnvironment, completeSource);
    expect([environment.CONNECTOR_URL, environment.PII_DETECTION_URL, environment.QUALITY_URL]).toEqual(['http://127.0.0.1:3001', 'http://127.0.0.1:3002', 'http://127.0.0.1:3003']);
    expect(problemsOf({ QUALITY_URL: 'http://quality:3003/api' })).toEqual(['QUALITY_URL is invalid: QUALITY_URL must be an http(s) origin without a path, e.g. http://quality:3003']);
  });

  it("waits longer for the services' answers during data-subject requests than for other calls, within bounds", () => {
    const environment = validateEnvironment(GatewayEnvironment, completeSource);
    expect([environment.INTERNAL_SERVICE_TIMEOUT_MS, environment.SUBJECT_SERVICE_TIMEOUT_MS]).toEqual([30000, 300000]);
    expect(validateEnvironment(GatewayEnvironment, { ...completeSource, SUBJECT_SERVICE_TIMEOUT_MS: '600000' }).SUBJECT_SERVICE_TIMEOUT_MS).toBe(600000);
    expect(problemsOf({ SUBJECT_SERVICE_TIMEOUT_MS: '999' })).toEqual(['SUBJECT_SERVICE_TIMEOUT_MS is invalid: SUBJECT_SERVICE_TIMEOUT_MS must not be less than 1000']);
  });
});
