import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Nest's default RPC exception filter logs a handler's error whole (a TypeORM QueryFailedError with
 * its query parameters, i.e. raw records, and PostgreSQL's detail quoting the input) and replaces it
 * with `{ status: 'error' }`, losing what failed. Installed on the Kafka microservice, this filter
 * hands the original error back to BatchKafkaServer, which classifies it and logs it without values.
 */
@Catch()
export class HandlerErrorPassThroughFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
