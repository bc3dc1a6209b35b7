/**
 * Aggregate checks over windows of the stream: row count, missing/invalid counts and percentages,
 * min, max, avg, stddev/variance, percentiles, freshness and distribution drift of a field, over
 * the records matching the check's filter, optionally per segment (the value of a group-by column). A window's state is a handful
 * of running sums and extremes, M2 for the variance and, for percentiles, a DDSketch (value-sketch.ts):
 * O(1) per window, check and record, and mergeable (two partial states of one window add up), so it
 * can live in PostgreSQL and be summed batch by batch (windows/window-store.ts).
 */

import type { AnomalyRule } from '../anomalies/anomaly-rule';
import type { CheckDefinition, CheckLevel } from '../checks/check-model';
import { isAbsent, type RecordCheck } from '../checks/record-check';
import { thresholdHolds, type Threshold } from '../checks/threshold';
import { addCategory, categoryOf, emptyCategories, mergeCategories, type CategoryCounts } from './category-counts';
import { CheckScope } from './check-scope';
import type { DriftMethod } from './distribution-drift';
import { addToSketch, emptySketch, m2WithValue, mergedM2, mergeSketches, quantileOf, type ValueSketch } from './value-sketch';

export const AGGREGATE_METRICS = [
  'row_count', 'missing_count', 'missing_percent', 'invalid_count', 'invalid_percent', 'min', 'max', 'avg', 'freshness',
  'stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop', 'percentile', 'failed_rows', 'failed_rows_percent', 'distribution_difference',
] as const;
export type AggregateMetric = (typeof AGGREGATE_METRICS)[number];

/** A run (evaluated when its last record is judged), N records of a run by position, or a span of ingestion time. */
export type WindowSpec = { kind: 'run' } | { kind: 'count'; size: number } | { kind: 'time'; sizeMs: number };

export type Scalar = string | number | boolean | null;

/** A per-record check whose failure makes a value invalid (Soda's `valid format`, `valid values` ...). */
export interface ValidityRule {
  type: string;
  parameters: Record<string, unknown>;
}

export interface AggregateParameters {
  metric: AggregateMetric;
  window: WindowSpec;
  /**
   * What must hold for the window to pass at each level (an absent level never fires); or, for an
   * anomaly detection check, the rule its value is judged by against the series' history (anomalies/).
   */
  thresholds: { fail?: Threshold; warn?: Threshold; anomaly?: AnomalyRule };
  /** Values that count as missing besides absent and null (Soda `missing values`). */
  missingValues: Scalar[];
  validity: ValidityRule[];
  /** percentile: the quantile, 0 to 1 (SodaCL `percentile(amount, 0.95)`). */
  quantile?: number;
  /** Only records for which this condition (checks/expression/) is true count in the check's windows. */
  filter?: string;
  /** One result per value of this column besides the overall one, for at most `limit` values per window. */
  groupBy?: { field: string[]; limit: number };
  /** distribution_difference: how the window is compared with its reference (distribution-drift.ts). */
  distribution?: DistributionOptions;
}

/** A continuous column is compared over its DDSketch (ks, psi), a categorical one over its value counts (psi, chi_square). */
export interface DistributionOptions {
  type: 'continuous' | 'categorical';
  method: DriftMethod;
  reference: DriftReference;
}

/**
 * The merged state of the same series' (source, check, segment) latest N closed windows before this
 * one, or of every closed window of one pinned run of that series.
 */
export type DriftReference = { kind: 'previous_windows'; windows: number } | { kind: 'run'; runId: string };

/** A pinned reference run's id: a UUID, as runs are (checked before it reaches a uuid query parameter). */
export const REFERENCE_RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The running state of one window of one check. */
export interface WindowState {
  /** Records of the window judged. */
  rows: number;
  /** Records whose value the metric could not read (protected by pii-detection, not a number ...). */
  notEvaluated: number;
  missing: number;
  invalid: number;
  /** Numbers seen (min, max, avg) or timestamps in ms (freshness). */
  valueCount: number;
  valueSum: number;
  valueMin: number | null;
  valueMax: number | null;
  /** The sum of squared deviations from the mean of the numbers seen (Chan et al.'s M2). */
  valueM2: number;
  /** percentile checks only: a DDSketch of the numbers seen (null for other metrics). */
  sketch: ValueSketch | null;
  /** Categorical distribution checks only: the window's value counts (null for other metrics). */
  categories?: CategoryCounts | null;
  /** The latest ingestion time of the window's records: "now" for freshness. */
  maxIngestedMs: number | null;
}

