import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { LIST_SORTS, ListSort, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from '@atlas/platform';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
const SOURCE_ID_MESSAGE = 'sourceId must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter or digit';

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
  @IsUUID()
  replayId: string;
}
