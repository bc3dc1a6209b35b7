import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { configureCors } from './cors';
import { ProblemDetailsFilter } from './identity/problem-details.filter';
import { GatewayEnvironment } from './gateway-environment';
import { configureOpenApi } from './open-api';
import { refuseDeepBodies } from './request-body-depth';
import { refuseUndecodablePaths } from './request-path';

/**
 * Security headers on every response (helmet's defaults: HSTS, nosniff, X-Frame-Options, no referrer,
 * no X-Powered-By; a CSP allowing nothing, not even framing), then the OpenAPI document and its UI.
 * The Swagger UI page runs its own inline initialisation, so its CSP allows inline scripts there only.
 * Paths whose escapes are not UTF-8 and bodies nested too deep are refused before any route
 * (request-path.ts, request-body-depth.ts); every error is answered as application/problem+json. CORS first, so a preflight is answered before anything else
 * (cors.ts; none unless CORS_ALLOWED_ORIGINS lists origins).
 */
export function configureGateway(app: NestExpressApplication): void {
  configureCors(app, app.get(GatewayEnvironment).CORS_ALLOWED_ORIGINS);
  // Registered after the platform's filter, so it is the one Nest asks first: every error of the
  // public API, unknown routes included, is a problem document with a code.
  app.useGlobalFilters(new ProblemDetailsFilter());
  // The API serves JSON only: nothing may load from it or frame it.
  const strict = helmet({ contentSecurityPolicy: { directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } } });
  const forApiDocs = helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } } });
  app.use((request: { path: string }, response: unknown, next: () => void) => (request.path.startsWith('/api/docs') ? forApiDocs : strict)(request as never, response as never, next));
  app.use(refuseUndecodablePaths);
  app.use(refuseDeepBodies);
  configureOpenApi(app);
}
