import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { SOURCE_ID_PATTERN } from '@atlas/contracts';

export class RunResultsParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  runId: string;
}

export class ScoresQuery {
  @ApiProperty({ example: 'orders' })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: 'sourceId must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter or digit' })
  sourceId: string;

  @ApiPropertyOptional({ default: 30, maximum: 365, description: 'How many of the most recent runs' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  runs = 30;
}
