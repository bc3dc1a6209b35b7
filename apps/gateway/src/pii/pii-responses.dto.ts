import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** pii-detection's classification, policy and Presidio answers as the gateway relays them (apps/pii-detection/src). */
export class ClassificationEvidenceResponse {
  @ApiProperty({ description: 'Values of the column the sampler read' }) sampledValues: number;
  @ApiProperty({ description: 'Of those, values with a finding' }) valuesWithFindings: number;
}

export class ColumnClassificationResponse {
  @ApiProperty() sourceId: string;
  @ApiProperty({ example: 'contact.email' }) field: string;
  @ApiProperty({ enum: ['personal', 'free_text', 'identifier', 'non_personal'] }) class: string;
  @ApiProperty({ nullable: true, type: String, example: 'EMAIL_ADDRESS', description: 'personal: the entity type every value is protected as' }) entityType: string | null;
  @ApiProperty({ description: '0 to 1; 1 for a decision of a user' }) confidence: number;
  @ApiProperty({ type: ClassificationEvidenceResponse }) evidence: ClassificationEvidenceResponse;
  @ApiProperty({ enum: ['sampler', 'user'] }) decidedBy: 'sampler' | 'user';
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

const RULES = {
  type: 'object',
  additionalProperties: { type: 'object', additionalProperties: true },
} as const;

export class PolicyVersionResponse {
  @ApiProperty({ example: 'default' }) policyId: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: '*', description: 'The source it governs, * for every source without its own' }) sourceId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ ...RULES, description: 'Operator ({operator, params?}) per entity type, DEFAULT for the rest', example: { DEFAULT: { operator: 'mask' } } }) rules: Record<string, object>;
  @ApiPropertyOptional({ ...RULES, description: 'Operator per field path, applied to the whole value; drop removes the field' }) fieldRules?: Record<string, object>;
  @ApiPropertyOptional() description?: string;
}

export class PolicyVersionSummaryResponse {
  @ApiProperty() version: number;
  @ApiProperty() sourceId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PolicyResponse {
  @ApiProperty() policyId: string;
  @ApiProperty({ type: PolicyVersionResponse }) latest: PolicyVersionResponse;
  @ApiProperty({ type: [PolicyVersionSummaryResponse], description: 'Newest first' }) versions: PolicyVersionSummaryResponse[];
}

/** Presidio's AnalysisExplanation (return_decision_process). */
export class PresidioAnalysisExplanationResponse {
  @ApiProperty() recognizer: string;
  @ApiProperty({ nullable: true, type: String }) pattern_name: string | null;
  @ApiProperty({ nullable: true, type: String }) pattern: string | null;
  @ApiProperty() original_score: number;
  @ApiProperty() score: number;
  @ApiProperty({ nullable: true, type: String }) textual_explanation: string | null;
  @ApiProperty() score_context_improvement: number;
  @ApiProperty() supportive_context_word: string;
  @ApiProperty({ nullable: true, type: Boolean }) validation_result: boolean | null;
  @ApiProperty({ nullable: true, type: Number }) regex_flags: number | null;
}

export class PresidioRecognitionMetadataResponse {
  @ApiProperty() recognizer_identifier: string;
  @ApiProperty() recognizer_name: string;
}

/** Presidio's RecognizerResult as its REST API serializes it (offsets in code points). */
export class PresidioRecognizerResultResponse {
  @ApiProperty({ nullable: true, type: PresidioAnalysisExplanationResponse, description: 'Only with return_decision_process' }) analysis_explanation: PresidioAnalysisExplanationResponse | null;
  @ApiProperty() end: number;
  @ApiProperty({ example: 'EMAIL_ADDRESS' }) entity_type: string;
  @ApiProperty({ type: PresidioRecognitionMetadataResponse }) recognition_metadata: PresidioRecognitionMetadataResponse;
  @ApiProperty() score: number;
  @ApiProperty() start: number;
}

export class PresidioAnonymizedItemResponse {
  @ApiProperty({ description: 'Offsets in the new text' }) start: number;
  @ApiProperty() end: number;
  @ApiProperty() entity_type: string;
  @ApiProperty({ description: 'What replaced the span' }) text: string;
  @ApiProperty({ example: 'replace' }) operator: string;
}

export class PresidioAnonymizeResponse {
  @ApiProperty() text: string;
  @ApiProperty({ type: [PresidioAnonymizedItemResponse] }) items: PresidioAnonymizedItemResponse[];
}
