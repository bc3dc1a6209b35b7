import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { SOURCE_ID_PATTERN } from '@atlas/contracts';

export class RunResultsParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  runId: string;
}

export class ResultsHistoryQuery {
  @ApiProperty({ example: 'orders' })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: 'sourceId must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter or digit' })
  sourceId: string;

  @ApiPropertyOptional({ example: 'orders.amount.maximum' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  checkId?: string;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
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

export class AnomaliesQuery extends ResultsHistoryQuery {
  @ApiPropertyOptional({ default: false, description: 'Only the anomalous points' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  anomalous = false;
}
