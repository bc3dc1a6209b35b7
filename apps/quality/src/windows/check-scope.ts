/**
 * Which records a windowed check counts and how it splits them: its filter (a condition in the
 * expression language of checks/expression/, SodaCL's in-check `filter:`) and its group-by column
 * (one result per value, a segment). Compiled once per contract version; O(filter size) per record.
 */

import { compileExpression, type CompiledExpression } from '../checks/expression/expression-evaluator';
import { fieldsOf, parseExpression } from '../checks/expression/expression-syntax';
import { categoryOf } from './category-counts';

/** Segments kept per window of a check when the contract gives no limit, and the most it may ask. */
export const DEFAULT_SEGMENT_LIMIT = 100;
export const MAX_SEGMENT_LIMIT = 1000;

export class CheckScope {
  private readonly filter?: CompiledExpression;
  /** The fields the filter reads, as pii-detection names them: a record with one protected does not match. */
  readonly filterFields: readonly string[] = [];
  /** The group-by column as pii-detection names it ('' without segments). */
  readonly segmentFieldName: string;

  constructor(
    filter: string | undefined,
    private readonly groupBy: { field: string[]; limit: number } | undefined,
  ) {
    this.segmentFieldName = groupBy?.field.join('.') ?? '';
    if (filter === undefined) return;
    const tree = parseExpression(filter);
    this.filter = compileExpression(tree);
    this.filterFields = [...fieldsOf(tree).keys()];
  }

  get segmentLimit(): number {
    return this.groupBy?.limit ?? 0;
  }

  /** Whether a record counts in the check's windows: its filter is true (unknown, or a protected field read, is not). */
  matches(payload: Record<string, unknown>, protectedPaths: ReadonlySet<string> | undefined): boolean {
    if (!this.filter) return true;
    if (protectedPaths && this.filterFields.some((name) => protectedPaths.has(name))) return false;
    return this.filter(payload) === true;
  }

  /**
   * The record's segment key: the group-by value as JSON (`"DHL"`, `3`, `null` when absent or null,
   * text cut at 128 characters); '' without group by; undefined when it cannot be grouped (protected
   * by pii-detection, an object or a list).
   */
  segmentOf(payload: Record<string, unknown>, protectedPaths: ReadonlySet<string> | undefined): string | undefined {
    if (!this.groupBy) return '';
    if (protectedPaths?.has(this.segmentFieldName)) return undefined;
    let current: unknown = payload;
    for (const key of this.groupBy.field) {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) return 'null';
      current = (current as Record<string, unknown>)[key];
    }
    if (current === null || current === undefined) return 'null';
    const category = categoryOf(current);
    return category === undefined ? undefined : JSON.stringify(typeof current === 'string' ? category : current);
  }
}
