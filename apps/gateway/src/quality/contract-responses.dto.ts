import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ANY_JSON_VALUE } from './any-json-value';
import { HeldReplayResponse } from './quality-responses.dto';

/** Quality's contract answers as the gateway relays them (apps/quality/src/contracts, checks/check-model.ts). */
export class ContractProblemResponse {
  @ApiProperty({ example: '/schema/0/properties/2/logicalType', description: 'JSON pointer into the contract' }) path: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ description: "The line in the contract's text (1-based), when it was posted as text (SodaCL)" }) line?: number;
}

export class NotEvaluatedElementResponse {
  @ApiProperty({ description: 'JSON pointer of the element in the contract' }) path: string;
  @ApiProperty({ example: 'quality.sql', description: 'What it is: unique, quality.sql, quality.rowCount, relationships, slaProperties ...' }) element: string;
  @ApiProperty() reason: string;
  @ApiPropertyOptional({ description: "The line in the contract's text (1-based), when it was posted as text (SodaCL)" }) line?: number;
}

export class CompiledCheckResponse {
  @ApiProperty({ description: 'Stable within the contract' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'not_null', description: 'The registered check class that evaluates it' }) type: string;
  @ApiProperty({ type: [String], description: 'Path of the field in the record payload, top-level first' }) field: string[];
  @ApiProperty({ enum: ['fail', 'warn'] }) level: 'fail' | 'warn';
  @ApiProperty({ type: 'object', additionalProperties: true }) parameters: Record<string, unknown>;
  @ApiProperty({ description: 'JSON pointer of the contract element the check comes from' }) origin: string;
  @ApiPropertyOptional({ enum: ['completeness', 'validity', 'uniqueness', 'consistency', 'timeliness', 'accuracy'] }) dimension?: string;
}

export class ContractDatasetColumnResponse {
  @ApiProperty() name: string;
  @ApiPropertyOptional({ example: 'string', description: 'ODCS logical type; absent: any JSON value' }) logicalType?: string;
  @ApiPropertyOptional({ description: 'logicalTypeOptions.format of a date, timestamp or time' }) format?: string;
  @ApiPropertyOptional() required?: boolean;
}

export class ContractDatasetResponse {
  @ApiProperty({ type: [ContractDatasetColumnResponse] }) columns: ContractDatasetColumnResponse[];
  @ApiProperty({ type: [String], description: 'Names of columns, in key order; empty without a primary key' }) primaryKey: string[];
}

export class SourceChecksResponse {
  @ApiProperty() sourceId: string;
  @ApiProperty({ type: [CompiledCheckResponse], description: 'Per record, in the stream' }) checks: CompiledCheckResponse[];
  @ApiProperty({ type: [CompiledCheckResponse], description: 'Over each run: row_count and duplicates' }) runChecks: CompiledCheckResponse[];
  @ApiProperty({ type: [CompiledCheckResponse], description: 'Over windows of the stream: aggregate' }) windowChecks: CompiledCheckResponse[];
  @ApiPropertyOptional({ type: ContractDatasetResponse, description: "The dataset's columns and primary key (typed Navigate tables)" }) dataset?: ContractDatasetResponse;
}

export class ContractVersionResponse {
  @ApiProperty() contractId: string;
  @ApiProperty() version: string;
  @ApiProperty({ example: 'active', description: 'The ODCS status of the document' }) status: string;
  @ApiProperty({ example: 'api', description: 'api, or file:<name> for a seeded contract file' }) origin: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [String], description: 'Sources this version checks right now' }) activeFor: string[];
  @ApiProperty({ type: [SourceChecksResponse], description: 'The compiled checks, per source' }) sources: SourceChecksResponse[];
  @ApiProperty({ type: [NotEvaluatedElementResponse], description: 'What Atlas does not evaluate' }) notEvaluated: NotEvaluatedElementResponse[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The contract as it was posted (ODCS v3.1 or a SodaCL envelope)' }) document: Record<string, unknown>;
}

export class ContractActivationResponse extends ContractVersionResponse {
  @ApiProperty({ type: [HeldReplayResponse], description: "The replay of each source's held records through this version (GET /api/v1/quarantine/held-replays/{replayId})" })
  heldReplays: HeldReplayResponse[];
}

export class ContractValidationResponse {
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: [ContractProblemResponse], description: 'Every problem, each with its JSON path; empty when valid' }) problems: ContractProblemResponse[];
  @ApiPropertyOptional({ type: [SourceChecksResponse], description: 'When valid: the compiled checks' }) sources?: SourceChecksResponse[];
  @ApiPropertyOptional({ type: [NotEvaluatedElementResponse], description: 'When valid: what Atlas does not evaluate' }) notEvaluated?: NotEvaluatedElementResponse[];
}

