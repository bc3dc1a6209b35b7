import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** The services the gateway calls, by the name its errors use. */
export type InternalServiceName = 'connector' | 'pii-detection' | 'quality' | 'lineage';

const SAFE_CODE = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_MESSAGE_LENGTH = 1000;
const MAX_LISTED = 100;

function failure(status: number, code: string, message: string, extensions: Record<string, unknown> = {}): HttpException {
  return new HttpException({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', code, message, ...extensions }, status);
}

const cut = (text: string, length = MAX_MESSAGE_LENGTH) => (text.length > length ? `${text.slice(0, length)}…` : text);

/** The service cannot be reached, or says it is unavailable: the caller may retry. */
export const dependencyUnavailable = (service: InternalServiceName) =>
  failure(503, 'dependency_unavailable', `The ${service} service is unavailable; retry later`);

/** The service did not answer within the wait `variable` sets (INTERNAL_SERVICE_TIMEOUT_MS for most calls). */
export const upstreamTimeout = (service: InternalServiceName, variable: string) =>
  failure(504, 'upstream_timeout', `The ${service} service did not answer in time (${variable})`);

/** The service answered more than INTERNAL_SERVICE_MAX_RESPONSE_BYTES: nothing of it is relayed. */
export const upstreamResponseTooLarge = (service: InternalServiceName) =>
  failure(502, 'upstream_response_too_large', `The ${service} service answered more than INTERNAL_SERVICE_MAX_RESPONSE_BYTES; ask for less (a smaller limit)`);

/** The service failed (500, or an answer that is not JSON): the gateway has nothing useful to relay. */
export const upstreamFailed = (service: InternalServiceName, status: number) => failure(502, 'upstream_failed', `The ${service} service failed (${status})`);

/** The gateway has no credential for this call (PII_ADMIN_API_KEYS, PII_DETOKENIZE_API_KEYS or ATLAS_SUBJECT_API_KEYS empty). */
export const credentialNotConfigured = (service: InternalServiceName, variable: string) =>
  failure(503, 'dependency_not_configured', `The gateway has no credential for this call to the ${service} service (${variable} is empty)`);

/** A string, or a list of strings, cut to size; anything else is dropped. */
function safeMessage(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return cut(value);
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) return (value as string[]).slice(0, MAX_LISTED).map((item) => cut(item, 500));
  return undefined;
}

/** `problems: [{path, message}]` of a refused contract or policy, each part a string, cut to size. */
function safeProblems(value: unknown): Array<{ path: string; message: string }> | undefined {
  if (!Array.isArray(value)) return undefined;
  const problems = value
    .filter((item): item is { path: string; message: string } => typeof item?.path === 'string' && typeof item?.message === 'string')
    .slice(0, MAX_LISTED)
    .map((item) => ({ path: cut(item.path, 500), message: cut(item.message, 500) }));
  return problems.length > 0 ? problems : undefined;
}

/**
 * The gateway's error for a refusal of the service. What the caller did wrong (400, 404, 409, 413,
 * 415, 422 and other 4xx) keeps its status, its stable `code` when the service gave one, its
 * message(s) and listed `problems`: nothing else of the body is relayed. A refused credential (401,
 * 403) is the gateway's problem (502 upstream_refused: the caller was authorised here), an
 * overloaded or unavailable service (429, 502, 503, 504) a 503, any other failure a 502.
 */
export function upstreamRefusal(service: InternalServiceName, status: number, body: unknown): HttpException {
  if (status === 401 || status === 403) return failure(502, 'upstream_refused', `The ${service} service refused the gateway's credential (${status})`);
  if (status === 429 || status === 502 || status === 503 || status === 504) return dependencyUnavailable(service);
  if (status < 400 || status >= 500) return upstreamFailed(service, status);
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const code = typeof fields.code === 'string' && SAFE_CODE.test(fields.code) ? fields.code : undefined;
  // Nest's default body names the status in `error`; Presidio's API puts its message there.
  const reasonPhrase = STATUS_CODES[status];
  const message = safeMessage(fields.message) ?? (fields.error !== reasonPhrase ? safeMessage(fields.error) : undefined) ?? `The ${service} service refused the request (${status})`;
  const problems = safeProblems(fields.problems);
  return new HttpException(
    { statusCode: status, error: reasonPhrase ?? 'Error', ...(code ? { code } : {}), message, ...(problems ? { problems } : {}) },
    status,
  );
}
