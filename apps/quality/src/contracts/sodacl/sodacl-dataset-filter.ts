/**
 * Soda's dataset filters: `filter <dataset> [<name>]:` with `where: <condition>` (Atlas' expression
 * language, checks/expression/), and the checks of `checks for <dataset> [<name>]:`, which count only
 * the records matching it. Mapped to the per-check filter of window checks (sodacl-scope.ts): a
 * check of a filtered section is an aggregate check whose filter is `(<where>) and (<own filter>)`;
 * a check judged per record would see every record, so in a filtered section it is not evaluated.
 */

import { AGGREGATE_CHECK_TYPE } from '../../checks/check-model';
import { expressionProblem } from '../../checks/types/expression.check';
import type { AggregateParameters } from '../../windows/aggregate-check';
import type { ContractProblem } from '../odcs-document';
import type { PendingCheck } from '../odcs-property-rules';
import { SodaclCheckError } from './sodacl-checks';
import type { SodaclCheckSource, SodaclDatasetFilter, SodaclSectionFilter } from './sodacl-document';

/** A filter whose condition Atlas cannot run on a stream: the checks of its sections are not evaluated for this reason. */
export interface UnusableFilter {
  unusable: string;
}

/**
 * The dataset filters by [dataset, name]: each condition checked (a wrong one is a problem naming
 * its path and line); one with Soda's scan-time variables (`${ts_start}`) is unusable.
 */
export function datasetFilters(filters: readonly SodaclDatasetFilter[], problems: ContractProblem[]): Map<string, SodaclSectionFilter | UnusableFilter> {
  const byName = new Map<string, SodaclSectionFilter | UnusableFilter>();
  for (const filter of filters) {
    const key = filterKey(filter.dataset, filter.name);
    if (byName.has(key)) {
      problems.push({ path: filter.path, line: filter.line, message: `repeats the filter [${filter.name}] of "${filter.dataset}"` });
      continue;
    }
    if (typeof filter.condition === 'string' && filter.condition.includes('${')) {
      byName.set(key, { unusable: `the dataset filter [${filter.name}] uses scan-time variables (\${…}), which a stream has not; for time partitions use window: (run, N records or a duration)` });
      continue;
    }
    const problem = expressionProblem(filter.condition);
    if (problem) problems.push({ path: filter.path, line: filter.line, message: problem });
    else byName.set(key, { name: filter.name, condition: filter.condition as string });
  }
  return byName;
}

export function filterKey(dataset: string, name: string): string {
  return JSON.stringify([dataset, name]);
}

/** Whether a check counts only some records: its own `filter:` or its section's dataset filter. */
export function isFiltered(check: Pick<SodaclCheckSource, 'config' | 'sectionFilter'>): boolean {
  return check.config.filter !== undefined || check.sectionFilter !== undefined;
}

/** Why a per-record check of a filtered section is not evaluated. */
export function unfilteredReason(dataset: string, filterName: string): string {
  return `the dataset filter [${filterName}] scopes checks over windows; this check is judged per record on every record, so it is not evaluated under "checks for ${dataset} [${filterName}]" (write it under "checks for ${dataset}")`;
}

/** An aggregate check of a filtered section with the section's condition ANDed to its own filter; a SodaclCheckError when the two together are too long or deep. */
export function withSectionFilter(pending: PendingCheck, section: SodaclSectionFilter): PendingCheck {
  if (pending.type !== AGGREGATE_CHECK_TYPE) throw new Error('only window checks take a dataset filter');
  const parameters = pending.parameters as unknown as AggregateParameters;
  const own = parameters.filter;
  const filter = own === undefined ? section.condition : `(${section.condition}) and (${own})`;
  const problem = own === undefined ? undefined : expressionProblem(filter);
  if (problem) throw new SodaclCheckError(`filter: together with the dataset filter [${section.name}]: ${problem}`);
  return { ...pending, parameters: { ...pending.parameters, filter } };
}