export class ContractVersionSummaryResponse {
  @ApiProperty() version: string;
  @ApiProperty() origin: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ContractActiveSourceResponse {
  @ApiProperty() sourceId: string;
  @ApiProperty() version: string;
  @ApiProperty({ format: 'date-time' }) activatedAt: string;
}

export class ContractSummaryResponse {
  @ApiProperty() contractId: string;
  @ApiProperty({ type: [ContractVersionSummaryResponse] }) versions: ContractVersionSummaryResponse[];
  @ApiProperty({ type: [ContractActiveSourceResponse], description: 'Where a version of it is active' }) active: ContractActiveSourceResponse[];
}

export class ContractDeactivationResponse {
  @ApiProperty() sourceId: string;
  @ApiProperty() contractId: string;
  @ApiProperty() contractVersion: string;
  @ApiProperty({ format: 'date-time' }) deactivatedAt: string;
  @ApiProperty({ description: 'Unfinished replays of its held records, superseded' }) supersededReplays: number;
}

/** One check's result on one record (quality's CheckResult). */
export class RecordCheckResultResponse {
  @ApiProperty() checkId: string;
  @ApiProperty() checkName: string;
  @ApiProperty({ description: 'The check type' }) rule: string;
  @ApiProperty() field: string;
  @ApiProperty({ enum: ['fail', 'warn'] }) level: 'fail' | 'warn';
  @ApiProperty({ enum: ['pass', 'fail', 'not_evaluated'] }) outcome: 'pass' | 'fail' | 'not_evaluated';
  @ApiPropertyOptional({ ...ANY_JSON_VALUE, description: 'What the check measured' }) measuredValue?: unknown;
  @ApiPropertyOptional() message?: string;
}

/** Where an Explore record was read in its source (its run's index; file and line or topic/partition/offset when known). */
export class DryRunSourcePositionResponse {
  @ApiProperty({ description: 'Zero-based index of the record in its ingestion run' }) index: number;
  @ApiPropertyOptional({ description: 'Total records of the run, when the source knew it' }) total?: number;
  @ApiPropertyOptional({ example: 'file:orders.csv:17', description: 'Where it was read: `file:<path>:<line>`, `kafka:<topic>/<partition>/<offset>`; absent for REST pushes' }) location?: string;
}

export class DryRunRecordResponse {
  @ApiProperty({ description: 'Index of the record in the request, or among the Explore records judged (oldest first)' }) index: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'Explore dry-runs: the record judged (never its values)' }) recordId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Explore dry-runs: its ingestion run' }) runId?: string;
  @ApiPropertyOptional({ type: DryRunSourcePositionResponse, description: 'Explore dry-runs: its position in the source' }) position?: DryRunSourcePositionResponse;
  @ApiProperty({ enum: ['valid', 'quarantined'] }) verdict: 'valid' | 'quarantined';
  @ApiProperty({ type: [RecordCheckResultResponse] }) failed: RecordCheckResultResponse[];
  @ApiProperty({ type: [RecordCheckResultResponse] }) warned: RecordCheckResultResponse[];
  @ApiProperty({ type: [RecordCheckResultResponse] }) notEvaluated: RecordCheckResultResponse[];
  @ApiProperty({ type: [RecordCheckResultResponse], description: "Every check's result, in contract order" }) results: RecordCheckResultResponse[];
}

export class DryRunWindowResponse {
  @ApiProperty() checkId: string;
  @ApiProperty() metric: string;
  @ApiProperty({ enum: ['pass', 'warn', 'fail', 'not_evaluated'] }) outcome: string;
  @ApiProperty({ nullable: true, type: Number }) measuredValue: number | null;
  @ApiProperty() rows: number;
}

export class DryRunSummaryResponse {
  @ApiProperty() records: number;
  @ApiProperty() valid: number;
  @ApiProperty() quarantined: number;
  @ApiProperty() warned: number;
}

export class DryRunExploreResponse {
  @ApiProperty({ description: 'How many of the latest Explore records were asked for' }) last: number;
  @ApiProperty({ description: 'How many were judged' }) records: number;
  @ApiProperty({ description: 'Whether the byte budget (2 MiB of raw payloads, 8 MiB protected) left out some of the oldest' }) truncated: boolean;
  @ApiProperty({ description: 'The protection policy pii-detection applied (the source\'s current one)' }) policyId: string;
  @ApiProperty() policyVersion: number;
}

export class DryRunResponse {
  @ApiProperty() contractId: string;
  @ApiProperty() version: string;
  @ApiProperty() sourceId: string;
  @ApiProperty({ type: DryRunSummaryResponse }) summary: DryRunSummaryResponse;
  @ApiProperty({ type: [DryRunRecordResponse] }) records: DryRunRecordResponse[];
  @ApiProperty({ type: [DryRunWindowResponse], description: 'Aggregate checks over the sample, taken as one window' }) windows: DryRunWindowResponse[];
  @ApiPropertyOptional({ type: DryRunExploreResponse, description: 'Explore dry-runs: the records asked for and judged, and the policy that protected them' }) explore?: DryRunExploreResponse;
}
