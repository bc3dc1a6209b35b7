import { FindingRow, findingsByColumn, findingsByDataset, findingsByEntity } from './findings-summary';

const at = '2026-11-30T05:00:00.000Z';
const rows: FindingRow[] = [
  { sourceId: 'orders', field: 'contact', entityType: 'EMAIL_ADDRESS', findings: 24, records: 24, lastDetectedAt: at },
  { sourceId: 'people', field: 'email', entityType: 'EMAIL_ADDRESS', findings: 10, records: 9, lastDetectedAt: at },
  { sourceId: 'people', field: 'notes', entityType: 'PHONE_NUMBER', findings: 3, records: 3, lastDetectedAt: at },
  { sourceId: 'people', field: 'notes', entityType: 'EMAIL_ADDRESS', findings: 2, records: 2, lastDetectedAt: at },
  { sourceId: 'people', field: 'iban', entityType: 'IBAN_CODE', findings: 3, records: 3, lastDetectedAt: at },
];

describe('findings summaries', () => {
  it('totals by entity type, counting the columns that hold it; most found first, ties by name', () => {
    expect(findingsByEntity(rows)).toEqual([
      { key: 'EMAIL_ADDRESS', findings: 36, spread: 3 },
      { key: 'IBAN_CODE', findings: 3, spread: 1 },
      { key: 'PHONE_NUMBER', findings: 3, spread: 1 },
    ]);
  });

  it('totals by dataset, counting its entity types', () => {
    expect(findingsByDataset(rows)).toEqual([
      { key: 'orders', findings: 24, spread: 1 },
      { key: 'people', findings: 18, spread: 3 },
    ]);
  });

  it('orders columns by dataset and field, then most findings first', () => {
    expect(findingsByColumn(rows).map((row) => `${row.sourceId}.${row.field}:${row.entityType}`)).toEqual([
      'orders.contact:EMAIL_ADDRESS',
      'people.email:EMAIL_ADDRESS',
      'people.iban:IBAN_CODE',
      'people.notes:PHONE_NUMBER',
      'people.notes:EMAIL_ADDRESS',
    ]);
    expect(findingsByEntity([])).toEqual([]);
  });
});
