import {
  buildRunEvent,
  columnLineageFacet,
  COLUMN_LINEAGE_FACET_SCHEMA_URL,
  ingestionJobName,
  LINEAGE_JOB_NAMESPACE,
  lineageJobNamespace,
  OPENLINEAGE_SCHEMA_URL,
  PARENT_RUN_FACET_SCHEMA_URL,
  RECORD_COUNT_FACET_SCHEMA_URL,
  RunEvent,
  runEventValidator,
  SOURCE_RANGE_FACET_SCHEMA_URL,
  StageRunEventInput,
  stageRunId,
} from './lineage-event';

const PRODUCER = 'urn:atlas:connector';
const STAGE_RUN_ID = '5b0f1a2c-3d4e-4f50-8a61-7b8c9d0e1f23';
const INGESTION_RUN_ID = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e0f';
const KAFKA_TOPIC = { namespace: 'kafka://localhost:9092', name: 'atlas.ingest.records.v1' };
const POSTGRES_TABLE = { namespace: 'postgres://localhost:5432', name: 'atlas.connector.explore_records' };

function stageInput(overrides: Partial<StageRunEventInput> = {}): StageRunEventInput {
  return {
    producer: PRODUCER,
    jobName: 'connector.explore',
    runId: STAGE_RUN_ID,
    eventType: 'COMPLETE',
    eventTime: new Date('2026-01-15T10:00:00.000Z'),
    parent: { runId: INGESTION_RUN_ID, jobName: ingestionJobName('people') },
    inputs: [KAFKA_TOPIC],
    outputs: [POSTGRES_TABLE],
    recordCount: 3,
    ...overrides,
  };
}

function reasonOf(value: unknown): string {
  const result = runEventValidator.validate(value);
  if (result.valid) throw new Error('expected the event to be rejected');
  return result.reason;
}

describe('buildRunEvent', () => {
  it('builds an OpenLineage RunEvent with the job, run, datasets and record count', () => {
    const event = buildRunEvent(stageInput());
    expect(event).toEqual({
      eventType: 'COMPLETE',
      eventTime: '2026-01-15T10:00:00.000Z',
      producer: PRODUCER,
      schemaURL: OPENLINEAGE_SCHEMA_URL,
      run: {
        runId: STAGE_RUN_ID,
        facets: {
          atlas_recordCount: { _producer: PRODUCER, _schemaURL: RECORD_COUNT_FACET_SCHEMA_URL, recordCount: 3 },
          parent: {
            _producer: PRODUCER,
            _schemaURL: PARENT_RUN_FACET_SCHEMA_URL,
            run: { runId: INGESTION_RUN_ID },
            job: { namespace: LINEAGE_JOB_NAMESPACE, name: 'ingest.people' },
          },
        },
      },
      job: { namespace: LINEAGE_JOB_NAMESPACE, name: 'connector.explore' },
      inputs: [KAFKA_TOPIC],
      outputs: [POSTGRES_TABLE],
    });
  });

  it("puts the job and its parent in the namespace given, one per source's pipeline", () => {
    const event = buildRunEvent(stageInput({ jobNamespace: lineageJobNamespace('people') }));
    expect(lineageJobNamespace('people')).toBe('atlas.people');
    expect(event.job).toEqual({ namespace: 'atlas.people', name: 'connector.explore' });
    expect(event.run.facets?.parent).toMatchObject({ job: { namespace: 'atlas.people', name: 'ingest.people' } });
  });

  it('leaves the parent facet out for a root run', () => {
    const event = buildRunEvent(stageInput({ parent: undefined }));
    expect(event.run.facets).not.toHaveProperty('parent');
    expect(event.run.facets).toHaveProperty('atlas_recordCount');
  });

  it('carries the source range of a root run in a valid facet', () => {
    const event = buildRunEvent(stageInput({ parent: undefined, sourceRange: { first: 'file:people.csv:2', last: 'file:people.csv:3001' } }));
    expect(event.run.facets?.atlas_sourceRange).toEqual({
      _producer: PRODUCER,
      _schemaURL: SOURCE_RANGE_FACET_SCHEMA_URL,
      first: 'file:people.csv:2',
      last: 'file:people.csv:3001',
    });
    expect(runEventValidator.validate(event).valid).toBe(true);
  });

  it('produces events that pass the official OpenLineage schema, with and without parent', () => {
    expect(runEventValidator.validate(buildRunEvent(stageInput()))).toEqual({ valid: true, value: buildRunEvent(stageInput()) });
    expect(runEventValidator.validate(buildRunEvent(stageInput({ parent: undefined }))).valid).toBe(true);
  });

  it.each(['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] as const)('produces a valid %s event', (eventType) => {
    expect(runEventValidator.validate(buildRunEvent(stageInput({ eventType }))).valid).toBe(true);
  });

  it('produces a valid event carrying a column lineage facet', () => {
    const columnLineage = columnLineageFacet(PRODUCER, KAFKA_TOPIC, new Map([['email', true], ['id', false]]));
    const event = buildRunEvent(stageInput({ outputs: [{ ...POSTGRES_TABLE, facets: { columnLineage } }] }));
    expect(runEventValidator.validate(event).valid).toBe(true);
  });
});