export type WindowOutcomeKind = 'pass' | 'warn' | 'fail' | 'not_evaluated';

export function emptyWindowState(withSketch = false, withCategories = false): WindowState {
  return {
    rows: 0, notEvaluated: 0, missing: 0, invalid: 0, valueCount: 0, valueSum: 0, valueMin: null, valueMax: null, valueM2: 0,
    sketch: withSketch ? emptySketch() : null, ...(withCategories ? { categories: emptyCategories() } : {}), maxIngestedMs: null,
  };
}

/** A categorical distribution check counts values; percentiles and continuous distributions keep a sketch. */
export function emptyWindowStateFor(parameters: Pick<AggregateParameters, 'metric' | 'distribution'>): WindowState {
  const categorical = parameters.metric === 'distribution_difference' && parameters.distribution?.type === 'categorical';
  return emptyWindowState(parameters.metric === 'percentile' || (parameters.metric === 'distribution_difference' && !categorical), categorical);
}

const least = (left: number | null, right: number | null) => (left === null ? right : right === null ? left : Math.min(left, right));
const greatest = (left: number | null, right: number | null) => (left === null ? right : right === null ? left : Math.max(left, right));

/** Two partial states of one window, or two closed windows of a check over a run, as PostgreSQL adds them (windows/window-store.ts). */
export function mergeWindowStates(into: WindowState, from: WindowState): WindowState {
  return {
    rows: into.rows + from.rows,
    notEvaluated: into.notEvaluated + from.notEvaluated,
    missing: into.missing + from.missing,
    invalid: into.invalid + from.invalid,
    valueCount: into.valueCount + from.valueCount,
    valueSum: into.valueSum + from.valueSum,
    valueMin: least(into.valueMin, from.valueMin),
    valueMax: greatest(into.valueMax, from.valueMax),
    valueM2: mergedM2(into.valueCount, into.valueSum, into.valueM2, from.valueCount, from.valueSum, from.valueM2),
    sketch: mergeSketches(into.sketch, from.sketch),
    ...(into.categories || from.categories ? { categories: mergeCategories(into.categories ?? null, from.categories ?? null) } : {}),
    maxIngestedMs: greatest(into.maxIngestedMs, from.maxIngestedMs),
  };
}

/** The start of a record's window: 0 for a run, the first position of its block, the first ms of its span. */
export function windowStartOf(spec: WindowSpec, positionIndex: number, ingestedMs: number): number {
  if (spec.kind === 'run') return 0;
  if (spec.kind === 'count') return Math.floor(positionIndex / spec.size) * spec.size;
  return Math.floor(ingestedMs / spec.sizeMs) * spec.sizeMs;
}

/** The end of a window (exclusive; -1 when a run's size is unknown); a count window is cut at the run's size. */
export function windowEndOf(spec: WindowSpec, start: number, total: number | undefined): number {
  if (spec.kind === 'run') return total ?? -1;
  if (spec.kind === 'count') return total === undefined ? start + spec.size : Math.min(start + spec.size, total);
  return start + spec.sizeMs;
}

/** The window of a record: `start` and `end` (exclusive; -1 when a run's size is unknown). */
export function windowOf(spec: WindowSpec, positionIndex: number, total: number | undefined, ingestedMs: number): { start: number; end: number } {
  const start = windowStartOf(spec, positionIndex, ingestedMs);
  return { start, end: windowEndOf(spec, start, total) };
}

/**
 * The metric of a window, Soda's semantics: missing = absent, null or a configured missing value;
 * percentages are over all the window's rows (invalid: over the rows whose value could be judged);
 * invalid excludes missing; min, max and avg ignore missing values; freshness is the latest
 * ingestion time minus the latest timestamp of the field; stddev and variance are the sample ones
 * (PostgreSQL's STDDEV and VARIANCE, which Soda runs), `_pop` the population ones; a percentile is
 * DDSketch's, within 1% of the value at that rank. Undefined when there is nothing to measure.
 */
