import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { LIST_SORTS, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { SortedPageQuery } from '@atlas/platform';

/** The gateway's own list (it stores the findings), so no service mirrors this query. */
export class FindingsQuery extends SortedPageQuery(LIST_SORTS.findings, 'By source, then field, then entity type') {
  @ApiProperty({ required: false, description: 'Only this source (dataset)' })
  @IsOptional()
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: 'sourceId must be 1-63 lowercase letters, digits, "_" or "-"' })
  sourceId?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'Only this ingestion run' })
  @IsOptional()
  @IsUUID('all', { message: 'runId must be a UUID' })
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

export class FindingCountPage {
  @ApiProperty({ type: [FindingCountResponse] }) items: FindingCountResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= (same sort and filters) for the next page; null on the last page' }) nextCursor: string | null;
}
