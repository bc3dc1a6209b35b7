import { validateEnvironment } from '@atlas/config';
import { PiiDetectionEnvironment } from '../pii-detection-environment';
import { DeadLetterSealer } from '@atlas/kafka';
import { ProtectionKeys } from './protection-keys';
import { TEST_ADMIN_KEY, TEST_DEAD_LETTER_PUBLIC_KEY, TEST_DETOKENIZE_KEY, TEST_HASH_KEY, TEST_NORMAL_KEY, TEST_VAULT_KEY, testEnvironment } from './test/fixtures';

describe('ProtectionKeys', () => {
  const keys = new ProtectionKeys(testEnvironment());

  it('uses PII_HASH_KEY as is and derives a distinct 32-byte key per vault purpose', () => {
    expect(keys.hashKey.equals(Buffer.from(TEST_HASH_KEY, 'base64'))).toBe(true);
    const derived = [keys.encryptKey, keys.vaultKeys.primary.valueKey, keys.initialVaultLookupKey];
    for (const key of derived) {
      expect(key.length).toBe(32);
      expect(key.equals(Buffer.from(TEST_VAULT_KEY, 'base64'))).toBe(false);
    }
    expect(new Set(derived.map((key) => key.toString('hex'))).size).toBe(3);
  });
  it('derives the dead-letter key pair from PII_VAULT_KEY and opens what is sealed to ATLAS_DEAD_LETTER_PUBLIC_KEY', () => {
    expect(keys.deadLetterUnsealer.publicKeyBase64).toBe(TEST_DEAD_LETTER_PUBLIC_KEY);
    const position = { topic: 'atlas.ingest.records.v1', partition: 0, offset: '7' };
    const sealed = new DeadLetterSealer(TEST_DEAD_LETTER_PUBLIC_KEY).seal(Buffer.from('jane@example.com'), position);
    expect(keys.deadLetterUnsealer.unseal(sealed, position).toString()).toBe('jane@example.com');
  });
  it('refuses to start when ATLAS_DEAD_LETTER_PUBLIC_KEY is not the public key of PII_VAULT_KEY, naming the variable and the right value', () => {
    const other = Buffer.alloc(32, 0x33).toString('base64');
    expect(() => new ProtectionKeys(testEnvironment({ ATLAS_DEAD_LETTER_PUBLIC_KEY: other }))).toThrow(
      `ATLAS_DEAD_LETTER_PUBLIC_KEY is not the dead-letter public key of PII_VAULT_KEY; set it to ${TEST_DEAD_LETTER_PUBLIC_KEY} in every service`,
    );
  });
  it('refuses the same key for hashing and the vault', () => {
    expect(() => new ProtectionKeys(testEnvironment({ PII_VAULT_KEY: TEST_HASH_KEY }))).toThrow('PII_HASH_KEY and PII_VAULT_KEY must be different keys');
  });
  it('never serializes key material', () => {
    expect(JSON.stringify({ keys })).toBe('{"keys":"[ProtectionKeys]"}');
  });
});

describe('PiiDetectionEnvironment key variables', () => {
  const base = {
    KAFKA_BROKERS: 'localhost:9092',
    DATABASE_URL: 'postgres://atlas@localhost/atlas',
    ATLAS_SERVICE_API_KEYS: TEST_NORMAL_KEY,
    PII_HASH_KEY: TEST_HASH_KEY,
    PII_VAULT_KEY: TEST_VAULT_KEY,
    ATLAS_DEAD_LETTER_PUBLIC_KEY: TEST_DEAD_LETTER_PUBLIC_KEY,
  };
  it('accepts 32-byte base64 keys and a comma-separated detokenize list', () => {
    const environment = validateEnvironment(PiiDetectionEnvironment, { ...base, PII_DETOKENIZE_API_KEYS: `${TEST_DETOKENIZE_KEY}, another-detokenize-key-00000001` });
    expect(environment.PII_DETOKENIZE_API_KEYS).toEqual([TEST_DETOKENIZE_KEY, 'another-detokenize-key-00000001']);
    expect(validateEnvironment(PiiDetectionEnvironment, base).PII_DETOKENIZE_API_KEYS).toEqual([]);
  });
  it('reads PII_ADMIN_API_KEYS (none by default) and maps the key sets to their permissions', () => {
    const subjectKey = 'a-subject-key-of-24-chars-00001';
    const environment = validateEnvironment(PiiDetectionEnvironment, { ...base, PII_ADMIN_API_KEYS: ` ${TEST_ADMIN_KEY} ,`, PII_DETOKENIZE_API_KEYS: TEST_DETOKENIZE_KEY, ATLAS_SUBJECT_API_KEYS: subjectKey });
    expect(environment.PII_ADMIN_API_KEYS).toEqual([TEST_ADMIN_KEY]);
    expect(validateEnvironment(PiiDetectionEnvironment, base).PII_ADMIN_API_KEYS).toEqual([]);
    expect(environment.permissionKeySets()).toEqual([
      { permission: 'subjects:manage', variable: 'ATLAS_SUBJECT_API_KEYS', keys: [subjectKey] },
      { permission: 'pii:admin', variable: 'PII_ADMIN_API_KEYS', keys: [TEST_ADMIN_KEY] },
      { permission: 'pii:reveal', variable: 'PII_DETOKENIZE_API_KEYS', keys: [TEST_DETOKENIZE_KEY] },
    ]);
  });
  it('names missing or malformed keys', () => {
    expect(() => validateEnvironment(PiiDetectionEnvironment, { ...base, PII_HASH_KEY: undefined })).toThrow(/PII_HASH_KEY is missing: PII_HASH_KEY must be 32 random bytes in base64/);
    expect(() => validateEnvironment(PiiDetectionEnvironment, { ...base, PII_VAULT_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/PII_VAULT_KEY is invalid/);
    expect(() => validateEnvironment(PiiDetectionEnvironment, { ...base, PII_DETOKENIZE_API_KEYS: 'short' })).toThrow(/PII_DETOKENIZE_API_KEYS/);
    expect(() => validateEnvironment(PiiDetectionEnvironment, { ...base, PII_ADMIN_API_KEYS: 'short' })).toThrow(/each key in PII_ADMIN_API_KEYS must be at least 24 characters/);
    expect(() => validateEnvironment(PiiDetectionEnvironment, { ...base, ATLAS_DEAD_LETTER_PUBLIC_KEY: undefined })).toThrow(/ATLAS_DEAD_LETTER_PUBLIC_KEY is missing/);
  });
});
