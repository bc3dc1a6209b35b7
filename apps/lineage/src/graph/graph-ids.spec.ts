import { v5 as uuidv5 } from 'uuid';
import { datasetIdOf, formatNodeId, GRAPH_ID_NAMESPACE, graphIdOf, jobIdOf, parseNodeId, uuidV5 } from './graph-ids';

describe('parseNodeId', () => {
  it.each([
    ['dataset:kafka://localhost:9092:atlas.ingest.records.v1', { kind: 'dataset', namespace: 'kafka://localhost:9092', name: 'atlas.ingest.records.v1' }],
    ['dataset:postgres://db:5432:atlas.connector.explore_records', { kind: 'dataset', namespace: 'postgres://db:5432', name: 'atlas.connector.explore_records' }],
    ['dataset:s3://bucket:path/to/file.csv', { kind: 'dataset', namespace: 's3://bucket', name: 'path/to/file.csv' }],
    ['dataset:bigquery:project.dataset.table', { kind: 'dataset', namespace: 'bigquery', name: 'project.dataset.table' }],
    ['job:atlas:pii-detection.protect', { kind: 'job', namespace: 'atlas', name: 'pii-detection.protect' }],
    ['job:airflow:dag.task:with:colons', { kind: 'job', namespace: 'airflow', name: 'dag.task:with:colons' }],
  ])('parses %s', (nodeId, expected) => {
    expect(parseNodeId(nodeId)).toEqual(expected);
  });

  it.each(['datasetField:ns:name:field', 'dataset:', 'dataset:nocolon', 'job::name', 'run:ns:name', 'kafka://x:1:y'])('refuses %s', (nodeId) => {
    expect(parseNodeId(nodeId)).toBeUndefined();
  });

  it('round-trips through formatNodeId', () => {
    const node = { kind: 'dataset' as const, namespace: 'kafka://broker-1:9092', name: 'orders' };
    expect(parseNodeId(formatNodeId(node))).toEqual(node);
  });
});

describe('graph ids', () => {
  it('keep namespace and name apart even when colons could move between them', () => {
    expect(datasetIdOf('a:b', 'c')).not.toBe(datasetIdOf('a', 'b:c'));
  });

  it('differ by kind for the same namespace and name', () => {
    expect(datasetIdOf('atlas', 'x')).not.toBe(jobIdOf('atlas', 'x'));
  });

  it('are stable uuids', () => {
    expect(graphIdOf({ kind: 'job', namespace: 'atlas', name: 'x' })).toBe(jobIdOf('atlas', 'x'));
    expect(datasetIdOf('atlas', 'x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('uuidV5', () => {
  it.each(['["dataset","kafka://localhost:9092","orders"]', '', 'ünïcødé ✓'])('equals the uuid package’s v5 of %j', (name) => {
    expect(uuidV5(name)).toBe(uuidv5(name, GRAPH_ID_NAMESPACE));
  });
});
