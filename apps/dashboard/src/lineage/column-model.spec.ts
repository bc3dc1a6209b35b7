import ELK from 'elkjs/lib/elk.bundled.js';
import type { ColumnLineage, LineageGraph, PiiPropagation } from '../api/types';
import { columnEdgePaths } from './column-edge-paths';
import { columnEdgesOf, columnKey, edgeCarriesPii, fieldsByDataset, MAX_FIELDS_SHOWN, piiTraceOf } from './column-model';
import { datasetHeight, FIELD_HEIGHT, layoutLineage, NODE_HEIGHT } from './graph-layout';
import { mergeLineage } from './lineage-model';

const NS = 'kafka://atlas';
const EXPLORE = `dataset:${NS}:explore/orders`;
const PROTECTED = `dataset:${NS}:protected/orders`;
const JOB = 'job:atlas.orders:pii-detection.protect';
const column = (name: string, field: string) => ({ namespace: NS, name, field });
const edge = (field: string, masking: boolean) => ({ input: column('explore/orders', field), output: column('protected/orders', field), job: { namespace: 'atlas.orders', name: 'pii-detection.protect' }, masking });

/** explore/orders → protect → protected/orders; explore's schema lists order_id and contact. */
const GRAPH: LineageGraph = {
  truncated: false,
  graph: [
    { id: JOB, type: 'JOB', depth: 0, data: { namespace: 'atlas.orders', name: 'pii-detection.protect' }, inEdges: [{ origin: EXPLORE, destination: JOB }], outEdges: [{ origin: JOB, destination: PROTECTED }], moreUpstream: 0, moreDownstream: 0 },
    { id: EXPLORE, type: 'DATASET', depth: 1, data: { namespace: NS, name: 'explore/orders', fields: [{ name: 'order_id' }, { name: 'contact' }] }, inEdges: [], outEdges: [{ origin: EXPLORE, destination: JOB }], moreUpstream: 0, moreDownstream: 0 },
    { id: PROTECTED, type: 'DATASET', depth: 1, data: { namespace: NS, name: 'protected/orders' }, inEdges: [{ origin: JOB, destination: PROTECTED }], outEdges: [], moreUpstream: 0, moreDownstream: 0 },
  ],
};
const ANSWERS: ColumnLineage[] = [
  { nodeId: EXPLORE, edges: [edge('contact', true), edge('order_id', false)], truncated: false },
  { nodeId: PROTECTED, edges: [edge('contact', true), edge('order_id', false)], truncated: false },
];
const PROPAGATION: PiiPropagation = {
  column: column('explore/orders', 'contact'),
  unmaskedDownstream: [],
  maskedAt: [{ column: column('protected/orders', 'contact'), from: column('explore/orders', 'contact'), job: { namespace: 'atlas.orders', name: 'pii-detection.protect' }, runId: null, policies: [] }],
  truncated: false,
};

describe('column lineage on the page', () => {
  it('keeps each column edge once, whichever datasets answered it', () => {
    expect(columnEdgesOf(ANSWERS).map((item) => [item.inputNode, item.inputField, item.outputNode, item.outputField, item.masking, item.job])).toEqual([
      [EXPLORE, 'contact', PROTECTED, 'contact', true, 'atlas.orders pii-detection.protect'],
      [EXPLORE, 'order_id', PROTECTED, 'order_id', false, 'atlas.orders pii-detection.protect'],
    ]);
  });

  it("lists a dataset's schema fields in order, then the fields only column edges name", () => {
    const fields = fieldsByDataset(mergeLineage(null, GRAPH, JOB), columnEdgesOf(ANSWERS));
    expect(Object.fromEntries(fields)).toEqual({ [EXPLORE]: ['order_id', 'contact'], [PROTECTED]: ['contact', 'order_id'] });
  });

  it('traces personal data: the start column carries it, the masking edge stops it', () => {
    const trace = piiTraceOf({ ...PROPAGATION, unmaskedDownstream: [{ ...column('copy/orders', 'contact'), depth: 1 }] });
    expect([...trace.carriers]).toEqual([columnKey(EXPLORE, 'contact'), columnKey(`dataset:${NS}:copy/orders`, 'contact')]);
    const [masked, copied] = columnEdgesOf(ANSWERS);
    expect(edgeCarriesPii(trace, masked)).toBe(false);
    expect(edgeCarriesPii(trace, copied)).toBe(false);
    expect(edgeCarriesPii(trace, { ...copied, inputField: 'contact', outputNode: `dataset:${NS}:copy/orders`, outputField: 'contact' })).toBe(true);
    expect(edgeCarriesPii(null, copied)).toBe(false);
  });

  it('grows dataset boxes a row per column, at most MAX_FIELDS_SHOWN and a count line', () => {
    expect([datasetHeight(0), datasetHeight(2), datasetHeight(MAX_FIELDS_SHOWN + 5)]).toEqual([NODE_HEIGHT, NODE_HEIGHT + 2 * FIELD_HEIGHT + 6, NODE_HEIGHT + (MAX_FIELDS_SHOWN + 1) * FIELD_HEIGHT + 6]);
  });

  it('draws each column edge from its input row (right side) to its output row (left side), masked ones marked', async () => {
    const model = mergeLineage(null, GRAPH, JOB);
    const edges = columnEdgesOf(ANSWERS);
    const fields = fieldsByDataset(model, edges);
    const drawn = await layoutLineage(new ELK(), model, fields);
    const box = (id: string) => drawn.nodes.find((node) => node.id === id)!;
    expect(box(EXPLORE).fields).toEqual([
      { name: 'order_id', y: NODE_HEIGHT + FIELD_HEIGHT / 2 },
      { name: 'contact', y: NODE_HEIGHT + FIELD_HEIGHT * 1.5 },
    ]);
    expect(box(EXPLORE).height).toBe(datasetHeight(2));
    expect(box(JOB).fields).toBeUndefined();
    const paths = columnEdgePaths(drawn, edges, piiTraceOf(PROPAGATION));
    const from = box(EXPLORE);
    const to = box(PROTECTED);
    const startOf = (path: string) => path.split(' ')[0];
    const endOf = (path: string) => path.split(' ').at(-1);
    expect(paths.map((path) => [startOf(path.path), endOf(path.path), path.masking, path.pii])).toEqual([
      [`M${from.x + from.width},${from.y + NODE_HEIGHT + FIELD_HEIGHT * 1.5}`, `${to.x},${to.y + NODE_HEIGHT + FIELD_HEIGHT / 2}`, true, false],
      [`M${from.x + from.width},${from.y + NODE_HEIGHT + FIELD_HEIGHT / 2}`, `${to.x},${to.y + NODE_HEIGHT + FIELD_HEIGHT * 1.5}`, false, false],
    ]);
    // A column the boxes do not list draws no edge.
    expect(columnEdgePaths(drawn, [{ ...edges[0], inputField: 'not-listed' }], null)).toEqual([]);
  });
});
