import type { ContractDataset } from '@atlas/contracts';
import type { CheckDefinition, CheckLevel, CheckOutcomeKind } from './check-model';
import type { RecordCheck, RecordCheckFactory } from './record-check';
import type { AggregateCheck } from '../windows/aggregate-check';

/** One check's verdict on one record, as stored with a quarantined record and served by dry-runs. */
export interface CheckResult {
  checkId: string;
  checkName: string;
  /** The check type; the quarantine's historical name for it. */
  rule: string;
  field: string;
  level: CheckLevel;
  outcome: CheckOutcomeKind;
  measuredValue?: unknown;
  message?: string;
}

export interface RecordVerdict {
  /** Failed checks of level `fail`: the record is quarantined when there is any. */
  failed: CheckResult[];
  /** Failed checks of level `warn`: reported, the record goes on. */
  warned: CheckResult[];
  notEvaluated: CheckResult[];
  passed: number;
  /** Every check's result, in contract order (dry-runs only). */
  results?: CheckResult[];
}

/** A finding of pii-detection: the output path of a value it rewrote, and how. */
export interface ProtectedField {
  field: string;
  operator: string;
}

/** Every path that holds a rewritten value or contains one (`contact` for `contact.email`, `tags` for `tags[0]`). */
export function protectedPathsOf(findings: readonly ProtectedField[]): ReadonlySet<string> | undefined {
  let paths: Set<string> | undefined;
  for (const finding of findings) {
    if (finding.operator === 'keep') continue;
    paths ??= new Set();
    const field = finding.field;
    paths.add(field);
    for (let index = 0; index < field.length; index++) {
      if (field[index] === '.' || field[index] === '[') paths.add(field.slice(0, index));
    }
  }
  return paths;
}

interface CompiledCheck {
  check: RecordCheck;
  path: string[];
  fieldName: string;
  /** The fields a check across fields reads (record-check.ts). */
  readsFields?: readonly string[];
  /** Values that are missing, not invalid (SodaCL `missing values` on a validity check): not evaluated. */
  excluded?: ReadonlySet<unknown>;
}

function valueAt(payload: Record<string, unknown>, path: string[]): unknown {
  let current: unknown = payload;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function resultOf(compiled: CompiledCheck, outcome: CheckOutcomeKind, measuredValue: unknown, message: string | undefined): CheckResult {
  const { definition } = compiled.check;
  const result: CheckResult = { checkId: definition.id, checkName: definition.name, rule: definition.type, field: compiled.fieldName, level: definition.level, outcome };
  if (measuredValue !== undefined) result.measuredValue = measuredValue;
  if (message !== undefined) result.message = message;
  return result;
}

const PROTECTED_MESSAGE = 'value protected by pii-detection';
const MISSING_MESSAGE = 'a missing value';

/** The checks of one contract version for one source, ready for the stream. */
export class SourceContractChecker {
  private readonly compiled: CompiledCheck[];

  constructor(
    readonly contractId: string,
    readonly contractVersion: string,
    readonly sourceId: string,
    checks: RecordCheck[],
    /** Checks over each run (row count, duplicates): evaluated by the results store, not per record. */
    readonly runChecks: CheckDefinition[] = [],
    /** Aggregate checks over windows of the stream (windows/window-accumulator.ts). */
    readonly windowChecks: AggregateCheck[] = [],
    /** The dataset's shape in this version, passed on with each valid record. */
    readonly dataset?: ContractDataset,
  ) {
    this.compiled = checks.map((check) => {
      const excluded = check.definition.parameters.excludedValues;
      const readsFields = check.readsFields && check.readsFields.length > 0 ? { readsFields: check.readsFields } : {};
      return { check, path: check.definition.field, fieldName: check.definition.field.join('.'), ...readsFields, ...(Array.isArray(excluded) && excluded.length > 0 ? { excluded: new Set(excluded) } : {}) };
    });
  }

  /** The definitions of the checks, in contract order. */
  get definitions(): CheckDefinition[] {
    return this.compiled.map((compiled) => compiled.check.definition);
  }

  /** The compiled per-record checks, in contract order (reference checks need their tables loaded). */
  get recordChecks(): RecordCheck[] {
    return this.compiled.map((compiled) => compiled.check);
  }

  get checkCount(): number {
    return this.compiled.length;
  }

  /**
   * Runs every check on a (protected) payload. A value pii-detection rewrote is judged only by
   * checks meaningful on it (presence); the others are not evaluated for this record.
   */
  evaluate(payload: Record<string, unknown>, protectedPaths?: ReadonlySet<string>, detailed = false): RecordVerdict {
    // Most records pass every check: the lists are created only when something goes into them.
    let failed: CheckResult[] | undefined;
    let warned: CheckResult[] | undefined;
    let notEvaluated: CheckResult[] | undefined;
    let passed = 0;
    const results: CheckResult[] | undefined = detailed ? [] : undefined;
    for (const compiled of this.compiled) {
      const isProtected = protectedPaths !== undefined && (protectedPaths.has(compiled.fieldName) || (compiled.readsFields !== undefined && compiled.readsFields.some((field) => protectedPaths.has(field))));
      let result: CheckResult;
      if (isProtected && !compiled.check.meaningfulOnProtectedValue) {
        result = resultOf(compiled, 'not_evaluated', undefined, PROTECTED_MESSAGE);
      } else {
        const value = compiled.path.length === 1 ? own(payload, compiled.path[0]) : valueAt(payload, compiled.path);
        const outcome = compiled.excluded?.has(value) ? { outcome: 'not_evaluated' as const, measuredValue: undefined, message: MISSING_MESSAGE } : compiled.check.evaluate(value);
        if (outcome.outcome === 'pass' || (outcome.outcome === 'fail' && isProtected)) {
          // A rewritten value was present (pii-detection only finds non-empty values), even when redacted to "".
          passed += 1;
          results?.push(resultOf(compiled, 'pass', isProtected ? 'protected' : undefined, undefined));
          continue;
        }
        result = resultOf(compiled, outcome.outcome, outcome.measuredValue, outcome.message);
      }
      if (result.outcome === 'not_evaluated') (notEvaluated ??= []).push(result);
      else if (result.level === 'fail') (failed ??= []).push(result);
      else (warned ??= []).push(result);
      results?.push(result);
    }
    const verdict: RecordVerdict = { failed: failed ?? [], warned: warned ?? [], notEvaluated: notEvaluated ?? [], passed };
    if (results) verdict.results = results;
    return verdict;
  }
}

function own(payload: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(payload, key) ? payload[key] : undefined;
}

/** The check factories by type, and the problem of a definition (unknown type or bad parameters). */
export class RecordCheckRegistry {
  private readonly byType: Map<string, RecordCheckFactory>;

  constructor(factories: RecordCheckFactory[]) {
    this.byType = new Map(factories.map((factory) => [factory.type, factory]));
  }

  problemOf(definition: CheckDefinition): string | undefined {
    const factory = this.byType.get(definition.type);
    return factory ? factory.parameterProblem(definition.parameters) : `no check type "${definition.type}"`;
  }

  create(definition: CheckDefinition): RecordCheck {
    const factory = this.byType.get(definition.type);
    if (!factory) throw new Error(`no check type "${definition.type}"`);
    return factory.create(definition);
  }
}
