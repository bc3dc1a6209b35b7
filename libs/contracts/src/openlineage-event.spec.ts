import { buildRunEvent, columnLineageFacet } from './lineage-event';
import { STANDARD_FACETS } from './openlineage-facets';
import { describeViolations, eventKindOf, OpenLineageEvent, openLineageEventValidator, OpenLineageViolation, validateOpenLineageEvent } from './openlineage-event';

const CORE = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';
const FACETS = 'https://openlineage.io/spec/facets';
const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.40.0/client/python';
const RUN_ID = '0190f1b2-3c4d-7e5f-8a6b-7c8d9e0f1a2b';
const base = { eventTime: '2026-11-29T10:00:00.000Z', producer: PRODUCER, schemaURL: `${CORE}#/$defs/RunEvent` };
const facetBase = (name: string, version: string) => ({ _producer: PRODUCER, _schemaURL: `${FACETS}/${version}/${name}.json#/$defs/${name}` });

/** A RunEvent carrying one facet of each place, shaped as the spec's facet documentation shows them. */
function fullRunEvent(): Record<string, unknown> {
  return {
    ...base,
    eventType: 'COMPLETE',
    run: {
      runId: RUN_ID,
      facets: {
        nominalTime: { ...facetBase('NominalTimeRunFacet', '1-0-1'), nominalStartTime: '2020-12-17T03:00:00.000Z', nominalEndTime: '2020-12-17T04:00:00.000Z' },
        parent: { ...facetBase('ParentRunFacet', '1-2-0'), run: { runId: '0190f1b2-0000-7e5f-8a6b-7c8d9e0f1a2b' }, job: { namespace: 'airflow', name: 'etl_dag' } },
        errorMessage: { ...facetBase('ErrorMessageRunFacet', '1-0-1'), message: 'Table or view not found', programmingLanguage: 'JAVA' },
        processing_engine: { ...facetBase('ProcessingEngineRunFacet', '1-1-1'), version: '3.5.1', name: 'spark' },
      },
    },
    job: {
      namespace: 'airflow',
      name: 'etl_dag.load_customers',
      facets: {
        sql: { ...facetBase('SQLJobFacet', '1-1-0'), query: 'SELECT * FROM foo', dialect: 'snowflake' },
        jobType: { ...facetBase('JobTypeJobFacet', '2-0-4'), processingType: 'BATCH', integration: 'AIRFLOW', jobType: 'TASK' },
      },
    },
    inputs: [
      {
        namespace: 'postgres://db.example.com:5432',
        name: 'shop.public.customers',
        facets: {
          schema: { ...facetBase('SchemaDatasetFacet', '1-2-0'), fields: [{ name: 'id', type: 'INT', ordinal_position: 1 }, { name: 'email', type: 'VARCHAR' }] },
          dataSource: { ...facetBase('DatasourceDatasetFacet', '1-0-1'), name: 'shop', uri: 'postgres://db.example.com:5432/shop' },
        },
        inputFacets: {
          inputStatistics: { ...facetBase('InputStatisticsInputDatasetFacet', '1-0-0'), rowCount: 120, size: 4096 },
          dataQualityMetrics: { ...facetBase('DataQualityMetricsInputDatasetFacet', '1-0-3'), rowCount: 120, columnMetrics: { id: { nullCount: 0, distinctCount: 120 } } },
        },
      },
    ],
    outputs: [
      {
        namespace: 'snowflake://account',
        name: 'analytics.public.customers',
        facets: {
          columnLineage: {
            ...facetBase('ColumnLineageDatasetFacet', '1-2-0'),
            fields: {
              email: {
                inputFields: [
                  { namespace: 'postgres://db.example.com:5432', name: 'shop.public.customers', field: 'email', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }] },
                  { namespace: 'postgres://db.example.com:5432', name: 'shop.public.customers', field: 'id', transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }] },
                ],
              },
            },
          },
        },
        outputFacets: { outputStatistics: { ...facetBase('OutputStatisticsOutputDatasetFacet', '1-0-2'), rowCount: 118, size: 4000 } },
      },
    ],
  };
}

