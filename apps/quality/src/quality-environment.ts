import { IsString, MinLength } from 'class-validator';
import { BaseEnvironment } from '@atlas/config';

export class QualityEnvironment extends BaseEnvironment {
  override HTTP_PORT = 3003;

  /** Folder of ODCS data contracts (`*.odcs.yaml`), one schema object per source. */
  @IsString()
  @MinLength(1)
  QUALITY_CONTRACTS_DIR: string = 'deploy/contracts';
}
