import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { SOURCE_ID_PATTERN } from '@atlas/contracts';

export class SourceParams {
  @ApiProperty({ example: 'people', pattern: SOURCE_ID_PATTERN })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: 'sourceId must be 1-63 lowercase letters, digits, "_" or "-"' })
  sourceId: string;
}

export class RunParams {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'runId must be a UUID' })
  runId: string;
}
