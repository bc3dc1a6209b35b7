import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { SOURCE_ID_PATTERN } from '@atlas/contracts';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
const SOURCE_ID_MESSAGE = 'sourceId must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter or digit';

export class HeldCountsQuery {
  @ApiPropertyOptional({ example: 'orders', description: 'Only this source' })
  @IsOptional()
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId?: string;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page (the last source id served)' })
  @IsOptional()
  @Matches(SOURCE_ID, { message: 'cursor is not one this API returned (pass nextCursor unchanged)' })
  cursor?: string;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 100;
}

export class HeldReplaysQuery {
  @ApiPropertyOptional({ example: 'orders', description: "Only this source's replays" })
  @IsOptional()
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;
}

export class HeldReplayParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  replayId: string;
}
