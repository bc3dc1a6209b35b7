import 'reflect-metadata';
import { validateEnvironment } from '@atlas/config';
import { QualityEnvironment } from './quality-environment';

describe('QualityEnvironment', () => {
  const base = {
    KAFKA_BROKERS: 'kafka-1:9092',
    DATABASE_URL: 'postgres://atlas:secret@db:5432/atlas',
    ATLAS_SERVICE_API_KEYS: 'a-valid-api-key-of-24-chars',
    ATLAS_DEAD_LETTER_PUBLIC_KEY: 'MoAp5lOepTWL9bZE4j3KL3Uf718fx2oJ6sKrdNFf5AM=',
    QUALITY_ALERT_WEBHOOK_URL: 'https://alerts.example/atlas',
    QUALITY_ALERT_WEBHOOK_SECRET: 'a-webhook-secret-of-at-least-32-characters',
  };

  it('reads the score alert threshold as a number, and has none by default', () => {
    expect(validateEnvironment(QualityEnvironment, { ...base, QUALITY_ALERT_SCORE_BELOW: '87.5' }).QUALITY_ALERT_SCORE_BELOW).toBe(87.5);
    expect(validateEnvironment(QualityEnvironment, base).QUALITY_ALERT_SCORE_BELOW).toBeUndefined();
  });

  it('refuses a threshold outside 0–100 or not a number, naming the variable', () => {
    for (const value of ['101', '-1', 'high']) {
      expect(() => validateEnvironment(QualityEnvironment, { ...base, QUALITY_ALERT_SCORE_BELOW: value })).toThrow(/QUALITY_ALERT_SCORE_BELOW must be a number from 0 to 100/);
    }
  });

  it('keeps results and quarantined records 90 days by default, runs retention hourly, and refuses a negative retention', () => {
    const environment = validateEnvironment(QualityEnvironment, base);
    expect([environment.QUALITY_RESULTS_RETENTION_DAYS, environment.QUALITY_QUARANTINE_RETENTION_DAYS, environment.QUALITY_DUPLICATE_KEYS_RETENTION_DAYS, environment.QUALITY_RETENTION_INTERVAL_MS]).toEqual([90, 90, 90, 3_600_000]);
    expect(validateEnvironment(QualityEnvironment, { ...base, QUALITY_RESULTS_RETENTION_DAYS: '0' }).QUALITY_RESULTS_RETENTION_DAYS).toBe(0);
    expect(() => validateEnvironment(QualityEnvironment, { ...base, QUALITY_QUARANTINE_RETENTION_DAYS: '-1' })).toThrow(/QUALITY_QUARANTINE_RETENTION_DAYS/);
    expect(validateEnvironment(QualityEnvironment, { ...base, QUALITY_DUPLICATE_KEYS_RETENTION_DAYS: '7' }).QUALITY_DUPLICATE_KEYS_RETENTION_DAYS).toBe(7);
    expect(() => validateEnvironment(QualityEnvironment, { ...base, QUALITY_DUPLICATE_KEYS_RETENTION_DAYS: '3651' })).toThrow(/QUALITY_DUPLICATE_KEYS_RETENTION_DAYS/);
  });
});
