import { OpenLineageEvent, OpenLineageRunEvent } from '@atlas/contracts';
import { datasetIdOf, datasetVersionIdOf, jobIdOf, jobVersionIdOf, namespaceIdOf } from './graph-ids';
import { LineageNormaliser, supersedes } from './lineage-normaliser';

const RUN_ID = '0190f1b2-3c4d-7e5f-8a6b-7c8d9e0f1a2b';
const PARENT_RUN_ID = '0190f1b2-0000-7e5f-8a6b-7c8d9e0f1a2b';
const KAFKA = 'kafka://localhost:9092';
const POSTGRES = 'postgres://localhost:5432';
const T0 = '2026-11-29T10:00:00.000Z';
const T1 = '2026-11-29T10:05:00.000Z';
const base = { producer: 'urn:test', schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent' };
const facet = { _producer: 'urn:test', _schemaURL: 'urn:facet' };
const SCHEMA_FIELDS = [{ name: 'email', type: 'string' }, { name: 'id', type: 'string' }];

function runEvent(overrides: Partial<OpenLineageRunEvent> = {}): OpenLineageRunEvent {
  return {
    ...base,
    eventTime: T0,
    eventType: 'COMPLETE',
    run: { runId: RUN_ID, facets: { parent: { ...facet, run: { runId: PARENT_RUN_ID }, job: { namespace: 'atlas', name: 'ingest.people' } } } },
    job: { namespace: 'atlas', name: 'pii-detection.protect' },
    inputs: [{ namespace: KAFKA, name: 'explore' }],
    outputs: [
      {
        namespace: KAFKA,
        name: 'protected',
        facets: {
          schema: { ...facet, fields: SCHEMA_FIELDS },
          columnLineage: {
            ...facet,
            fields: {
              email: { inputFields: [{ namespace: KAFKA, name: 'explore', field: 'email', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }] }] },
              id: { inputFields: [{ namespace: KAFKA, name: 'explore', field: 'id', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY', masking: false }] }] },
            },
          },
        },
      },
    ],
    ...overrides,
  };
}

const JOB_ID = jobIdOf('atlas', 'pii-detection.protect');
const EXPLORE_ID = datasetIdOf(KAFKA, 'explore');
const PROTECTED_ID = datasetIdOf(KAFKA, 'protected');
const VERSION_ID = datasetVersionIdOf(PROTECTED_ID, JSON.stringify(SCHEMA_FIELDS));
const JOB_VERSION_ID = jobVersionIdOf(JOB_ID, `{"facets":{},"inputs":["${KAFKA}:explore"],"outputs":["${KAFKA}:protected"]}`);

describe('LineageNormaliser', () => {
  it('turns a RunEvent into namespaces, datasets, a version, the job, the run, its datasets, edges and column edges', () => {
    const at = new Date(T0);
    expect(LineageNormaliser.normalise([runEvent()])).toEqual({
      namespaces: [
        { namespaceId: namespaceIdOf('atlas'), name: 'atlas', firstSeenAt: at, lastSeenAt: at },
        { namespaceId: namespaceIdOf(KAFKA), name: KAFKA, firstSeenAt: at, lastSeenAt: at },
      ],
      datasets: [
        { datasetId: EXPLORE_ID, namespaceId: namespaceIdOf(KAFKA), namespace: KAFKA, name: 'explore', currentVersionId: null, currentVersionAt: null, firstSeenAt: at, lastSeenAt: at },
        { datasetId: PROTECTED_ID, namespaceId: namespaceIdOf(KAFKA), namespace: KAFKA, name: 'protected', currentVersionId: VERSION_ID, currentVersionAt: at, firstSeenAt: at, lastSeenAt: at },
      ],
      datasetVersions: [{ versionId: VERSION_ID, datasetId: PROTECTED_ID, fields: SCHEMA_FIELDS, createdAt: at, runId: RUN_ID }],
      jobs: [{ jobId: JOB_ID, namespaceId: namespaceIdOf('atlas'), namespace: 'atlas', name: 'pii-detection.protect', currentVersionId: JOB_VERSION_ID, currentVersionAt: at, firstSeenAt: at, lastSeenAt: at }],
      jobVersions: [{ versionId: JOB_VERSION_ID, jobId: JOB_ID, inputs: [`${KAFKA}:explore`], outputs: [`${KAFKA}:protected`], facets: {}, createdAt: at, runId: RUN_ID }],
      runs: [{ runId: RUN_ID, jobId: JOB_ID, parentRunId: PARENT_RUN_ID, state: 'COMPLETED', stateRank: 1, stateAt: at, startedAt: null, endedAt: at, createdAt: at }],
      runDatasets: [
        { runId: RUN_ID, direction: 'INPUT', datasetId: EXPLORE_ID, datasetVersionId: null, seenAt: at },
        { runId: RUN_ID, direction: 'OUTPUT', datasetId: PROTECTED_ID, datasetVersionId: VERSION_ID, seenAt: at },
      ],
      edges: [
        { sourceId: EXPLORE_ID, targetId: JOB_ID, firstSeenAt: at, lastSeenAt: at, lastRunId: RUN_ID },
        { sourceId: JOB_ID, targetId: PROTECTED_ID, firstSeenAt: at, lastSeenAt: at, lastRunId: RUN_ID },
      ],
      columnEdges: [
        {
          outputDatasetId: PROTECTED_ID,
          outputField: 'email',
          inputDatasetId: EXPLORE_ID,
          inputField: 'email',
          transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }],
          masking: true,
          jobId: JOB_ID,
          lastRunId: RUN_ID,
          firstSeenAt: at,
          lastSeenAt: at,
        },
        {
          outputDatasetId: PROTECTED_ID,
          outputField: 'id',
          inputDatasetId: EXPLORE_ID,
          inputField: 'id',
          transformations: [{ type: 'DIRECT', subtype: 'IDENTITY', masking: false }],
          masking: false,
          jobId: JOB_ID,
          lastRunId: RUN_ID,
          firstSeenAt: at,
          lastSeenAt: at,
        },
      ],
    });
  });

  it('merges a START and a COMPLETE of one run: terminal state, start and end times, earliest creation', () => {
    const { runs, edges } = LineageNormaliser.normalise([runEvent({ eventType: 'COMPLETE', eventTime: T1 }), runEvent({ eventType: 'START', eventTime: T0 })]);
    expect(runs).toEqual([{ runId: RUN_ID, jobId: JOB_ID, parentRunId: PARENT_RUN_ID, state: 'COMPLETED', stateRank: 1, stateAt: new Date(T1), startedAt: new Date(T0), endedAt: new Date(T1), createdAt: new Date(T0) }]);
    expect(edges.map((edge) => [edge.firstSeenAt, edge.lastSeenAt])).toEqual([
      [new Date(T0), new Date(T1)],
      [new Date(T0), new Date(T1)],
    ]);
  });

  it.each([
    ['RUNNING', 'RUNNING', 0],
    ['FAIL', 'FAILED', 1],
    ['ABORT', 'ABORTED', 1],
    ['OTHER', 'NEW', -1],
    [undefined, 'NEW', -1],
  ] as const)('maps eventType %s to run state %s', (eventType, state, stateRank) => {
    expect(LineageNormaliser.normalise([runEvent({ eventType })]).runs[0]).toMatchObject({ state, stateRank });
  });

  it('makes a new version when the schema facet changes, and the newest is current', () => {
    const changed = [{ name: 'email', type: 'string' }];
    const later = runEvent({ eventTime: T1, outputs: [{ namespace: KAFKA, name: 'protected', facets: { schema: { ...facet, fields: changed } } }] });
    const { datasetVersions, datasets } = LineageNormaliser.normalise([later, runEvent()]);
    const changedVersion = datasetVersionIdOf(PROTECTED_ID, JSON.stringify(changed));
    expect(datasetVersions.map((version) => version.versionId)).toEqual([changedVersion, VERSION_ID]);
    expect(datasets.find((dataset) => dataset.datasetId === PROTECTED_ID)).toMatchObject({ currentVersionId: changedVersion, currentVersionAt: new Date(T1) });
  });

  it('keeps one version for the same schema seen twice, created at its first sighting', () => {
    const { datasetVersions } = LineageNormaliser.normalise([runEvent({ eventTime: T1 }), runEvent({ eventTime: T0 })]);
    expect(datasetVersions).toEqual([{ versionId: VERSION_ID, datasetId: PROTECTED_ID, fields: SCHEMA_FIELDS, createdAt: new Date(T0), runId: RUN_ID }]);
  });

  it('ignores a deleted schema facet', () => {
    const event = runEvent({ outputs: [{ namespace: KAFKA, name: 'protected', facets: { schema: { ...facet, _deleted: true } } }] });
    expect(LineageNormaliser.normalise([event]).datasetVersions).toEqual([]);
  });

  it('reads the deprecated transformationType MASKED as masking', () => {
    const event = runEvent({
      outputs: [{ namespace: KAFKA, name: 'protected', facets: { columnLineage: { ...facet, fields: { email: { inputFields: [{ namespace: KAFKA, name: 'explore', field: 'email' }], transformationType: 'MASKED' } } } } }],
    });
    expect(LineageNormaliser.normalise([event]).columnEdges).toMatchObject([{ outputField: 'email', inputField: 'email', transformations: [], masking: true }]);
  });

  it('records a JobEvent as job and edges without a run', () => {
    const jobEvent: OpenLineageEvent = { ...base, eventTime: T0, job: { namespace: 'dbt', name: 'orders' }, inputs: [{ namespace: POSTGRES, name: 'raw.orders' }], outputs: [] };
    const result = LineageNormaliser.normalise([jobEvent]);
    expect(result.runs).toEqual([]);
    expect(result.runDatasets).toEqual([]);
    expect(result.edges).toEqual([{ sourceId: datasetIdOf(POSTGRES, 'raw.orders'), targetId: jobIdOf('dbt', 'orders'), firstSeenAt: new Date(T0), lastSeenAt: new Date(T0), lastRunId: null }]);
  });

  it('records a DatasetEvent as its dataset, namespace and schema version only', () => {
    const datasetEvent: OpenLineageEvent = { ...base, eventTime: T0, dataset: { namespace: POSTGRES, name: 'raw.orders', facets: { schema: { ...facet, fields: SCHEMA_FIELDS } } } };
    const result = LineageNormaliser.normalise([datasetEvent]);
    expect(result.namespaces.map((namespace) => namespace.name)).toEqual([POSTGRES]);
    expect(result.datasets.map((dataset) => dataset.name)).toEqual(['raw.orders']);
    expect(result.datasetVersions).toHaveLength(1);
    expect([result.jobs, result.runs, result.edges, result.columnEdges]).toEqual([[], [], [], []]);
  });

  it('is the same for a batch and the batch repeated (redelivery)', () => {
    const events = [runEvent({ eventType: 'START' }), runEvent({ eventTime: T1 })];
    expect(LineageNormaliser.normalise([...events, ...events])).toEqual(LineageNormaliser.normalise(events));
  });
});

describe('supersedes', () => {
  const at = (iso: string) => new Date(iso);
  it('lets a terminal state win over a later running one', () => {
    expect(supersedes({ stateRank: 1, stateAt: at(T0) }, { stateRank: 0, stateAt: at(T1) })).toBe(true);
    expect(supersedes({ stateRank: 0, stateAt: at(T1) }, { stateRank: 1, stateAt: at(T0) })).toBe(false);
  });

  it('lets the later of two equal ranks win, and not an equal one', () => {
    expect(supersedes({ stateRank: 1, stateAt: at(T1) }, { stateRank: 1, stateAt: at(T0) })).toBe(true);
    expect(supersedes({ stateRank: 1, stateAt: at(T0) }, { stateRank: 1, stateAt: at(T0) })).toBe(false);
  });
});
