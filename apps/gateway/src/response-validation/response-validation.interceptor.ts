import { CallHandler, ExecutionContext, HttpException, Logger, NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { DocumentedResponses } from './documented-responses';

interface RoutedRequest {
  method: string;
  route?: { path?: string };
}

/** The 500 a client gets instead of an answer that breaks its documented schema. */
export function responseInvalid(): HttpException {
  return new HttpException(
    { statusCode: 500, error: 'Internal Server Error', code: 'response_invalid', message: 'The answer did not match its documented schema, so it was not sent; the gateway logged where' },
    500,
  );
}

/**
 * Checks every JSON answer of the public API against the schema the OpenAPI document gives for its
 * route and status before it is sent, so a client never reads a shape the document does not promise
 * (a service answering out of contract, a DTO drifting from its handler). A mismatch is logged with
 * the operation and the schema paths broken, never a value, and answered 500 `response_invalid`.
 * Handlers that write the response themselves (streams, exports) and undocumented answers pass as they are.
 */
export class ResponseValidationInterceptor implements NestInterceptor {
  private readonly logger = new Logger('ResponseValidation');

  constructor(private readonly responses: DocumentedResponses) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<RoutedRequest>();
    const response = http.getResponse<{ statusCode: number; getHeader(name: string): unknown }>();
    return next.handle().pipe(
      map((body: unknown) => {
        const routePath = request.route?.path;
        if (body === undefined || routePath === undefined) return body;
        // A handler that chose another type (`?format=yaml`) answers in that type, which has no JSON schema.
        const type = response.getHeader('content-type');
        if (typeof type === 'string' && !/json/i.test(type)) return body;
        // What the client will read: JSON drops undefined fields and calls toJSON (dates become strings).
        const sent: unknown = JSON.parse(JSON.stringify(body) ?? 'null');
        const verdict = this.responses.check(request.method, routePath, response.statusCode, sent);
        if (!verdict.documented || verdict.mismatches.length === 0) return body;
        const broken = verdict.mismatches.map((mismatch) => `${mismatch.keyword} at ${mismatch.schemaPath}`).join('; ');
        this.logger.error(`The answer of ${request.method} ${routePath} (${response.statusCode}) did not match its documented schema: ${broken}`);
        throw responseInvalid();
      }),
    );
  }
}
