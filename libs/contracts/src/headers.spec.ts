import { ENVELOPE_TOPICS, envelopePositionHeaders } from './headers';

describe('envelopePositionHeaders', () => {
  const envelope = { recordId: 'r', sourceId: 'people', runId: '3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607', position: { index: 41, total: 60 }, payload: { email: 'ada@example.com' } };

  it("repeats an envelope's run, source and position index, nothing of its payload", () => {
    expect(envelopePositionHeaders(envelope)).toEqual({
      'atlas-run-id': '3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607',
      'atlas-source-id': 'people',
      'atlas-position-index': '41',
    });
    expect(envelopePositionHeaders({ ...envelope, position: { index: 0 } })['atlas-position-index']).toBe('0');
  });

  it('is empty for a value that is not a complete envelope', () => {
    expect(envelopePositionHeaders(null)).toEqual({});
    expect(envelopePositionHeaders('text')).toEqual({});
    expect(envelopePositionHeaders({ runId: 'r', sourceId: 'people', topic: 'atlas.ingest.records.v1', recordCount: 3 })).toEqual({});
    expect(envelopePositionHeaders({ ...envelope, position: { index: -1 } })).toEqual({});
    expect(envelopePositionHeaders({ ...envelope, position: { index: 1.5 } })).toEqual({});
    expect(envelopePositionHeaders({ ...envelope, position: null })).toEqual({});
    expect(envelopePositionHeaders({ ...envelope, runId: 7 })).toEqual({});
  });

  it('applies to the four record topics only', () => {
    expect([...ENVELOPE_TOPICS].sort()).toEqual(['atlas.chart.records.v1', 'atlas.explore.records.v1', 'atlas.ingest.records.v1', 'atlas.protected.records.v1']);
  });
});
