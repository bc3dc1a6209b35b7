import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export const SEARCH_FILTERS = ['DATASET', 'JOB'] as const;
export const SEARCH_SORTS = ['NAME', 'UPDATE_AT'] as const;

/** Marquez's `GET /api/v1/search`: datasets and jobs whose name holds the text, case-insensitively. */
export class SearchQuery {
  @ApiProperty({ description: 'Text the name must contain (case-insensitive; no wildcards)', example: 'customers' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q: string;

  @ApiProperty({ required: false, enum: SEARCH_FILTERS, description: 'Only datasets or only jobs' })
  @IsOptional()
  @IsIn(SEARCH_FILTERS)
  filter?: (typeof SEARCH_FILTERS)[number];

  @ApiProperty({ required: false, enum: SEARCH_SORTS, default: 'NAME', description: 'By name, or most recently seen first' })
  @IsOptional()
  @IsIn(SEARCH_SORTS)
  sort: (typeof SEARCH_SORTS)[number] = 'NAME';

  @ApiProperty({ required: false, description: 'Only this namespace' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  namespace?: string;

  @ApiProperty({ required: false, default: 10, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 10;
}
