import { PayloadTooDeepError } from '@atlas/contracts';
import { classifyFailure, describeFailure } from './failure-classification';
import { MessageTooLargeError } from './kafka-publisher.service';

const SECRET = 'jane.doe@example.com';

/** node-postgres' DatabaseError, whose message and detail quote the input. */
function postgresError(code: string, table = 'explore_records'): Error {
  return Object.assign(new Error(`invalid input value "${SECRET}"`), { severity: 'ERROR', code, detail: `Key (field)=(${SECRET})`, schema: 'connector', table });
}

/** TypeORM's QueryFailedError: the driver's error plus the query and its parameters. */
function queryFailed(driverError: Error): Error {
  return Object.assign(new Error(driverError.message), { name: 'QueryFailedError', query: 'INSERT …', parameters: [SECRET], driverError });
}

/** kafkajs' errors: name, `retriable`, protocol `type`, `cause`. */
function kafkaError(name: string, options: { type?: string; retriable?: boolean; cause?: unknown } = {}): Error {
  const error = new Error(`kafka failure ${SECRET}`, { cause: options.cause });
  return Object.assign(error, { name, retriable: options.retriable ?? true, ...(options.type ? { type: options.type } : {}) });
}

const nodeError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('classifyFailure', () => {
  it.each<[string, unknown, string, string, string]>([
    ['connection refused', nodeError('ECONNREFUSED'), 'transient', 'network', 'network ECONNREFUSED'],
    ['connection reset', nodeError('ECONNRESET'), 'transient', 'network', 'network ECONNRESET'],
    ['connection terminated', new Error('Connection terminated unexpectedly'), 'transient', 'database_connection', 'database connection unavailable'],
    ['pool timeout', new Error('timeout exceeded when trying to connect'), 'transient', 'database_connection', 'database connection unavailable'],
    ['pg 08006', queryFailed(postgresError('08006')), 'transient', 'postgres_08', 'postgres 08006 connection_failure (table connector.explore_records)'],
    ['pg 53300', postgresError('53300'), 'transient', 'postgres_53', 'postgres 53300 too_many_connections (table connector.explore_records)'],
    ['pg 57P01', queryFailed(postgresError('57P01')), 'transient', 'postgres_57', 'postgres 57P01 admin_shutdown (table connector.explore_records)'],
    ['pg 57P03', postgresError('57P03'), 'transient', 'postgres_57', 'postgres 57P03 cannot_connect_now (table connector.explore_records)'],
    ['pg 40001', postgresError('40001'), 'transient', 'postgres_40', 'postgres 40001 serialization_failure (table connector.explore_records)'],
    ['pg 40P01', postgresError('40P01'), 'transient', 'postgres_40', 'postgres 40P01 deadlock_detected (table connector.explore_records)'],
    ['pg 22P05', queryFailed(postgresError('22P05')), 'permanent', 'postgres_22', 'postgres 22P05 untranslatable_character (table connector.explore_records)'],
    ['pg 22021', queryFailed(postgresError('22021')), 'permanent', 'postgres_22', 'postgres 22021 character_not_in_repertoire (table connector.explore_records)'],
    ['pg 23505', queryFailed(postgresError('23505')), 'permanent', 'postgres_23', 'postgres 23505 unique_violation (table connector.explore_records)'],
    ['pg 54000 index row size', queryFailed(postgresError('54000', 'pii_findings')), 'permanent', 'postgres_54', 'postgres 54000 program_limit_exceeded (table connector.pii_findings)'],
    ['pg 08P01 bind parameters', queryFailed(postgresError('08P01')), 'permanent', 'postgres_08', 'postgres 08P01 protocol_violation (table connector.explore_records)'],
    ['kafka connection', kafkaError('KafkaJSConnectionError'), 'transient', 'KafkaJSConnectionError', 'kafka KafkaJSConnectionError'],
    ['kafka request timeout', kafkaError('KafkaJSRequestTimeoutError'), 'transient', 'KafkaJSRequestTimeoutError', 'kafka KafkaJSRequestTimeoutError'],
    ['kafka retriable protocol', kafkaError('KafkaJSProtocolError', { type: 'LEADER_NOT_AVAILABLE' }), 'transient', 'kafka_LEADER_NOT_AVAILABLE', 'kafka LEADER_NOT_AVAILABLE'],
    [
      'kafka retries exceeded around a connection error',
      kafkaError('KafkaJSNumberOfRetriesExceeded', { retriable: false, cause: kafkaError('KafkaJSConnectionError') }),
      'transient',
      'KafkaJSConnectionError',
      'kafka KafkaJSConnectionError',
    ],
    ['kafka MESSAGE_TOO_LARGE', kafkaError('KafkaJSProtocolError', { type: 'MESSAGE_TOO_LARGE', retriable: false }), 'permanent', 'kafka_MESSAGE_TOO_LARGE', 'kafka MESSAGE_TOO_LARGE'],
    [
      'kafka RECORD_LIST_TOO_LARGE inside retries exceeded',
      kafkaError('KafkaJSNumberOfRetriesExceeded', { retriable: false, cause: kafkaError('KafkaJSProtocolError', { type: 'RECORD_LIST_TOO_LARGE', retriable: false }) }),
      'permanent',
      'kafka_RECORD_LIST_TOO_LARGE',
      'kafka RECORD_LIST_TOO_LARGE',
    ],
    ['kafka INVALID_RECORD', kafkaError('KafkaJSProtocolError', { type: 'INVALID_RECORD', retriable: false }), 'permanent', 'kafka_INVALID_RECORD', 'kafka INVALID_RECORD'],
    ['stack overflow', new RangeError('Maximum call stack size exceeded'), 'permanent', 'RangeError', 'RangeError (stack overflow)'],
    ['RangeError', new RangeError(`Invalid string length ${SECRET}`), 'permanent', 'RangeError', 'RangeError'],
    ['TypeError', new TypeError(`Cannot read properties of undefined (reading '${SECRET}')`), 'permanent', 'TypeError', 'TypeError'],
    [
      'message too large (publisher guard)',
      new MessageTooLargeError('atlas.protected.records.v1', 1200000, 1000000),
      'permanent',
      'atlas_MESSAGE_TOO_LARGE',
      'MESSAGE_TOO_LARGE: a message of 1200000 bytes for atlas.protected.records.v1 exceeds the 1000000-byte limit',
    ],
    ['payload too deep (contract)', new PayloadTooDeepError(1000), 'permanent', 'atlas_PAYLOAD_TOO_DEEP', 'PAYLOAD_TOO_DEEP: value nests deeper than 1000 levels'],
    ['pg XX000', postgresError('XX000'), 'unknown', 'postgres_XX', 'postgres XX000 internal_error (table connector.explore_records)'],
    ['plain Error', new Error(`something about ${SECRET}`), 'unknown', 'unknown', 'unclassified Error'],
    ['a thrown string', SECRET, 'unknown', 'unknown', 'unclassified string'],
  ])('%s', (_name, error, kind, errorClass, description) => {
    expect(classifyFailure(error)).toEqual({ kind, errorClass, description });
    expect(describeFailure(error)).not.toContain(SECRET);
  });

  it('lets a permanent cause win over a transient wrapper, and walks `cause`, `driverError` and aggregate `errors`', () => {
    const wrapped = new Error('handler failed', { cause: Object.assign(new Error('aggregate'), { errors: [nodeError('ECONNRESET'), queryFailed(postgresError('22P05'))] }) });
    expect(classifyFailure(wrapped).kind).toBe('permanent');
    expect(classifyFailure(new Error('outer', { cause: nodeError('ECONNREFUSED') })).kind).toBe('transient');
  });

  it('stops on a cause cycle', () => {
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    Object.assign(first, { cause: second });
    expect(classifyFailure(first)).toEqual({ kind: 'unknown', errorClass: 'unknown', description: 'unclassified Error' });
  });
});
