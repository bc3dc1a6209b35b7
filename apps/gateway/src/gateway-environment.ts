import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsInt, IsOptional, Matches, Max, Min, ValidateBy, ValidationArguments } from 'class-validator';
import { IsEmailAddress } from './identity/dto/email-address';
import { AcceptedApiKeys, BASE64_32_BYTES, BaseEnvironment, splitList } from '@atlas/config';
import { MAX_PAYLOAD_DEPTH } from '@atlas/contracts';
import { LARGEST_RECORD_BYTES, LARGEST_RECORD_COUNT, PUBLISHED_RECORD_OVERHEAD_BYTES } from '@atlas/ingestion';

/**
 * A record must fit in one message once wrapped in its envelope, under the publisher's configured
 * limit; otherwise a record the door accepted would fail to publish. Checked at start-up, across
 * two variables, so a deployment that lowers KAFKA_MAX_MESSAGE_BYTES is told to lower MAX_RECORD_BYTES too.
 */
function FitsInOneKafkaMessage(): PropertyDecorator {
  return ValidateBy({
    name: 'fitsInOneKafkaMessage',
    validator: {
      validate: (value: unknown, { object }: ValidationArguments) =>
        typeof value === 'number' && value + PUBLISHED_RECORD_OVERHEAD_BYTES <= (object as BaseEnvironment).KAFKA_MAX_MESSAGE_BYTES,
      defaultMessage: ({ value, object }: ValidationArguments) => {
        const messageLimit = (object as BaseEnvironment).KAFKA_MAX_MESSAGE_BYTES;
        return (
          `MAX_RECORD_BYTES (${value}) plus ${PUBLISHED_RECORD_OVERHEAD_BYTES} bytes of envelope and message overhead must not exceed ` +
          `KAFKA_MAX_MESSAGE_BYTES (${messageLimit}): lower MAX_RECORD_BYTES to at most ${messageLimit - PUBLISHED_RECORD_OVERHEAD_BYTES} or raise KAFKA_MAX_MESSAGE_BYTES`
        );
      },
    },
  });
}

/**
 * A client key that is also a service credential would let its holder skip the gateway and call the
 * services' ports directly, so the two sets must not share a key.
 */
function DistinctFromServiceCredential(): PropertyDecorator {
  return ValidateBy({
    name: 'distinctFromServiceCredential',
    validator: {
      validate: (value: unknown, { object }: ValidationArguments) => {
        const serviceKeys = new Set((object as BaseEnvironment).ATLAS_SERVICE_API_KEYS ?? []);
        return Array.isArray(value) && value.every((key) => !serviceKeys.has(key as string));
      },
      defaultMessage: () => 'ATLAS_API_KEYS must not share a key with ATLAS_SERVICE_API_KEYS: the service credential is never a client credential',
    },
  });
}

/** An internal service's origin: http(s), host and port, no path. */
function ServiceOrigin(variable: string, example: string): PropertyDecorator {
  return Matches(/^https?:\/\/[^\s/]+$/, { message: `${variable} must be an http(s) origin without a path, e.g. ${example}` });
}

/** The limits a push must keep; refused pushes name the variable of the limit they broke. */
export class GatewayEnvironment extends BaseEnvironment {
  override HTTP_PORT = 3000;

  /** Largest request body, in bytes (after decompression). */
  @IsInt()
  @Min(1024)
  @Max(256 * 1024 * 1024)
  MAX_REQUEST_BODY_BYTES: number = 32 * 1024 * 1024;

  /** Largest number of records one push request may carry. */
  @IsInt()
  @Min(1)
  @Max(LARGEST_RECORD_COUNT)
  MAX_RECORDS_PER_REQUEST: number = 10000;

  /**
   * Largest record, in bytes of its JSON. Bounded by KAFKA_MAX_MESSAGE_BYTES minus the envelope;
   * the default leaves half of it for what protection adds downstream (findings, longer replacements).
   */
  @IsInt()
  @Min(1024)
  @FitsInOneKafkaMessage()
  MAX_RECORD_BYTES: number = 512 * 1024;

