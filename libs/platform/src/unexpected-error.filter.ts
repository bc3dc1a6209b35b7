import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { classifyFailure } from '@atlas/kafka';

/**
 * Nest's default HTTP handler logs an unexpected error whole: a TypeORM QueryFailedError with its
 * query parameters (request values) and PostgreSQL's detail quoting the input. HTTP errors raised on
 * purpose keep Nest's handling; anything else is logged by its classification only (code, condition,
 * never the message) and answered 503 when the cause is passing (database or broker unavailable),
 * 500 otherwise, with a fixed text.
 */
@Catch()
export class UnexpectedErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof HttpException || host.getType() !== 'http') {
      super.catch(exception, host);
      return;
    }
    const failure = classifyFailure(exception);
    this.logger.error(`request failed: ${failure.description}`);
    const transient = failure.kind === 'transient';
    const status = transient ? 503 : 500;
    const body = transient
      ? { statusCode: 503, error: 'Service Unavailable', code: 'dependency_unavailable', message: 'A service Atlas depends on is unavailable; retry later' }
      : { statusCode: 500, error: 'Internal Server Error', code: 'internal_error', message: 'Internal server error' };
    const response = host.switchToHttp().getResponse<{ status(code: number): { json(body: object): void } }>();
    response.status(status).json(body);
  }
}
