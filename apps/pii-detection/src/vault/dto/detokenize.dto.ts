import { ApiProperty } from '@nestjs/swagger';

/** Documentation only: the body is validated by the vault after the permission check, so denials are audited too. */
export class DetokenizeRequest {
  @ApiProperty({ example: 'tok_abcdefghijklmnopqrstuvwxyz', pattern: '^tok_[a-z2-7]{26}$' })
  token: string;
}

export class DetokenizeResponse {
  @ApiProperty() token: string;
  @ApiProperty() namespace: string;
  @ApiProperty({ example: 'EMAIL_ADDRESS' }) entityType: string;
  @ApiProperty({ description: 'The original value. Handle as personal data.' }) value: string;
}
