/**
 * SodaCL checks that become per-record rules across fields or tables: `failed rows` with a
 * `fail condition` (an Atlas expression, checks/expression/) and the reference check
 * `values in (column) must exist in table (column)` (a lookup in a cached reference column).
 */

import type { CheckLevel } from '../../checks/check-model';
import { referenceColumnOf } from '../../checks/reference/reference-values';
import { expressionProblem } from '../../checks/types/expression.check';
import type { Compiled } from '../odcs-property-rules';
import type { SodaclCheckSource } from './sodacl-document';
import type { SodaclCheckLine } from './sodacl-expression';

/** A problem of one check: the contract is refused, naming the check's path and line. */
export class SodaclRuleError extends Error {}

const FAILED_ROWS_KEYS = new Set(['name', 'identity', 'attributes', 'samples limit', 'fail condition', 'fail query', 'warn', 'fail']);
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
 * missing, is not evaluated). Fail level; `warn: when > 0` alone makes it warn. Tolerating some failed
 * rows is a window statement Atlas does not make yet, and a `fail query` is SQL on a table: both are
 * reported as not evaluated.
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
  let level: CheckLevel = 'fail';
  if (warn !== undefined || fail !== undefined) {
    const zeroTolerance = (value: unknown) => typeof value === 'string' && /^when\s*(?:>\s*0|>=\s*1)$/i.test(value.trim());
    if ((warn !== undefined && !zeroTolerance(warn)) || (fail !== undefined && !zeroTolerance(fail))) {
      notEvaluated('failed rows tolerating some rows (other than "when > 0") are not evaluated yet; each failing row is judged on its own');
      return;
    }
    level = fail !== undefined ? 'fail' : 'warn';
  }
  compiled.checks.push({ ...baseOf(check), type: 'expression', field: [], level, parameters: { expression: condition, mode: 'fail_when' }, idSuffix: 'failed_rows', dimension: 'consistency' });
}

/** `values in (country) must exist in countries (code)`: each value must be in the reference column (or must not, for `must not exist`). */
function compileReference(check: SodaclCheckSource, comparison: string, compiled: Compiled, notEvaluated: (reason: string) => void): void {
  unknownKey(check, REFERENCE_KEYS, 'reference');
  const match = REFERENCE.exec(comparison.trim());
  if (!match) throw new SodaclRuleError('is not a reference check: write values in (column) must exist in table (column)');
  const [, columnsText, negation, table, targetsText] = match;
  const columns = columnsText.split(',').map((column) => column.trim());
  const targets = targetsText.split(',').map((column) => column.trim());
  if (columns.length !== targets.length) throw new SodaclRuleError(`names ${columns.length} column(s) and ${targets.length} reference column(s); give as many of each`);
  if (columns.length > 1) {
    notEvaluated('reference checks on several columns together are not evaluated yet; write one check per column');
    return;
  }
  if (!referenceColumnOf(table, targets[0])) throw new SodaclRuleError(`"${table} (${targets[0]})": the table is [schema.]table and the column a name (letters, digits, _)`);
  compiled.checks.push({
    ...baseOf(check),
    type: 'reference',
    field: columns[0].split('.'),
    level: 'fail',
    parameters: { table, column: targets[0], mustExist: negation === undefined },
    idSuffix: 'reference',
    dimension: 'consistency',
  });
}

/** The per-record checks of a `failed rows` or reference check; a SodaclRuleError when it is wrong. */
export function compileRecordRule(check: SodaclCheckSource, line: SodaclCheckLine): Compiled {
  const compiled: Compiled = { checks: [], notEvaluated: [] };
  const element = line.metric === 'failed' ? 'sodacl.failed_rows' : 'sodacl.reference';
  const notEvaluated = (reason: string) => compiled.notEvaluated.push({ path: check.path, line: check.line, element, reason });
  if (line.metric === 'failed') compileFailedRows(check, compiled, notEvaluated);
  else compileReference(check, line.comparison!, compiled, notEvaluated);
  return compiled;
}
