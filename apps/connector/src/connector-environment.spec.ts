import 'reflect-metadata';
import { validateEnvironment } from '@atlas/config';
import { ConnectorEnvironment } from './connector-environment';

describe('ConnectorEnvironment', () => {
  const base = {
    KAFKA_BROKERS: 'kafka-1:9092',
    DATABASE_URL: 'postgres://atlas:secret@db:5432/atlas',
    ATLAS_SERVICE_API_KEYS: 'a-valid-api-key-of-24-chars',
    ATLAS_DEAD_LETTER_PUBLIC_KEY: 'MoAp5lOepTWL9bZE4j3KL3Uf718fx2oJ6sKrdNFf5AM=',
  };

  it('schedules by default, re-reading the schedules every 10 s', () => {
    const environment = validateEnvironment(ConnectorEnvironment, base);
    expect([environment.CONNECTOR_SCHEDULES_ENABLED, environment.CONNECTOR_SCHEDULE_REFRESH_MS]).toEqual([true, 10000]);
  });

  it('reads the hosts HTTP sources may read as a list', () => {
    expect(validateEnvironment(ConnectorEnvironment, base).CONNECTOR_HTTP_ALLOWED_HOSTS).toBeUndefined();
    expect(validateEnvironment(ConnectorEnvironment, { ...base, CONNECTOR_HTTP_ALLOWED_HOSTS: 'api.example.com, crm.internal:8443' }).CONNECTOR_HTTP_ALLOWED_HOSTS).toEqual(['api.example.com', 'crm.internal:8443']);
    expect(() => validateEnvironment(ConnectorEnvironment, { ...base, CONNECTOR_HTTP_ALLOWED_HOSTS: 'http://api.example.com' })).toThrow('CONNECTOR_HTTP_ALLOWED_HOSTS must be a comma-separated list of host or host:port');
  });

  it('reads the scheduler settings from their variables', () => {
    const environment = validateEnvironment(ConnectorEnvironment, { ...base, CONNECTOR_SCHEDULES_ENABLED: 'false', CONNECTOR_SCHEDULE_REFRESH_MS: '500' });
    expect([environment.CONNECTOR_SCHEDULES_ENABLED, environment.CONNECTOR_SCHEDULE_REFRESH_MS]).toEqual([false, 500]);
  });

  it('reads the default Explore retention: unset or empty keeps records for good, else 1 to 36,500 days', () => {
    expect(validateEnvironment(ConnectorEnvironment, base).CONNECTOR_EXPLORE_RETENTION_DAYS).toBeUndefined();
    expect(validateEnvironment(ConnectorEnvironment, { ...base, CONNECTOR_EXPLORE_RETENTION_DAYS: '' }).CONNECTOR_EXPLORE_RETENTION_DAYS).toBeUndefined();
    expect(validateEnvironment(ConnectorEnvironment, { ...base, CONNECTOR_EXPLORE_RETENTION_DAYS: '30' }).CONNECTOR_EXPLORE_RETENTION_DAYS).toBe(30);
    expect(validateEnvironment(ConnectorEnvironment, { ...base, CONNECTOR_EXPLORE_RETENTION_DAYS: '36500' }).CONNECTOR_EXPLORE_RETENTION_DAYS).toBe(36500);
    for (const invalid of ['0', '36501', '7.5', 'thirty']) {
      expect(() => validateEnvironment(ConnectorEnvironment, { ...base, CONNECTOR_EXPLORE_RETENTION_DAYS: invalid })).toThrow(
        'CONNECTOR_EXPLORE_RETENTION_DAYS is invalid: CONNECTOR_EXPLORE_RETENTION_DAYS must be a whole number of days from 1 to 36500',
      );
    }
  });

  it('grants subjects:manage to the keys of ATLAS_SUBJECT_API_KEYS only', () => {
    const environment = validateEnvironment(ConnectorEnvironment, { ...base, ATLAS_SUBJECT_API_KEYS: 'subject-key-of-24-chars-0001' });
    expect(environment.permissionKeySets()).toEqual([{ permission: 'subjects:manage', variable: 'ATLAS_SUBJECT_API_KEYS', keys: ['subject-key-of-24-chars-0001'] }]);
  });
});
