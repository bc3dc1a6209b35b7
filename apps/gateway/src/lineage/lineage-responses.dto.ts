import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The lineage service's graph, column lineage, PII propagation and run provenance as the gateway relays them (apps/lineage/src). */
export class LineageEventsAcceptedResponse {
  @ApiProperty({ description: 'Events published to atlas.lineage.events.v1' }) accepted: number;
}

export class LineageEdgeResponse {
  @ApiProperty({ example: 'job:atlas:connector.explore' }) origin: string;
  @ApiProperty({ example: 'dataset:atlas:explore.people' }) destination: string;
}

export class LineageNodeResponse {
  @ApiProperty({ example: 'dataset:atlas:explore.people', description: 'dataset:{namespace}:{name} or job:{namespace}:{name}' }) id: string;
  @ApiProperty({ enum: ['DATASET', 'JOB'] }) type: 'DATASET' | 'JOB';
  @ApiProperty({ description: 'Edges from the start node (0 for the start node)' }) depth: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Marquez node data: namespace, name, times; a dataset its current version and fields, a job its latest run' })
  data: Record<string, unknown>;
  @ApiProperty({ type: [LineageEdgeResponse] }) inEdges: LineageEdgeResponse[];
  @ApiProperty({ type: [LineageEdgeResponse] }) outEdges: LineageEdgeResponse[];
  @ApiProperty({ description: 'Neighbours upstream not in this graph (beyond the depth, or cut by maxNodes)' }) moreUpstream: number;
  @ApiProperty({ description: 'Neighbours downstream not in this graph' }) moreDownstream: number;
}

export class LineageGraphResponse {
  @ApiProperty({ type: [LineageNodeResponse] }) graph: LineageNodeResponse[];
  @ApiProperty({ description: 'The graph was cut at maxNodes' }) truncated: boolean;
}

export class LineageColumnResponse {
  @ApiProperty() namespace: string;
  @ApiProperty() name: string;
  @ApiProperty() field: string;
}

export class LineageJobResponse {
  @ApiProperty() namespace: string;
  @ApiProperty() name: string;
}

const TRANSFORMATIONS = { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'OpenLineage column transformations' } as const;

export class ColumnLineageEdgeResponse {
  @ApiProperty({ type: LineageColumnResponse }) input: LineageColumnResponse;
  @ApiProperty({ type: LineageColumnResponse }) output: LineageColumnResponse;
  @ApiProperty({ nullable: true, type: LineageJobResponse, description: 'The job that wrote the output column (null when the producer named none)' }) job: LineageJobResponse | null;
  @ApiProperty({ description: 'The transformation masks the values' }) masking: boolean;
  @ApiProperty(TRANSFORMATIONS) transformations: object[];
  @ApiProperty({ nullable: true, type: String }) lastRunId: string | null;
}

export class ColumnLineageResponse {
  @ApiProperty({ example: 'dataset:atlas:navigate.people' }) nodeId: string;
  @ApiProperty({ type: [ColumnLineageEdgeResponse], description: 'Column edges with the dataset on either side, by input then output column' }) edges: ColumnLineageEdgeResponse[];
  @ApiProperty({ description: 'The edges were cut at maxEdges' }) truncated: boolean;
}

export class CarryingColumnResponse extends LineageColumnResponse {
  @ApiProperty({ description: 'Column edges from the start column' }) depth: number;
}

export class MaskingPolicyResponse {
  @ApiProperty() policyId: string;
  @ApiProperty() policyVersion: number;
}

export class MaskingEdgeResponse {
  @ApiProperty({ type: LineageColumnResponse, description: 'The masked column' }) column: LineageColumnResponse;
  @ApiProperty({ type: LineageColumnResponse, description: 'The column its values came from' }) from: LineageColumnResponse;
  @ApiProperty({ nullable: true, type: LineageJobResponse }) job: LineageJobResponse | null;
  @ApiProperty({ nullable: true, type: String }) runId: string | null;
  @ApiProperty(TRANSFORMATIONS) transformations: object[];
  @ApiProperty({ type: [MaskingPolicyResponse], description: 'The policy versions that masked it' }) policies: MaskingPolicyResponse[];
}

export class PiiPropagationResponse {
  @ApiProperty({ type: LineageColumnResponse }) column: LineageColumnResponse;
  @ApiProperty({ type: [CarryingColumnResponse], description: "Columns downstream that still carry the column's values unmasked, closest first" }) unmaskedDownstream: CarryingColumnResponse[];
  @ApiProperty({ type: [MaskingEdgeResponse], description: 'Where the values were masked' }) maskedAt: MaskingEdgeResponse[];
  @ApiProperty({ description: 'The columns were cut at maxColumns' }) truncated: boolean;
}

export class ProvenanceDatasetResponse {
  @ApiProperty() namespace: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ description: 'Rows the run counted there' }) rowCount?: number;
}

export class ProvenanceRunResponse {
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty({ type: LineageJobResponse }) job: LineageJobResponse;
  @ApiProperty({ nullable: true, type: String, description: 'The most advanced event: START, RUNNING, COMPLETE, FAIL or ABORT' }) state: string | null;
  @ApiProperty({ nullable: true, type: Number }) recordCount: number | null;
  @ApiPropertyOptional({ description: 'Records of the run the stage dead-lettered, when any' }) deadLetteredCount?: number;
  @ApiProperty() startedAt: string;
  @ApiProperty() lastEventAt: string;
  @ApiProperty({ type: [ProvenanceDatasetResponse] }) inputs: ProvenanceDatasetResponse[];
  @ApiProperty({ type: [ProvenanceDatasetResponse] }) outputs: ProvenanceDatasetResponse[];
  @ApiPropertyOptional() errorMessage?: string;
}

export class SourceRangeResponse {
  @ApiProperty({ description: 'Location of the first record read' }) first: string;
  @ApiProperty({ description: 'Location of the last record read' }) last: string;
}

export class ProvenanceSourceRunResponse extends ProvenanceRunResponse {
  @ApiPropertyOptional({ type: SourceRangeResponse }) sourceRange?: SourceRangeResponse;
}

export class QualityAssertionResponse {
  @ApiProperty({ description: 'The check id' }) assertion: string;
  @ApiProperty() success: boolean;
  @ApiPropertyOptional() column?: string;
}

export class ColumnMaskingPolicyResponse extends MaskingPolicyResponse {
  @ApiProperty() column: string;
}

export class RunProvenanceResponse {
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty({ nullable: true, type: ProvenanceSourceRunResponse, description: "The source's run (root run), null when lineage has not heard of it" }) source: ProvenanceSourceRunResponse | null;
  @ApiProperty({ type: [ProvenanceRunResponse], description: "Each stage's run, in pipeline order" }) stages: ProvenanceRunResponse[];
  @ApiProperty({ type: [QualityAssertionResponse], description: "Checks of the run's contract version" }) qualityChecks: QualityAssertionResponse[];
  @ApiProperty({ type: [String], description: 'Columns whose values pii-detection protected in some record of the run' }) maskedColumns: string[];
  @ApiProperty({ type: [ColumnMaskingPolicyResponse] }) maskingPolicies: ColumnMaskingPolicyResponse[];
}
