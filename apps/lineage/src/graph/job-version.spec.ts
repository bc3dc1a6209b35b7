import { OpenLineageJobEvent, OpenLineageRunEvent } from '@atlas/contracts';
import { jobIdOf, jobVersionIdOf } from './graph-ids';
import { jobVersionOf } from './job-version';
import { LineageNormaliser } from './lineage-normaliser';

const JOB_ID = jobIdOf('airflow', 'load');
const AT = new Date('2026-11-29T10:00:00.000Z');
const RUN_ID = '0190f1b2-3c4d-7e5f-8a6b-7c8d9e0f1a2b';
const base = { producer: 'urn:test', schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent' };

function completed(overrides: Partial<OpenLineageRunEvent> = {}, runId = RUN_ID): OpenLineageRunEvent {
  return {
    ...base,
    eventTime: AT.toISOString(),
    eventType: 'COMPLETE',
    run: { runId },
    job: { namespace: 'airflow', name: 'load', facets: { sql: { _producer: 'urn:a', _schemaURL: 'urn:sql', query: 'SELECT 1' }, ownership: { owners: [] } } },
    inputs: [{ namespace: 'pg', name: 'b' }, { namespace: 'pg', name: 'a' }, { namespace: 'pg', name: 'a' }],
    outputs: [{ namespace: 'pg', name: 'c' }],
    ...overrides,
  };
}

describe('jobVersionOf', () => {
  it("is defined by a run's end: sorted distinct inputs and outputs and the code facets, without producer fields", () => {
    expect(jobVersionOf(completed(), JOB_ID, AT)).toEqual({
      versionId: jobVersionIdOf(JOB_ID, '{"facets":{"sql":{"query":"SELECT 1"}},"inputs":["pg:a","pg:b"],"outputs":["pg:c"]}'),
      jobId: JOB_ID,
      inputs: ['pg:a', 'pg:b'],
      outputs: ['pg:c'],
      facets: { sql: { query: 'SELECT 1' } },
      createdAt: AT,
      runId: RUN_ID,
    });
  });

  it('is none for START, RUNNING and OTHER events, which may name only part of what a run reads and writes', () => {
    for (const eventType of ['START', 'RUNNING', 'OTHER'] as const) expect(jobVersionOf(completed({ eventType }), JOB_ID, AT)).toBeUndefined();
  });

  it('stays the same when only the producer, facet key order or unrelated facets change, and changes with the SQL or the outputs', () => {
    const same = completed({ job: { namespace: 'airflow', name: 'load', facets: { documentation: { description: 'x' }, sql: { query: 'SELECT 1', _producer: 'urn:b' } } } });
    const first = jobVersionOf(completed(), JOB_ID, AT)!.versionId;
    expect(jobVersionOf(same, JOB_ID, AT)!.versionId).toBe(first);
    expect(jobVersionOf(completed({ job: { namespace: 'airflow', name: 'load', facets: { sql: { query: 'SELECT 2' } } } }), JOB_ID, AT)!.versionId).not.toBe(first);
    expect(jobVersionOf(completed({ outputs: [{ namespace: 'pg', name: 'd' }] }), JOB_ID, AT)!.versionId).not.toBe(first);
  });

  it('takes a JobEvent as a definition without a run', () => {
    const jobEvent: OpenLineageJobEvent = { ...base, eventTime: AT.toISOString(), job: { namespace: 'airflow', name: 'load' }, inputs: [], outputs: [{ namespace: 'pg', name: 'c' }] };
    expect(jobVersionOf(jobEvent, JOB_ID, AT)).toMatchObject({ inputs: [], outputs: ['pg:c'], facets: {}, runId: null });
  });
});

describe('job versions in the normalised lineage', () => {
  it('keeps one version for two runs doing the same, created by the first, and makes the newest definition current', () => {
    const later = new Date('2026-11-29T11:00:00.000Z');
    const changed = completed({ eventTime: later.toISOString(), outputs: [{ namespace: 'pg', name: 'd' }] }, '0190f1b2-3c4d-7e5f-8a6b-000000000003');
    const again = completed({ eventTime: '2026-11-29T10:30:00.000Z' }, '0190f1b2-3c4d-7e5f-8a6b-000000000002');
    const { jobVersions, jobs } = LineageNormaliser.normalise([changed, again, completed()]);
    expect(jobVersions.map((version) => [version.outputs, version.createdAt, version.runId])).toEqual([
      [['pg:d'], later, '0190f1b2-3c4d-7e5f-8a6b-000000000003'],
      [['pg:c'], AT, RUN_ID],
    ]);
    expect(jobs).toMatchObject([{ jobId: JOB_ID, currentVersionId: jobVersions[0].versionId, currentVersionAt: later }]);
  });
});
