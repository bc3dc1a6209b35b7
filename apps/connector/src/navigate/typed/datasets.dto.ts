import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { SOURCE_ID_PATTERN } from '@atlas/contracts';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;
/** Longest cursor accepted: a few key values of bounded text. */
export const MAX_CURSOR_LENGTH = 8192;

export class DatasetParams {
  @ApiProperty({ example: 'people', pattern: SOURCE_ID_PATTERN, description: 'The dataset id: its source id' })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: 'datasetId must be 1-63 lowercase letters, digits, "_" or "-"' })
  datasetId: string;
}

export class CursorPageQuery {
  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque)' })
  @IsOptional()
  @MaxLength(MAX_CURSOR_LENGTH)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor this API returned' })
  cursor?: string;
}
