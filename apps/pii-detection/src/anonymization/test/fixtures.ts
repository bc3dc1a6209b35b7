import { HttpException } from '@nestjs/common';
import { PiiDetectionEnvironment } from '../../pii-detection-environment';

/** Shared by the unit tests of anonymization, vault and presidio. Not used at runtime. */
export const TEST_HASH_KEY = Buffer.alloc(32, 0x11).toString('base64');
export const TEST_VAULT_KEY = Buffer.alloc(32, 0x22).toString('base64');
export const TEST_NORMAL_KEY = 'normal-atlas-api-key-0000000001';
export const TEST_DETOKENIZE_KEY = 'detokenize-api-key-00000000000001';
export const TEST_ADMIN_KEY = 'pii-admin-api-key-000000000000001';
/** The dead-letter public key of TEST_VAULT_KEY (see deadLetterUnsealerForVaultKey's known answers). */
export const TEST_DEAD_LETTER_PUBLIC_KEY = 'GWKAxnJFJOzl2S8i0QqYCA0srCsAiy1FDfUFwqR6rRg=';

export function testEnvironment(overrides: Partial<PiiDetectionEnvironment> = {}): PiiDetectionEnvironment {
  return Object.assign(new PiiDetectionEnvironment(), {
    NODE_ENV: 'test',
    KAFKA_BROKERS: ['localhost:9092'],
    DATABASE_URL: 'postgres://atlas@localhost/atlas',
    ATLAS_SERVICE_API_KEYS: [TEST_NORMAL_KEY],
    PII_HASH_KEY: TEST_HASH_KEY,
    PII_VAULT_KEY: TEST_VAULT_KEY,
    PII_DETOKENIZE_API_KEYS: [TEST_DETOKENIZE_KEY],
    PII_ADMIN_API_KEYS: [TEST_ADMIN_KEY],
    ATLAS_DEAD_LETTER_PUBLIC_KEY: TEST_DEAD_LETTER_PUBLIC_KEY,
    ...overrides,
  });
}

/** The HTTP status a service call ends with: 200, or the status of the HttpException it throws. */
export async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof HttpException) return error.getStatus();
    throw error;
  }
}
