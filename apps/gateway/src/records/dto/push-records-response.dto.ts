import { ApiProperty } from '@nestjs/swagger';
import type { HeldRecordsHint } from '@atlas/contracts';

/** Documentation of the `held` hint (the type is HeldRecordsHint in libs/contracts). */
export class HeldRecordsHintResponse implements HeldRecordsHint {
  @ApiProperty({ enum: ['no_active_contract'] }) reason: 'no_active_contract';
  @ApiProperty({ description: "Records of the source held now (a push's own records are held once quality has judged them)" }) heldRecords: number;
  @ApiProperty({ example: './atlas contract activate --source people --from-draft', description: 'Activates the contract the profile proposes, which lands the held records' }) command: string;
  @ApiProperty({ example: '/api/v1/sources/people/contract-draft', description: 'The draft to review first' }) contractDraft: string;
}

const HELD_DESCRIPTION = 'Present when the source has no active contract: its records are held in quarantine until one is activated (best effort: absent when quality does not answer within 1 s)';

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

  @ApiProperty({ required: false, type: HeldRecordsHintResponse, description: HELD_DESCRIPTION })
  held?: HeldRecordsHint;
}

export class IngestionRunResponse {
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty() sourceId: string;
  @ApiProperty() recordCount: number;
  @ApiProperty() acceptedAt: string;
  @ApiProperty({ required: false }) traceId?: string;
  @ApiProperty({ required: false, type: HeldRecordsHintResponse, description: HELD_DESCRIPTION }) held?: HeldRecordsHint;
}
