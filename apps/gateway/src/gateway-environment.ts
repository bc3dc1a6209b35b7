import { IsInt, Max, Min } from 'class-validator';
import { BaseEnvironment } from '@atlas/config';

export class GatewayEnvironment extends BaseEnvironment {
  override HTTP_PORT = 3000;

  /** Largest number of records one push request may carry. */
  @IsInt()
  @Min(1)
  @Max(100000)
  MAX_RECORDS_PER_REQUEST: number = 10000;
}
