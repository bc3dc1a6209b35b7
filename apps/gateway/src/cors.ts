import { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import { NestExpressApplication } from '@nestjs/platform-express';

/** The request headers a browser client of the API sends: credentials, JSON bodies, idempotent pushes, trace context. */
const ALLOWED_HEADERS = ['Authorization', 'X-API-Key', 'Content-Type', 'Idempotency-Key', 'traceparent', 'tracestate'];

/** How long a browser may reuse a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the origins of CORS_ALLOWED_ORIGINS, exactly (no wildcard, no pattern): an allowed origin
 * is echoed back with `Vary: Origin`, any other gets no CORS header, so the browser keeps the answer
 * from its page. No cookies are used (credentials travel in the Authorization header), so
 * `Access-Control-Allow-Credentials` is never sent.
 */
export function corsOptions(allowedOrigins: readonly string[]): CorsOptions {
  return {
    origin: [...allowedOrigins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: ['Retry-After'],
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    credentials: false,
  };
}

/** With no allowed origin (the default) nothing is enabled: browsers may not call the API from another origin at all. */
export function configureCors(app: NestExpressApplication, allowedOrigins: readonly string[]): void {
  if (allowedOrigins.length > 0) app.enableCors(corsOptions(allowedOrigins));
}
