import { IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { SubjectServiceEnvironment } from '@atlas/config';

export class QualityEnvironment extends SubjectServiceEnvironment {
  override HTTP_PORT = 3003;

  /** Folder of ODCS data contracts (`*.odcs.yaml`), one schema object per source. */
  @IsString()
  @MinLength(1)
  QUALITY_CONTRACTS_DIR: string = 'deploy/contracts';

  /** How often each replica reloads the active contract versions (ms); an activation applies at once on the replica that served it. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  QUALITY_CONTRACT_REFRESH_MS: number = 5_000;

  /** Where an alert is POSTed when a fail check fires (JSON, HMAC-signed, retried); unset, no alert is sent. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'QUALITY_ALERT_WEBHOOK_URL must be an http(s) URL' })
  QUALITY_ALERT_WEBHOOK_URL?: string;

  /** The HMAC-SHA256 key that signs every alert; required with the URL. */
  @ValidateIf((environment: QualityEnvironment) => environment.QUALITY_ALERT_WEBHOOK_URL !== undefined)
  @IsString()
  @MinLength(32, { message: 'QUALITY_ALERT_WEBHOOK_SECRET must be at least 32 characters when QUALITY_ALERT_WEBHOOK_URL is set' })
  QUALITY_ALERT_WEBHOOK_SECRET?: string;

  /** With the webhook: a run whose quality score (0–100) ends below this fires a `score_below_threshold` alert; unset, none. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'QUALITY_ALERT_SCORE_BELOW must be a number from 0 to 100' })
  @Min(0, { message: 'QUALITY_ALERT_SCORE_BELOW must be a number from 0 to 100' })
  @Max(100, { message: 'QUALITY_ALERT_SCORE_BELOW must be a number from 0 to 100' })
  QUALITY_ALERT_SCORE_BELOW?: number;

  /** PostgreSQL schemas reference checks may read (comma-separated): lookup tables, typed Navigate datasets. */
  @IsString()
  @Matches(/^[A-Za-z_][A-Za-z0-9_$-]{0,62}(,[A-Za-z_][A-Za-z0-9_$-]{0,62})*$/, { message: 'QUALITY_REFERENCE_SCHEMAS must be comma-separated schema names' })
  QUALITY_REFERENCE_SCHEMAS: string = 'reference,navigate_typed';

  /** How long a reference column's values are used before they are read again (ms). */
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  QUALITY_REFERENCE_TTL_MS: number = 60_000;

  /** The most distinct values one reference column may hold in memory; a larger one is not evaluated. */
  @IsInt()
  @Min(1)
  @Max(5_000_000)
  QUALITY_REFERENCE_MAX_VALUES: number = 100_000;

  /** Days check results, run results, window states (with the anomaly history) and judged record ids are kept; 0 keeps them forever. */
  @IsInt()
  @Min(0)
  @Max(3650)
  QUALITY_RESULTS_RETENTION_DAYS: number = 90;

  /**
   * Days a quarantined record is kept after its release, or after its quarantine while it still awaits
   * replay (such deletions are reported); 0 keeps them forever.
   */
  @IsInt()
  @Min(0)
  @Max(3650)
  QUALITY_QUARANTINE_RETENTION_DAYS: number = 90;

  /**
   * Days a duplicate check remembers a key after it was first seen (a later record with it is a
   * duplicate until then, a first one again after); 0 keeps the keys forever.
   */
  @IsInt()
  @Min(0)
  @Max(3650)
  QUALITY_DUPLICATE_KEYS_RETENTION_DAYS: number = 90;

  /** How often the retention job runs (one replica per interval, ms). */
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  QUALITY_RETENTION_INTERVAL_MS: number = 3_600_000;
}
