import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { LIST_SORTS, ListSort, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from '@atlas/platform';
import { MAX_REPLAY_RECORDS } from './replay.service';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
const SOURCE_ID_MESSAGE = 'sourceId must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter or digit';

export class QuarantinedRecordParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  recordId: string;
}

/** A run, a failed check: the filters listings and replays share (a source too, optional or required). */
class QuarantineSelection {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional({ example: 'orders.amount.minimum', description: 'Only records that failed this check' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  checkId?: string;
}

export class QuarantineListQuery extends IntersectionType(CursorPageQuery, QuarantineSelection) {
  @ApiPropertyOptional({ example: 'orders' })
  @IsOptional()
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId?: string;

  @ApiPropertyOptional({ enum: ['quarantined', 'released', 'all'], default: 'quarantined' })
  @IsOptional()
  @IsIn(['quarantined', 'released', 'all'])
  status: 'quarantined' | 'released' | 'all' = 'quarantined';

  @SortQuery(LIST_SORTS.quarantinedRecords, 'Quarantine order (then record id)')
  sort: ListSort<'quarantinedRecords'> = LIST_SORTS.quarantinedRecords[0];
}

export class ReplayBody extends QuarantineSelection {
  @ApiProperty({ example: 'orders', description: 'Replays are per source' })
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId: string;

  @ApiPropertyOptional({ default: MAX_REPLAY_RECORDS, maximum: MAX_REPLAY_RECORDS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REPLAY_RECORDS)
  limit: number = MAX_REPLAY_RECORDS;
}
