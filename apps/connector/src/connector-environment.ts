import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { splitList, SubjectServiceEnvironment } from '@atlas/config';
import { DEFAULT_RECORD_LIMITS, PUBLISHED_RECORD_OVERHEAD_BYTES, RecordLimits } from '@atlas/ingestion';

/** Names of the variables source configs may refer to for their secrets. */
export const SECRET_NAME = /^CONNECTOR_SECRET_[A-Z0-9_]{1,64}$/;

export class ConnectorEnvironment extends SubjectServiceEnvironment {
  override HTTP_PORT = 3001;

  /**
   * The directory file sources read from (absolute). A file source names a file relative to it and
   * can never leave it; without it, file sources cannot be created.
   */
  @IsOptional()
  @Matches(/^\//, { message: 'CONNECTOR_FILE_DIRECTORY must be an absolute path' })
  CONNECTOR_FILE_DIRECTORY?: string;

  /** Largest file an upload (`POST /api/v1/sources/{id}/uploads`, `./atlas ingest`) may write, in bytes. */
  @IsInt()
  @Min(1024)
  @Max(1024 ** 4)
  CONNECTOR_MAX_UPLOAD_BYTES: number = 10 * 1024 ** 3;

  /** Whether this replica runs the scheduler (every replica may: a tick is claimed by one of them in PostgreSQL). */
  @Transform(({ obj }: { obj: Record<string, unknown> }) => (obj.CONNECTOR_SCHEDULES_ENABLED === undefined ? true : obj.CONNECTOR_SCHEDULES_ENABLED === true || obj.CONNECTOR_SCHEDULES_ENABLED === 'true'))
  @IsBoolean()
  CONNECTOR_SCHEDULES_ENABLED: boolean = true;

  /** How often the scheduler re-reads the sources' schedules (sources created on another replica). */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  CONNECTOR_SCHEDULE_REFRESH_MS: number = 10_000;

  /** How often Explore's day partitions are created ahead and the sources' retention applied (explore/retention/). */
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  CONNECTOR_EXPLORE_MAINTENANCE_MS: number = 3_600_000;

  /**
   * How long an external producer's run stays open (per source and partition of atlas.raw.records.v1):
   * a run is closed, and its record count announced, once this much time has passed since its first
   * record. Longer runs cost the stages less per record; the stages report a run's end this much later.
   */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  CONNECTOR_RAW_RUN_WINDOW_MS: number = 5_000;

  /** Most records of one external producer's run (per source and partition) before the next run begins. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  CONNECTOR_RAW_RUN_MAX_RECORDS: number = 100_000;

  /**
   * Days Explore keeps the records of every source without its own `exploreRetentionDays`, including
   * the source ids that have no row in connector.sources (pushed through the gateway, written by
   * external Kafka producers). Unset or empty: those are kept for good.
   */
  @Transform(({ obj, value }: { obj: Record<string, unknown>; value: unknown }) => (obj.CONNECTOR_EXPLORE_RETENTION_DAYS === '' ? undefined : value))
  @IsOptional()
  @IsInt({ message: 'CONNECTOR_EXPLORE_RETENTION_DAYS must be a whole number of days from 1 to 36500' })
  @Min(1, { message: 'CONNECTOR_EXPLORE_RETENTION_DAYS must be a whole number of days from 1 to 36500' })
  @Max(36500, { message: 'CONNECTOR_EXPLORE_RETENTION_DAYS must be a whole number of days from 1 to 36500' })
  CONNECTOR_EXPLORE_RETENTION_DAYS?: number;

  /**
   * The hosts HTTP API sources may read (comma-separated `host` or `host:port`, lowercase). Unset:
   * any host, which lets whoever creates sources make the connector fetch internal addresses: set it
   * in production.
   */
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @Matches(/^[a-z0-9.-]{1,253}(:\d{1,5})?$/, { each: true, message: 'CONNECTOR_HTTP_ALLOWED_HOSTS must be a comma-separated list of host or host:port' })
  CONNECTOR_HTTP_ALLOWED_HOSTS?: string[];

  /** A secret a source config names: only CONNECTOR_SECRET_* variables, never the service's own settings. */
  secret(name: string): string | undefined {
    return SECRET_NAME.test(name) ? process.env[name] : undefined;
  }

  /**
   * The limits every record read by the connector keeps: the gateway's defaults, with the size bound
   * by what fits in one message once enveloped (KAFKA_MAX_MESSAGE_BYTES).
   */
  recordLimits(): RecordLimits {
    const fitting = this.KAFKA_MAX_MESSAGE_BYTES - PUBLISHED_RECORD_OVERHEAD_BYTES;
    return { ...DEFAULT_RECORD_LIMITS, MAX_RECORD_BYTES: Math.min(DEFAULT_RECORD_LIMITS.MAX_RECORD_BYTES, fitting) };
  }
}
