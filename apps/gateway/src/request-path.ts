import { BadRequestException } from '@nestjs/common';
import { problemOf } from './identity/problem-details.filter';

interface PathRequest {
  path: string;
}

interface PathResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

/** Whether every percent-escape of the path decodes to UTF-8 (%FF or an encoded lone surrogate do not). */
export function pathDecodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

const UNDECODABLE_PATH = JSON.stringify(
  problemOf(new BadRequestException({ code: 'path_not_utf8', message: 'The request path has a percent-escape that is not UTF-8' })),
);

/**
 * Express middleware ahead of the routes: the router would refuse such a path parameter with a 400
 * quoting it, as plain JSON; the gateway answers its own problem document, which quotes nothing.
 */
export function refuseUndecodablePaths(request: PathRequest, response: PathResponse, next: () => void): void {
  if (pathDecodes(request.path)) {
    next();
    return;
  }
  response.status(400);
  response.setHeader('Content-Type', 'application/problem+json');
  response.send(UNDECODABLE_PATH);
}
