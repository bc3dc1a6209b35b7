import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { formatNodeId, graphIdOf, parseNodeId } from './graph-ids';
import { GraphQueryRepository, NodeDetails } from './graph-query.repository';

export interface GraphQuery {
  nodeId: string;
  upstreamDepth: number;
  downstreamDepth: number;
  maxNodes: number;
  /** The graph as it was then: edges, nodes, schema versions and runs first seen by this time. */
  asOf?: Date;
}

export interface LineageEdge {
  origin: string;
  destination: string;
}

export interface LineageNode {
  id: string;
  type: 'DATASET' | 'JOB';
  /** Edges from the start node along or against the edge direction (0 for the start node). */
  depth: number;
  data: Record<string, unknown>;
  inEdges: LineageEdge[];
  outEdges: LineageEdge[];
  /** Neighbours not in this graph (beyond the depth, or cut by maxNodes): "N more". */
  moreUpstream: number;
  moreDownstream: number;
}

/** Marquez's lineage graph, plus the truncation flag. */
export interface LineageGraph {
  graph: LineageNode[];
  truncated: boolean;
}

function dataOf(details: NodeDetails): Record<string, unknown> {
  const common = { namespace: details.namespace, name: details.name, createdAt: details.firstSeenAt, updatedAt: details.lastSeenAt };
  if (details.type === 'DATASET') return { type: 'DATASET', ...common, currentVersion: details.currentVersionId, fields: details.fields ?? [] };
  return { type: 'JOB', ...common, latestRun: details.latestRunId ? { id: details.latestRunId, state: details.latestRunState } : null };
}

function listOf<T>(lists: Map<string, T[]>, key: string): T[] {
  let list = lists.get(key);
  if (!list) lists.set(key, (list = []));
  return list;
}

@Injectable()
export class GraphService {
  constructor(private readonly repository: GraphQueryRepository) {}

  async lineage(query: GraphQuery): Promise<LineageGraph> {
    const start = parseNodeId(query.nodeId);
    if (!start) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'node_id_invalid', message: 'nodeId must be dataset:{namespace}:{name} or job:{namespace}:{name}' });
    // One more than the cap tells whether the graph was cut.
    const asOf = query.asOf ?? null;
    const reached = await this.repository.reachableNodes(graphIdOf(start), query.upstreamDepth, query.downstreamDepth, query.maxNodes + 1, asOf);
    const truncated = reached.length > query.maxNodes;
    const kept = reached.slice(0, query.maxNodes);
    const ids = kept.map((node) => node.nodeId);
    const [details, edges, hidden] = await Promise.all([this.repository.nodeDetails(ids, asOf), this.repository.edgesAmong(ids, asOf), this.repository.hiddenNeighbours(ids, asOf)]);
    const detailsById = new Map(details.map((node) => [node.nodeId, node]));
    if (!detailsById.has(graphIdOf(start))) {
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'node_not_found', message: `No ${start.kind} with this namespace and name has been seen${asOf ? ' by asOf' : ''}` });
    }
    const publicId = new Map(details.map((node) => [node.nodeId, formatNodeId({ kind: node.type === 'DATASET' ? 'dataset' : 'job', namespace: node.namespace, name: node.name })]));
    const inEdges = new Map<string, LineageEdge[]>();
    const outEdges = new Map<string, LineageEdge[]>();
    for (const edge of edges) {
      const lineageEdge = { origin: publicId.get(edge.sourceId)!, destination: publicId.get(edge.targetId)! };
      listOf(outEdges, edge.sourceId).push(lineageEdge);
      listOf(inEdges, edge.targetId).push(lineageEdge);
    }
    const byEnds = (left: LineageEdge, right: LineageEdge) => left.origin.localeCompare(right.origin) || left.destination.localeCompare(right.destination);
    for (const list of [...inEdges.values(), ...outEdges.values()]) list.sort(byEnds);
    const hiddenById = new Map(hidden.map((node) => [node.nodeId, node]));
    const graph = kept.map(({ nodeId, depth }) => {
      const node = detailsById.get(nodeId)!;
      return {
        id: publicId.get(nodeId)!,
        type: node.type,
        depth,
        data: dataOf(node),
        inEdges: inEdges.get(nodeId) ?? [],
        outEdges: outEdges.get(nodeId) ?? [],
        moreUpstream: hiddenById.get(nodeId)?.moreUpstream ?? 0,
        moreDownstream: hiddenById.get(nodeId)?.moreDownstream ?? 0,
      };
    });
    return { graph, truncated };
  }
}