  /** Longest string value, in UTF-16 code units (JavaScript's string length). */
  @IsInt()
  @Min(1)
  @Max(LARGEST_RECORD_BYTES)
  MAX_STRING_LENGTH: number = 100000;

  /** Deepest nesting of objects and arrays; the record itself is level 1. The envelope contract refuses deeper payloads. */
  @IsInt()
  @Min(1)
  @Max(MAX_PAYLOAD_DEPTH)
  MAX_NESTING_DEPTH: number = 32;

  /** Most keys in one object. */
  @IsInt()
  @Min(1)
  @Max(100000)
  MAX_KEYS_PER_OBJECT: number = 1000;

  /** Longest object key, in UTF-16 code units. */
  @IsInt()
  @Min(1)
  @Max(10000)
  MAX_KEY_LENGTH: number = 256;

  /**
   * Client keys accepted at the gateway (comma-separated, at least 24 characters each), holding an
   * engineer's permissions (what producers and scripts push with). The services' ports refuse them.
   */
  @Transform(splitList)
  @ArrayNotEmpty({ message: 'ATLAS_API_KEYS must hold at least one key' })
  @Matches(/^\S{24,}$/, { each: true, message: 'each key in ATLAS_API_KEYS must be at least 24 characters without spaces' })
  @DistinctFromServiceCredential()
  ATLAS_API_KEYS: string[];

  /** The gateway accepts its client keys, never the service credential it calls the services with. */
  override acceptedApiKeys(): AcceptedApiKeys {
    return { variable: 'ATLAS_API_KEYS', keys: this.ATLAS_API_KEYS };
  }

  /**
   * The services' internal APIs, which the gateway serves under the permission model. The gateway
   * calls them with its service credential (the first key of ATLAS_SERVICE_API_KEYS), never the caller's.
   */
  @ServiceOrigin('LINEAGE_URL', 'http://lineage:3004')
  LINEAGE_URL: string = 'http://127.0.0.1:3004';

  @ServiceOrigin('CONNECTOR_URL', 'http://connector:3001')
  CONNECTOR_URL: string = 'http://127.0.0.1:3001';

  @ServiceOrigin('PII_DETECTION_URL', 'http://pii-detection:3002')
  PII_DETECTION_URL: string = 'http://127.0.0.1:3002';

  @ServiceOrigin('QUALITY_URL', 'http://quality:3003')
  QUALITY_URL: string = 'http://127.0.0.1:3003';

  /**
   * pii-detection's keys granting pii:admin there: the gateway changes policies and classifications
   * and runs keyed /anonymize operators with the first one, for callers holding pii:admin at the
   * gateway (through their role). It grants nothing at the gateway. Empty: those calls answer 503.
   */
  @Transform(splitList)
  @IsArray({ message: 'PII_ADMIN_API_KEYS must be a comma-separated list of keys' })
  @Matches(/^\S{24,}$/, { each: true, message: 'each key in PII_ADMIN_API_KEYS must be at least 24 characters without spaces' })
  PII_ADMIN_API_KEYS: string[] = [];

  /**
   * pii-detection's keys granting pii:reveal there: the gateway detokenizes with the first one, for
   * callers holding pii:reveal at the gateway (a user's or key's own grant). It grants nothing at the
   * gateway. Empty: reveals answer 503.
   */
  @Transform(splitList)
  @IsArray({ message: 'PII_DETOKENIZE_API_KEYS must be a comma-separated list of keys' })
  @Matches(/^\S{24,}$/, { each: true, message: 'each key in PII_DETOKENIZE_API_KEYS must be at least 24 characters without spaces' })
  PII_DETOKENIZE_API_KEYS: string[] = [];

