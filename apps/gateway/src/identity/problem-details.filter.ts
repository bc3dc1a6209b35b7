import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { classifyFailure } from '@atlas/kafka';

/** RFC 9457 problem document; `code` is stable and what clients branch on. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [extension: string]: unknown;
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** Nest's router answers an unknown route with `Cannot <METHOD> <path>`, quoting the request's path. */
const ROUTER_NOT_FOUND = /^Cannot [A-Z]+ /;

/** The problem document of an HTTP exception: its own code if it has one, else the status's. */
export function problemOf(exception: HttpException): ProblemDocument {
  const status = exception.getStatus();
  if (status === 404 && ROUTER_NOT_FOUND.test(exception.message)) {
    return { type: 'urn:atlas:problem:route_not_found', title: 'Not found', status, detail: 'No endpoint has this method and path (see /api/docs)', code: 'route_not_found' };
  }
  const response = exception.getResponse();
  const body: Record<string, unknown> = typeof response === 'object' && response !== null ? { ...(response as Record<string, unknown>) } : { message: response };
  const { message, code, error: _error, statusCode: _statusCode, ...extensions } = body;
  // ValidationPipe reports every broken rule as a list of messages (they name fields, never values).
  const errors = Array.isArray(message) ? message.map(String) : undefined;
  const stableCode = typeof code === 'string' ? code : (CODES_BY_STATUS[status] ?? `http_${status}`);
  // Extensions first: a body field named like a member of the problem (a health check's `status`) never replaces it.
  return {
    ...extensions,
    type: `urn:atlas:problem:${stableCode}`,
    title: (HttpStatus[status] ?? 'Error').replace(/_/g, ' ').toLowerCase().replace(/^./, (first) => first.toUpperCase()),
    status,
    detail: errors ? `The request is not valid: ${errors.join('; ')}` : String(message ?? exception.message),
    code: stableCode,
    ...(errors ? { errors } : {}),
  };
}

interface ResponseLike {
  status(code: number): ResponseLike;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

/**
 * Answers every error of the gateway as `application/problem+json` (a global filter, see
 * security-headers.ts; unknown routes, guards and the throttler included). Errors that are
 * not HTTP exceptions are logged by their classification only (never their message, which may quote
 * input) and answered 503 when passing, 500 otherwise, as UnexpectedErrorFilter does.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const problem = exception instanceof HttpException ? problemOf(exception) : this.unexpected(exception);
    const response = host.switchToHttp().getResponse<ResponseLike>();
    response.setHeader('Content-Type', 'application/problem+json');
    response.status(problem.status).send(JSON.stringify(problem));
  }

  private unexpected(exception: unknown): ProblemDocument {
    const failure = classifyFailure(exception);
    this.logger.error(`request failed: ${failure.description}`);
    return failure.kind === 'transient'
      ? { type: 'urn:atlas:problem:dependency_unavailable', title: 'Service unavailable', status: 503, detail: 'A service Atlas depends on is unavailable; retry later', code: 'dependency_unavailable' }
      : { type: 'urn:atlas:problem:internal_error', title: 'Internal server error', status: 500, detail: 'Internal server error', code: 'internal_error' };
  }
}
