/**
 * SodaCL checks that become per-record rules across fields or tables: `failed rows` with a
 * `fail condition` (an Atlas expression, checks/expression/) and the reference check
 * `values in (column, ...) must exist in table (column, ...)` (a lookup in a cached reference column or tuple of columns).
 */

import { AGGREGATE_CHECK_TYPE, type CheckLevel } from '../../checks/check-model';
import { MAX_REFERENCE_COLUMNS, referenceColumnsOf } from '../../checks/reference/reference-values';
import { expressionProblem } from '../../checks/types/expression.check';
import { levelOfThresholds, type AggregateParameters } from '../../windows/aggregate-check';
import type { Compiled, PendingCheck } from '../odcs-property-rules';
import { thresholdsOf, windowOf } from './sodacl-checks';
import { isFiltered } from './sodacl-dataset-filter';
import type { SodaclCheckSource } from './sodacl-document';
import type { SodaclCheckLine } from './sodacl-expression';

/** A problem of one check: the contract is refused, naming the check's path and line. */
export class SodaclRuleError extends Error {}

const FAILED_ROWS_KEYS = new Set(['name', 'identity', 'attributes', 'samples limit', 'fail condition', 'fail query', 'warn', 'fail', 'window', 'filter']);
const REFERENCE_KEYS = new Set(['name', 'identity', 'attributes', 'samples limit']);
const REFERENCE = /^in\s*\(([^()]+)\)\s+must\s+(not\s+)?exist\s+in\s+([^\s()]+)\s*\(([^()]+)\)$/i;

function baseOf(check: SodaclCheckSource) {
  const name = typeof check.config.name === 'string' ? check.config.name : check.header;
  const ruleId = typeof check.config.identity === 'string' ? check.config.identity : undefined;
  return { name, origin: check.path, ...(ruleId ? { ruleId } : {}) };
}

function unknownKey(check: SodaclCheckSource, keys: ReadonlySet<string>, what: string): void {
  const key = Object.keys(check.config).find((candidate) => !keys.has(candidate));
  if (key !== undefined) throw new SodaclRuleError(`"${key}" is not a configuration key of a ${what} check`);
}

