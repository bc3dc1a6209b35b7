import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isClientRoute, isServerPath } from './dashboard-paths';

/** Where `npm run build` puts the dashboard: dist/apps/dashboard, beside this file's dist/apps/gateway. */
export const DASHBOARD_DIRECTORY = join(__dirname, '..', '..', '..', 'dashboard');

/**
 * Serves the built dashboard at `/`: its files, and index.html for client routes so a reload of
 * /lineage works. Hashed files under /assets are cached for a year; index.html is revalidated so a
 * new build is picked up. Server paths (/api, /health, /metrics, /docs) are never touched.
 */
export function serveDashboard(app: NestExpressApplication, directory = DASHBOARD_DIRECTORY): void {
  const indexFile = join(directory, 'index.html');
  if (!existsSync(indexFile)) {
    new Logger('Dashboard').warn(`No dashboard build at ${directory}; / serves nothing (run npm run build)`);
    return;
  }
  const files = express.static(directory, {
    index: false,
    fallthrough: true,
    setHeaders: (response, path) => response.setHeader('Cache-Control', path.includes(`${join(directory, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isServerPath(request.path)) return next();
    files(request, response, () => {
      if (!isClientRoute(request.path)) return next();
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(indexFile);
    });
  });
}
