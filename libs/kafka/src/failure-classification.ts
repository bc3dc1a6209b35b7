import { describePostgresError, postgresErrorSummary, postgresFailureKind } from '@atlas/database';

/**
 * transient: a dependency (broker, database) cannot serve now; retrying the same records later works.
 * permanent: these records cannot be processed however often they are retried (bad value, limit).
 * unknown: nothing in the error says which.
 */
export type FailureKind = 'transient' | 'permanent' | 'unknown';

export interface FailureClassification {
  kind: FailureKind;
  /** Bounded metric label: `postgres_22`, `kafka_MESSAGE_TOO_LARGE`, `network`, `RangeError`, `atlas_PAYLOAD_TOO_DEEP`, `unknown`… */
  errorClass: string;
  /** Value-free description for logs, health details and dead-letter reasons; never the error's message. */
  description: string;
}

/** Errors Atlas throws on purpose say what they are: `failureKind`, a short `code`, and a message free of values. */
export interface ClassifiedFailure {
  readonly failureKind: 'transient' | 'permanent';
  readonly code: string;
}

// kafkajs protocol errors caused by the records sent, not by the broker's state.
const PERMANENT_KAFKA_TYPES = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
// node-postgres and TypeORM report a lost or unavailable connection without a SQLSTATE.
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /is not queryable/,
  /^Connection is not established/,
  /^Client was closed and is not queryable/,
];
const CONNECTION_ERROR_NAMES = new Set(['CannotExecuteNotConnectedError', 'ConnectionIsNotSetError', 'ConnectionNotFoundError']);
const PERMANENT_JAVASCRIPT_ERRORS = new Set(['RangeError', 'TypeError', 'SyntaxError']);
const MAX_CHAIN = 16;

function label(value: string): string {
  return value.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 48) || 'unknown';
}

/** The error and what it wraps: `cause`, TypeORM's `driverError`, `originalError`, aggregate `errors`. */
function errorChain(error: unknown): object[] {
  const chain: object[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && chain.length < MAX_CHAIN) {
    const current = pending.shift();
    if (typeof current !== 'object' || current === null || chain.includes(current)) continue;
    chain.push(current);
    const links = current as { cause?: unknown; driverError?: unknown; originalError?: unknown; errors?: unknown };
    pending.push(links.driverError, links.cause, links.originalError);
    if (Array.isArray(links.errors)) pending.push(...links.errors);
  }
  return chain;
}

function classifyOne(error: object): FailureClassification | undefined {
  const candidate = error as { name?: unknown; code?: unknown; type?: unknown; retriable?: unknown; failureKind?: unknown; message?: unknown };
  const name = typeof candidate.name === 'string' ? candidate.name : '';
  const message = typeof candidate.message === 'string' ? candidate.message : '';
  if ((candidate.failureKind === 'permanent' || candidate.failureKind === 'transient') && typeof candidate.code === 'string') {
    // Atlas' own classified errors state sizes and limits, never values, so their message is kept.
    const code = label(candidate.code);
    return { kind: candidate.failureKind, errorClass: `atlas_${code}`, description: `${code}: ${message.slice(0, 200)}` };
  }
  const postgres = postgresErrorSummary(error);
  if (postgres) {
    return { kind: postgresFailureKind(postgres.code), errorClass: `postgres_${postgres.code.slice(0, 2)}`, description: describePostgresError(postgres) };
  }
  if (name.startsWith('KafkaJS')) {
    const type = typeof candidate.type === 'string' ? label(candidate.type) : undefined;
    if (type && PERMANENT_KAFKA_TYPES.has(type)) return { kind: 'permanent', errorClass: `kafka_${type}`, description: `kafka ${type}` };
    // Wrappers (retries exceeded, aggregates) are judged by what they wrap.
    if (name === 'KafkaJSNumberOfRetriesExceeded' || name === 'KafkaJSAggregateError') return undefined;
    // Every other broker error is the broker's or the cluster's state, not the records'.
    return { kind: 'transient', errorClass: type ? `kafka_${type}` : label(name), description: `kafka ${type ?? name}` };
  }
  if (typeof candidate.code === 'string' && NETWORK_CODES.has(candidate.code)) {
    return { kind: 'transient', errorClass: 'network', description: `network ${candidate.code}` };
  }
  if (CONNECTION_ERROR_NAMES.has(name) || CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) {
    return { kind: 'transient', errorClass: 'database_connection', description: 'database connection unavailable' };
  }
  if (PERMANENT_JAVASCRIPT_ERRORS.has(name)) {
    const overflow = name === 'RangeError' && /call stack/i.test(message) ? ' (stack overflow)' : '';
    return { kind: 'permanent', errorClass: name, description: `${name}${overflow}` };
  }
  return undefined;
}

/**
 * Classifies a handler failure by walking the error and everything it wraps. A permanent cause
 * anywhere in the chain wins (kafkajs wraps MESSAGE_TOO_LARGE in retry errors; TypeORM wraps the
 * PostgreSQL error); otherwise the first transient cause decides.
 *
 * Anything else is `unknown`. The consumer retries an unknown failure a few times and then isolates
 * it like a permanent one: a poison record fails the same way every time, whereas a passing problem
 * we failed to recognise usually clears within those retries; a record dead-lettered by mistake can
 * be replayed from the dead-letter topic, whereas treating unknown failures as transient would let
 * one unrecognised bad record stop its partition for good.
 */
export function classifyFailure(error: unknown): FailureClassification {
  let transient: FailureClassification | undefined;
  let unknown: FailureClassification | undefined;
  for (const link of errorChain(error)) {
    const classification = classifyOne(link);
    if (classification?.kind === 'permanent') return classification;
    if (classification?.kind === 'transient') transient ??= classification;
    if (classification?.kind === 'unknown') unknown ??= classification;
  }
  if (transient) return transient;
  if (unknown) return unknown;
  const name = error instanceof Error ? label(error.name) : typeof error;
  return { kind: 'unknown', errorClass: 'unknown', description: `unclassified ${name}` };
}

/** A log-safe line for any error: never the message, which may quote the input. */
export function describeFailure(error: unknown): string {
  return classifyFailure(error).description;
}
