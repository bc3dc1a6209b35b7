import { BadRequestException, ConflictException, NotFoundException, UnauthorizedException } from '@nestjs/common';

/** The errors of the identity endpoints, each with its stable code (the `code` of the problem document). */
export const IdentityErrors = {
  credentialsInvalid: () =>
    new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'credentials_invalid', message: 'The e-mail or password is wrong, or the user is disabled' }),
  refreshTokenInvalid: () => new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'refresh_token_invalid', message: 'The refresh token is not valid' }),
  refreshTokenExpired: () => new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'refresh_token_expired', message: 'The refresh token has expired; log in again' }),
  refreshTokenRevoked: () =>
    new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'refresh_token_revoked', message: 'The refresh token was revoked (logout); log in again' }),
  refreshTokenReused: () =>
    new UnauthorizedException({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'refresh_token_reused',
      message: 'The refresh token was already used, so it may be stolen: every token of its login is revoked; log in again',
    }),
  userDisabled: () => new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'user_disabled', message: 'The user is disabled' }),
  apiKeyRevoked: () => new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'api_key_revoked', message: 'The API key was revoked' }),
  apiKeyExpired: () => new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'api_key_expired', message: 'The API key has expired' }),
  userExists: () => new ConflictException({ statusCode: 409, error: 'Conflict', code: 'user_exists', message: 'A user with this e-mail exists already' }),
  userNotFound: () => new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'user_not_found', message: 'No user has this id' }),
  cannotDisableSelf: () => new ConflictException({ statusCode: 409, error: 'Conflict', code: 'cannot_disable_self', message: 'A user cannot disable themselves' }),
  apiKeyNotFound: () => new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'api_key_not_found', message: 'No API key has this id' }),
  expiryInvalid: (message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'expiry_invalid', message }),
};
