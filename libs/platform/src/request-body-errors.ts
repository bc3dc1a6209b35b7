import { HttpStatus } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { STATUS_CODES } from 'node:http';

/** The largest JSON body a service accepts, and the setting that changes it (named in a 413). */
export interface JsonBodyLimit {
  bytes: number;
  setting?: string;
}

/** The shape of the errors body-parser hands to `next` (http-errors with a `type`). */
interface BodyParserError {
  type: string;
  status?: number;
  statusCode?: number;
  message?: string;
  /** The raw body, for parse failures: read, never echoed. */
  body?: unknown;
}

/** The answer to a request whose body could not be read: fixed text only, never any of the input, and a stable code. */
export interface RequestBodyErrorAnswer {
  statusCode: number;
  error: string;
  code: string;
  message: string;
}

/**
 * How a service answers errors: Nest's JSON shape (`statusCode`, `error`, `code`, `message`), or, for
 * the public gateway, an RFC 9457 problem document (`application/problem+json`: `type`, `title`,
 * `status`, `detail`, `code`).
 */
export type ErrorBodyFormat = 'json' | 'problem+json';

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && typeof (error as BodyParserError).type === 'string';
}

// V8's JSON.parse messages quote the input around the error; only the position is kept from them.
const POSITION = /\bat position (\d+)\b/;

function parseFailureMessage(error: BodyParserError): string {
  // In strict mode body-parser refuses a top-level value that is neither an object nor an array.
  const text = typeof error.body === 'string' ? error.body.trimStart() : '';
  if (text.length > 0 && text[0] !== '{' && text[0] !== '[') return 'The request body must be a JSON object or array';
  const position = POSITION.exec(error.message ?? '')?.[1];
  return position === undefined ? 'The request body is not valid JSON' : `The request body is not valid JSON (at position ${position})`;
}

function answer(status: number, code: string, message: string): RequestBodyErrorAnswer {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', code, message };
}

/** The problem document of a body error (the shape of the gateway's ProblemDetailsFilter). */
export function requestBodyProblem(answered: RequestBodyErrorAnswer): { type: string; title: string; status: number; detail: string; code: string } {
  const title = answered.error.toLowerCase().replace(/^./, (first) => first.toUpperCase());
  return { type: `urn:atlas:problem:${answered.code}`, title, status: answered.statusCode, detail: answered.message, code: answered.code };
}

/**
 * Maps a body-parser error to its answer, or undefined for any other error. Each message is fixed
 * text: body-parser's own messages quote the body (JSON syntax errors) or request headers.
 */
export function requestBodyErrorAnswer(error: unknown, limit: JsonBodyLimit): RequestBodyErrorAnswer | undefined {
  if (!isBodyParserError(error)) return undefined;
  switch (error.type) {
    case 'entity.parse.failed':
      return answer(HttpStatus.BAD_REQUEST, 'body_not_json', parseFailureMessage(error));
    case 'entity.too.large': {
      const setting = limit.setting ? ` (${limit.setting})` : '';
      return answer(HttpStatus.PAYLOAD_TOO_LARGE, 'body_too_large', `The request body is larger than the limit of ${limit.bytes} bytes${setting}`);
    }
    case 'charset.unsupported':
      return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'body_charset_unsupported', 'The request body must be JSON in UTF-8; this charset is not supported');
    case 'encoding.unsupported':
      return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'body_encoding_unsupported', 'This Content-Encoding is not supported; send the body uncompressed or as gzip, deflate or br');
    case 'request.aborted':
      return answer(HttpStatus.BAD_REQUEST, 'body_aborted', 'The request was aborted before its body was complete');
    case 'request.size.invalid':
      return answer(HttpStatus.BAD_REQUEST, 'body_length_mismatch', 'The request body does not have the length its Content-Length announced');
    default: {
      const status = error.statusCode ?? error.status ?? HttpStatus.BAD_REQUEST;
      return status >= 500
        ? answer(HttpStatus.INTERNAL_SERVER_ERROR, 'body_unreadable', 'The request body could not be read')
        : answer(status, 'body_unreadable', 'The request body could not be read');
    }
  }
}

type ExpressNext = (error?: unknown) => void;
interface ExpressResponse {
  headersSent: boolean;
  status(code: number): ExpressResponse;
  json(body: unknown): unknown;
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
  end(): unknown;
}

/**
 * Express error middleware, mounted right after the JSON body parser: its errors are answered here
 * (and not logged: their messages hold pieces of the body); every other error goes on to Nest.
 */
export function requestBodyErrorHandler(limit: JsonBodyLimit, format: ErrorBodyFormat = 'json') {
  return (error: unknown, _request: unknown, response: ExpressResponse, next: ExpressNext): void => {
    const mapped = requestBodyErrorAnswer(error, limit);
    if (!mapped) return next(error);
    if (response.headersSent) response.end();
    else if (format === 'json') response.status(mapped.statusCode).json(mapped);
    else {
      response.setHeader('Content-Type', 'application/problem+json');
      response.status(mapped.statusCode).send(JSON.stringify(requestBodyProblem(mapped)));
    }
  };
}

/** A larger JSON limit for one route (e.g. a dead letter posted back whole). */
export interface RouteJsonBodyLimit {
  path: string;
  limit: JsonBodyLimit;
}

/**
 * Parses JSON bodies up to the limit; the parser's errors are answered right after it, before any route.
 * Routes with their own limit are parsed first: the general parser skips a body already read.
 */
export function useJsonBody(app: NestExpressApplication, limit: JsonBodyLimit, routeLimits: readonly RouteJsonBodyLimit[] = [], format: ErrorBodyFormat = 'json'): void {
  for (const route of routeLimits) {
    app.use(route.path, json({ limit: route.limit.bytes }));
    app.use(route.path, requestBodyErrorHandler(route.limit, format));
  }
  app.useBodyParser('json', { limit: limit.bytes });
  app.use(requestBodyErrorHandler(limit, format));
}