  /**
   * The keys granting subjects:manage on connector, quality and pii-detection (their ATLAS_SUBJECT_API_KEYS):
   * the gateway calls the internal routes of data-subject requests with the first, for callers holding
   * subjects:manage at the gateway (through their role). It grants nothing at the gateway. Empty: those requests answer 503.
   */
  @Transform(splitList)
  @IsArray({ message: 'ATLAS_SUBJECT_API_KEYS must be a comma-separated list of keys' })
  @Matches(/^\S{24,}$/, { each: true, message: 'each key in ATLAS_SUBJECT_API_KEYS must be at least 24 characters without spaces' })
  ATLAS_SUBJECT_API_KEYS: string[] = [];

  /** How long the gateway waits for an internal service's answer, in milliseconds (file uploads excepted: they last as long as the file streams). */
  @IsInt()
  @Min(100)
  @Max(300_000)
  INTERNAL_SERVICE_TIMEOUT_MS: number = 30_000;

  /** How long the gateway waits for a service's answer during a data-subject request, in milliseconds: its searches scan whole tables. */
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  SUBJECT_SERVICE_TIMEOUT_MS: number = 300_000;

  /** Largest answer of an internal service the gateway relays, in bytes; a larger one is answered 502 upstream_response_too_large. */
  @IsInt()
  @Min(1024)
  @Max(256 * 1024 * 1024)
  INTERNAL_SERVICE_MAX_RESPONSE_BYTES: number = 16 * 1024 * 1024;

  /** HS256 key signing users' access tokens: 32 random bytes in base64 (`./atlas` generates it into .atlas/secrets.env). */
  @Matches(BASE64_32_BYTES, { message: 'GATEWAY_TOKEN_SIGNING_KEY must be 32 random bytes in base64 (44 characters; openssl rand -base64 32)' })
  GATEWAY_TOKEN_SIGNING_KEY: string;

  /** How long an access token is valid, in seconds. Short: a disabled user or revoked session stops at the next refresh. */
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  /** How long a refresh token is valid, in seconds (each refresh issues a new one). */
  @IsInt()
  @Min(300)
  @Max(90 * 24 * 3600)
  REFRESH_TOKEN_TTL_SECONDS: number = 14 * 24 * 3600;

  /** The first admin, created at start-up when no user has this e-mail (a later start changes nothing). */
  @IsEmailAddress({ message: 'ATLAS_ADMIN_EMAIL must be an e-mail address' })
  ATLAS_ADMIN_EMAIL: string = 'admin@atlas.local';

  /** The first admin's password (a secret: `./atlas` writes it to .atlas/admin-password). Empty or absent: no admin is created. */
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsOptional()
  @Matches(/^\S{12,128}$/, { message: 'ATLAS_ADMIN_PASSWORD must be 12 to 128 characters without spaces' })
  ATLAS_ADMIN_PASSWORD?: string;

  /** Requests per minute one caller (credential, or address when anonymous) may make to the gateway. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE: number = 1200;

  /** Login attempts per minute from one address. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  LOGIN_RATE_LIMIT_PER_MINUTE: number = 20;

  /**
   * Origins whose pages may call the API from a browser (CORS), comma-separated, each exactly
   * `scheme://host[:port]` (e.g. https://atlas.example.com). Empty (the default): none may.
   */
  @Transform(splitList)
  @IsArray({ message: 'CORS_ALLOWED_ORIGINS must be a comma-separated list of origins' })
  @Matches(/^https?:\/\/[^\s/*,]+$/, { each: true, message: 'each origin in CORS_ALLOWED_ORIGINS must be scheme://host[:port], without a path or wildcard, e.g. https://atlas.example.com' })
  CORS_ALLOWED_ORIGINS: string[] = [];

  /** Most OpenLineage events one POST /api/v1/lineage may carry. */
  @IsInt()
  @Min(1)
  @Max(10000)
  MAX_LINEAGE_EVENTS_PER_REQUEST: number = 500;
}