export function metricOf(metric: AggregateMetric, state: WindowState, quantile?: number): number | undefined {
  switch (metric) {
    case 'row_count':
      return state.rows;
    case 'missing_count':
      return state.missing;
    case 'missing_percent':
      return state.rows === 0 ? undefined : (state.missing / state.rows) * 100;
    case 'invalid_count':
      return state.rows === state.notEvaluated ? undefined : state.invalid;
    case 'invalid_percent':
      return state.rows === state.notEvaluated ? undefined : (state.invalid / (state.rows - state.notEvaluated)) * 100;
    case 'min':
      return state.valueMin ?? undefined;
    case 'max':
      return state.valueMax ?? undefined;
    case 'avg':
      return state.valueCount === 0 ? undefined : state.valueSum / state.valueCount;
    case 'freshness':
      return state.valueMax === null || state.maxIngestedMs === null ? undefined : state.maxIngestedMs - state.valueMax;
    case 'stddev':
    case 'stddev_samp':
      return state.valueCount < 2 ? undefined : Math.sqrt(Math.max(0, state.valueM2) / (state.valueCount - 1));
    case 'stddev_pop':
      return state.valueCount === 0 ? undefined : Math.sqrt(Math.max(0, state.valueM2) / state.valueCount);
    case 'variance':
    case 'var_samp':
      return state.valueCount < 2 ? undefined : Math.max(0, state.valueM2) / (state.valueCount - 1);
    case 'var_pop':
      return state.valueCount === 0 ? undefined : Math.max(0, state.valueM2) / state.valueCount;
    case 'percentile':
      return state.sketch === null || quantile === undefined ? undefined : quantileOf(state.sketch, quantile);
    // Failed rows (a condition across fields) reuse the invalid counts: rows where it failed, of the rows it could judge.
    case 'failed_rows':
      return state.rows === state.notEvaluated ? undefined : state.invalid;
    case 'failed_rows_percent':
      return state.rows === state.notEvaluated ? undefined : (state.invalid / (state.rows - state.notEvaluated)) * 100;
    case 'distribution_difference':
      // Needs the reference: judged when the window closes (windows/drift-judgement.ts).
      return undefined;
  }
}

/**
 * A window's outcome: fail when its fail threshold breaks, else warn when its warn threshold does,
 * else pass. An anomaly detection check's needs the series' history: not evaluated here (the window
 * store judges it when the window closes, anomalies/anomaly-judgement.ts).
 */
export function windowOutcome(parameters: Pick<AggregateParameters, 'metric' | 'thresholds'> & { quantile?: number | null }, state: WindowState): { outcome: WindowOutcomeKind; measuredValue: number | null } {
  const value = metricOf(parameters.metric, state, parameters.quantile ?? undefined);
  if (value === undefined) return { outcome: 'not_evaluated', measuredValue: null };
  if (parameters.thresholds.anomaly) return { outcome: 'not_evaluated', measuredValue: value };
  return { outcome: outcomeOfValue(parameters.thresholds, value), measuredValue: value };
}

/** fail when the fail threshold breaks, else warn when the warn one does, else pass. */
export function outcomeOfValue({ fail, warn }: AggregateParameters['thresholds'], value: number): WindowOutcomeKind {
  if (fail && !thresholdHolds(fail, value)) return 'fail';
  if (warn && !thresholdHolds(warn, value)) return 'warn';
  return 'pass';
}

/** The highest level a check can reach: `fail` when it has a fail threshold. */
export function levelOfThresholds(thresholds: AggregateParameters['thresholds']): CheckLevel {
  if (thresholds.anomaly) return thresholds.anomaly.level;
  return thresholds.fail ? 'fail' : 'warn';
}

/** Metrics counting the rows a condition across fields fails (SodaCL failed rows, an ODCS Atlas expression with a tolerance). */
export const FAILED_ROWS_METRICS: ReadonlySet<AggregateMetric> = new Set(['failed_rows', 'failed_rows_percent']);

const VALUE_METRICS: ReadonlySet<AggregateMetric> = new Set(['invalid_count', 'invalid_percent', 'failed_rows', 'failed_rows_percent', 'min', 'max', 'avg', 'freshness', 'stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop', 'percentile', 'distribution_difference']);

/** An aggregate check compiled for the stream: adds one record's value to a window state in O(1). */
export class AggregateCheck {
  readonly parameters: AggregateParameters;
  /** The field's path as pii-detection names it (`contact.email`); empty for dataset metrics (row count). */
  readonly fieldName: string;
  /** Failed rows: the fields the condition reads (the record is the value); a rewritten one makes the row not evaluated. */
  readonly readsFields: readonly string[];
  private readonly missing: ReadonlySet<Scalar>;
  private readonly readsValue: boolean;
  private readonly readsRecord: boolean;
  private readonly categorical: boolean;
  /** Its filter and group-by column. */
  readonly scope: CheckScope;

