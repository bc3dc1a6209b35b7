import { SOURCE_ID_PATTERN } from '@atlas/contracts';
import { AGGREGATE_CHECK_TYPE, RUN_CHECK_TYPES, type CompiledContract, type NotEvaluatedElement, type SourceChecks } from '../../checks/check-model';
import type { RecordCheckRegistry } from '../../checks/record-checker';
import { aggregateProblem, identify } from '../odcs-compiler';
import { ContractDocumentError, type ContractProblem } from '../odcs-document';
import type { Compiled } from '../odcs-property-rules';
import { compileSodaclAnomaly, isSodaclAnomalyCheck } from './sodacl-anomaly';
import { compileSodaclCheck, SodaclCheckError } from './sodacl-checks';
import { isSodaclDocument, parseSodacl, sodaclEnvelopeProblems, type SodaclContractDocument } from './sodacl-document';
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
 * the Atlas source of that name. Throws ContractDocumentError listing every problem (path + line);
 * what is valid SodaCL but not run by Atlas is listed in `notEvaluated`, never dropped.
 */
export function compileSodaclContract(document: SodaclContractDocument, registry: RecordCheckRegistry): CompiledContract {
  if (!isSodaclDocument(document)) throw new ContractDocumentError('not a SodaCL contract', [{ path: '/format', message: 'must be "sodacl"' }]);
  const envelope = sodaclEnvelopeProblems(document as unknown as Record<string, unknown>);
  if (envelope.length > 0) throw new ContractDocumentError(`The SodaCL contract is not valid: ${envelope.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`, envelope);
  const { parsed, problems } = parseSodacl(document.sodacl);
  if (!parsed) throw new ContractDocumentError(`The SodaCL contract is not valid: ${describe(problems)}`, problems);
  const notEvaluated: NotEvaluatedElement[] = parsed.others.map((other) => ({ path: other.path, line: other.line, element: 'sodacl.section', reason: `"${other.key}" sections are not evaluated by Atlas; only "checks for <dataset>" lists are` }));
  const sources: SourceChecks[] = [];
  const taken = new Set<string>();
  const names = new Set<string>();
  for (const dataset of parsed.datasets) {
    if (names.has(dataset.name)) problems.push({ path: dataset.path, line: dataset.line, message: `repeats the dataset "${dataset.name}"; give each dataset one list` });
    names.add(dataset.name);
    const compiled: Compiled = { checks: [], notEvaluated: [] };
    for (const check of dataset.checks) {
      try {
        const result = isSodaclAnomalyCheck(check) ? compileSodaclAnomaly(check) : compileSodaclCheck(check);
        compiled.checks.push(...result.checks);
        compiled.notEvaluated.push(...result.notEvaluated);
      } catch (error) {
        if (!isCheckError(error)) throw error;
        problems.push({ path: check.path, line: check.line, message: `"${bounded(check.header)}" ${error.message}` });
      }
    }
    const lines = new Map(dataset.checks.map((check) => [check.path, check.line]));
    const source: SourceChecks = { sourceId: dataset.name, checks: [], runChecks: [], windowChecks: [] };
    for (const definition of identify(dataset.name, compiled.checks, taken)) {
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
    if (!SOURCE_ID.test(dataset.name)) {
      notEvaluated.push({ path: dataset.path, line: dataset.line, element: 'dataset', reason: `"${dataset.name}" is not an Atlas source id (${SOURCE_ID_PATTERN}); no record will be checked by it` });
    }
    notEvaluated.push(...compiled.notEvaluated);
    sources.push(source);
  }
  if (problems.length > 0) throw new ContractDocumentError(`The SodaCL contract is not valid: ${describe(problems)}`, problems.slice(0, MAX_PROBLEMS));
  return { contractId: document.id, contractVersion: document.version, status: document.status ?? 'active', sources, notEvaluated };
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
