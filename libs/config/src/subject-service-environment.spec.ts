import 'reflect-metadata';
import { SubjectServiceEnvironment } from './subject-service-environment';
import { validateEnvironment } from './validate-environment';

describe('SubjectServiceEnvironment', () => {
  const base = {
    HTTP_PORT: '3001',
    KAFKA_BROKERS: 'kafka-1:9092',
    DATABASE_URL: 'postgres://atlas:secret@db:5432/atlas',
    ATLAS_SERVICE_API_KEYS: 'a-valid-api-key-of-24-chars',
    ATLAS_DEAD_LETTER_PUBLIC_KEY: 'MoAp5lOepTWL9bZE4j3KL3Uf718fx2oJ6sKrdNFf5AM=',
  };

  it('grants subjects:manage to no key by default', () => {
    expect(validateEnvironment(SubjectServiceEnvironment, base).permissionKeySets()).toEqual([{ permission: 'subjects:manage', variable: 'ATLAS_SUBJECT_API_KEYS', keys: [] }]);
  });

  it('grants subjects:manage to each key of ATLAS_SUBJECT_API_KEYS, trimmed', () => {
    const environment = validateEnvironment(SubjectServiceEnvironment, { ...base, ATLAS_SUBJECT_API_KEYS: ' subject-key-of-24-chars-0001 ,subject-key-of-24-chars-0002,' });
    expect(environment.permissionKeySets()).toEqual([
      { permission: 'subjects:manage', variable: 'ATLAS_SUBJECT_API_KEYS', keys: ['subject-key-of-24-chars-0001', 'subject-key-of-24-chars-0002'] },
    ]);
  });

  it('refuses a key shorter than 24 characters, naming the variable', () => {
    expect(() => validateEnvironment(SubjectServiceEnvironment, { ...base, ATLAS_SUBJECT_API_KEYS: 'subject-key-of-24-chars-0001,short' })).toThrow(
      /each key in ATLAS_SUBJECT_API_KEYS must be at least 24 characters without spaces/,
    );
  });
});
