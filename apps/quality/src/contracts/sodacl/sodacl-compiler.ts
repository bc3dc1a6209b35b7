import { SOURCE_ID_PATTERN } from '@atlas/contracts';
import { AGGREGATE_CHECK_TYPE, RUN_CHECK_TYPES, type CompiledContract, type NotEvaluatedElement, type SourceChecks } from '../../checks/check-model';
import type { RecordCheckRegistry } from '../../checks/record-checker';
import { aggregateProblem, identify } from '../odcs-compiler';
import { ContractDocumentError, type ContractProblem } from '../odcs-document';
import type { Compiled } from '../odcs-property-rules';
import { compileSodaclAnomaly, isSodaclAnomalyCheck } from './sodacl-anomaly';
import { compileSodaclCheck, SodaclCheckError } from './sodacl-checks';
import { datasetFilters, filterKey, unfilteredReason, withSectionFilter } from './sodacl-dataset-filter';
import { isSodaclDocument, parseSodacl, sodaclEnvelopeProblems, type SodaclContractDocument, type SodaclSectionFilter } from './sodacl-document';
import { SodaclExpressionError } from './sodacl-expression';
import { SodaclRuleError } from './sodacl-record-rules';
import { SodaclSchemaError } from './sodacl-schema';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
const MAX_PROBLEMS = 20;

/** Every problem of a posted SodaCL contract (envelope, YAML, each check), each with its path and line; empty when valid. */
export function sodaclProblems(body: unknown, registry: RecordCheckRegistry): ContractProblem[] {
  try {
    compileSodaclContract(body as SodaclContractDocument, registry);
    return [];
  } catch (error) {
    if (error instanceof ContractDocumentError) return error.problems;
    throw error;
  }
}

function isCheckError(error: unknown): error is Error {
  return error instanceof SodaclCheckError || error instanceof SodaclExpressionError || error instanceof SodaclSchemaError || error instanceof SodaclRuleError;
}

/**
 * Compiles a SodaCL contract into the internal check model: each `checks for <dataset>:` governs
 * the Atlas source of that name; `checks for <dataset> [<filter>]:` adds checks scoped by the
 * dataset filter `filter <dataset> [<filter>]: where: <condition>` (sodacl-dataset-filter.ts). Throws ContractDocumentError listing every problem (path + line);
 * what is valid SodaCL but not run by Atlas is listed in `notEvaluated`, never dropped.
 */
export function compileSodaclContract(document: SodaclContractDocument, registry: RecordCheckRegistry): CompiledContract {
  if (!isSodaclDocument(document)) throw new ContractDocumentError('not a SodaCL contract', [{ path: '/format', message: 'must be "sodacl"' }]);
  const envelope = sodaclEnvelopeProblems(document as unknown as Record<string, unknown>);
  if (envelope.length > 0) throw new ContractDocumentError(`The SodaCL contract is not valid: ${envelope.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`, envelope);
  const { parsed, problems } = parseSodacl(document.sodacl);
  if (!parsed) throw new ContractDocumentError(`The SodaCL contract is not valid: ${describe(problems)}`, problems);
  const notEvaluated: NotEvaluatedElement[] = parsed.others.map((other) => ({ path: other.path, line: other.line, element: 'sodacl.section', reason: `"${other.key}" sections are not evaluated by Atlas; only "checks for <dataset>" lists and dataset filters are` }));
  const filters = datasetFilters(parsed.filters, problems);
  const sources = new Map<string, SourceChecks>();
  const taken = new Set<string>();
  const sections = new Set<string>();
  for (const dataset of parsed.datasets) {
    const section = dataset.filterName === undefined ? dataset.name : `${dataset.name} [${dataset.filterName}]`;
    if (sections.has(section)) problems.push({ path: dataset.path, line: dataset.line, message: `repeats the dataset "${section}"; give each dataset (and filter) one list` });
    sections.add(section);
    let sectionFilter: SodaclSectionFilter | undefined;
    if (dataset.filterName !== undefined) {
      const filter = filters.get(filterKey(dataset.name, dataset.filterName));
      if (!filter) {
        problems.push({ path: dataset.path, line: dataset.line, message: `uses the filter [${dataset.filterName}], but no "filter ${dataset.name} [${dataset.filterName}]:" section defines it` });
        continue;
      }
      if ('unusable' in filter) {
        for (const check of dataset.checks) notEvaluated.push({ path: check.path, line: check.line, element: 'sodacl.filter', reason: filter.unusable });
        continue;
      }
      sectionFilter = filter;
    }
    const compiled: Compiled = { checks: [], notEvaluated: [] };
    for (const written of dataset.checks) {
      const check = sectionFilter ? { ...written, sectionFilter } : written;
      try {
        const result = isSodaclAnomalyCheck(check) ? compileSodaclAnomaly(check) : compileSodaclCheck(check);
        compiled.notEvaluated.push(...result.notEvaluated);
        for (const pending of result.checks) {
          // A check judged per record would see every record: none of a filtered section runs unfiltered.
          if (!sectionFilter) compiled.checks.push(pending);
          else if (pending.type === AGGREGATE_CHECK_TYPE) compiled.checks.push(withSectionFilter(pending, sectionFilter));
          else compiled.notEvaluated.push({ path: check.path, line: check.line, element: `sodacl.${pending.type}`, reason: unfilteredReason(dataset.name, sectionFilter.name) });
        }
      } catch (error) {
        if (!isCheckError(error)) throw error;
        problems.push({ path: check.path, line: check.line, message: `"${bounded(check.header)}" ${error.message}` });
      }
    }
    const lines = new Map(dataset.checks.map((check) => [check.path, check.line]));
    let source = sources.get(dataset.name);
    if (!source) {
      source = { sourceId: dataset.name, checks: [], runChecks: [], windowChecks: [] };
      sources.set(dataset.name, source);
      if (!SOURCE_ID.test(dataset.name)) {
        notEvaluated.push({ path: dataset.path, line: dataset.line, element: 'dataset', reason: `"${dataset.name}" is not an Atlas source id (${SOURCE_ID_PATTERN}); no record will be checked by it` });
      }
    }
    // A filtered section's checks are named after it: orders[daily].row_count.
    for (const definition of identify(sectionFilter ? `${dataset.name}[${sectionFilter.name}]` : dataset.name, compiled.checks, taken)) {
      const line = lines.get(definition.origin);
      if (RUN_CHECK_TYPES.has(definition.type)) {
        source.runChecks.push(definition);
        continue;
      }
      const isAggregate = definition.type === AGGREGATE_CHECK_TYPE;
      const problem = isAggregate ? aggregateProblem(definition, registry) : registry.problemOf(definition);
      if (problem) compiled.notEvaluated.push({ path: definition.origin, ...(line ? { line } : {}), element: definition.type, reason: problem });
      else (isAggregate ? source.windowChecks : source.checks).push(definition);
    }
    notEvaluated.push(...compiled.notEvaluated);
  }
  if (problems.length > 0) throw new ContractDocumentError(`The SodaCL contract is not valid: ${describe(problems)}`, problems.slice(0, MAX_PROBLEMS));
  return { contractId: document.id, contractVersion: document.version, status: document.status ?? 'active', sources: [...sources.values()], notEvaluated };
}

function describe(problems: ContractProblem[]): string {
  return problems
    .slice(0, MAX_PROBLEMS)
    .map((problem) => `${problem.path}${problem.line ? ` (line ${problem.line})` : ''} ${problem.message}`)
    .join('; ');
}

function bounded(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 80)}…`;
}