describe('columnLineageFacet', () => {
  it('maps each field to the same input field, sorted, marking masked ones', () => {
    const facet = columnLineageFacet(PRODUCER, KAFKA_TOPIC, new Map([['name', false], ['email', true]]));
    expect(facet._schemaURL).toBe(COLUMN_LINEAGE_FACET_SCHEMA_URL);
    const fields = facet.fields as Record<string, { inputFields: Array<{ field: string; name: string; transformations: Array<{ masking: boolean; subtype: string }> }> }>;
    expect(Object.keys(fields)).toEqual(['email', 'name']);
    expect(fields.email.inputFields[0]).toMatchObject({ field: 'email', name: KAFKA_TOPIC.name, transformations: [{ masking: true, subtype: 'TRANSFORMATION' }] });
    expect(fields.name.inputFields[0].transformations).toEqual([{ type: 'DIRECT', subtype: 'IDENTITY', masking: false }]);
  });

  it('names the policy versions that masked a field, one transformation each, in a facet the spec accepts', () => {
    const policies = new Map([['email', [{ policyId: 'default', policyVersion: 1 }, { policyId: 'default', policyVersion: 2 }]], ['name', [{ policyId: 'default', policyVersion: 1 }]]]);
    const facet = columnLineageFacet(PRODUCER, KAFKA_TOPIC, new Map([['email', true], ['name', false]]), policies);
    const fields = facet.fields as Record<string, { inputFields: Array<{ transformations: unknown[] }> }>;
    expect(fields.email.inputFields[0].transformations).toEqual([
      { type: 'DIRECT', subtype: 'TRANSFORMATION', description: 'personal data protected by policy default version 1', masking: true, policyId: 'default', policyVersion: 1 },
      { type: 'DIRECT', subtype: 'TRANSFORMATION', description: 'personal data protected by policy default version 2', masking: true, policyId: 'default', policyVersion: 2 },
    ]);
    // A field left unmasked names no policy, whatever masked it elsewhere.
    expect(fields.name.inputFields[0].transformations).toEqual([{ type: 'DIRECT', subtype: 'IDENTITY', masking: false }]);
    const event = buildRunEvent(stageInput({ outputs: [{ ...POSTGRES_TABLE, facets: { columnLineage: facet } }] }));
    expect(runEventValidator.validate(event).valid).toBe(true);
  });
});

describe('runEventValidator', () => {
  let valid: RunEvent;
  beforeEach(() => {
    valid = buildRunEvent(stageInput());
  });

  it('rejects an event without run, naming the schema', () => {
    const { run: _run, ...withoutRun } = valid;
    expect(reasonOf(withoutRun)).toMatch(/^not an OpenLineage RunEvent: .*'run'/);
  });

  it('rejects a run id that is not a uuid', () => {
    expect(reasonOf({ ...valid, run: { ...valid.run, runId: 'run-1' } })).toContain('/run/runId must match format "uuid"');
  });

  it('rejects an unknown event type', () => {
    expect(reasonOf({ ...valid, eventType: 'DONE' })).toContain('/eventType');
  });

  it('rejects an event time that is not a date-time', () => {
    expect(reasonOf({ ...valid, eventTime: '15/01/2026' })).toContain('/eventTime');
  });

  it('rejects a producer that is not a URI', () => {
    expect(reasonOf({ ...valid, producer: 'atlas connector' })).toContain('/producer');
  });

  it('rejects a facet without _producer and _schemaURL', () => {
    expect(reasonOf({ ...valid, run: { ...valid.run, facets: { custom: { value: 1 } } } })).toContain('/run/facets/custom');
  });

  it('rejects a job without a name', () => {
    expect(reasonOf({ ...valid, job: { namespace: LINEAGE_JOB_NAMESPACE } })).toContain("'name'");
  });

  it('requires an eventType even though the schema leaves it optional', () => {
    const { eventType: _eventType, ...withoutType } = valid;
    expect(reasonOf(withoutType)).toBe('RunEvent must carry eventType, run.runId and job.name');
  });

  it('rejects a parent facet without the parent job', () => {
    const parent = { _producer: PRODUCER, _schemaURL: PARENT_RUN_FACET_SCHEMA_URL, run: { runId: INGESTION_RUN_ID } };
    expect(reasonOf({ ...valid, run: { ...valid.run, facets: { parent } } })).toMatch(/^invalid parent run facet: .*'job'/);
  });

  it('rejects a parent facet whose run id is not a uuid', () => {
    const parent = { _producer: PRODUCER, _schemaURL: PARENT_RUN_FACET_SCHEMA_URL, run: { runId: 'parent' }, job: { namespace: 'atlas', name: 'ingest.people' } };
    expect(reasonOf({ ...valid, run: { ...valid.run, facets: { parent } } })).toMatch(/^invalid parent run facet: .*runId/);
  });

  it('rejects a column lineage facet whose fields are malformed, naming the output', () => {
    const columnLineage = { _producer: PRODUCER, _schemaURL: COLUMN_LINEAGE_FACET_SCHEMA_URL, fields: { email: { inputFields: 'email' } } };
    const event = { ...valid, outputs: [{ ...POSTGRES_TABLE, facets: { columnLineage } }] };
    expect(reasonOf(event)).toMatch(new RegExp(`^invalid columnLineage facet of ${POSTGRES_TABLE.name}: `));
  });
});

describe('stageRunId', () => {
  it('is a uuid', () => {
    expect(stageRunId('connector.explore', ['a'])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is the same for the same job and records, whatever their order', () => {
    expect(stageRunId('connector.explore', ['r1', 'r2', 'r3'])).toBe(stageRunId('connector.explore', ['r3', 'r1', 'r2']));
  });

  it('does not reorder the caller’s array', () => {
    const recordIds = ['r2', 'r1'];
    stageRunId('connector.explore', recordIds);
    expect(recordIds).toEqual(['r2', 'r1']);
  });

  it('differs by job and by record set', () => {
    const reference = stageRunId('connector.explore', ['r1', 'r2']);
    expect(stageRunId('quality.validate', ['r1', 'r2'])).not.toBe(reference);
    expect(stageRunId('connector.explore', ['r1'])).not.toBe(reference);
    expect(stageRunId('connector.explore', ['r1', 'r3'])).not.toBe(reference);
  });
});