function violationsOf(value: unknown): OpenLineageViolation[] {
  const result = validateOpenLineageEvent(value);
  if (result.valid) throw new Error('expected the event to be refused');
  return result.violations;
}

function withOutputFacet(key: string, facet: unknown): Record<string, unknown> {
  const event = fullRunEvent();
  const [output] = event.outputs as Array<{ facets: Record<string, unknown> }>;
  output.facets[key] = facet;
  return event;
}

describe('validateOpenLineageEvent', () => {
  describe('accepts', () => {
    it('a RunEvent with standard facets in every place', () => {
      const event = fullRunEvent();
      expect(validateOpenLineageEvent(event)).toEqual({ valid: true, value: event, kind: 'RunEvent' });
    });

    it('a minimal RunEvent without eventType, inputs or outputs (all optional in 2-0-2)', () => {
      const event = { ...base, run: { runId: RUN_ID }, job: { namespace: 'ns', name: 'job' } };
      expect(validateOpenLineageEvent(event)).toEqual({ valid: true, value: event, kind: 'RunEvent' });
    });

    it('a DatasetEvent and a JobEvent', () => {
      const datasetEvent = { ...base, schemaURL: `${CORE}#/$defs/DatasetEvent`, dataset: { namespace: 'kafka://broker:9092', name: 'orders', facets: {} } };
      const jobEvent = { ...base, schemaURL: `${CORE}#/$defs/JobEvent`, job: { namespace: 'dbt', name: 'model.orders' }, inputs: [{ namespace: 'kafka://broker:9092', name: 'orders' }], outputs: [] };
      expect(validateOpenLineageEvent(datasetEvent)).toMatchObject({ valid: true, kind: 'DatasetEvent' });
      expect(validateOpenLineageEvent(jobEvent)).toMatchObject({ valid: true, kind: 'JobEvent' });
    });

    it('a custom facet that only carries _producer and _schemaURL', () => {
      const event = withOutputFacet('acme_custom', { _producer: PRODUCER, _schemaURL: 'https://acme.example.com/facets/1.json', anything: [1, 2] });
      expect(validateOpenLineageEvent(event).valid).toBe(true);
    });

    it('a standard facet marked _deleted, whatever else it lacks', () => {
      const event = withOutputFacet('schema', { _producer: PRODUCER, _schemaURL: `${FACETS}/1-2-0/SchemaDatasetFacet.json`, _deleted: true, fields: 'gone' });
      expect(validateOpenLineageEvent(event).valid).toBe(true);
    });

    it('the events Atlas stages emit, column lineage included', () => {
      const input = { namespace: 'kafka://localhost:9092', name: 'atlas.explore.records.v1' };
      const event = buildRunEvent({
        producer: 'urn:atlas:pii-detection',
        jobName: 'pii-detection.protect',
        runId: RUN_ID,
        eventType: 'COMPLETE',
        eventTime: new Date('2026-11-29T10:00:00.000Z'),
        inputs: [input],
        outputs: [{ namespace: 'kafka://localhost:9092', name: 'atlas.protected.records.v1', facets: { columnLineage: columnLineageFacet('urn:atlas:pii-detection', input, new Map([['email', true]])) } }],
        recordCount: 2,
      });
      expect(validateOpenLineageEvent(event).valid).toBe(true);
    });
  });

  describe('refuses, naming the instance path and the absolute schema path', () => {
    it('a run id that is not a uuid', () => {
      const event = fullRunEvent();
      (event.run as { runId: string }).runId = 'run-42';
      expect(violationsOf(event)).toEqual([{ instancePath: '/run/runId', schemaPath: `${CORE}#/$defs/Run/properties/runId/format`, message: 'must match format "uuid"' }]);
    });

    it('an unknown event type and a job without name, together', () => {
      const event = { ...fullRunEvent(), eventType: 'DONE', job: { namespace: 'airflow' } };
      expect(violationsOf(event)).toEqual([
        { instancePath: '/eventType', schemaPath: `${CORE}#/$defs/RunEvent/allOf/1/properties/eventType/enum`, message: 'must be equal to one of the allowed values' },
        { instancePath: '/job', schemaPath: `${CORE}#/$defs/Job/required`, message: "must have required property 'name'" },
      ]);
    });

    it('a missing eventTime and a producer that is not a URI', () => {
      const event: Record<string, unknown> = { ...fullRunEvent(), producer: 'my producer' };
      delete event.eventTime;
      expect(violationsOf(event)).toEqual([
        { instancePath: '/', schemaPath: `${CORE}#/$defs/BaseEvent/required`, message: "must have required property 'eventTime'" },
        { instancePath: '/producer', schemaPath: `${CORE}#/$defs/BaseEvent/properties/producer/format`, message: 'must match format "uri"' },
      ]);
    });

    it('a value that is no kind of event', () => {
      expect(violationsOf({ ...base })).toEqual([{ instancePath: '/', schemaPath: `${CORE}#/oneOf`, message: 'must be a RunEvent (run and job), a DatasetEvent (dataset) or a JobEvent (job)' }]);
      expect(violationsOf([base])).toEqual([{ instancePath: '/', schemaPath: `${CORE}#/type`, message: 'must be object' }]);
    });

    it('a JobEvent that also carries a dataset (it would fit two definitions)', () => {
      const event = { ...base, job: { namespace: 'n', name: 'j' }, dataset: { namespace: 'n', name: 'd' } };
      expect(violationsOf(event)).toEqual([{ instancePath: '/', schemaPath: `${CORE}#/oneOf`, message: 'must match exactly one of RunEvent, DatasetEvent and JobEvent' }]);
    });

    it('a custom facet without _producer', () => {
      const event = withOutputFacet('acme_custom', { _schemaURL: 'https://acme.example.com/facets/1.json' });
      expect(violationsOf(event)).toEqual([{ instancePath: '/outputs/0/facets/acme_custom', schemaPath: `${CORE}#/$defs/BaseFacet/required`, message: "must have required property '_producer'" }]);
    });

    it('a column lineage input field without its field, against the facet schema', () => {
      const event = withOutputFacet('columnLineage', {
        ...facetBase('ColumnLineageDatasetFacet', '1-2-0'),
        fields: { email: { inputFields: [{ namespace: 'n', name: 'customers', transformations: [{ type: 'DIRECT', masking: 'yes' }] }] } },
      });
      expect(violationsOf(event)).toEqual([
        { instancePath: '/outputs/0/facets/columnLineage/fields/email/inputFields/0', schemaPath: `${FACETS}/1-2-0/ColumnLineageDatasetFacet.json#/$defs/InputField/required`, message: "must have required property 'field'" },
        {
          instancePath: '/outputs/0/facets/columnLineage/fields/email/inputFields/0/transformations/0/masking',
          schemaPath: `${FACETS}/1-2-0/ColumnLineageDatasetFacet.json#/$defs/InputField/properties/transformations/items/properties/masking/type`,
          message: 'must be boolean',
        },
      ]);
    });

    it('a schema facet whose fields are not a list', () => {
      const event = withOutputFacet('schema', { ...facetBase('SchemaDatasetFacet', '1-2-0'), fields: { id: 'INT' } });
      expect(violationsOf(event)).toEqual([
        { instancePath: '/outputs/0/facets/schema/fields', schemaPath: `${FACETS}/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet/allOf/1/properties/fields/type`, message: 'must be array' },
      ]);
    });

    it('a parent run facet without its job, and an input facet of the wrong type', () => {
      const event = fullRunEvent();
      const run = event.run as { facets: Record<string, unknown> };
      run.facets.parent = { ...facetBase('ParentRunFacet', '1-2-0'), run: { runId: RUN_ID } };
      const [input] = event.inputs as Array<{ inputFacets: Record<string, unknown> }>;
      input.inputFacets.inputStatistics = { ...facetBase('InputStatisticsInputDatasetFacet', '1-0-0'), rowCount: 'many' };
      expect(violationsOf(event)).toEqual([
        { instancePath: '/run/facets/parent', schemaPath: `${FACETS}/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet/allOf/1/required`, message: "must have required property 'job'" },
        {
          instancePath: '/inputs/0/inputFacets/inputStatistics/rowCount',
          schemaPath: `${FACETS}/1-0-0/InputStatisticsInputDatasetFacet.json#/$defs/InputStatisticsInputDatasetFacet/allOf/1/properties/rowCount/type`,
          message: 'must be integer',
        },
      ]);
    });

    it('checks a facet key by its place: `tags` of a job against TagsJobFacet', () => {
      const event = fullRunEvent();
      (event.job as { facets: Record<string, unknown> }).facets.tags = { ...facetBase('TagsJobFacet', '1-0-0'), tags: [{ key: 'team' }] };
      expect(violationsOf(event)).toEqual([
        { instancePath: '/job/facets/tags/tags/0', schemaPath: `${FACETS}/1-0-0/TagsJobFacet.json#/$defs/TagsJobFacetFields/required`, message: "must have required property 'value'" },
      ]);
    });

    it('stops at five violations', () => {
      const inputs = Array.from({ length: 8 }, () => ({ namespace: 'n' }));
      expect(violationsOf({ ...fullRunEvent(), inputs })).toHaveLength(5);
    });
  });
});

