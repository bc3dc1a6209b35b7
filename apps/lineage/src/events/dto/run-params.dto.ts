import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class RunParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  runId: string;
}
