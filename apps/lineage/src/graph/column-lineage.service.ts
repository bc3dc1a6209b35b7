import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { datasetIdOf, parseNodeId } from './graph-ids';
import { ColumnEdge, ColumnLineageRepository } from './column-lineage.repository';

export interface ColumnLineageQuery {
  nodeId: string;
  maxEdges: number;
  asOf?: Date;
}

export interface ColumnLineage {
  nodeId: string;
  /** Column edges with the dataset on either side, sorted by input then output column. */
  edges: ColumnEdge[];
  truncated: boolean;
}

/** Column-level lineage one dataset at a time: what the dashboard loads lazily for the datasets it draws. */
@Injectable()
export class ColumnLineageService {
  constructor(private readonly repository: ColumnLineageRepository) {}

  async columnLineage(query: ColumnLineageQuery): Promise<ColumnLineage> {
    const node = parseNodeId(query.nodeId);
    if (!node || node.kind !== 'dataset') throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'node_id_invalid', message: 'nodeId must be dataset:{namespace}:{name}' });
    const datasetId = datasetIdOf(node.namespace, node.name);
    const asOf = query.asOf ?? null;
    // One more than the cap tells whether the list was cut.
    const [edges, seen] = await Promise.all([this.repository.edgesOfDataset(datasetId, asOf, query.maxEdges + 1), this.repository.datasetSeen(datasetId, asOf)]);
    if (!seen) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'node_not_found', message: `No dataset with this namespace and name has been seen${asOf ? ' by asOf' : ''}` });
    return { nodeId: query.nodeId, edges: edges.slice(0, query.maxEdges), truncated: edges.length > query.maxEdges };
  }
}
