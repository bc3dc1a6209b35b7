import type { CheckDefinition, CheckOutcomeKind } from './check-model';

/** What one check measured on one value. Passing checks share one constant: no allocation per pass. */
export interface CheckOutcome {
  outcome: CheckOutcomeKind;
  /** What the check measured (a length, a number, the JSON type, a bounded copy of the value ...). */
  measuredValue?: unknown;
  /** Why it failed or was not evaluated; never longer than a line. */
  message?: string;
}

export const PASS: CheckOutcome = Object.freeze({ outcome: 'pass' });

/** A value check on an absent value: missing values are the business of `not_null` alone. */
export const NO_VALUE: CheckOutcome = Object.freeze({ outcome: 'not_evaluated', message: 'no value' });

export function fail(measuredValue: unknown, message: string): CheckOutcome {
  return { outcome: 'fail', measuredValue, message };
}

export function notEvaluated(message: string): CheckOutcome {
  return { outcome: 'not_evaluated', message };
}

/** A check compiled for the stream: parameters parsed and regular expressions built once. */
export interface RecordCheck {
  readonly definition: CheckDefinition;
  /**
   * Whether the check can judge a value that pii-detection rewrote (masked, hashed, tokenized ...).
   * Only presence can: the protected form of a value still says the value was there.
   */
  readonly meaningfulOnProtectedValue: boolean;
  /**
   * The fields a check across fields reads (dotted paths); its definition's field is then empty and
   * `evaluate` receives the whole payload. Not evaluated when pii-detection rewrote one of them.
   */
  readonly readsFields?: readonly string[];
  evaluate(value: unknown): CheckOutcome;
}

/**
 * Builds the record check of one check type; a plug-in point like pii-detection's recognizers.
 * `parameterProblem` names what is wrong with a definition's parameters (checked when a contract is
 * compiled, so the stream never meets a bad one).
 */
export interface RecordCheckFactory {
  readonly type: string;
  parameterProblem(parameters: Record<string, unknown>): string | undefined;
  create(definition: CheckDefinition): RecordCheck;
}

const MEASURED_TEXT_LIMIT = 64;

/** Copies of values in results are bounded; the value itself is the protected one (see docs). */
export function measuredText(value: string): string {
  return value.length <= MEASURED_TEXT_LIMIT ? value : `${value.slice(0, MEASURED_TEXT_LIMIT)}…`;
}

export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
