import { governedSources, type HeldReplay, heldRecordsHint, parseContractText, replayLine } from './contract-activation';

const REPLAY: HeldReplay = {
  replayId: '0b6f3c2e-3b7a-4f0e-8a61-6c2d9e4b7a10',
  sourceId: 'orders',
  contractId: 'orders-contract',
  contractVersion: '0.1.0',
  state: 'running',
  heldAtRequest: 1200,
  heldNow: 700,
  judged: 500,
  released: 498,
  stillQuarantined: 2,
  notReplayable: 0,
  lastError: null,
};

describe('contract activation from the command line', () => {
  it('reads a contract file in YAML or JSON, and refuses anything that is not one document', () => {
    const yaml = 'apiVersion: v3.1.0\nkind: DataContract\nid: orders-contract\nversion: 1.0.0\nstatus: active\nschema:\n  - name: orders\n    properties: []\n';
    expect(parseContractText(yaml, 'orders.odcs.yaml')).toEqual({ apiVersion: 'v3.1.0', kind: 'DataContract', id: 'orders-contract', version: '1.0.0', status: 'active', schema: [{ name: 'orders', properties: [] }] });
    expect(parseContractText('{"id": "x", "schema": []}', 'x.json')).toEqual({ id: 'x', schema: [] });
    expect(() => parseContractText('- a\n- b\n', 'list.yaml')).toThrow('list.yaml does not hold one ODCS document (an object)');
    expect(() => parseContractText('a: [1, 2', 'broken.yaml')).toThrow(/^broken\.yaml is neither JSON nor YAML: /);
  });

  it('names the sources a contract governs: its schema objects', () => {
    expect(governedSources({ schema: [{ name: 'orders' }, { name: 'payments' }, { properties: [] }, 'x'] })).toEqual(['orders', 'payments']);
    expect(governedSources({ id: 'no-schema' })).toEqual([]);
  });

  it('tells how to land held records: the draft to review and the one command', () => {
    expect(heldRecordsHint('orders', 3000, 'http://127.0.0.1:3000')).toEqual([
      'source orders has no active data contract: 3000 record(s) are held in quarantine (reason no_active_contract); nothing reaches Navigate unchecked.',
      `  review the draft contract read off its profile:  curl -H "Authorization: Bearer $(cat .atlas/api-key)" 'http://127.0.0.1:3000/api/v1/sources/orders/contract-draft?format=yaml'`,
      '  activate it, and the held records land:         ./atlas contract activate --source orders --from-draft   (or --file your.odcs.yaml)',
    ]);
  });

  it('prints a replay while it runs and when it ends', () => {
    expect(replayLine(REPLAY)).toBe('replaying held records (running): 500/1200 judged, 498 released to Navigate, 2 still quarantined, 700 still held');
    expect(replayLine({ ...REPLAY, state: 'succeeded', judged: 1200, released: 1195, stillQuarantined: 5, heldNow: 0 })).toBe(
      'held records replayed: 1200/1200 judged, 1195 released to Navigate, 5 still quarantined',
    );
    expect(replayLine({ ...REPLAY, state: 'succeeded', judged: 1200, released: 1200, stillQuarantined: 0, notReplayable: 3 })).toBe(
      'held records replayed: 1200/1200 judged, 1200 released to Navigate, 0 still quarantined, 3 not replayable (stored before replays existed)',
    );
    expect(replayLine({ ...REPLAY, state: 'failed', lastError: 'contract "orders-contract" version 0.1.0 does not govern source "orders" any more (or does not compile)' })).toBe(
      'replay failed after 500/1200 judged, 498 released to Navigate, 2 still quarantined: contract "orders-contract" version 0.1.0 does not govern source "orders" any more (or does not compile)',
    );
    expect(replayLine({ ...REPLAY, state: 'superseded' })).toBe('replay superseded by a later activation after 500/1200 judged, 498 released to Navigate, 2 still quarantined');
  });
});
