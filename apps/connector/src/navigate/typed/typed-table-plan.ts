import type { ContractDataset } from '@atlas/contracts';
import { columnNameProblem, columnTypeOf, type TypedColumn } from './typed-columns';

/** A typed table as the dataset registry knows it: every column it has, and its business key (empty: keyed by record id). */
export interface TableState {
  columns: TypedColumn[];
  primaryKey: string[];
}

/** What writing one contract version's records needs: create or evolve the table, or why it cannot. */
export type TablePlan =
  | { kind: 'refused'; reason: string }
  | {
      kind: 'ready';
      create: boolean;
      /** Columns this version adds to an existing table. */
      addColumns: TypedColumn[];
      /** The columns this version writes (its own properties). */
      columns: TypedColumn[];
      primaryKey: string[];
      /** The table after the change, for the registry. */
      state: TableState;
    };

function listed(names: string[]): string {
  return `(${names.map((name) => JSON.stringify(name)).join(', ')})`;
}

/**
 * Plans a contract version against the table: new properties become new columns; a property whose
 * type differs from its column's, or a different primary key, is refused (reported, never coerced;
 * the records are quarantined with the reason). Columns a version no longer declares are kept.
 */
export function planTable(existing: TableState | undefined, dataset: ContractDataset): TablePlan {
  const seen = new Set<string>();
  const columns: TypedColumn[] = [];
  for (const column of dataset.columns) {
    const problem = columnNameProblem(column.name);
    if (problem) return { kind: 'refused', reason: `property ${JSON.stringify(column.name)} cannot name a column: it ${problem}` };
    if (seen.has(column.name)) return { kind: 'refused', reason: `property ${JSON.stringify(column.name)} is declared twice` };
    seen.add(column.name);
    columns.push({ name: column.name, type: columnTypeOf(column) });
  }
  const missingKey = dataset.primaryKey.find((name) => !seen.has(name));
  if (missingKey !== undefined) return { kind: 'refused', reason: `primary key ${JSON.stringify(missingKey)} is not a property` };
  const primaryKey = [...dataset.primaryKey];
  if (!existing) return { kind: 'ready', create: true, addColumns: [], columns, primaryKey, state: { columns, primaryKey } };

  if (listed(existing.primaryKey) !== listed(primaryKey)) {
    const describe = (key: string[]) => (key.length === 0 ? 'none (rows keyed by record id)' : listed(key));
    return { kind: 'refused', reason: `the table's primary key is ${describe(existing.primaryKey)}; this contract version declares ${describe(primaryKey)}` };
  }
  const existingTypes = new Map(existing.columns.map((column) => [column.name, column.type]));
  const addColumns: TypedColumn[] = [];
  for (const column of columns) {
    const type = existingTypes.get(column.name);
    if (type === undefined) addColumns.push(column);
    else if (type !== column.type) return { kind: 'refused', reason: `column ${JSON.stringify(column.name)} is ${type} in the table; this contract version makes it ${column.type}` };
  }
  return { kind: 'ready', create: false, addColumns, columns, primaryKey, state: { columns: [...existing.columns, ...addColumns], primaryKey } };
}
