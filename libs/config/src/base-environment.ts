// Type conversion of inherited variables reads decorator metadata: load it whoever imports this first.
import 'reflect-metadata';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { splitList } from './environment-transforms';
import { KafkaClientEnvironment } from './kafka-client-environment';

export { splitList } from './environment-transforms';

/** 32 bytes in standard base64: 43 characters, the last one carrying 4 zero bits, then `=`. */
export const BASE64_32_BYTES = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** API keys that grant a permission beyond "holds an Atlas API key", and the variable listing them. */
export interface PermissionKeySet {
  permission: string;
  variable: string;
  keys: readonly string[];
}

/** The keys a service accepts as ordinary credentials (see BaseEnvironment.acceptedApiKeys). */
export interface AcceptedApiKeys {
  variable: string;
  keys: readonly string[];
}

/**
 * Variables every Atlas service reads (with KafkaClientEnvironment's: the brokers and the client's
 * TLS/SASL settings). Each app extends this class with its own.
 */
export class BaseEnvironment extends KafkaClientEnvironment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number;

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  /**
   * The service credential (comma-separated, at least 24 characters each): the keys a service's own
   * port accepts on every non-public endpoint, held by the gateway alone, which calls the services
   * with the first. Never a client's credential: the gateway refuses them (clients hold users' tokens,
   * API keys created through the gateway, or the gateway's ATLAS_API_KEYS).
   */
  @Transform(splitList)
  @ArrayNotEmpty({ message: 'ATLAS_SERVICE_API_KEYS must hold at least one key' })
  @Matches(/^\S{24,}$/, { each: true, message: 'each key in ATLAS_SERVICE_API_KEYS must be at least 24 characters without spaces' })
  ATLAS_SERVICE_API_KEYS: string[];

  /**
   * X25519 public key (raw 32 bytes, base64) that seals the original value of every dead letter.
   * Derived from pii-detection's PII_VAULT_KEY, which alone can unseal (`./atlas secrets` prints it).
   */
  @Matches(BASE64_32_BYTES, { message: 'ATLAS_DEAD_LETTER_PUBLIC_KEY must be a raw X25519 public key in base64 (44 characters), derived from PII_VAULT_KEY' })
  ATLAS_DEAD_LETTER_PUBLIC_KEY: string;

  @IsOptional()
  @IsString()
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /**
   * Largest message (key + value + headers, in bytes) the producer sends; a bigger one is refused as a
   * permanent failure before it reaches the broker. Keep it below the topics' max.message.bytes
   * (Kafka's default 1,048,588), which also counts the record batch framing.
   */
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  KAFKA_MAX_MESSAGE_BYTES: number = 1_000_000;

  /**
   * The Kafka cluster's name in lineage: every topic is the dataset namespace `kafka://{name}`, the same
   * in every service whichever broker each one lists first, so a stage's output joins the next stage's input.
   */
  @Matches(/^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/, { message: 'LINEAGE_KAFKA_CLUSTER must be a host-like name: lower-case letters, digits, dots and hyphens, at most 63 characters' })
  LINEAGE_KAFKA_CLUSTER: string = 'atlas';

  /** A pipeline stage reports a RUNNING event with its counts at most this often per run (besides START and the end). */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  LINEAGE_RUNNING_INTERVAL_MS: number = 10_000;

  /**
   * The keys the ApiKeyGuard accepts as ordinary credentials, and the variable listing them: on a
   * service, the service credential; the gateway overrides this with its client keys.
   */
  acceptedApiKeys(): AcceptedApiKeys {
    return { variable: 'ATLAS_SERVICE_API_KEYS', keys: this.ATLAS_SERVICE_API_KEYS };
  }

  /** Key sets granting permissions (see @atlas/auth's RequirePermission); a service without any has none. */
  permissionKeySets(): PermissionKeySet[] {
    return [];
  }
}
