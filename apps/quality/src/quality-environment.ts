import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { BaseEnvironment } from '@atlas/config';

export class QualityEnvironment extends BaseEnvironment {
  override HTTP_PORT = 3003;

  /** Folder of ODCS data contracts (`*.odcs.yaml`), one schema object per source. */
  @IsString()
  @MinLength(1)
  QUALITY_CONTRACTS_DIR: string = 'deploy/contracts';

  /** How often each replica reloads the active contract versions (ms); an activation applies at once on the replica that served it. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  QUALITY_CONTRACT_REFRESH_MS: number = 5_000;
}
