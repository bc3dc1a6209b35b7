/**
 * The parts of an ODCS Atlas metric rule (`type: custom, engine: atlas`, odcs-atlas-rules.ts) that
 * narrow, split or compare its windows, with the names SodaCL uses (sodacl/sodacl-scope.ts):
 * `filter: "<condition>"`, `groupBy: "<column>"`, `groupLimit: N` (default 100, at most 1000) and,
 * for `metric: distribution_difference`, `distributionType: continuous | categorical`,
 * `method: ks | psi` (continuous, ks by default) or `chi_square | psi` (categorical, chi_square by
 * default: SodaCL's defaults) and either `referenceWindows: N` (the previous N windows, default 1) or
 * `referenceRun: "<runId>"` (every closed window of that run; `reference` names a lookup table in
 * Atlas rules). As in SodaCL, ks and chi_square measure their p-value, so their threshold reads
 * `mustBeGreaterOrEqualTo: 0.05` (drift below the significance level); psi measures the index.
 */

import { expressionProblem } from '../checks/types/expression.check';
import { REFERENCE_RUN_ID, type AggregateParameters, type DistributionOptions } from '../windows/aggregate-check';
import type { DriftMethod } from '../windows/distribution-drift';
import { DEFAULT_SEGMENT_LIMIT, MAX_SEGMENT_LIMIT } from '../windows/check-scope';
import { ContractDocumentError } from './odcs-document';
import { DRIFT_METHODS, MAX_REFERENCE_WINDOWS } from './sodacl/sodacl-scope';

export const ATLAS_SCOPE_KEYS = ['filter', 'groupBy', 'groupLimit', 'distributionType', 'method', 'referenceWindows', 'referenceRun'];

function refuse(path: string, message: string): never {
  throw new ContractDocumentError(`${path} ${message}`, [{ path, message }]);
}

/** The filter and group-by of an Atlas metric rule; a ContractDocumentError naming the key when wrong. */
export function atlasScopeOf(options: Record<string, unknown>, path: string): Pick<AggregateParameters, 'filter' | 'groupBy'> {
  const scope: Pick<AggregateParameters, 'filter' | 'groupBy'> = {};
  if (options.filter !== undefined) {
    const problem = expressionProblem(options.filter);
    if (problem) refuse(`${path}/filter`, problem);
    scope.filter = options.filter as string;
  }
  if (options.groupBy !== undefined) {
    if (typeof options.groupBy !== 'string' || !/^[^\s(),]+$/.test(options.groupBy)) refuse(`${path}/groupBy`, 'must name one column (a property path like "address.country")');
    const limit = options.groupLimit ?? DEFAULT_SEGMENT_LIMIT;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_SEGMENT_LIMIT) refuse(`${path}/groupLimit`, `must be a whole number from 1 to ${MAX_SEGMENT_LIMIT}`);
    scope.groupBy = { field: options.groupBy.split('.'), limit };
  } else if (options.groupLimit !== undefined) refuse(`${path}/groupLimit`, 'needs groupBy');
  return scope;
}

/** The comparison of a distribution_difference rule; refuses the drift keys on other metrics. */
export function atlasDistributionOf(options: Record<string, unknown>, path: string, metric: string): DistributionOptions | undefined {
  if (metric !== 'distribution_difference') {
    const misplaced = ['distributionType', 'method', 'referenceWindows', 'referenceRun'].find((key) => options[key] !== undefined);
    if (misplaced) refuse(`${path}/${misplaced}`, 'applies to metric distribution_difference only');
    return undefined;
  }
  const type = options.distributionType ?? 'continuous';
  if (type !== 'continuous' && type !== 'categorical') refuse(`${path}/distributionType`, 'must be continuous or categorical');
  const methods = DRIFT_METHODS[type];
  const method = options.method ?? methods[0];
  if (!methods.includes(method as DriftMethod)) refuse(`${path}/method`, `must be ${methods.join(' or ')} for a ${type} column (ks: continuous, chi_square: categorical, psi: both)`);
  if (options.referenceRun !== undefined) {
    if (options.referenceWindows !== undefined) refuse(`${path}/referenceRun`, 'and referenceWindows are two references; give one');
    if (typeof options.referenceRun !== 'string' || !REFERENCE_RUN_ID.test(options.referenceRun)) refuse(`${path}/referenceRun`, 'must be a run id (a UUID)');
    return { type, method: method as DriftMethod, reference: { kind: 'run', runId: options.referenceRun.toLowerCase() } };
  }
  const windows = options.referenceWindows ?? 1;
  if (typeof windows !== 'number' || !Number.isInteger(windows) || windows < 1 || windows > MAX_REFERENCE_WINDOWS) refuse(`${path}/referenceWindows`, `must be a whole number from 1 to ${MAX_REFERENCE_WINDOWS}`);
  return { type, method: method as DriftMethod, reference: { kind: 'previous_windows', windows } };
}