describe('STANDARD_FACETS', () => {
  it('registers the 40 facets of the spec folder (38 documents), each place and key once', () => {
    expect(STANDARD_FACETS).toHaveLength(40);
    expect(new Set(STANDARD_FACETS.map((facet) => `${facet.location}:${facet.key}`)).size).toBe(40);
  });
});

describe('openLineageEventValidator', () => {
  it('gives the topic a reason that names the schema path and never quotes a value', () => {
    const event = fullRunEvent();
    (event.run as { runId: string }).runId = 'secret-person@example.com';
    const result = openLineageEventValidator.validate(event);
    expect(result).toEqual({ valid: false, reason: `not a valid OpenLineage event: /run/runId must match format "uuid" (schema ${CORE}#/$defs/Run/properties/runId/format)` });
  });

  it('passes a valid event through unchanged', () => {
    const event = fullRunEvent();
    expect(openLineageEventValidator.validate(event)).toEqual({ valid: true, value: event });
  });
});

describe('describeViolations and eventKindOf', () => {
  it('joins violations with their schema paths', () => {
    expect(describeViolations([{ instancePath: '/a', schemaPath: 'S#/x', message: 'm1' }, { instancePath: '/b', schemaPath: 'S#/y', message: 'm2' }])).toBe('/a m1 (schema S#/x); /b m2 (schema S#/y)');
  });

  it('tells the three kinds apart', () => {
    expect(eventKindOf({ ...base, run: { runId: RUN_ID }, job: { namespace: 'n', name: 'j' } } as OpenLineageEvent)).toBe('RunEvent');
    expect(eventKindOf({ ...base, dataset: { namespace: 'n', name: 'd' } } as OpenLineageEvent)).toBe('DatasetEvent');
    expect(eventKindOf({ ...base, job: { namespace: 'n', name: 'j' } } as OpenLineageEvent)).toBe('JobEvent');
  });
});

describe('the official Python client’s events (openlineage-python 1.54.0, as captured from its HTTP transport)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const capture = require('../../testing/src/fixtures/openlineage-python-client-requests.json') as { requests: Array<{ path: string; authorization: string; body: unknown }> };

  it('posts to /api/v1/lineage with a Bearer key, where the gateway takes them', () => {
    expect(capture.requests.map((request) => [request.path, request.authorization])).toEqual(Array(4).fill(['/api/v1/lineage', 'Bearer <api key>']));
  });

  it('sends valid RunEvents, a JobEvent and a DatasetEvent', () => {
    expect(capture.requests.map((request) => validateOpenLineageEvent(request.body))).toEqual(
      ['RunEvent', 'RunEvent', 'JobEvent', 'DatasetEvent'].map((kind, index) => ({ valid: true, value: capture.requests[index].body, kind })),
    );
  });
});
