import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Quality's results, scores, quarantine and replay answers as the gateway relays them (apps/quality/src/results, quarantine). */
export class RunJudgementResponse {
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty() sourceId: string;
  @ApiProperty() contractId: string;
  @ApiProperty() contractVersion: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Records the run announced, when it did' }) expectedRecords: number | null;
  @ApiProperty() recordsJudged: number;
  @ApiProperty() recordsQuarantined: number;
  @ApiProperty({ format: 'date-time' }) firstJudgedAt: string;
  @ApiProperty({ format: 'date-time' }) lastJudgedAt: string;
}

export class CheckRunResultResponse {
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty() sourceId: string;
  @ApiProperty() contractId: string;
  @ApiProperty() contractVersion: string;
  @ApiProperty() checkId: string;
  @ApiProperty() checkName: string;
  @ApiProperty({ example: 'not_null' }) checkType: string;
  @ApiProperty({ description: 'The field path, dot-separated; empty for a check over the record' }) field: string;
  @ApiProperty({ example: 'fail', description: 'fail or warn' }) level: string;
  @ApiProperty({ example: 'completeness' }) dimension: string;
  @ApiProperty({ enum: ['pass', 'warn', 'fail', 'error', 'not_evaluated'] }) outcome: string;
  @ApiProperty({ example: 'failedRows', description: 'What measuredValue measures: failedRows, rowCount, duplicateRows, duplicatePercent or an aggregate metric' }) metric: string;
  @ApiProperty({ nullable: true, type: Number, description: "The metric over the run; an aggregate's over its closed windows, null before one closed" }) measuredValue: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What must hold, per level (fail, warn)' }) thresholds: Record<string, object>;
  @ApiProperty() rowsTested: number;
  @ApiProperty() rowsFailed: number;
  @ApiProperty({ nullable: true, type: Number }) failedRowsPercent: number | null;
  @ApiProperty() rowsNotEvaluated: number;
  @ApiProperty({ type: [String], description: 'Record ids of some failing records' }) sampleFailingRecordIds: string[];
  @ApiPropertyOptional({ description: 'Aggregate checks: closed windows evaluated' }) windowsEvaluated?: number;
  @ApiPropertyOptional() windowsWarned?: number;
  @ApiPropertyOptional() windowsFailed?: number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "Anomaly detection checks: the evaluation of the run's latest closed window" }) anomaly?: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) firstEvaluatedAt: string;
  @ApiProperty({ format: 'date-time' }) lastEvaluatedAt: string;
}

export class RunResultsResponse {
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty({ type: [RunJudgementResponse], description: 'One entry per contract version that judged records of the run' }) judgedBy: RunJudgementResponse[];
  @ApiProperty({ type: [CheckRunResultResponse] }) checks: CheckRunResultResponse[];
}

export class DimensionScoreResponse {
  @ApiProperty({ nullable: true, type: Number, description: '0-100, two decimals; null when no check of the dimension tested anything' }) score: number | null;
  @ApiProperty() testedUnits: number;
  @ApiProperty() passedUnits: number;
}

export class DimensionScoresResponse {
  @ApiProperty({ type: DimensionScoreResponse }) completeness: DimensionScoreResponse;
  @ApiProperty({ type: DimensionScoreResponse }) validity: DimensionScoreResponse;
  @ApiProperty({ type: DimensionScoreResponse }) uniqueness: DimensionScoreResponse;
  @ApiProperty({ type: DimensionScoreResponse }) consistency: DimensionScoreResponse;
  @ApiProperty({ type: DimensionScoreResponse }) timeliness: DimensionScoreResponse;
  @ApiProperty({ type: DimensionScoreResponse }) accuracy: DimensionScoreResponse;
}

export class RunScoreResponse {
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty() sourceId: string;
  @ApiProperty({ format: 'date-time' }) judgedAt: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The mean of the dimensions that have a score; null when none has' }) score: number | null;
  @ApiProperty({ type: DimensionScoresResponse }) dimensions: DimensionScoresResponse;
}

export class QuarantineReleaseResponse {
  @ApiProperty() contractId: string;
  @ApiProperty() contractVersion: string;
}

export class ProtectedFieldResponse {
  @ApiProperty({ example: 'email', description: 'The output path of a value pii-detection rewrote' }) field: string;
  @ApiProperty({ example: 'EMAIL_ADDRESS' }) entityType: string;
  @ApiProperty({ example: 'mask' }) operator: string;
}

export class RecordProtectionResponse {
  @ApiProperty() policyId: string;
  @ApiProperty() policyVersion: number;
  @ApiProperty({ type: [ProtectedFieldResponse] }) protectedFields: ProtectedFieldResponse[];
}

const FREE_FORM_ITEMS = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

export class QuarantinedRecordResponse {
  @ApiProperty({ format: 'uuid' }) recordId: string;
  @ApiProperty() sourceId: string;
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty() positionIndex: number;
  @ApiProperty({ enum: ['quarantined', 'released'] }) status: 'quarantined' | 'released';
  @ApiProperty() contractId: string;
  @ApiProperty() contractVersion: string;
  @ApiProperty({ ...FREE_FORM_ITEMS, description: 'The failed checks (check id, name, rule, field, level, outcome, measured value, message)' }) reasons: object[];
  @ApiProperty({ format: 'date-time' }) quarantinedAt: string;
  @ApiProperty() replayCount: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastReplayedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) releasedAt: string | null;
  @ApiProperty({ nullable: true, type: QuarantineReleaseResponse, description: 'The contract version that released it' }) releasedBy: QuarantineReleaseResponse | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The protected (masked) payload as stored' }) payload: Record<string, unknown>;
  @ApiProperty({ ...FREE_FORM_ITEMS, description: 'Checks that could not judge it' }) notEvaluated: object[];
  @ApiProperty({ nullable: true, type: RecordProtectionResponse, description: 'The policy that protected the payload and the paths it rewrote (never values)' })
  protection: RecordProtectionResponse | null;
}

export class RecordReplayResponse {
  @ApiProperty({ format: 'uuid' }) recordId: string;
  @ApiProperty({ enum: ['released', 'quarantined', 'already_released'] }) outcome: 'released' | 'quarantined' | 'already_released';
  @ApiProperty() contractId: string;
  @ApiProperty() contractVersion: string;
  @ApiProperty({ ...FREE_FORM_ITEMS, description: 'The failed checks of the new judgement (empty when released)' }) reasons: object[];
}

export class ReplaySelectionResponse {
  @ApiProperty() judged: number;
  @ApiProperty() released: number;
  @ApiProperty() stillQuarantined: number;
  @ApiProperty({ description: 'Stored before replays existed: left as they are' }) notReplayable: number;
  @ApiProperty({ description: 'The selection holds more quarantined records than this request judged' }) more: boolean;
}

export class HeldReplayResponse {
  @ApiProperty({ format: 'uuid' }) replayId: string;
  @ApiProperty() sourceId: string;
  @ApiProperty() contractId: string;
  @ApiProperty() contractVersion: string;
  @ApiProperty({ enum: ['pending', 'running', 'succeeded', 'failed', 'superseded'] }) state: string;
  @ApiProperty({ description: 'Held records of the source when the version was activated' }) heldAtRequest: number;
  @ApiProperty({ description: 'Held records of the source now' }) heldNow: number;
  @ApiProperty() judged: number;
  @ApiProperty() released: number;
  @ApiProperty() stillQuarantined: number;
  @ApiProperty() notReplayable: number;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'A code and condition, never a value' }) lastError: string | null;
}
