/**
 * The values of reference tables (a PostgreSQL table's column, or a column of a typed Navigate
 * dataset) held in memory for reference checks: each lookup is a set membership, so the stream never
 * waits on the database. Bounded: at most MAX_REFERENCES tables (least recently used leave) of at most
 * `maxValues` distinct values each; a larger table is not cached and its checks are not evaluated.
 * Entries expire after a TTL and are reloaded by ReferenceTablesService before the next batch needs them.
 */

/** A reference column: `schema.table(column)` in PostgreSQL; names are checked identifiers, always quoted. */
export interface ReferenceColumn {
  schema: string;
  table: string;
  column: string;
}

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;
export const DEFAULT_REFERENCE_SCHEMA = 'reference';

/** `countries(code)`, `reference.countries(code)`, `navigate_typed.countries(code)` as written in a contract. */
export function referenceKey(reference: ReferenceColumn): string {
  return `${reference.schema}.${reference.table}(${reference.column})`;
}

/** Reads `[schema.]table` and a column; undefined when a name is not a plain identifier. */
export function referenceColumnOf(tableName: string, column: string): ReferenceColumn | undefined {
  const parts = tableName.trim().split('.');
  if (parts.length > 2) return undefined;
  const [schema, table] = parts.length === 2 ? parts : [DEFAULT_REFERENCE_SCHEMA, parts[0]];
  const name = column.trim();
  return IDENTIFIER.test(schema) && IDENTIFIER.test(table) && IDENTIFIER.test(name) ? { schema, table, column: name } : undefined;
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
