import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { LIST_SORTS, ListSort, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from '@atlas/platform';

// The quality service's own bounds, checked here first so a malformed request never leaves the gateway.
const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
const SOURCE_ID_MESSAGE = 'sourceId must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter or digit';
/** Most records one replay request judges (the quality service's MAX_REPLAY_RECORDS). */
export const MAX_REPLAY_RECORDS = 10_000;

export class ContractParams {
  @ApiProperty({ example: 'orders-contract', description: 'The ODCS `id` of the contract' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { message: 'contractId must be 1-128 letters, digits, ".", "_", ":" or "-"' })
  contractId: string;
}

export class ContractVersionParams extends ContractParams {
  @ApiProperty({ example: '1.0.0', description: 'The ODCS `version` of the contract' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, { message: 'version must be 1-64 letters, digits, ".", "_", "+" or "-"' })
  version: string;
}

export class ContractSourceParams {
  @ApiProperty({ example: 'orders', description: 'The Atlas source the contract governs' })
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId: string;
}

export class QualityRunParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'runId must be a UUID' })
  runId: string;
}

export class QuarantinedRecordParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'recordId must be a UUID' })
  recordId: string;
}

export class ScoresQuery {
  @ApiProperty({ example: 'orders' })
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId: string;

  @ApiPropertyOptional({ default: 30, minimum: 1, maximum: 365, description: 'How many of the most recent runs' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  runs?: number;
}

export class QuarantineListQuery extends CursorPageQuery {
  @ApiPropertyOptional({ example: 'orders' })
  @IsOptional()
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'runId must be a UUID' })
  runId?: string;

  @ApiPropertyOptional({ example: 'orders.amount.minimum', description: 'Only records that failed this check' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  checkId?: string;

  @ApiPropertyOptional({ enum: ['quarantined', 'released', 'all'], default: 'quarantined' })
  @IsOptional()
  @IsIn(['quarantined', 'released', 'all'])
  status?: 'quarantined' | 'released' | 'all';

  @SortQuery(LIST_SORTS.quarantinedRecords, 'Quarantine order (then record id)')
  sort: ListSort<'quarantinedRecords'> = LIST_SORTS.quarantinedRecords[0];
}

export class ReplayBody {
  @ApiProperty({ example: 'orders', description: 'Replays are per source' })
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'runId must be a UUID' })
  runId?: string;

  @ApiPropertyOptional({ example: 'orders.amount.minimum', description: 'Only records that failed this check' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  checkId?: string;

  @ApiPropertyOptional({ default: MAX_REPLAY_RECORDS, minimum: 1, maximum: MAX_REPLAY_RECORDS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REPLAY_RECORDS)
  limit?: number;
}

/** Documentation only: an ODCS v3.1 document, validated by the quality service against the official JSON Schema. */
export const ODCS_BODY = {
  description: 'An ODCS v3.1 data contract (JSON); each schema object governs the Atlas source of its name',
  schema: { type: 'object', required: ['apiVersion', 'kind', 'id', 'version', 'status'], additionalProperties: true },
};

export const DRY_RUN_BODY = {
  description:
    '{records: [...at most 1000], sourceId?}: the records sent, judged unprotected; or {explore: {last: N}, sourceId?}: the source\'s last N (1-1000) ' +
    'Explore records, protected by pii-detection under the source\'s current policy and judged as the stream judges them. ' +
    'sourceId may be left out when the version has one schema object. Nothing is stored or published',
  schema: {
    oneOf: [
      {
        type: 'object',
        required: ['records'],
        properties: { records: { type: 'array', items: { type: 'object' }, minItems: 1, maxItems: 1000 }, sourceId: { type: 'string', pattern: SOURCE_ID_PATTERN } },
      },
      {
        type: 'object',
        required: ['explore'],
        additionalProperties: false,
        properties: {
          explore: { type: 'object', required: ['last'], additionalProperties: false, properties: { last: { type: 'integer', minimum: 1, maximum: 1000 } } },
          sourceId: { type: 'string', pattern: SOURCE_ID_PATTERN },
        },
      },
    ],
  },
};

export class HeldCountsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ example: 'orders', description: 'Only this source' })
  @IsOptional()
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId?: string;

  @SortQuery(LIST_SORTS.heldCounts)
  sort: ListSort<'heldCounts'> = LIST_SORTS.heldCounts[0];
}

export class HeldReplaysQuery extends CursorPageQuery {
  @ApiPropertyOptional({ example: 'orders', description: "Only this source's replays" })
  @IsOptional()
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId?: string;

  @SortQuery(LIST_SORTS.heldReplays, 'Newest request first (then replay id)')
  sort: ListSort<'heldReplays'> = LIST_SORTS.heldReplays[0];
}

export class HeldReplayParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'replayId must be a UUID' })
  replayId: string;
}
