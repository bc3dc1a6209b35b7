import { BadRequestException } from '@nestjs/common';
import { MAX_PAYLOAD_DEPTH, nestsDeeperThan } from '@atlas/contracts';
import { problemOf } from './identity/problem-details.filter';

/**
 * Deepest JSON body the gateway passes to its handlers: a push (an array of records, each at most
 * MAX_PAYLOAD_DEPTH deep) fits with room to spare. Deeper bodies parse (the parser is iterative), but
 * the recursive code after it (class-transformer, JSON.stringify towards a service) overflows the
 * stack from a few thousand levels (5,000 in a check), which would answer 500.
 */
export const MAX_BODY_DEPTH = 2 * MAX_PAYLOAD_DEPTH;

interface BodyRequest {
  path: string;
  body?: unknown;
}

// A push checks each record's depth itself (MAX_NESTING_DEPTH, iteratively), naming the record refused.
const PUSH_PATH = /^\/api\/v1\/sources\/[^/]+\/records\/?$/;

interface BodyResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

const TOO_DEEP = JSON.stringify(
  problemOf(new BadRequestException({ code: 'body_too_deep', message: `The request body nests deeper than ${MAX_BODY_DEPTH} levels` })),
);

/** Express middleware after the JSON parser: refuses a parsed body nested deeper than MAX_BODY_DEPTH (measured iteratively). */
export function refuseDeepBodies(request: BodyRequest, response: BodyResponse, next: () => void): void {
  if (PUSH_PATH.test(request.path) || !nestsDeeperThan(request.body, MAX_BODY_DEPTH)) {
    next();
    return;
  }
  response.status(400);
  response.setHeader('Content-Type', 'application/problem+json');
  response.send(TOO_DEEP);
}
