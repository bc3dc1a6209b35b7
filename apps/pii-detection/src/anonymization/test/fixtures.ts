import { HttpException } from '@nestjs/common';
import { PiiDetectionEnvironment } from '../../pii-detection-environment';

/** Shared by the unit tests of anonymization, vault and presidio. Not used at runtime. */
export const TEST_HASH_KEY = Buffer.alloc(32, 0x11).toString('base64');
export const TEST_VAULT_KEY = Buffer.alloc(32, 0x22).toString('base64');
export const TEST_NORMAL_KEY = 'normal-atlas-api-key-0000000001';
export const TEST_DETOKENIZE_KEY = 'detokenize-api-key-00000000000001';

export function testEnvironment(overrides: Partial<PiiDetectionEnvironment> = {}): PiiDetectionEnvironment {
  return Object.assign(new PiiDetectionEnvironment(), {
    NODE_ENV: 'test',
    KAFKA_BROKERS: ['localhost:9092'],
    DATABASE_URL: 'postgres://atlas@localhost/atlas',
    ATLAS_API_KEYS: [TEST_NORMAL_KEY],
    PII_HASH_KEY: TEST_HASH_KEY,
    PII_VAULT_KEY: TEST_VAULT_KEY,
    PII_DETOKENIZE_API_KEYS: [TEST_DETOKENIZE_KEY],
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
