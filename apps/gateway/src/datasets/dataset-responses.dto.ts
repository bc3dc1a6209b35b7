import { ApiProperty } from '@nestjs/swagger';

/** One typed dataset as the connector answers it (apps/connector/src/navigate/typed/datasets.service.ts). */
export class DatasetColumnResponse {
  @ApiProperty({ example: 'email' }) name: string;
  @ApiProperty({ example: 'text', description: 'The PostgreSQL column type: text, bigint, numeric, boolean, date, timestamptz, time or jsonb' }) type: string;
}

export class DatasetConflictResponse {
  @ApiProperty({ format: 'uuid' }) recordId: string;
  @ApiProperty() contractVersion: string;
  @ApiProperty({ description: 'Why the record was kept out of the table (never a value)' }) reason: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class DatasetConflictsResponse {
  @ApiProperty({ description: 'Records kept out of the table' }) total: number;
  @ApiProperty({ type: [DatasetConflictResponse], description: 'The newest, at most 10' }) recent: DatasetConflictResponse[];
}

export class DatasetDetailResponse {
  @ApiProperty({ example: 'people', description: 'The dataset id: its source id' }) datasetId: string;
  @ApiProperty({ example: 'navigate_typed.people' }) table: string;
  @ApiProperty({ type: [String], description: "The business key's columns, in key order; empty when the contract declares none" }) primaryKey: string[];
  @ApiProperty({ type: [DatasetColumnResponse] }) columns: DatasetColumnResponse[];
  @ApiProperty({ description: 'The contract that shaped the table' }) contractId: string;
  @ApiProperty() contractVersion: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() rowCount: number;
  @ApiProperty({ type: DatasetConflictsResponse }) conflicts: DatasetConflictsResponse;
}
