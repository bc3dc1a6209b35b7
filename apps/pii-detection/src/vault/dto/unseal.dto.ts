import { ApiProperty } from '@nestjs/swagger';
import { DEAD_LETTER_SEAL_ALGORITHM } from '@atlas/contracts';

/** Documentation only: the body is validated by DeadLetterUnsealing, after the permission check, so every request is audited. */
export class DeadLetterSourcePosition {
  @ApiProperty({ example: 'atlas.ingest.records.v1' }) topic: string;
  @ApiProperty({ example: 0 }) partition: number;
  @ApiProperty({ example: '42', description: 'Kafka offset, a decimal string' }) offset: string;
}

export class SealedOriginalValue {
  @ApiProperty({ enum: [DEAD_LETTER_SEAL_ALGORITHM] }) algorithm: string;
  @ApiProperty({ description: 'base64 of the sender’s one-time X25519 public key' }) ephemeralPublicKey: string;
  @ApiProperty({ description: 'base64, 12 bytes' }) iv: string;
  @ApiProperty({ description: 'base64, 16 bytes' }) tag: string;
  @ApiProperty({ description: 'base64' }) ciphertext: string;
}

export class UnsealRequest {
  @ApiProperty({ type: DeadLetterSourcePosition, description: 'The dead letter’s `source` (extra fields such as index are ignored)' })
  source: DeadLetterSourcePosition;

  @ApiProperty({ type: SealedOriginalValue, description: 'The dead letter’s `sealedOriginalValue`. The whole dead letter may be posted as it is.' })
  sealedOriginalValue: SealedOriginalValue;
}

export class UnsealResponse {
  @ApiProperty({ type: DeadLetterSourcePosition }) source: DeadLetterSourcePosition;
  @ApiProperty({ description: 'The original message value, byte for byte, in base64. Handle as personal data.' }) originalValueBase64: string;
}
