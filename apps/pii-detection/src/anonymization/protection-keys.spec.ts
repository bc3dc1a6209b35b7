import { validateEnvironment } from '@atlas/config';
import { PiiDetectionEnvironment } from '../pii-detection-environment';
import { keyFingerprint, ProtectionKeys } from './protection-keys';
import { TEST_DETOKENIZE_KEY, TEST_HASH_KEY, TEST_NORMAL_KEY, TEST_VAULT_KEY, testEnvironment } from './test/fixtures';

describe('ProtectionKeys', () => {
  const keys = new ProtectionKeys(testEnvironment());

  it('uses PII_HASH_KEY as is and derives a distinct 32-byte key per vault purpose', () => {
    expect(keys.hashKey.equals(Buffer.from(TEST_HASH_KEY, 'base64'))).toBe(true);
    const derived = [keys.encryptKey, keys.vaultValueKey, keys.vaultLookupKey];
    for (const key of derived) {
      expect(key.length).toBe(32);
      expect(key.equals(Buffer.from(TEST_VAULT_KEY, 'base64'))).toBe(false);
    }
    expect(new Set(derived.map((key) => key.toString('hex'))).size).toBe(3);
  });
  it('allows only detokenize keys to detokenize', () => {
    expect(keys.mayDetokenize(TEST_DETOKENIZE_KEY)).toBe(true);
    expect(keys.mayDetokenize(TEST_NORMAL_KEY)).toBe(false);
    expect(keys.mayDetokenize('')).toBe(false);
    expect(new ProtectionKeys(testEnvironment({ PII_DETOKENIZE_API_KEYS: [] })).mayDetokenize(TEST_DETOKENIZE_KEY)).toBe(false);
  });
  it('refuses the same key for hashing and the vault', () => {
    expect(() => new ProtectionKeys(testEnvironment({ PII_VAULT_KEY: TEST_HASH_KEY }))).toThrow(/different/);
  });
  it('never serializes key material', () => {
    expect(JSON.stringify({ keys })).toBe('{"keys":"[ProtectionKeys]"}');
  });
  it('fingerprints a key as 16 hex characters that do not contain it', () => {
    expect(keyFingerprint(TEST_DETOKENIZE_KEY)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyFingerprint(TEST_DETOKENIZE_KEY)).not.toBe(keyFingerprint(TEST_NORMAL_KEY));
  });
});

describe('PiiDetectionEnvironment key variables', () => {
  const base = {
    KAFKA_BROKERS: 'localhost:9092',
    DATABASE_URL: 'postgres://atlas@localhost/atlas',
    ATLAS_API_KEYS: TEST_NORMAL_KEY,
    PII_HASH_KEY: TEST_HASH_KEY,
    PII_VAULT_KEY: TEST_VAULT_KEY,
  };
  it('accepts 32-byte base64 keys and a comma-separated detokenize list', () => {
    const environment = validateEnvironment(PiiDetectionEnvironment, { ...base, PII_DETOKENIZE_API_KEYS: `${TEST_DETOKENIZE_KEY}, another-detokenize-key-00000001` });
    expect(environment.PII_DETOKENIZE_API_KEYS).toEqual([TEST_DETOKENIZE_KEY, 'another-detokenize-key-00000001']);
    expect(validateEnvironment(PiiDetectionEnvironment, base).PII_DETOKENIZE_API_KEYS).toEqual([]);
  });
  it('names missing or malformed keys', () => {
    expect(() => validateEnvironment(PiiDetectionEnvironment, { ...base, PII_HASH_KEY: undefined })).toThrow(/PII_HASH_KEY is missing: PII_HASH_KEY must be 32 random bytes in base64/);
    expect(() => validateEnvironment(PiiDetectionEnvironment, { ...base, PII_VAULT_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/PII_VAULT_KEY is invalid/);
    expect(() => validateEnvironment(PiiDetectionEnvironment, { ...base, PII_DETOKENIZE_API_KEYS: 'short' })).toThrow(/PII_DETOKENIZE_API_KEYS/);
  });
});
