import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ColumnLineage, ColumnLineageService } from './column-lineage.service';
import { ColumnLineageQueryDto, LineageQuery, PiiPropagationQueryDto } from './dto/lineage-query.dto';
import { GraphService, LineageGraph } from './graph.service';
import { PiiPropagation, PiiPropagationService } from './pii-propagation.service';

@ApiTags('lineage')
@ApiBearerAuth()
@Controller('api/v1/lineage')
export class GraphController {
  constructor(
    private readonly graph: GraphService,
    private readonly piiPropagation: PiiPropagationService,
    private readonly columns: ColumnLineageService,
  ) {}

  /** Marquez's `GET /api/v1/lineage`: the graph around a dataset or job, walked upstream and downstream separately. */
  @Get()
  @ApiResponse({ status: 200, description: '{ graph: [{ id, type, depth, data, inEdges, outEdges, moreUpstream, moreDownstream }], truncated }' })
  @ApiResponse({ status: 400, description: 'nodeId is not dataset:{namespace}:{name} or job:{namespace}:{name}, or a depth or maxNodes is out of range' })
  @ApiResponse({ status: 404, description: 'No such dataset or job has been seen' })
  lineage(@Query() query: LineageQuery): Promise<LineageGraph> {
    return this.graph.lineage({
      nodeId: query.nodeId,
      upstreamDepth: query.upstreamDepth ?? query.depth,
      downstreamDepth: query.downstreamDepth ?? query.depth,
      maxNodes: query.maxNodes,
      asOf: query.asOf ? new Date(query.asOf) : undefined,
    });
  }

  /** Which downstream columns still carry a column's values unmasked, and where they were masked (by which job and run). */
  @Get('pii-propagation')
  @ApiResponse({ status: 200, description: '{ column, unmaskedDownstream: [{ namespace, name, field, depth }], maskedAt: [{ column, from, job, runId, transformations, policies: [{ policyId, policyVersion }] }], truncated }' })
  @ApiResponse({ status: 404, description: 'No such dataset has been seen' })
  propagation(@Query() query: PiiPropagationQueryDto): Promise<PiiPropagation> {
    return this.piiPropagation.propagation(query);
  }

  /** Column-level lineage of one dataset: the column edges into and out of it, masking ones marked. */
  @Get('columns')
  @ApiResponse({ status: 200, description: '{ nodeId, edges: [{ input: {namespace, name, field}, output, job, masking, transformations, lastRunId }], truncated }' })
  @ApiResponse({ status: 400, description: 'nodeId is not dataset:{namespace}:{name}, or maxEdges is out of range' })
  @ApiResponse({ status: 404, description: 'No such dataset has been seen (by asOf)' })
  columnLineage(@Query() query: ColumnLineageQueryDto): Promise<ColumnLineage> {
    return this.columns.columnLineage({ nodeId: query.nodeId, maxEdges: query.maxEdges, asOf: query.asOf ? new Date(query.asOf) : undefined });
  }
}
