import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class LineageRunParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'runId must be a UUID' })
  runId: string;
}

/** The lineage service's own bounds, checked here first so a bad request never leaves the gateway. */
export class LineageEventsQuery {
  @ApiPropertyOptional({ default: 1000, minimum: 1, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  limit: number = 1000;
}

export class LineageEventsResponse {
  @ApiProperty({ format: 'uuid' })
  runId: string;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'OpenLineage RunEvents, oldest first' })
  events: Array<Record<string, unknown>>;
}
