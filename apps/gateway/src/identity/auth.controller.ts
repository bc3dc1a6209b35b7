import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiKeyCaller, Caller, Public } from '@atlas/auth';
import { CallerProfileResponse, profileOf } from './caller-profile';
import { LoginBody, RefreshTokenBody, SessionTokensResponse } from './dto/session.dto';
import { ProblemDetails } from './endpoint-permission';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@ProblemDetails()
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

  // Public: the credentials are in the body. Limited per address (LOGIN_RATE_LIMIT_PER_MINUTE); every attempt is audited.
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with e-mail and password', description: 'Public. Returns a short-lived access token and a single-use refresh token.' })
  @ApiResponse({ status: 200, type: SessionTokensResponse })
  @ApiUnauthorizedResponse({ description: 'credentials_invalid: wrong e-mail or password, or a disabled user' })
  @ApiTooManyRequestsResponse({ description: 'rate_limited: too many attempts from this address' })
  login(@Body() body: LoginBody): Promise<SessionTokensResponse> {
    return this.sessions.login(body.email, body.password);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens',
    description: 'Public (the refresh token is the credential). The token is consumed; reusing a consumed token revokes every token of its login.',
  })
  @ApiResponse({ status: 200, type: SessionTokensResponse })
  @ApiUnauthorizedResponse({ description: 'refresh_token_invalid, refresh_token_expired, refresh_token_revoked, refresh_token_reused or user_disabled' })
  refresh(@Body() body: RefreshTokenBody): Promise<SessionTokensResponse> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the login a refresh token belongs to', description: 'Public (the refresh token is the credential).' })
  @ApiResponse({ status: 204, description: 'Every refresh token of the login is revoked' })
  @ApiUnauthorizedResponse({ description: 'refresh_token_invalid' })
  logout(@Body() body: RefreshTokenBody): Promise<void> {
    return this.sessions.logout(body.refreshToken);
  }

  // Any valid credentials, no permission: it tells the caller only what its own credentials grant.
  @Get('me')
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the caller is: kind, id, role and permissions', description: 'Any valid credentials; no permission needed. The dashboard hides what the permissions deny (the API refuses it anyway).' })
  @ApiResponse({ status: 200, type: CallerProfileResponse })
  @ApiUnauthorizedResponse({ description: 'No credentials, or an invalid, expired or revoked token or key' })
  me(@Caller() caller: ApiKeyCaller): CallerProfileResponse {
    return profileOf(caller);
  }
}
