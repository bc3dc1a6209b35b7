/**
 * What a PostgreSQL failure is, without its values. PostgreSQL's messages and `detail` quote the
 * input that failed ("invalid input syntax for type uuid: \"…\"", "Key (field)=(…) already exists"),
 * and TypeORM's QueryFailedError adds the query and its parameters: none of that may reach a log,
 * a dead letter or a metric. Only the SQLSTATE, its condition name and the table/constraint/column
 * identifiers are kept.
 */
export interface PostgresErrorSummary {
  /** SQLSTATE, five characters (e.g. `22P05`). */
  code: string;
  /** PostgreSQL's condition name (e.g. `untranslatable_character`), or the SQLSTATE class for codes not listed here. */
  condition: string;
  schema?: string;
  table?: string;
  constraint?: string;
  column?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

// The conditions Atlas meets or decides on; the others are named by their class.
const CONDITIONS: Record<string, string> = {
  '08000': 'connection_exception',
  '08001': 'sqlclient_unable_to_establish_sqlconnection',
  '08003': 'connection_does_not_exist',
  '08004': 'sqlserver_rejected_establishment_of_sqlconnection',
  '08006': 'connection_failure',
  '08P01': 'protocol_violation',
  '22001': 'string_data_right_truncation',
  '22003': 'numeric_value_out_of_range',
  '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow',
  '22021': 'character_not_in_repertoire',
  '22P02': 'invalid_text_representation',
  '22P05': 'untranslatable_character',
  '23502': 'not_null_violation',
  '23503': 'foreign_key_violation',
  '23505': 'unique_violation',
  '23514': 'check_violation',
  '25P02': 'in_failed_sql_transaction',
  '28P01': 'invalid_password',
  '3D000': 'invalid_catalog_name',
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  '42501': 'insufficient_privilege',
  '42P01': 'undefined_table',
  '42703': 'undefined_column',
  '53000': 'insufficient_resources',
  '53100': 'disk_full',
  '53200': 'out_of_memory',
  '53300': 'too_many_connections',
  '54000': 'program_limit_exceeded',
  '54001': 'statement_too_complex',
  '54011': 'too_many_columns',
  '54023': 'too_many_arguments',
  '55P03': 'lock_not_available',
  '57014': 'query_canceled',
  '57P01': 'admin_shutdown',
  '57P02': 'crash_shutdown',
  '57P03': 'cannot_connect_now',
  '58030': 'io_error',
  XX000: 'internal_error',
};

const CLASSES: Record<string, string> = {
  '08': 'connection_exception',
  '22': 'data_exception',
  '23': 'integrity_constraint_violation',
  '25': 'invalid_transaction_state',
  '28': 'invalid_authorization_specification',
  '40': 'transaction_rollback',
  '42': 'syntax_error_or_access_rule_violation',
  '53': 'insufficient_resources',
  '54': 'program_limit_exceeded',
  '55': 'object_not_in_prerequisite_state',
  '57': 'operator_intervention',
  '58': 'system_error',
  XX: 'internal_error',
};

export type PostgresFailureKind = 'transient' | 'permanent' | 'unknown';

/**
 * Transient: the database cannot serve right now and will again (connection lost or refused,
 * resources, shutdown, serialization/deadlock), or an operator must act on the schema or access
 * (every record would fail the same way, so the partition waits instead of dead-lettering them all).
 * Permanent: the statement cannot succeed with this data (bad value, constraint, program limit such
 * as the index row size or the bind-parameter count, which the server reports as a protocol violation).
 */
export function postgresFailureKind(code: string): PostgresFailureKind {
  if (code === '08P01') return 'permanent';
  if (['40001', '40P01', '55P03', '57P01', '57P02', '57P03'].includes(code)) return 'transient';
  switch (code.slice(0, 2)) {
    case '08':
    case '25':
    case '28':
    case '3D':
    case '42':
    case '53':
    case '58':
      return 'transient';
    case '22':
    case '23':
    case '54':
      return 'permanent';
    default:
      return 'unknown';
  }
}

function identifier(value: unknown): string | undefined {
  // Identifiers are ours (schema, table, constraint, column names); bounded in case a column name came from data.
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 63) : undefined;
}

/** The PostgreSQL error inside `error` (TypeORM's QueryFailedError keeps it as `driverError`), summarised. */
export function postgresErrorSummary(error: unknown): PostgresErrorSummary | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { code?: unknown; severity?: unknown; driverError?: unknown; schema?: unknown; table?: unknown; constraint?: unknown; column?: unknown };
  if (candidate.driverError !== undefined) {
    const inner = postgresErrorSummary(candidate.driverError);
    if (inner) return inner;
  }
  // node-postgres' DatabaseError carries `severity` next to the SQLSTATE; Node's system errors (`ECONNREFUSED`) do not.
  if (typeof candidate.code !== 'string' || !SQLSTATE.test(candidate.code) || candidate.severity === undefined) return undefined;
  const code = candidate.code;
  const summary: PostgresErrorSummary = { code, condition: CONDITIONS[code] ?? CLASSES[code.slice(0, 2)] ?? 'unknown_condition' };
  const schema = identifier(candidate.schema);
  const table = identifier(candidate.table);
  const constraint = identifier(candidate.constraint);
  const column = identifier(candidate.column);
  if (schema) summary.schema = schema;
  if (table) summary.table = table;
  if (constraint) summary.constraint = constraint;
  if (column) summary.column = column;
  return summary;
}

/** `postgres 22P05 untranslatable_character (table connector.explore_records)`: a log- and dead-letter-safe line. */
export function describePostgresError(summary: PostgresErrorSummary): string {
  const where = [
    summary.table ? `table ${summary.schema ? `${summary.schema}.` : ''}${summary.table}` : undefined,
    summary.constraint ? `constraint ${summary.constraint}` : undefined,
    summary.column ? `column ${summary.column}` : undefined,
  ].filter(Boolean);
  return `postgres ${summary.code} ${summary.condition}${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
}
