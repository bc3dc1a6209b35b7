import { HttpIncremental } from './http-api-config';
import { JsonPathStep, parseJsonPath, valueAtPath } from './json-path';

export type CursorValue = string | number;

/**
 * The greatest incremental cursor seen in a run's records (a date or an increasing id). Values that
 * are not a readable date / finite number are ignored (they cannot move the cursor). The value kept
 * is the record's own (no reformatting), sent as the query parameter of the next run.
 */
export class IncrementalCursor {
  private readonly path: JsonPathStep[];
  private best: CursorValue | undefined;
  private bestRank = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly config: HttpIncremental,
    start: CursorValue | undefined,
  ) {
    this.path = parseJsonPath(config.cursorPath);
    if (start !== undefined) this.offer(start);
  }

  /** Considers one record's cursor. */
  observe(record: unknown): void {
    const value = valueAtPath(record, this.path);
    if (typeof value === 'string' || typeof value === 'number') this.offer(value);
  }

  value(): CursorValue | undefined {
    return this.best;
  }

  private offer(value: CursorValue): void {
    const rank = this.rankOf(value);
    if (rank !== undefined && rank > this.bestRank) {
      this.best = value;
      this.bestRank = rank;
    }
  }

  private rankOf(value: CursorValue): number | undefined {
    const rank = this.config.cursorType === 'number' ? Number(value) : typeof value === 'number' ? value : Date.parse(value);
    return Number.isFinite(rank) && !(typeof value === 'string' && value.trim() === '') ? rank : undefined;
  }
}
