import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength, NotContains } from 'class-validator';

/** A vault token as pii-detection hands them out: `tok_` and 26 base32 characters. */
export const VAULT_TOKEN = /^tok_[a-z2-7]{26}$/;
export const REVEAL_REASON_MIN_LENGTH = 10;
export const REVEAL_REASON_MAX_LENGTH = 500;

/** The reason every reveal must give (a detokenize, a dead letter's unseal). */
export class RevealReason {
  @ApiProperty({ minLength: REVEAL_REASON_MIN_LENGTH, maxLength: REVEAL_REASON_MAX_LENGTH, example: 'Ticket 4711: the customer asked which address we hold', description: 'Why the value is needed; kept in the audit log' })
  @IsString({ message: 'reason must be a text' })
  @Matches(/\S/, { message: 'reason must say why the value is needed' })
  // The audit log keeps it as jsonb, which cannot hold NUL.
  @NotContains('\u0000', { message: 'reason must not hold NUL' })
  @MinLength(REVEAL_REASON_MIN_LENGTH, { message: `reason must be at least ${REVEAL_REASON_MIN_LENGTH} characters` })
  @MaxLength(REVEAL_REASON_MAX_LENGTH, { message: `reason must be at most ${REVEAL_REASON_MAX_LENGTH} characters` })
  reason: string;
}

export class RevealBody extends RevealReason {
  @ApiProperty({ example: 'tok_abcdefghijklmnopqrstuvwxyz', pattern: VAULT_TOKEN.source })
  @Matches(VAULT_TOKEN, { message: 'token must be a vault token: tok_ followed by 26 base32 characters' })
  token: string;
}

export class RevealedValue {
  @ApiProperty() token: string;
  @ApiProperty() namespace: string;
  @ApiProperty({ example: 'EMAIL_ADDRESS' }) entityType: string;
  @ApiProperty({ description: 'The original value. Handle as personal data: never store or log it.' }) value: string;
}
