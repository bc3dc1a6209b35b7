import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from './email-address';

export class LoginBody {
  @ApiProperty({ example: 'admin@atlas.local' })
  @IsEmailAddress({ message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 128 })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

export class RefreshTokenBody {
  @ApiProperty({ description: 'The refresh token of the last login or refresh' })
  @IsString()
  @Matches(/^\S{1,200}$/, { message: 'refreshToken must be a token' })
  refreshToken: string;
}

export class SessionTokensResponse {
  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'A JWT to send as `Authorization: Bearer <token>`' })
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the access token expires' })
  expiresIn: number;

  @ApiProperty({ description: 'Single-use: a refresh returns the next one. Presenting a used one revokes every token of the login.' })
  refreshToken: string;

  @ApiProperty({ description: 'Seconds until the refresh token expires' })
  refreshExpiresIn: number;
}
