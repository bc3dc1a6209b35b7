/**
 * The one internal check model every contract format maps to (ODCS and SodaCL). A check
 * is declarative data: what to test (type + parameters), on which field, at which level, and
 * where in the contract it came from. The stream evaluates compiled checks (see record-check.ts).
 */

import type { ContractDataset } from '@atlas/contracts';
import type { QualityDimension } from './quality-dimension';

/** `fail`: a failing record is quarantined. `warn`: the failure is reported, the record goes on. */
export type CheckLevel = 'fail' | 'warn';

export type CheckOutcomeKind = 'pass' | 'fail' | 'not_evaluated';

export interface CheckDefinition {
  /** Stable within the contract: the ODCS `id` of the quality rule when given, else `<schema>.<field>.<type>`. */
  id: string;
  /** Human-readable: the ODCS `name` when given, else generated ("amount is at least 0"). */
  name: string;
  /** The registered check class that evaluates it (see default-record-checks.ts). */
  type: string;
  /** Path of the field in the record payload (object properties, top-level first). */
  field: string[];
  level: CheckLevel;
  parameters: Record<string, unknown>;
  /** JSON pointer of the contract element the check comes from. */
  origin: string;
  /** The quality dimension the contract gives the rule; else derived from the type (quality-dimension.ts). */
  dimension?: QualityDimension;
}

/** A contract element Atlas does not enforce, reported instead of being dropped silently. */
export interface NotEvaluatedElement {
  /** JSON pointer of the element in the contract. */
  path: string;
  /** What it is: `unique`, `quality.sql`, `quality.rowCount`, `relationships`, `slaProperties` ... */
  element: string;
  reason: string;
  /** The line in the contract's text (1-based), when it was posted as text (SodaCL). */
  line?: number;
}

/** Check types evaluated over each run's records rather than per record (state kept in PostgreSQL). */
export const RUN_CHECK_TYPES: ReadonlySet<string> = new Set(['row_count', 'duplicates']);

/**
 * Aggregate checks over windows of the stream (windows/aggregate-check.ts): one metric per window
 * (a run, N records of a run, or a span of ingestion time), compared with a fail and/or warn threshold.
 */
export const AGGREGATE_CHECK_TYPE = 'aggregate';

/** The checks one contract version applies to one source (an ODCS schema object named after it). */
export interface SourceChecks {
  sourceId: string;
  /** Per record, in the stream. */
  checks: CheckDefinition[];
  /** Over each run: `row_count` ({threshold}) and `duplicates` ({columns, threshold, unit}). */
  runChecks: CheckDefinition[];
  /** Over windows of the stream: `aggregate` ({metric, window, thresholds, missingValues, validity}). */
  windowChecks: CheckDefinition[];
  /** The dataset's columns and primary key, carried on Chart records for typed Navigate tables. */
  dataset?: ContractDataset;
}

/** A contract version compiled into the internal model. */
export interface CompiledContract {
  contractId: string;
  contractVersion: string;
  status: string;
  sources: SourceChecks[];
  notEvaluated: NotEvaluatedElement[];
}
