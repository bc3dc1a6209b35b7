import { RunEvent } from '@atlas/contracts';
import type { LatestRunEvent } from './run-event.repository';
import { runProvenanceOf } from './run-provenance';

const ROOT = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';
const KAFKA = 'kafka://atlas';
const T0 = new Date('2026-11-30T01:00:00.000Z');
const T1 = new Date('2026-11-30T01:00:05.000Z');

function latest(runId: string, jobName: string, eventType: string, event: Partial<RunEvent> = {}, runFacets: Record<string, unknown> = {}): LatestRunEvent {
  return {
    runId,
    eventType,
    firstEventAt: T0,
    lastEventAt: T1,
    event: {
      eventType: eventType as RunEvent['eventType'],
      eventTime: T1.toISOString(),
      producer: 'urn:atlas:test',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { runId, facets: { atlas_recordCount: { recordCount: 3 }, ...runFacets } },
      job: { namespace: 'atlas.people', name: jobName },
      inputs: [],
      outputs: [],
      ...event,
    },
  };
}

describe('runProvenanceOf', () => {
  const root = latest(ROOT, 'ingest.people', 'COMPLETE', { outputs: [{ namespace: KAFKA, name: 'atlas.ingest.records.v1/people', outputFacets: { outputStatistics: { rowCount: 3 } } }] }, {
    atlas_sourceRange: { first: 'file:people.csv:2', last: 'file:people.csv:4' },
  });
  const navigate = latest('00000000-0000-5000-8000-000000000004', 'connector.navigate', 'COMPLETE', {
    inputs: [{ namespace: KAFKA, name: 'atlas.chart.records.v1/people', inputFacets: { inputStatistics: { rowCount: 2 } } }],
  });
  const quality = latest('00000000-0000-5000-8000-000000000003', 'quality.validate', 'COMPLETE', {
    inputs: [{ namespace: KAFKA, name: 'atlas.protected.records.v1/people', inputFacets: { dataQualityAssertions: { assertions: [{ assertion: 'people.email.not_null', success: false, column: 'email' }] } } }],
  });
  const protect = latest('00000000-0000-5000-8000-000000000002', 'pii-detection.protect', 'RUNNING', {
    outputs: [
      {
        namespace: KAFKA,
        name: 'atlas.protected.records.v1/people',
        facets: {
          columnLineage: {
            fields: {
              id: { inputFields: [{ transformations: [{ type: 'DIRECT', masking: false }] }] },
              email: {
                inputFields: [
                  {
                    transformations: [
                      { type: 'DIRECT', masking: true, policyId: 'default', policyVersion: 2 },
                      { type: 'DIRECT', masking: true, policyId: 'default', policyVersion: 1 },
                    ],
                  },
                ],
              },
              name: { inputFields: [{ transformations: [{ type: 'DIRECT', masking: true }] }] },
            },
          },
        },
      },
    ],
  });
  const explore = latest('00000000-0000-5000-8000-000000000001', 'connector.explore', 'FAIL', {}, { errorMessage: { message: '1 of 3 records could not be processed' } });
  const exploreWithDeadLetters = latest('00000000-0000-5000-8000-000000000001', 'connector.explore', 'COMPLETE', {
    outputs: [{ namespace: KAFKA, name: 'atlas.dead-letter.v1/people', outputFacets: { outputStatistics: { rowCount: 1 } } }],
  }, { atlas_recordCount: { recordCount: 3, deadLetteredCount: 1, firstDeadLetterReason: 'checksum mismatch' } });

  it('puts the source first, then the stages in pipeline order, with states, counts and datasets', () => {
    const provenance = runProvenanceOf(ROOT, [navigate, quality, root, protect, explore]);
    expect(provenance.source).toEqual({
      runId: ROOT,
      job: { namespace: 'atlas.people', name: 'ingest.people' },
      state: 'COMPLETE',
      recordCount: 3,
      startedAt: '2026-11-30T01:00:00.000Z',
      lastEventAt: '2026-11-30T01:00:05.000Z',
      inputs: [],
      outputs: [{ namespace: KAFKA, name: 'atlas.ingest.records.v1/people', rowCount: 3 }],
      sourceRange: { first: 'file:people.csv:2', last: 'file:people.csv:4' },
    });
    expect(provenance.stages.map((stage) => [stage.job.name, stage.state])).toEqual([
      ['connector.explore', 'FAIL'],
      ['pii-detection.protect', 'RUNNING'],
      ['quality.validate', 'COMPLETE'],
      ['connector.navigate', 'COMPLETE'],
    ]);
    expect(provenance.stages[0].errorMessage).toBe('1 of 3 records could not be processed');
    expect(provenance.stages[3].inputs).toEqual([{ namespace: KAFKA, name: 'atlas.chart.records.v1/people', rowCount: 2 }]);
  });

  it("takes quality's checks and the columns pii-detection masked", () => {
    const provenance = runProvenanceOf(ROOT, [root, protect, quality]);
    expect(provenance.qualityChecks).toEqual([{ assertion: 'people.email.not_null', success: false, column: 'email' }]);
    expect(provenance.maskedColumns).toEqual(['email', 'name']);
    // Only pii-detection's own transformations name a policy version; `name` was masked by one that did not.
    expect(provenance.maskingPolicies).toEqual([
      { column: 'email', policyId: 'default', policyVersion: 1 },
      { column: 'email', policyId: 'default', policyVersion: 2 },
    ]);
  });

  it("says how many records a stage dead-lettered and where they went", () => {
    const [stage] = runProvenanceOf(ROOT, [root, exploreWithDeadLetters]).stages;
    expect(stage).toMatchObject({ state: 'COMPLETE', recordCount: 3, deadLetteredCount: 1, outputs: [{ namespace: KAFKA, name: 'atlas.dead-letter.v1/people', rowCount: 1 }] });
    expect(runProvenanceOf(ROOT, [root, explore]).stages[0]).not.toHaveProperty('deadLetteredCount');
  });

  it('has no source when only stage runs were reported', () => {
    const provenance = runProvenanceOf(ROOT, [navigate]);
    expect(provenance.source).toBeNull();
    expect(provenance.stages).toHaveLength(1);
    expect(provenance.qualityChecks).toEqual([]);
    expect(provenance.maskedColumns).toEqual([]);
    expect(provenance.maskingPolicies).toEqual([]);
  });
});
