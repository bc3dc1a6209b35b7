import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
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

/** Longest business key accepted, in columns. */
export const MAX_KEY_COLUMNS = 16;

/** A row by its business key: `?key=v` once per key column, in the order of the dataset's primary key (its record id without one). */
export class RowKeyQuery {
  @ApiProperty({ type: [String], description: "The row's key values as text, one `key` per column of the dataset's primary key, in its order (the record id when it has none)" })
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_KEY_COLUMNS)
  @IsString({ each: true })
  @MaxLength(2048, { each: true })
  key: string[];
}
