/** A row of GET /api/v1/pii/findings: how much of one entity type was found in one field of one dataset. */
export interface FindingRow {
  sourceId: string;
  field: string;
  entityType: string;
  findings: number;
  records: number;
  lastDetectedAt: string;
}

export interface FindingTotal {
  key: string;
  findings: number;
  /** Fields (dataset + field) the entity type was found in, or entity types found in the dataset. */
  spread: number;
}

function totalsBy(rows: readonly FindingRow[], keyOf: (row: FindingRow) => string, spreadOf: (row: FindingRow) => string): FindingTotal[] {
  const totals = new Map<string, { findings: number; spread: Set<string> }>();
  for (const row of rows) {
    const key = keyOf(row);
    const total = totals.get(key) ?? { findings: 0, spread: new Set<string>() };
    total.findings += row.findings;
    total.spread.add(spreadOf(row));
    totals.set(key, total);
  }
  return [...totals.entries()]
    .map(([key, total]) => ({ key, findings: total.findings, spread: total.spread.size }))
    .sort((a, b) => b.findings - a.findings || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Findings per entity type (with how many columns hold it), most found first; ties by name. */
export function findingsByEntity(rows: readonly FindingRow[]): FindingTotal[] {
  return totalsBy(rows, (row) => row.entityType, (row) => `${row.sourceId}\u0000${row.field}`);
}

/** Findings per dataset (with how many entity types it holds), most found first; ties by name. */
export function findingsByDataset(rows: readonly FindingRow[]): FindingTotal[] {
  return totalsBy(rows, (row) => row.sourceId, (row) => row.entityType);
}

/** The rows in a stable order: dataset, field, then most findings first. */
export function findingsByColumn(rows: readonly FindingRow[]): FindingRow[] {
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort((a, b) => text(a.sourceId, b.sourceId) || text(a.field, b.field) || b.findings - a.findings || text(a.entityType, b.entityType));
}
