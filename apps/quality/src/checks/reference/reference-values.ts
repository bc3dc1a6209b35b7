/**
 * The values of reference tables (a PostgreSQL table's column, or a column of a typed Navigate
 * dataset) held in memory for reference checks: each lookup is a set membership, so the stream never
 * waits on the database. Bounded: at most MAX_REFERENCES tables (least recently used leave) of at most
 * `maxValues` distinct values (or tuples of a multi-column check) each; a larger table is not cached and its checks are not evaluated.
 * Entries expire after a TTL and are reloaded by ReferenceTablesService before the next batch needs them.
 */

/**
 * Reference columns: `schema.table(column)` in PostgreSQL, or several columns of one table whose
 * value tuples are looked up together (`table(country, region)`); names are checked identifiers, always quoted.
 */
export interface ReferenceColumns {
  schema: string;
  table: string;
  columns: readonly string[];
}

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;
export const DEFAULT_REFERENCE_SCHEMA = 'reference';
/** A tuple of a multi-column reference check names at most this many columns. */
export const MAX_REFERENCE_COLUMNS = 8;

/** `reference.countries(code)`, `reference.regions(country, region)`: the cache key and the name in messages. */
export function referenceKey(reference: ReferenceColumns): string {
  return `${reference.schema}.${reference.table}(${reference.columns.join(', ')})`;
}

/** Reads `[schema.]table` and its columns; undefined when a name is not a plain identifier or there are 0 or too many columns. */
export function referenceColumnsOf(tableName: string, columns: readonly string[]): ReferenceColumns | undefined {
  const parts = tableName.trim().split('.');
  if (parts.length > 2 || columns.length === 0 || columns.length > MAX_REFERENCE_COLUMNS) return undefined;
  const [schema, table] = parts.length === 2 ? parts : [DEFAULT_REFERENCE_SCHEMA, parts[0]];
  const names = columns.map((column) => column.trim());
  return IDENTIFIER.test(schema) && IDENTIFIER.test(table) && names.every((name) => IDENTIFIER.test(name)) ? { schema, table, columns: names } : undefined;
}

/** How one row of reference values is held in the set: the text itself for one column, a JSON array for a tuple. */
export function referenceTupleText(texts: readonly string[]): string {
  return texts.length === 1 ? texts[0] : JSON.stringify(texts);
}

/** What is known of one reference column. */
export type ReferenceSnapshot =
  | { state: 'loaded'; values: ReadonlySet<string>; loadedAtMs: number }
  | { state: 'unavailable'; reason: string; loadedAtMs: number };

const MAX_REFERENCES = 64;

/** The reference columns in memory, least recently used first (a Map keeps insertion order). */
export class ReferenceValueCache {
  private readonly snapshots = new Map<string, ReferenceSnapshot>();

  constructor(
    public ttlMs = 60_000,
    public maxValues = 100_000,
  ) {}

  /** Set once at start-up from the environment (QUALITY_REFERENCE_TTL_MS, QUALITY_REFERENCE_MAX_VALUES). */
  configure(ttlMs: number, maxValues: number): void {
    this.ttlMs = ttlMs;
    this.maxValues = maxValues;
  }

  get(key: string): ReferenceSnapshot | undefined {
    const snapshot = this.snapshots.get(key);
    if (snapshot) {
      this.snapshots.delete(key);
      this.snapshots.set(key, snapshot);
    }
    return snapshot;
  }

  /** Whether a column must be (re)loaded: never loaded, or older than the TTL. */
  isStale(key: string, nowMs: number): boolean {
    const snapshot = this.snapshots.get(key);
    return snapshot === undefined || nowMs - snapshot.loadedAtMs >= this.ttlMs;
  }

  set(key: string, snapshot: ReferenceSnapshot): void {
    this.snapshots.delete(key);
    this.snapshots.set(key, snapshot);
    while (this.snapshots.size > MAX_REFERENCES) this.snapshots.delete(this.snapshots.keys().next().value as string);
  }

  get size(): number {
    return this.snapshots.size;
  }
}

/**
 * The one cache of the process: contract versions are compiled outside dependency injection
 * (contract-compilation.ts), so the checks find it here; ReferenceTablesService fills it.
 */
export const REFERENCE_VALUES = new ReferenceValueCache();

/** How a record value is compared with reference values: by text, as PostgreSQL's `::text` prints them. */
export function referenceTextOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}