  constructor(
    readonly definition: CheckDefinition,
    private readonly validity: RecordCheck[],
  ) {
    this.parameters = definition.parameters as unknown as AggregateParameters;
    this.missing = new Set(this.parameters.missingValues);
    this.readsValue = VALUE_METRICS.has(this.parameters.metric);
    this.categorical = this.parameters.metric === 'distribution_difference' && this.parameters.distribution?.type === 'categorical';
    this.fieldName = definition.field.join('.');
    this.readsRecord = FAILED_ROWS_METRICS.has(this.parameters.metric);
    this.readsFields = this.readsRecord ? validity.flatMap((check) => check.readsFields ?? []) : [];
    this.scope = new CheckScope(this.parameters.filter, this.parameters.groupBy);
  }

  /** Whether pii-detection rewrote what the metric reads: the field, or a field the condition reads. */
  isProtectedIn(protectedPaths: ReadonlySet<string>): boolean {
    if (this.readsRecord) return this.readsFields.some((field) => protectedPaths.has(field));
    return this.fieldName !== '' && protectedPaths.has(this.fieldName);
  }

  /** Whether protection can matter to this check at all (a field, or fields a condition reads). */
  get readsFieldValues(): boolean {
    return this.fieldName !== '' || this.readsFields.length > 0;
  }

  /** The field's value in a payload (undefined when absent, or for dataset metrics); the whole record for failed rows. */
  valueOf(payload: Record<string, unknown>): unknown {
    if (this.readsRecord) return payload;
    let current: unknown = payload;
    for (const key of this.definition.field) {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return this.definition.field.length === 0 ? undefined : current;
  }

  /** Adds a record to the state; true when the record counts against the check (missing or invalid). */
  observe(state: WindowState, value: unknown, isProtected: boolean, ingestedMs: number): boolean {
    state.rows += 1;
    if (state.maxIngestedMs === null || ingestedMs > state.maxIngestedMs) state.maxIngestedMs = ingestedMs;
    // pii-detection only rewrites values that were there: a protected value is present, and unreadable.
    const isMissing = !isProtected && (isAbsent(value) || this.missing.has(value as Scalar));
    if (isMissing) state.missing += 1;
    const metric = this.parameters.metric;
    if (!this.readsValue) return isMissing && (metric === 'missing_count' || metric === 'missing_percent');
    if (isProtected) {
      state.notEvaluated += 1;
      return false;
    }
    if (isMissing) return false;
    if (metric === 'invalid_count' || metric === 'invalid_percent' || this.readsRecord) return this.observeValidity(state, value);
    if (this.categorical) return this.observeCategory(state, value);
    const number = metric === 'freshness' ? timestampOf(value) : typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    if (number === undefined) {
      state.notEvaluated += 1;
      return false;
    }
    state.valueM2 = m2WithValue(state.valueM2, state.valueCount, state.valueSum, number);
    state.valueCount += 1;
    state.valueSum += number;
    if (state.sketch !== null) addToSketch(state.sketch, number);
    if (state.valueMin === null || number < state.valueMin) state.valueMin = number;
    if (state.valueMax === null || number > state.valueMax) state.valueMax = number;
    return false;
  }

  private observeCategory(state: WindowState, value: unknown): boolean {
    const category = categoryOf(value);
    if (category === undefined) state.notEvaluated += 1;
    else {
      state.valueCount += 1;
      addCategory((state.categories ??= emptyCategories()), category);
    }
    return false;
  }

  private observeValidity(state: WindowState, value: unknown): boolean {
    let judged = false;
    for (const check of this.validity) {
      const outcome = check.evaluate(value).outcome;
      if (outcome === 'fail') {
        state.invalid += 1;
        return true;
      }
      if (outcome === 'pass') judged = true;
    }
    // Like the per-record checks, a value none of the rules could read (a number for a format) is not evaluated.
    if (!judged) state.notEvaluated += 1;
    return false;
  }
}

function timestampOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const milliseconds = Date.parse(value);
  return Number.isNaN(milliseconds) ? undefined : milliseconds;
}
