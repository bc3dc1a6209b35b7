import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class RunParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  runId: string;
}

export class RunEventsQuery {
  @ApiProperty({ required: false, default: 1000, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  limit = 1000;
}
