import { SOURCE_ID_PATTERN, type ContractDatasetColumn } from '@atlas/contracts';

/** The schema holding one typed table per dataset (created by the migrations). */
export const TYPED_SCHEMA = 'navigate_typed';
/** PostgreSQL truncates longer identifiers (with a NOTICE only): a longer name is refused, never cut. */
export const MAX_IDENTIFIER_BYTES = 63;
/** Columns Atlas adds to every typed table; contract properties may not take these names. */
export const SYSTEM_COLUMN_PREFIX = 'atlas_';

export type ColumnType = 'text' | 'bigint' | 'numeric' | 'boolean' | 'date' | 'timestamptz' | 'time' | 'jsonb';

export interface TypedColumn {
  name: string;
  type: ColumnType;
}

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);

/**
 * The column type of an ODCS logical type. Dates, timestamps and times with a contract-specific
 * `format` stay text as written (their pattern is not PostgreSQL's input syntax, and re-reading
 * them would be an interpretation); objects, arrays and untyped properties are jsonb.
 */
export function columnTypeOf(column: Pick<ContractDatasetColumn, 'logicalType' | 'format'>): ColumnType {
  switch (column.logicalType) {
    case 'string':
      return 'text';
    case 'integer':
      return 'bigint';
    case 'number':
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'date':
      return column.format ? 'text' : 'date';
    case 'timestamp':
      return column.format ? 'text' : 'timestamptz';
    case 'time':
      return column.format ? 'text' : 'time';
    default:
      return 'jsonb';
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function identifierProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (CONTROL_CHARACTER.test(name)) return 'holds a control character';
  if (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) return `is longer than ${MAX_IDENTIFIER_BYTES} bytes (PostgreSQL would cut it)`;
  return undefined;
}

/** Why a contract property cannot name a column, or undefined when it can. */
export function columnNameProblem(name: string): string | undefined {
  return identifierProblem(name) ?? (name.startsWith(SYSTEM_COLUMN_PREFIX) ? `starts with "${SYSTEM_COLUMN_PREFIX}", which Atlas keeps for its own columns` : undefined);
}

/** A double-quoted identifier (embedded quotes doubled); refuses what PostgreSQL would cut or cannot hold. */
export function quoteIdentifier(name: string): string {
  const problem = identifierProblem(name);
  if (problem) throw new RangeError(`identifier ${problem}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** The qualified, quoted name of a dataset's typed table: the source id (already a safe, bounded alphabet). */
export function typedTableName(datasetId: string): string {
  if (!SOURCE_ID.test(datasetId)) throw new RangeError('dataset id is not a source id');
  return `${quoteIdentifier(TYPED_SCHEMA)}.${quoteIdentifier(datasetId)}`;
}

/** The value as a bind parameter of its column type, or why it does not fit (never coerced). */
export type FittedValue = { fits: true; parameter: string | null } | { fits: false; problem: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$/;

function isCalendarDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

function isClockTime(hour: string, minute: string, second: string | undefined): boolean {
  return Number(hour) < 24 && Number(minute) < 60 && Number(second ?? 0) < 60;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a fractional number';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

function refuse(value: unknown, type: ColumnType, detail?: string): FittedValue {
  return { fits: false, problem: detail ?? `${describe(value)} does not fit ${type}` };
}

/** Checks one (protected) value against its column type; absent and null values are NULL. */
export function fitValue(value: unknown, type: ColumnType): FittedValue {
  if (value === undefined || value === null) return { fits: true, parameter: null };
  switch (type) {
    case 'text':
      return typeof value === 'string' ? { fits: true, parameter: value } : refuse(value, type);
    case 'bigint':
      // JSON numbers are doubles: beyond 2^53 the integer is no longer the one written.
      return Number.isSafeInteger(value) ? { fits: true, parameter: String(value) } : refuse(value, type, Number.isInteger(value) ? 'an integer beyond 2^53 (not exact) does not fit bigint' : undefined);
    case 'numeric':
      return typeof value === 'number' && Number.isFinite(value) ? { fits: true, parameter: String(value) } : refuse(value, type);
    case 'boolean':
      return typeof value === 'boolean' ? { fits: true, parameter: String(value) } : refuse(value, type);
    case 'date': {
      const match = typeof value === 'string' ? DATE.exec(value) : null;
      return match && isCalendarDate(match[1], match[2], match[3]) ? { fits: true, parameter: value as string } : refuse(value, type, typeof value === 'string' ? 'a string that is not an ISO date (yyyy-MM-dd) does not fit date' : undefined);
    }
    case 'timestamptz': {
      const match = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
      if (!match || !isCalendarDate(match[1], match[2], match[3]) || !isClockTime(match[4], match[5], match[6])) {
        return refuse(value, type, typeof value === 'string' ? 'a string that is not an ISO timestamp (at most microseconds) does not fit timestamptz' : undefined);
      }
      // Quality reads a timestamp without offset as UTC; so does the table (never the session's zone).
      return { fits: true, parameter: match[7] ? (value as string) : `${value as string}Z` };
    }
    case 'time': {
      const match = typeof value === 'string' ? TIME.exec(value) : null;
      return match && isClockTime(match[1], match[2], match[3]) ? { fits: true, parameter: value as string } : refuse(value, type, typeof value === 'string' ? 'a string that is not an ISO time without offset does not fit time' : undefined);
    }
    case 'jsonb':
      return { fits: true, parameter: JSON.stringify(value) };
  }
}