/** Whether a check line is one of these forms: `failed rows`, or `values in (...) must [not] exist in ...`. */
export function isRecordRule(line: SodaclCheckLine): boolean {
  return (line.metric === 'failed' && line.comparison === 'rows' && line.arguments.length === 0) || (line.metric === 'values' && line.comparison !== undefined && /^in\s*\(/i.test(line.comparison));
}

/**
 * A failed rows check: a row fails when its `fail condition` is true (an unknown condition, a field
 * missing, is not evaluated). Without thresholds, or with `when > 0` alone at each level, every
 * failing row is judged on its own (a `fail` one is quarantined; `warn: when > 0` alone warns). With
 * a tolerance (`warn: when > 5`, `fail: when > 10`, `when > 2%`, soda-core#2084), it is the count (or
 * percent) of failing rows per window (the run by default, Atlas' `window:`): an aggregate check,
 * and no record is quarantined for it. A filtered one (its `filter:`, or its section's dataset
 * filter) counts its failing rows among the matching ones per window too, even at zero tolerance
 * (`fail: when > 0` when no threshold is written), like the filtered missing and invalid checks.
 * A `fail query` is SQL on a table: not evaluated.
 */
function compileFailedRows(check: SodaclCheckSource, compiled: Compiled, notEvaluated: (reason: string) => void): void {
  unknownKey(check, FAILED_ROWS_KEYS, 'failed rows');
  if (check.config['fail query'] !== undefined) {
    notEvaluated('a fail query is SQL run on a table; Atlas checks records in a stream: write a fail condition');
    return;
  }
  const condition = check.config['fail condition'];
  if (condition === undefined) throw new SodaclRuleError('needs a fail condition, like: fail condition: end_date < start_date');
  const problem = expressionProblem(condition);
  if (problem) throw new SodaclRuleError(`fail condition: ${problem}`);
  const { warn, fail } = check.config;
  const filter = check.config.filter;
  const filterProblem = filter === undefined ? undefined : expressionProblem(filter);
  if (filterProblem) throw new SodaclRuleError(`filter: ${filterProblem}`);
  if (isFiltered(check)) {
    compiled.checks.push(failedRowsWindowCheck(check, condition as string, filter as string | undefined));
    return;
  }
  let level: CheckLevel = 'fail';
  if (warn !== undefined || fail !== undefined) {
    const zeroTolerance = (value: unknown) => typeof value === 'string' && /^when\s*(?:>\s*0|>=\s*1)$/i.test(value.trim());
    if ((warn !== undefined && !zeroTolerance(warn)) || (fail !== undefined && !zeroTolerance(fail))) {
      compiled.checks.push(failedRowsWindowCheck(check, condition as string));
      return;
    }
    level = fail !== undefined ? 'fail' : 'warn';
  }
  if (check.config.window !== undefined) throw new SodaclRuleError('window applies to failed rows with a tolerance (warn/fail: when > N); each failing row is judged on its own');
  compiled.checks.push({ ...baseOf(check), type: 'expression', field: [], level, parameters: { expression: condition, mode: 'fail_when' }, idSuffix: 'failed_rows', dimension: 'consistency' });
}

/** Failed rows with a tolerance: the count (or, with `%`, the percent of the rows it could judge) of failing rows per window. */
function failedRowsWindowCheck(check: SodaclCheckSource, condition: string, filter?: string): PendingCheck {
  const written = check.config.warn !== undefined || check.config.fail !== undefined;
  const alerts: Record<string, unknown> = written ? { warn: check.config.warn, fail: check.config.fail } : { fail: 'when > 0' };
  const conditions = [alerts.warn, alerts.fail].filter((value): value is string => typeof value === 'string');
  const percents = conditions.filter((value) => value.includes('%')).length;
  if (percents > 0 && percents < conditions.length) throw new SodaclRuleError('warn and fail must both count rows (when > 5) or both be percents (when > 5%)');
  const unit = percents > 0 ? 'percent' : 'number';
  const thresholds = thresholdsOf(undefined, alerts, unit);
  const parameters: AggregateParameters = {
    metric: unit === 'percent' ? 'failed_rows_percent' : 'failed_rows',
    window: windowOf(check.config.window),
    thresholds,
    missingValues: [],
    validity: [{ type: 'expression', parameters: { expression: condition, mode: 'fail_when' } }],
    ...(filter !== undefined ? { filter } : {}),
  };
  return { ...baseOf(check), type: AGGREGATE_CHECK_TYPE, field: [], level: levelOfThresholds(thresholds), parameters: parameters as unknown as Record<string, unknown>, idSuffix: 'failed_rows', dimension: 'consistency' };
}

/** `values in (country) must exist in countries (code)`: each value (or tuple, for several columns) must be in the reference column(s) (or must not, for `must not exist`). */
function compileReference(check: SodaclCheckSource, comparison: string, compiled: Compiled): void {
  unknownKey(check, REFERENCE_KEYS, 'reference');
  const match = REFERENCE.exec(comparison.trim());
  if (!match) throw new SodaclRuleError('is not a reference check: write values in (column) must exist in table (column)');
  const [, columnsText, negation, table, targetsText] = match;
  const columns = columnsText.split(',').map((column) => column.trim());
  const targets = targetsText.split(',').map((column) => column.trim());
  if (columns.length !== targets.length) throw new SodaclRuleError(`names ${columns.length} column(s) and ${targets.length} reference column(s); give as many of each`);
  const reference = referenceColumnsOf(table, targets);
  if (!reference) throw new SodaclRuleError(`"${table} (${targetsText.trim()})": the table is [schema.]table and the columns names (letters, digits, _), at most ${MAX_REFERENCE_COLUMNS}`);
  const mustExist = negation === undefined;
  // Several columns together: their values form a tuple looked up in the table's rows (Soda's join on every column).
  const parameters = columns.length === 1 ? { table, column: targets[0], mustExist } : { table, columns: targets, fields: columns, mustExist };
  compiled.checks.push({
    ...baseOf(check),
    type: 'reference',
    field: columns.length === 1 ? columns[0].split('.') : [],
    level: 'fail',
    parameters,
    idSuffix: columns.length === 1 ? 'reference' : `${columns.join('+')}.reference`,
    dimension: 'consistency',
  });
}

/** The per-record checks of a `failed rows` or reference check; a SodaclRuleError when it is wrong. */
export function compileRecordRule(check: SodaclCheckSource, line: SodaclCheckLine): Compiled {
  const compiled: Compiled = { checks: [], notEvaluated: [] };
  const element = line.metric === 'failed' ? 'sodacl.failed_rows' : 'sodacl.reference';
  const notEvaluated = (reason: string) => compiled.notEvaluated.push({ path: check.path, line: check.line, element, reason });
  if (line.metric === 'failed') compileFailedRows(check, compiled, notEvaluated);
  else compileReference(check, line.comparison!, compiled);
  return compiled;
}
