import { Readable } from 'node:stream';
import { activeContext, injectTraceContext } from '@atlas/observability';
import {
  credentialNotConfigured,
  dependencyUnavailable,
  InternalServiceName,
  upstreamFailed,
  upstreamRefusal,
  upstreamResponseTooLarge,
  upstreamTimeout,
} from './upstream-errors';

/** The variable setting how long a call waits, unless the request brings its own timeout. */
const DEFAULT_TIMEOUT_VARIABLE = 'INTERNAL_SERVICE_TIMEOUT_MS';

/** The largest error body read to build the gateway's own error (the rest is never needed). */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** A key, absent when its variable is empty, and the variable it comes from (named in the 503 when absent). */
export interface NamedCredential {
  key: string | undefined;
  variable: string;
}

export interface InternalServiceSettings {
  name: InternalServiceName;
  /** http(s)://host:port, validated by GatewayEnvironment. */
  origin: string;
  /** The gateway's service credential (first key of ATLAS_SERVICE_API_KEYS). */
  serviceCredential: string;
  /** A credential holding the service's own admin permission, and the variable it comes from, when the service has one. */
  adminCredential?: NamedCredential;
  /** A credential holding pii:reveal on the service (first key of PII_DETOKENIZE_API_KEYS), for callers the gateway found holding pii:reveal. */
  revealCredential?: NamedCredential;
  /** A credential holding subjects:manage on the service (first key of ATLAS_SUBJECT_API_KEYS), for the internal routes of data-subject requests. */
  subjectCredential?: NamedCredential;
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface InternalRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query, every variable part encoded (see `servicePath`). */
  path: string;
  /** A JSON body. */
  body?: unknown;
  /** Call with the admin credential (pii-detection's pii:admin endpoints), for callers the gateway found holding that permission. */
  asAdmin?: boolean;
  /** Call with the reveal credential (pii-detection's detokenize), for callers the gateway found holding pii:reveal. */
  asRevealer?: boolean;
  /** Call with the subject credential (internal routes of data-subject requests), for callers the gateway found holding subjects:manage. */
  asSubjectService?: boolean;
  /** A wait other than the client's (calls that scan whole tables: data-subject requests), and the variable setting it, named in a 504. */
  timeout?: CallTimeout;
}

export interface CallTimeout {
  ms: number;
  variable: string;
}

export interface InternalUpload {
  path: string;
  /** The caller's request body, piped through as it arrives (never buffered). */
  body: Readable;
  contentType: string;
}

/** The service's answer: a 2xx status and its JSON body, relayed to the caller. */
export interface UpstreamAnswer {
  status: number;
  body: unknown;
}

/** Builds a path whose interpolated parts are each URI-encoded: servicePath`/api/v1/sources/${id}`. */
export function servicePath(strings: TemplateStringsArray, ...parts: Array<string | number>): string {
  return strings.reduce((path, text, index) => path + text + (index < parts.length ? encodeURIComponent(String(parts[index])) : ''), '');
}

/** A query string of the defined values (`?a=1&b=x`), or '' when there is none. */
export function queryString(values: Record<string, string | number | boolean | undefined>): string {
  const defined = Object.entries(values).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined);
  return defined.length === 0 ? '' : `?${new URLSearchParams(defined.map(([name, value]): [string, string] => [name, String(value)])).toString()}`;
}

class ResponseTooLarge extends Error {}

/** AbortSignal.timeout's DOMException (told by name: it may come from another realm than Error). */
function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}

/**
 * One internal service's HTTP API, as the gateway calls it: with the gateway's service credential
 * (never the caller's: the caller was authorised here, and the services know nothing of users or
 * roles), the current trace context (W3C traceparent), a timeout, and a bound on what is read back.
 * 2xx answers are relayed with their status; everything else becomes one of the gateway's errors
 * (see upstream-errors.ts), never the service's body as it was.
 */
export class InternalServiceClient {
  constructor(private readonly settings: InternalServiceSettings) {}

  get name(): InternalServiceName {
    return this.settings.name;
  }

