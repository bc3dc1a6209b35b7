/**
 * SodaCL options that narrow or split a window check, and the distribution check:
 * - `filter: <condition>` (Soda's in-check filter): only records for which the condition, read with
 *   Atlas' expression language (checks/expression/, SQL-like: `carrier = 'DHL' and weight > 1`), is
 *   true count in the check's windows.
 * - `group by: <column>` and `group limit: N` (Atlas keys; Soda's `group by` section runs SQL): one
 *   result per value of the column besides the overall one, at most N values per window (default 100).
 * - `distribution_difference(column) > 0.2` (Soda's check line states when it fires, as Soda does for
 *   this check): the window's distribution against its reference, Soda's `method`: `ks` (continuous),
 *   `chi_square` (categorical) or `psi` (either type); without one, as in Soda, `ks` for a continuous
 *   column and `chi_square` for a categorical one;
 *   `distribution type: continuous | categorical` (the field of Soda's distribution reference file);
 *   `distribution reference: previous N windows` (Atlas; default 1) or `run <runId>` (a pinned run).
 *   ks and chi_square are hypothesis tests and measure their p-value: as Soda documents, the line's
 *   threshold is the significance level and the check fires when the p-value is below it (`> 0.05` →
 *   fails at p < 0.05); `warn:`/`fail:` conditions read the p-value as written (`fail: when < 0.01`).
 *   psi measures the index, and `> 0.2` fires above 0.2.
 *   Soda's `distribution reference file` (a DRO built by `soda update-dro`) is not read: the check is
 *   not evaluated, as are `swd` and `semd`.
 */

import { AGGREGATE_CHECK_TYPE } from '../../checks/check-model';
import { expressionProblem } from '../../checks/types/expression.check';
import { levelOfThresholds, REFERENCE_RUN_ID, type AggregateParameters, type DistributionOptions, type DriftReference } from '../../windows/aggregate-check';
import type { DriftMethod } from '../../windows/distribution-drift';
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

/** `distribution reference: previous 4 windows` → the latest 4 windows (1 when absent); `run <runId>` → that run's windows. */
function referenceOf(value: unknown): DriftReference {
  if (value === undefined) return { kind: 'previous_windows', windows: 1 };
  const text = typeof value === 'string' ? value.trim() : '';
  const run = /^run\s+(\S+)$/i.exec(text);
  if (run) {
    if (!REFERENCE_RUN_ID.test(run[1])) throw new SodaclCheckError('distribution reference: a run is named by its id, a UUID ("run 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")');
    return { kind: 'run', runId: run[1].toLowerCase() };
  }
  const match = /^previous\s+(\d+)\s+windows?$/i.exec(text);
  const windows = match ? Number(match[1]) : NaN;
  if (!(windows >= 1 && windows <= MAX_REFERENCE_WINDOWS)) throw new SodaclCheckError(`distribution reference must be "previous N windows" with N from 1 to ${MAX_REFERENCE_WINDOWS}, or "run <runId>"`);
  return { kind: 'previous_windows', windows };
}

/** The methods each column type takes (Soda's pairs, without swd and semd), its default (Soda's) first. */
export const DRIFT_METHODS: Record<DistributionOptions['type'], readonly DriftMethod[]> = { continuous: ['ks', 'psi'], categorical: ['chi_square', 'psi'] };
/** The methods that measure a p-value. */
export const HYPOTHESIS_TESTS: readonly DriftMethod[] = ['ks', 'chi_square'];
const UNMEASURED_METHODS = ['swd', 'semd'];

/** A p-value fires below the significance level the check line states: `> 0.05` → `< 0.05`, `>= 0.05` → `<= 0.05`. */
function significanceCondition(comparison: string): string {
  return comparison.replace(/^>/, '<');
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
  const type = config['distribution type'] ?? 'continuous';
  if (type !== 'continuous' && type !== 'categorical') throw new SodaclCheckError('distribution type must be continuous or categorical');
  const method = config.method ?? DRIFT_METHODS[type][0];
  if (config['distribution reference file'] !== undefined && config['distribution reference'] === undefined) {
    notEvaluated('a distribution reference file (Soda DRO) is not read; write "distribution reference: previous N windows" or "run <runId>"');
    return compiled;
  }
  if (typeof method === 'string' && UNMEASURED_METHODS.includes(method)) {
    notEvaluated(`method ${method} is not evaluated; Atlas measures ks and psi (continuous), chi_square and psi (categorical)`);
    return compiled;
  }
  if (typeof method !== 'string' || !DRIFT_METHODS[type].includes(method as DriftMethod)) {
    throw new SodaclCheckError(`method must be ${DRIFT_METHODS[type].join(' or ')} for a ${type} column (ks: continuous, chi_square: categorical, psi: both)`);
  }
  // Soda's check line is the alert condition for this check: `> 0.2` fires above 0.2, or below it for a p-value.
  const condition = line.comparison === undefined ? undefined : HYPOTHESIS_TESTS.includes(method as DriftMethod) ? significanceCondition(line.comparison) : line.comparison;
  const thresholds = thresholdsOf(undefined, condition !== undefined ? { ...config, fail: `when ${condition}` } : config, 'number');
  if (config.sample !== undefined) notEvaluated('sample: every record of the window is measured (no sampling); the check runs on all of them');
  const distribution: DistributionOptions = { type, method: method as DriftMethod, reference: referenceOf(config['distribution reference']) };
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
