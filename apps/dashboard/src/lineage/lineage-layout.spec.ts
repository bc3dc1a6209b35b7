import ELK from 'elkjs/lib/elk.bundled.js';
import type { LineageGraph, LineageNode } from '../api/types';
import { fromElkLayout, LARGE_GRAPH_BOXES, layoutLineage, layoutOptions, shortLabel, toElkGraph } from './graph-layout';
import { hiddenNeighbours, listRows, mergeLineage, sourcePipelineNodeId } from './lineage-model';

function node(id: string, edges: { in?: string[]; out?: string[] }, more: { up?: number; down?: number } = {}): LineageNode {
  const [kind, namespace, name] = id.split('|');
  return {
    id,
    type: kind === 'job' ? 'JOB' : 'DATASET',
    depth: 0,
    data: { namespace, name },
    inEdges: (edges.in ?? []).map((origin) => ({ origin, destination: id })),
    outEdges: (edges.out ?? []).map((destination) => ({ origin: id, destination })),
    moreUpstream: more.up ?? 0,
    moreDownstream: more.down ?? 0,
  };
}

const RAW = 'dataset|kafka|raw';
const PROTECT = 'job|atlas.people|protect';
const SAFE = 'dataset|kafka|safe';
const INGEST = 'job|atlas.people|ingest';

/** protect reads raw and writes safe; raw has one hidden producer (ingest), safe two hidden consumers. */
const AROUND_PROTECT: LineageGraph = {
  truncated: false,
  graph: [node(PROTECT, { in: [RAW], out: [SAFE] }), node(RAW, { out: [PROTECT] }, { up: 1 }), node(SAFE, { in: [PROTECT] }, { down: 2 })],
};

describe('the lineage model', () => {
  it('keeps the nodes and edges of an answer and counts the hidden neighbours', () => {
    const model = mergeLineage(null, AROUND_PROTECT, PROTECT);
    expect([...model.edges.values()]).toEqual([
      { origin: RAW, destination: PROTECT },
      { origin: PROTECT, destination: SAFE },
    ]);
    expect([RAW, PROTECT, SAFE].map((id) => hiddenNeighbours(model, id))).toEqual([
      { upstream: 1, downstream: 0 },
      { upstream: 0, downstream: 0 },
      { upstream: 0, downstream: 2 },
    ]);
  });

  it('expands one level: the merged answer shows the hidden producer and no longer counts it as hidden', () => {
    const aroundRaw: LineageGraph = { truncated: false, graph: [node(RAW, { in: [INGEST] }, { down: 1 }), node(INGEST, { out: [RAW] })] };
    const model = mergeLineage(mergeLineage(null, AROUND_PROTECT, PROTECT), aroundRaw, RAW);
    expect(model.rootId).toBe(PROTECT);
    expect(hiddenNeighbours(model, RAW)).toEqual({ upstream: 0, downstream: 0 });
    expect(listRows(model).map((row) => [row.name, row.upstream, row.downstream, row.hidden])).toEqual([
      ['protect', ['raw'], ['safe'], { upstream: 0, downstream: 0 }],
      ['ingest', [], ['raw'], { upstream: 0, downstream: 0 }],
      ['raw', ['ingest'], ['protect'], { upstream: 0, downstream: 0 }],
      ['safe', ['protect'], [], { upstream: 0, downstream: 2 }],
    ]);
  });

  it("opens a source's lineage at its protection job", () => {
    expect(sourcePipelineNodeId('orders')).toBe('job:atlas.orders:pii-detection.protect');
  });
});

describe('the lineage layout', () => {
  it('adds an "N more" box on the side of each node with hidden neighbours', () => {
    const elk = toElkGraph(mergeLineage(null, AROUND_PROTECT, PROTECT));
    expect(elk.layoutOptions?.['elk.algorithm']).toBe('layered');
    expect(elk.children?.map((child) => child.id)).toEqual([PROTECT, RAW, `more:upstream:${RAW}`, SAFE, `more:downstream:${SAFE}`]);
    expect(elk.edges?.map((edge) => [edge.sources[0], edge.targets[0]])).toEqual([
      [`more:upstream:${RAW}`, RAW],
      [SAFE, `more:downstream:${SAFE}`],
      [RAW, PROTECT],
      [PROTECT, SAFE],
    ]);
  });

  it('lays the graph out left to right with elkjs: upstream left of the job, downstream right of it', async () => {
    const model = mergeLineage(null, AROUND_PROTECT, PROTECT);
    const drawn = await layoutLineage(new ELK(), model);
    const x = (id: string) => drawn.nodes.find((drawnNode) => drawnNode.id === id)!.x;
    expect(x(`more:upstream:${RAW}`)).toBeLessThan(x(RAW));
    expect(x(RAW)).toBeLessThan(x(PROTECT));
    expect(x(PROTECT)).toBeLessThan(x(SAFE));
    expect(x(SAFE)).toBeLessThan(x(`more:downstream:${SAFE}`));
    expect(drawn.nodes.find((drawnNode) => drawnNode.kind === 'more' && drawnNode.more?.direction === 'downstream')).toMatchObject({ label: '2 more', more: { nodeId: SAFE, count: 2 } });
    expect(drawn.edges).toHaveLength(4);
    for (const edge of drawn.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2);
    expect(drawn.width).toBeGreaterThan(4 * 100);
  });

  it('maps boxes and edge sections and labels nodes from the model', () => {
    const model = mergeLineage(null, { truncated: false, graph: [node(PROTECT, {})] }, PROTECT);
    const drawn = fromElkLayout(model, {
      id: 'root',
      width: 300,
      height: 80,
      children: [{ id: PROTECT, x: 16, y: 20, width: 220, height: 44 }],
      edges: [{ id: 'edge:x', sources: [PROTECT], targets: [PROTECT], sections: [{ id: 's', startPoint: { x: 1, y: 2 }, bendPoints: [{ x: 3, y: 4 }], endPoint: { x: 5, y: 6 } }] }],
    });
    expect(drawn).toEqual({
      width: 300,
      height: 80,
      nodes: [{ id: PROTECT, kind: 'job', label: 'protect', title: 'job atlas.people protect', x: 16, y: 20, width: 220, height: 44 }],
      edges: [{ id: 'edge:x', points: [{ x: 1, y: 2 }, { x: 3, y: 4 }, { x: 5, y: 6 }], toMore: false }],
    });
  });

  it('shortens long names from the front', () => {
    expect([shortLabel('atlas.explore.records.v1/people', 12), shortLabel('people', 12)]).toEqual(['…s.v1/people', 'people']);
  });
});

describe('the layout options', () => {
  it('skips crossing minimisation and layers by longest path beyond LARGE_GRAPH_BOXES boxes', () => {
    expect(layoutOptions(LARGE_GRAPH_BOXES)['elk.layered.crossingMinimization.strategy']).toBeUndefined();
    expect(layoutOptions(LARGE_GRAPH_BOXES + 1)).toMatchObject({ 'elk.algorithm': 'layered', 'elk.layered.crossingMinimization.strategy': 'NONE', 'elk.layered.layering.strategy': 'LONGEST_PATH' });
  });
});