  async call(request: InternalRequest): Promise<UpstreamAnswer> {
    const headers: Record<string, string> = { ...this.authorization(request), accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const timeout = request.timeout ?? { ms: this.settings.timeoutMs, variable: DEFAULT_TIMEOUT_VARIABLE };
    const signal = AbortSignal.timeout(timeout.ms);
    const init = { method: request.method ?? 'GET', headers, body: request.body === undefined ? undefined : JSON.stringify(request.body), signal };
    const response = await this.send(request.path, init, timeout.variable);
    return this.answerOf(response, timeout.variable);
  }

  /**
   * Streams `body` to the service as it arrives (a multi-GB file never sits in memory). No timeout:
   * an upload lasts as long as the file streams; a caller who goes away aborts the upstream request.
   */
  async upload(upload: InternalUpload): Promise<UpstreamAnswer> {
    const aborter = new AbortController();
    const abortUnlessComplete = () => {
      if (!upload.body.readableEnded) aborter.abort();
    };
    upload.body.once('close', abortUnlessComplete);
    try {
      const response = await this.send(upload.path, {
        method: 'POST',
        headers: { ...this.authorization({}), accept: 'application/json', 'content-type': upload.contentType },
        // fetch reads a Node stream as it flows (an async iterable); duplex 'half' is required for a streamed body.
        body: upload.body as unknown as ReadableStream,
        duplex: 'half',
        signal: aborter.signal,
      } as RequestInit, DEFAULT_TIMEOUT_VARIABLE);
      return await this.answerOf(response, DEFAULT_TIMEOUT_VARIABLE);
    } finally {
      upload.body.off('close', abortUnlessComplete);
    }
  }

  /** The service credential, or the admin, reveal or subject credential the request asks for (503 dependency_not_configured when its variable is empty). */
  private authorization(request: Pick<InternalRequest, 'asAdmin' | 'asRevealer' | 'asSubjectService'>): Record<string, string> {
    if (request.asAdmin) return this.bearer(this.settings.adminCredential, 'an admin credential');
    if (request.asRevealer) return this.bearer(this.settings.revealCredential, 'a reveal credential');
    if (request.asSubjectService) return this.bearer(this.settings.subjectCredential, 'a subject credential');
    return { authorization: `Bearer ${this.settings.serviceCredential}` };
  }

  private bearer(credential: NamedCredential | undefined, fallbackName: string): Record<string, string> {
    if (!credential?.key) throw credentialNotConfigured(this.settings.name, credential?.variable ?? fallbackName);
    return { authorization: `Bearer ${credential.key}` };
  }

  private async send(path: string, init: RequestInit, timeoutVariable: string): Promise<Response> {
    const headers = injectTraceContext(activeContext(), { ...(init.headers as Record<string, string>) });
    try {
      return await fetch(`${this.settings.origin}${path}`, { ...init, headers, redirect: 'manual' });
    } catch (error) {
      throw isTimeout(error) ? upstreamTimeout(this.settings.name, timeoutVariable) : dependencyUnavailable(this.settings.name);
    }
  }

  private async answerOf(response: Response, timeoutVariable: string): Promise<UpstreamAnswer> {
    const ok = response.status >= 200 && response.status < 300;
    let text: string;
    try {
      text = await readBounded(response, ok ? this.settings.maxResponseBytes : MAX_ERROR_BODY_BYTES);
    } catch (error) {
      if (isTimeout(error)) throw upstreamTimeout(this.settings.name, timeoutVariable);
      if (error instanceof ResponseTooLarge) {
        if (ok) throw upstreamResponseTooLarge(this.settings.name);
        throw upstreamRefusal(this.settings.name, response.status, undefined);
      }
      throw dependencyUnavailable(this.settings.name);
    }
    const body = parseJson(text);
    if (ok) {
      if (body === INVALID) throw upstreamFailed(this.settings.name, response.status);
      return { status: response.status, body };
    }
    throw upstreamRefusal(this.settings.name, response.status, body === INVALID ? undefined : body);
  }
}

const INVALID = Symbol('invalid JSON');

function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

/** The body as text, refusing more than `limit` bytes (announced or read) without reading further. */
async function readBounded(response: Response, limit: number): Promise<string> {
  const announced = Number(response.headers.get('content-length') ?? NaN);
  if (announced > limit) {
    await response.body?.cancel();
    throw new ResponseTooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ResponseTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
