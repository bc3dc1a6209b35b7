import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { isServerPath } from './dashboard/dashboard-paths';
import { serveDashboard } from './dashboard/dashboard-static';
import { configureCors } from './cors';
import { ProblemDetailsFilter } from './identity/problem-details.filter';
import { GatewayEnvironment } from './gateway-environment';
import { configureOpenApi, createOpenApiDocument } from './open-api';
import { DocumentedResponses } from './response-validation/documented-responses';
import { ResponseValidationInterceptor } from './response-validation/response-validation.interceptor';
import { refuseDeepBodies } from './request-body-depth';
import { refuseUnusableUrls } from './request-path';

/** The dashboard's policy: its own scripts, styles and API only; no inline code, no framing, no other origin. */
export const DASHBOARD_CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  // Served over plain HTTP on localhost in development; TLS is terminated in front of the gateway in production.
  'upgrade-insecure-requests': null,
};

/**
 * Security headers on every response (helmet's defaults: HSTS, nosniff, X-Frame-Options, no referrer,
 * no X-Powered-By). The API gets a CSP allowing nothing, not even framing; the Swagger UI page runs
 * its own inline initialisation, so its CSP allows inline scripts there only; the dashboard (every
 * other path) may load its own files and call its own API. Then the OpenAPI document and its UI, and
 * the dashboard at `/` (dashboard/dashboard-static.ts); every JSON answer is checked against the schema
 * that document gives it (response-validation/). Paths whose escapes are not UTF-8 and bodies
 * nested too deep are refused before any route (request-path.ts, request-body-depth.ts); every error
 * is answered as application/problem+json. CORS first, so a preflight is answered before anything
 * else (cors.ts; none unless CORS_ALLOWED_ORIGINS lists origins).
 */
export function configureGateway(app: NestExpressApplication): void {
  configureCors(app, app.get(GatewayEnvironment).CORS_ALLOWED_ORIGINS);
  // Registered after the platform's filter, so it is the one Nest asks first: every error of the
  // public API, unknown routes included, is a problem document with a code.
  app.useGlobalFilters(new ProblemDetailsFilter());
  const strict = helmet({ contentSecurityPolicy: { directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } } });
  const forApiDocs = helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } } });
  const forDashboard = helmet({ contentSecurityPolicy: { directives: DASHBOARD_CONTENT_SECURITY_POLICY } });
  app.use((request: { path: string }, response: unknown, next: () => void) => {
    const headers = request.path.startsWith('/api/docs') ? forApiDocs : isServerPath(request.path) ? strict : forDashboard;
    headers(request as never, response as never, next);
  });
  app.use(refuseUnusableUrls);
  app.use(refuseDeepBodies);
  const document = createOpenApiDocument(app);
  configureOpenApi(app, document);
  app.useGlobalInterceptors(new ResponseValidationInterceptor(new DocumentedResponses(document)));
  serveDashboard(app);
}
