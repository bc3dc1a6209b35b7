import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { SOURCE_ID_PATTERN } from '@atlas/contracts';

export class FindingsQuery {
  @ApiProperty({ required: false, description: 'Only this source (dataset)' })
  @IsOptional()
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: 'sourceId must be 1-63 lowercase letters, digits, "_" or "-"' })
  sourceId?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'Only this ingestion run' })
  @IsOptional()
  @IsUUID()
  runId?: string;
}

export class FindingCountResponse {
  @ApiProperty() sourceId: string;
  @ApiProperty() field: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ description: 'Findings of this type in this field' }) findings: number;
  @ApiProperty({ description: 'Records with at least one such finding' }) records: number;
  @ApiProperty() lastDetectedAt: string;
}
