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

  it("answers an unknown route without quoting its path, and keeps a body's own `status` from replacing the problem's", () => {
    expect(problemOf(new NotFoundException('Cannot GET /api/v1/secret-ada@example.com'))).toEqual({
      type: 'urn:atlas:problem:route_not_found',
      title: 'Not found',
      status: 404,
      detail: 'No endpoint has this method and path (see /api/docs)',
      code: 'route_not_found',
    });
    // A failed readiness check (terminus) answers 503 with its own `status: 'error'`.
    const readiness = new HttpException({ status: 'error', info: {}, error: { kafka: { status: 'down' } }, details: { kafka: { status: 'down' } } }, 503);
    expect(problemOf(readiness)).toEqual({
      type: 'urn:atlas:problem:service_unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'Http Exception',
      code: 'service_unavailable',
      info: {},
      details: { kafka: { status: 'down' } },
    });
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
    expect(problemOf(new NotFoundException('No such thing'))).toMatchObject({ status: 404, code: 'not_found', detail: 'No such thing' });
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
