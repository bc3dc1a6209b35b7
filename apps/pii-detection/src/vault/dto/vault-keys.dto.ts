import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_REWRAP_BATCH_SIZE = 5000;
export const MAX_REWRAP_BATCHES = 1000;

export class RewrapRequestBody {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_REWRAP_BATCH_SIZE, default: 500, description: 'Rows per table per batch (one transaction each)' })
  @IsOptional()
  @IsInt({ message: 'batchSize must be an integer' })
  @Min(1, { message: 'batchSize must be at least 1' })
  @Max(MAX_REWRAP_BATCH_SIZE, { message: `batchSize must be at most ${MAX_REWRAP_BATCH_SIZE}` })
  batchSize?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_REWRAP_BATCHES, default: 20, description: 'Batches in this request; call again to resume' })
  @IsOptional()
  @IsInt({ message: 'maxBatches must be an integer' })
  @Min(1, { message: 'maxBatches must be at least 1' })
  @Max(MAX_REWRAP_BATCHES, { message: `maxBatches must be at most ${MAX_REWRAP_BATCHES}` })
  maxBatches?: number;
}

export class KeyUsageResponse {
  @ApiProperty({ example: '2026-12' }) keyId: string;
  @ApiProperty({ description: 'Per-token data keys it wraps' }) tokenKeys: number;
  @ApiProperty({ description: 'Values of tokens stored before per-token keys it encrypts' }) vaultScopedValues: number;
  @ApiProperty({ description: 'Whether it wraps the lookup key' }) lookupKey: boolean;
}

export class VaultKeyStatusResponse {
  @ApiProperty({ example: '2026-12' }) primaryKeyId: string;
  @ApiProperty({ type: [String], example: ['2026-12', 'default'] }) ringKeyIds: string[];
  @ApiProperty({ type: [KeyUsageResponse] }) usage: KeyUsageResponse[];
  @ApiProperty({ description: 'Secrets still sealed by a key other than the primary' }) remaining: number;
}

export class RewrapResponse extends VaultKeyStatusResponse {
  @ApiProperty({ description: 'Secrets re-wrapped under the primary by this request' }) rewrapped: number;
  @ApiProperty({ description: 'Nothing is left under another key: the older keys can be removed from the ring' }) done: boolean;
}
