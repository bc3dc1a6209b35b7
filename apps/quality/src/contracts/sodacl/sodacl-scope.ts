/**
 * SodaCL options that narrow or split a window check, and the distribution check:
 * - `filter: <condition>` (Soda's in-check filter): only records for which the condition, read with
 *   Atlas' expression language (checks/expression/, SQL-like: `carrier = 'DHL' and weight > 1`), is
 *   true count in the check's windows.
 * - `group by: <column>` and `group limit: N` (Atlas keys; Soda's `group by` section runs SQL): one
 *   result per value of the column besides the overall one, at most N values per window (default 100).
 * - `distribution_difference(column) > 0.2` (Soda's check line states when it fires, as Soda does for
 *   this check): the window's distribution against its reference, `method: ks` (continuous, default)
 *   or `psi` (categorical), `distribution type: continuous | categorical` (the field of Soda's
 *   distribution reference file), `distribution reference: previous N windows` (Atlas; default 1).
 *   Soda's `distribution reference file` (a DRO built by `soda update-dro`) is not read: the check is
 *   not evaluated. `chi_square`, `swd`, `semd` are not evaluated.
 */

import { AGGREGATE_CHECK_TYPE } from '../../checks/check-model';
import { expressionProblem } from '../../checks/types/expression.check';
import { levelOfThresholds, type AggregateParameters, type DistributionOptions } from '../../windows/aggregate-check';
import { DEFAULT_SEGMENT_LIMIT, MAX_SEGMENT_LIMIT } from '../../windows/check-scope';
import type { Compiled } from '../odcs-property-rules';
import { SodaclCheckError, thresholdsOf, windowOf } from './sodacl-checks';
import type { SodaclCheckSource } from './sodacl-document';
import type { SodaclCheckLine } from './sodacl-expression';

const SCOPE_KEYS = ['filter', 'group by', 'group limit'];
const DISTRIBUTION_KEYS = new Set(['name', 'identity', 'attributes', 'warn', 'fail', 'window', 'method', 'distribution type', 'distribution reference', 'distribution reference file', 'sample', ...SCOPE_KEYS]);
export const MAX_REFERENCE_WINDOWS = 50;

/** The filter and group-by of a check's configuration (none when absent); a SodaclCheckError when wrong. */
export function scopeOptionsOf(config: Record<string, unknown>): Pick<AggregateParameters, 'filter' | 'groupBy'> {
  const options: Pick<AggregateParameters, 'filter' | 'groupBy'> = {};
  if (config.filter !== undefined) {
    const problem = expressionProblem(config.filter);
    if (problem) throw new SodaclCheckError(`filter: ${problem}`);
    options.filter = config.filter as string;
  }
  const column = config['group by'];
  if (column !== undefined) {
    if (typeof column !== 'string' || !/^[^\s(),]+$/.test(column)) throw new SodaclCheckError('group by must name one column, like "group by: country"');
    const limit = config['group limit'] ?? DEFAULT_SEGMENT_LIMIT;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_SEGMENT_LIMIT) throw new SodaclCheckError(`group limit must be a whole number from 1 to ${MAX_SEGMENT_LIMIT}`);
    options.groupBy = { field: column.split('.'), limit };
  } else if (config['group limit'] !== undefined) throw new SodaclCheckError('group limit needs group by');
  return options;
}

/** `distribution reference: previous 4 windows` → 4 (1 when absent). */
function referenceWindowsOf(value: unknown): number {
  if (value === undefined) return 1;
  const match = typeof value === 'string' ? /^previous\s+(\d+)\s+windows?$/i.exec(value.trim()) : null;
  const windows = match ? Number(match[1]) : NaN;
  if (!(windows >= 1 && windows <= MAX_REFERENCE_WINDOWS)) throw new SodaclCheckError(`distribution reference must be "previous N windows" with N from 1 to ${MAX_REFERENCE_WINDOWS}`);
  return windows;
}

/** A SodaCL distribution check as an aggregate check over windows, or what is not evaluated. */
export function compileDistributionCheck(check: SodaclCheckSource, line: SodaclCheckLine): Compiled {
  const compiled: Compiled = { checks: [], notEvaluated: [] };
  const { config } = check;
  const notEvaluated = (reason: string) => compiled.notEvaluated.push({ path: check.path, line: check.line, element: 'sodacl.distribution_difference', reason });
  for (const key of Object.keys(config)) if (!DISTRIBUTION_KEYS.has(key)) throw new SodaclCheckError(`"${key}" is not a configuration key of a distribution_difference check`);
  if (line.arguments.length !== 1) throw new SodaclCheckError('distribution_difference takes one column, like distribution_difference(amount)');
  if (line.comparison !== undefined && !/^>=?\s/.test(line.comparison)) throw new SodaclCheckError('distribution_difference states when it fires: "> 0.2" (or warn/fail conditions)');
  if (line.comparison !== undefined && (config.warn !== undefined || config.fail !== undefined)) throw new SodaclCheckError('has both a comparison and warn/fail conditions; give one or the other');
  // Soda's check line is the alert condition for this check: `> 0.2` fires above 0.2.
  const thresholds = thresholdsOf(undefined, line.comparison !== undefined ? { ...config, fail: `when ${line.comparison}` } : config, 'number');
  const type = config['distribution type'] ?? 'continuous';
  if (type !== 'continuous' && type !== 'categorical') throw new SodaclCheckError('distribution type must be continuous or categorical');
  const method = config.method ?? (type === 'categorical' ? 'psi' : 'ks');
  if (typeof method !== 'string') throw new SodaclCheckError('method must be ks or psi');
  if (config['distribution reference file'] !== undefined && config['distribution reference'] === undefined) {
    notEvaluated('a distribution reference file (Soda DRO) is not read; write "distribution reference: previous N windows"');
    return compiled;
  }
  if (['chi_square', 'swd', 'semd'].includes(method)) {
    notEvaluated(`method ${method} is not evaluated; Atlas measures ks (continuous) and psi (categorical)`);
    return compiled;
  }
  if ((method === 'ks') !== (type === 'continuous') || (method !== 'ks' && method !== 'psi')) throw new SodaclCheckError('method must be ks for a continuous column or psi for a categorical one');
  if (config.sample !== undefined) notEvaluated('sample: every record of the window is measured (no sampling); the check runs on all of them');
  const distribution: DistributionOptions = { type, method, reference: { kind: 'previous_windows', windows: referenceWindowsOf(config['distribution reference']) } };
  const window = windowOf(config.window);
  const parameters: AggregateParameters = { metric: 'distribution_difference', window, thresholds, missingValues: [], validity: [], distribution, ...scopeOptionsOf(config) };
  const name = typeof config.name === 'string' ? config.name : check.header;
  const ruleId = typeof config.identity === 'string' ? config.identity : undefined;
  compiled.checks.push({
    name, origin: check.path, ...(ruleId ? { ruleId } : {}), type: AGGREGATE_CHECK_TYPE, field: line.arguments[0].split('.'), level: levelOfThresholds(thresholds),
    parameters: parameters as unknown as Record<string, unknown>, idSuffix: 'distribution_difference', dimension: 'consistency',
  });
  return compiled;
}
