import { BadRequestException } from '@nestjs/common';
import { problemOf } from './identity/problem-details.filter';

interface PathRequest {
  path: string;
  /** The path with its query string. */
  url: string;
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

/** Whether the path or query holds an encoded NUL: a literal "%" is always sent as %25, so %00 can only be NUL. */
export function urlHoldsNul(url: string): boolean {
  return /%00/.test(url);
}

const UNDECODABLE_PATH = JSON.stringify(
  problemOf(new BadRequestException({ code: 'path_not_utf8', message: 'The request path has a percent-escape that is not UTF-8' })),
);
const NUL_IN_URL = JSON.stringify(
  problemOf(new BadRequestException({ code: 'url_holds_nul', message: 'The request path or query holds NUL (%00), which no Atlas id, name or field path can contain' })),
);

/**
 * Express middleware ahead of the routes: the router would refuse an undecodable path parameter with
 * a 400 quoting it, as plain JSON, and a NUL would reach PostgreSQL (text cannot hold it) through a
 * look-up or the audit log and answer 500. The gateway answers its own problem document, quoting nothing.
 */
export function refuseUnusableUrls(request: PathRequest, response: PathResponse, next: () => void): void {
  const problem = !pathDecodes(request.path) ? UNDECODABLE_PATH : urlHoldsNul(request.url) ? NUL_IN_URL : undefined;
  if (problem === undefined) {
    next();
    return;
  }
  response.status(400);
  response.setHeader('Content-Type', 'application/problem+json');
  response.send(problem);
}
