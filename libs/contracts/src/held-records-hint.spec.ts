import { heldRecordsHint } from './held-records-hint';

describe('heldRecordsHint', () => {
  it('suggests activating the draft for a source without an active contract', () => {
    expect(heldRecordsHint({ sourceId: 'fake-names', activeContract: null, heldRecords: 3000 })).toEqual({
      reason: 'no_active_contract',
      heldRecords: 3000,
      command: './atlas contract activate --source fake-names --from-draft',
      contractDraft: '/api/v1/sources/fake-names/contract-draft',
    });
  });

  it('says nothing for a governed source, nor for an id outside the source alphabet (it would be printed as a command)', () => {
    expect(heldRecordsHint({ sourceId: 'orders', activeContract: { contractId: 'orders-contract', version: '1.0.0', activatedAt: '2026-11-30T10:00:00.000Z' }, heldRecords: 4 })).toBeUndefined();
    expect(heldRecordsHint({ sourceId: 'x; rm -rf /', activeContract: null, heldRecords: 0 })).toBeUndefined();
  });
});
