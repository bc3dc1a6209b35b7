import { PiiFinding } from './record-envelope';

/** `contact.phones[2]` → `contact`. */
export function topLevelField(path: string): string {
  const end = path.search(/[.[]/);
  return end === -1 ? path : path.slice(0, end);
}

/**
 * For column lineage: every top-level field seen in a batch, and whether protection changed its
 * value in any record (a finding inside a nested field marks its top-level field).
 */
export function maskedByTopLevelField(
  records: ReadonlyArray<{ payload: Record<string, unknown>; findings: readonly PiiFinding[]; removedFields?: Iterable<string> }>,
): Map<string, boolean> {
  const masked = new Map<string, boolean>();
  for (const record of records) {
    for (const field of Object.keys(record.payload)) if (!masked.has(field)) masked.set(field, false);
    for (const finding of record.findings) if (finding.operator !== 'keep') masked.set(topLevelField(finding.field), true);
    for (const field of record.removedFields ?? []) masked.set(topLevelField(field), true);
  }
  return masked;
}
