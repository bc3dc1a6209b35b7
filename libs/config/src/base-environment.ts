import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** class-transformer: a comma-separated variable becomes a trimmed list without empty items. */
export const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : value;

/** Variables every Atlas service reads. Each app extends this class with its own. */
export class BaseEnvironment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number;

  @Transform(splitList)
  @ArrayNotEmpty({ message: 'KAFKA_BROKERS must list at least one host:port' })
  @Matches(/^[^\s:,]+:\d{1,5}$/, { each: true, message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS: string[];

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  /** API keys accepted on every non-public endpoint (comma-separated, at least 24 characters each). */
  @Transform(splitList)
  @ArrayNotEmpty({ message: 'ATLAS_API_KEYS must hold at least one key' })
  @Matches(/^\S{24,}$/, { each: true, message: 'each key in ATLAS_API_KEYS must be at least 24 characters without spaces' })
  ATLAS_API_KEYS: string[];

  @IsOptional()
  @IsString()
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
}
