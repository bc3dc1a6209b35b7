import { ArgumentsHost, BadRequestException, ForbiddenException, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { PermissionDeniedException } from '@atlas/auth';
import { IdentityErrors } from './identity-errors';
import { ProblemDetailsFilter, problemOf } from './problem-details.filter';

describe('problemOf', () => {
  it('keeps the code and extensions of an Atlas error', () => {
    expect(problemOf(new PermissionDeniedException('audit:read', 'abc', undefined, { kind: 'user', id: '1', role: 'viewer' }))).toEqual({
      type: 'urn:atlas:problem:permission_denied',
      title: 'Forbidden',
      status: 403,
      detail: 'This user (role viewer) lacks the permission audit:read; roles granting it: admin',
      code: 'permission_denied',
      permission: 'audit:read',
    });
    expect(problemOf(IdentityErrors.refreshTokenReused())).toMatchObject({ status: 401, title: 'Unauthorized', code: 'refresh_token_reused' });
  });

  it('lists the rules a validation broke, and gives errors without a code the code of their status', () => {
    expect(problemOf(new BadRequestException(['email must be an e-mail address', 'role must be one of admin']))).toEqual({
      type: 'urn:atlas:problem:validation_failed',
      title: 'Bad request',
      status: 400,
      detail: 'The request is not valid: email must be an e-mail address; role must be one of admin',
      code: 'validation_failed',
      errors: ['email must be an e-mail address', 'role must be one of admin'],
    });
    expect(problemOf(new NotFoundException('Cannot GET /api/v1/nothing'))).toMatchObject({ status: 404, code: 'not_found', detail: 'Cannot GET /api/v1/nothing' });
    expect(problemOf(new ThrottlerException('Too many requests'))).toMatchObject({ status: 429, code: 'rate_limited', title: 'Too many requests' });
    expect(problemOf(new ForbiddenException())).toMatchObject({ status: 403, code: 'forbidden' });
    expect(problemOf(new HttpException('teapot', 418))).toMatchObject({ status: 418, code: 'http_418', detail: 'teapot' });
  });
});

describe('ProblemDetailsFilter', () => {
  function answer(exception: unknown): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
    const sent = { status: 0, headers: {} as Record<string, string>, body: {} as Record<string, unknown> };
    const response = {
      status(code: number) {
        sent.status = code;
        return response;
      },
      setHeader(name: string, value: string) {
        sent.headers[name] = value;
      },
      send(body: string) {
        sent.body = JSON.parse(body);
      },
    };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    new ProblemDetailsFilter().catch(exception, host);
    return sent;
  }

  it('answers an HTTP error as application/problem+json', () => {
    const sent = answer(IdentityErrors.userExists());
    expect(sent.status).toBe(409);
    expect(sent.headers).toEqual({ 'Content-Type': 'application/problem+json' });
    expect(sent.body).toMatchObject({ code: 'user_exists', status: 409 });
  });

  it('answers an unexpected error with 500 and a fixed text, never its message, and logs its class only', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sent = answer(new Error('duplicate key value violates unique constraint: Key (email)=(ada@example.com)'));
    expect(logged.mock.calls).toEqual([['request failed: unclassified Error']]);
    logged.mockRestore();
    expect(sent).toEqual({
      status: 500,
      headers: { 'Content-Type': 'application/problem+json' },
      body: { type: 'urn:atlas:problem:internal_error', title: 'Internal server error', status: 500, detail: 'Internal server error', code: 'internal_error' },
    });
  });
});
