import { ApiProperty } from '@nestjs/swagger';

export class PushRecordsResponse {
  @ApiProperty({ format: 'uuid', description: 'The ingestion run; every stage reports lineage under it' })
  runId: string;

  @ApiProperty()
  sourceId: string;

  @ApiProperty({ description: 'Records written to the ingest topic' })
  accepted: number;

  @ApiProperty({ description: 'True when an Idempotency-Key repeated an earlier push' })
  replayed: boolean;

  @ApiProperty({ required: false, description: 'Trace id that follows these records through every service' })
  traceId?: string;
}

export class IngestionRunResponse {
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty() sourceId: string;
  @ApiProperty() recordCount: number;
  @ApiProperty() acceptedAt: string;
  @ApiProperty({ required: false }) traceId?: string;
}
