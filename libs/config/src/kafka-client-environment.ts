// Type conversion of inherited variables reads decorator metadata: load it whoever imports this first.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsOptional,
  Matches,
  MinLength,
  Validate,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { splitList } from './environment-transforms';


export const KAFKA_SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** `true`/`false` (any case), anything else stays as written so that @IsBoolean names it. */
const parseBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const value = obj[key];
  if (value === undefined || typeof value === 'boolean') return value ?? false;
  const text = String(value).trim().toLowerCase();
  return text === 'true' ? true : text === 'false' || text === '' ? false : value;
};

const blankIsAbsent = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** What is wrong with the CA file, read once at start-up (the message names the file, never its content). */
@ValidatorConstraint({ name: 'pemCertificateFile' })
class PemCertificateFileConstraint implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return this.problem(args) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return this.problem(args) ?? '';
  }

  private problem(args: ValidationArguments): string | undefined {
    const environment = args.object as KafkaClientEnvironment;
    const path = environment.KAFKA_TLS_CA_FILE;
    if (typeof path !== 'string') return 'KAFKA_TLS_CA_FILE must be a file path';
    if (!environment.KAFKA_TLS) return 'KAFKA_TLS_CA_FILE is set but KAFKA_TLS is not true';
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      return `KAFKA_TLS_CA_FILE ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    return /-----BEGIN CERTIFICATE-----/.test(text) ? undefined : `KAFKA_TLS_CA_FILE ${path} holds no PEM certificate`;
  }
}

const saslIsConfigured = (environment: KafkaClientEnvironment) =>
  environment.KAFKA_SASL_MECHANISM !== undefined || environment.KAFKA_SASL_USERNAME !== undefined || environment.KAFKA_SASL_PASSWORD !== undefined;

/**
 * How an Atlas process reaches Kafka: the brokers and, optionally, TLS and SASL (SCRAM or PLAIN).
 * Without SASL the client connects anonymously (the local broker and compose); in the cluster each
 * service authenticates as its own Strimzi KafkaUser, whose ACLs then apply (deploy/README.md).
 * Validation messages name variables, never the password.
 */
export class KafkaClientEnvironment {
  @Transform(splitList)
  @ArrayNotEmpty({ message: 'KAFKA_BROKERS must list at least one host:port' })
  @Matches(/^[^\s:,]+:\d{1,5}$/, { each: true, message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS: string[];

  /** SASL mechanism (scram-sha-512 for Strimzi's KafkaUsers); required once a SASL username or password is set. */
  @Transform(blankIsAbsent)
  @ValidateIf(saslIsConfigured)
  @IsIn(KAFKA_SASL_MECHANISMS, { message: `KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')} (required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set)` })
  KAFKA_SASL_MECHANISM?: KafkaSaslMechanism;

  @Transform(blankIsAbsent)
  @ValidateIf(saslIsConfigured)
  @Matches(/^\S+$/, { message: 'KAFKA_SASL_USERNAME must be a user name without spaces (required with KAFKA_SASL_MECHANISM)' })
  KAFKA_SASL_USERNAME?: string;

  @Transform(blankIsAbsent)
  @ValidateIf(saslIsConfigured)
  @MinLength(1, { message: 'KAFKA_SASL_PASSWORD must be set (required with KAFKA_SASL_MECHANISM)' })
  KAFKA_SASL_PASSWORD?: string;

  /** Connect over TLS (`true`/`false`); the brokers' certificates are checked against KAFKA_TLS_CA_FILE, else the system's CAs. */
  @Transform(parseBoolean)
  @IsBoolean({ message: 'KAFKA_TLS must be true or false' })
  KAFKA_TLS: boolean = false;

  /** PEM file of the CA that signed the brokers' certificates (Strimzi: the `<cluster>-cluster-ca-cert` Secret's ca.crt). */
  @Transform(blankIsAbsent)
  @IsOptional()
  @Validate(PemCertificateFileConstraint)
  KAFKA_TLS_CA_FILE?: string;
}
