import fc from 'fast-check';
import { type Permission, type Role, ROLE_PERMISSIONS, ROLES } from '@atlas/auth';
import { Pool } from 'pg';
import {
  deeplyNestedJson,
  fuzzedValue,
  hostileValue,
  OpenApiDocument,
  OpenApiOperation,
  pathSegment,
  PipelineStack,
  queryParts,
  startPipelineStack,
  stopPipelineStack,
  stringLeaves,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
} from '@atlas/testing';
import { encodeCursor } from '@atlas/platform';

/**
 * A schema-driven fuzz pass over the gateway's own OpenAPI document: for every operation, requests
 * generated from its parameter and body schemas (documented values, and hostile ones: wrong types,
 * 1 MB strings, 50,000 levels of nesting, NUL, lone surrogates, missing and extra fields, malformed
 * JSON, ids no route expects), sent with an admin's token and, for a sample, with no credential.
 * The whole stack runs, so no answer may be a 5xx; every error is a JSON problem that quotes no input.
 * FUZZ_RUNS requests per operation (12 by default, about a minute); e.g. FUZZ_RUNS=500 for a long run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const PROBLEM_JSON = /^application\/problem\+json/;
// The push and the ingestion run answer refusals in their documented shape ({ statusCode, error, message, problems }), as JSON.
// Strings shorter than this may appear in an answer by chance (a field name, a word).
const ECHO_MIN_LENGTH = 12;
const MALFORMED_BODIES = ['{', '{"a":', '[1,]', 'null', '"text"', '1e999', '\u0000', '{"a":1}{"b":2}', '{"__proto__":{"polluted":1}}'];

interface FuzzRequest {
  path: string;
  query: string[];
  body?: { contentType: string; payload: string | Uint8Array; value?: unknown };
  authenticated: boolean;
}

interface Failure {
  operation: string;
  problem: string;
  request: string;
}

/** The generated request, short enough to read in a report (huge strings cut). */
function describeRequest(method: string, request: FuzzRequest): string {
  const payload = typeof request.body?.payload === 'string' ? request.body.payload : request.body ? `<${request.body.payload.length} bytes>` : '';
  const cut = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text);
  return `${method.toUpperCase()} ${cut(request.path)}${request.query.length > 0 ? `?${cut(request.query.join('&'))}` : ''} ${request.authenticated ? '' : '(no credential) '}${request.body?.contentType ?? ''} ${cut(payload)}`;
}

function bodyArbitrary(operation: OpenApiOperation, document: OpenApiDocument): fc.Arbitrary<FuzzRequest['body']> {
  const content = operation.requestBody?.content ?? {};
  if (content['application/octet-stream']) {
    return fc.oneof(
      fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ contentType: 'application/octet-stream', payload: bytes })),
      fc.constant({ contentType: 'text/csv', payload: 'a,b\n1,2\n' }),
      fc.constant(undefined),
    );
  }
  const schema = content['application/json']?.schema;
  const json = (value: unknown) => ({ contentType: 'application/json', payload: JSON.stringify(value) ?? 'null', value });
  return fc.oneof(
    { weight: 8, arbitrary: fuzzedValue(schema ?? {}, document).map(json) },
    { weight: 1, arbitrary: hostileValue().map(json) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_BODIES).map((payload) => ({ contentType: 'application/json', payload })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(5000, 50000), fc.boolean()).map(([depth, asArray]) => ({ contentType: 'application/json', payload: deeplyNestedJson(depth, asArray) })) },
    { weight: 1, arbitrary: fc.constantFrom({ contentType: 'application/json', payload: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }, { contentType: 'text/plain', payload: '{"a":1}' }, undefined) },
  );
}

function requestArbitrary(path: string, operation: OpenApiOperation, document: OpenApiDocument, known: string[]): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const segment = (name: string) => {
    const schema = parameters.find((parameter) => parameter.in === 'path' && parameter.name === name)?.schema;
    return fc.oneof({ weight: 3, arbitrary: pathSegment(schema, document) }, { weight: 1, arbitrary: fc.constantFrom(...known) });
  };
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  const pathArbitrary = fc.tuple(...names.map(segment)).map((values) => names.reduce((built, name, index) => built.replace(`{${name}}`, values[index]), path));
  const queryArbitrary = fc
    .tuple(...parameters.filter((parameter) => parameter.in === 'query').map((parameter) => fc.option(queryParts(parameter, document), { freq: 3 })))
    .map((parts) => parts.flatMap((part) => part ?? []));
  const body = operation.requestBody ? bodyArbitrary(operation, document) : fc.constant(undefined);
  return fc.record({ path: pathArbitrary, query: queryArbitrary, body, authenticated: fc.integer({ min: 0, max: 9 }).map((draw) => draw > 0) });
}

describe('gateway: a schema-driven fuzz pass over the OpenAPI document', () => {
  let stack: PipelineStack;
  let database: Pool;
  let adminToken: string;
  let document: OpenApiDocument;
  /** The document's own enum values (e.g. a subject request's type): an error may name them without quoting the caller. */
  let documentedValues: Set<string>;
  const known: string[] = ['fuzz-people'];

  beforeAll(async () => {
    // The limits would answer most of the pass with 429s: raised so that the requests reach the handlers.
    ({ stack, database } = await startPipelineStack(5400, { RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' }));
    const gateway = stack.services.gateway.baseUrl;
    const login = await fetch(`${gateway}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD }) });
    adminToken = ((await login.json()) as { accessToken: string }).accessToken;
    // A source with a run, so that generated ids sometimes name things that exist.
    const push = await fetch(`${gateway}/api/v1/sources/fuzz-people/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify([{ id: 1, name: 'Ann Novak', email: 'ann.novak@example.org' }]),
    });
    known.push(((await push.json()) as { runId: string }).runId);
    document = (await (await fetch(`${gateway}/api/docs/openapi.json`)).json()) as OpenApiDocument;
    documentedValues = new Set(enumValues(document));
  }, 240000);

  afterAll(async () => {
    await stopPipelineStack({ stack, database });
  });

  async function send(method: string, request: FuzzRequest): Promise<{ status: number; contentType: string; text: string }> {
    const url = `${stack.services.gateway.baseUrl}${request.path}${request.query.length > 0 ? `?${request.query.join('&')}` : ''}`;
    const headers: Record<string, string> = request.authenticated ? { authorization: `Bearer ${adminToken}` } : {};
    if (request.body) headers['content-type'] = request.body.contentType;
    const response = await fetch(url, { method: method.toUpperCase(), headers, body: request.body?.payload as RequestInit['body'], signal: AbortSignal.timeout(90000) });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
  }

  /** What is wrong with an answer, or undefined. */
  function problemWith(operationKey: string, operation: OpenApiOperation, request: FuzzRequest, answer: { status: number; contentType: string; text: string }): string | undefined {
    if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 300)}`;
    // Operations carry their bearer requirement (RequiresPermission); the public ones (login, refresh, logout) none.
    const isPublic = !operation.security || operation.security.length === 0;
    // A body that is not JSON, a path that is not UTF-8 or a NUL in the URL is refused before any route, credential or not.
    const refusedBeforeRouting = !wellFormed(request) && answer.status >= 400;
    if (!request.authenticated && !isPublic && answer.status !== 401 && !refusedBeforeRouting) return `answered ${answer.status} without a credential`;
    if (answer.status < 400) return undefined;
    // Every error, a body the JSON parser refuses before any route included, is a problem document.
    if (!PROBLEM_JSON.test(answer.contentType)) return `error ${answer.status} as ${answer.contentType}, not application/problem+json`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      return `error ${answer.status} is not JSON`;
    }
    const fields = parsed as Record<string, unknown>;
    if (typeof fields.code !== 'string' || fields.status !== answer.status || typeof fields.detail !== 'string') return `problem ${answer.status} without its code, status or detail`;
    const said = stringLeaves(parsed).join('\n');
    const sent = [...stringLeaves(request.body?.value), ...request.query.map((part) => safeDecode(part.slice(part.indexOf('=') + 1)) ?? '')];
    const echoed = sent.find((value) => value.length >= ECHO_MIN_LENGTH && !documentedValues.has(value) && said.includes(value.slice(0, 200)));
    return echoed === undefined ? undefined : `error ${answer.status} quotes the input ${JSON.stringify(echoed.slice(0, 80))}`;
  }

  it('answers every generated request without a 5xx, and every error as a problem that quotes no input', async () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => METHODS.has(method))
        .map(([method, operation]) => ({ path, method, operation, key: `${method.toUpperCase()} ${path}` })),
    );
    expect(operations.length).toBeGreaterThan(40);
    const failures: Failure[] = [];
    let sent = 0;
    for (const { path, method, operation, key } of operations) {
      // A generator that throws fails the pass for its operation, and the others still run.
      const result = await fc.check(
        fc.asyncProperty(requestArbitrary(path, operation, document, known), async (request) => {
          sent++;
          const problem = problemWith(key, operation, request, await send(method, request));
          if (problem) throw new Error(problem);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      ).catch((error: unknown) => ({ failed: true, counterexample: null, errorInstance: error }));
      if (result.failed) {
        const request = result.counterexample?.[0] as FuzzRequest | undefined;
        failures.push({ operation: key, problem: result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance), request: request ? describeRequest(method, request) : '?' });
      }
    }
    process.stdout.write(`openapi fuzz: ${operations.length} operations, ${sent} requests, ${failures.length} failing\n`);
    expect(failures).toEqual([]);
  }, 900000);

  it("refuses on every list a well-formed cursor that list did not issue (another list's, a forged key) with 400 cursor_invalid, never quoting it", async () => {
    // Values for the path parameters and required filters of the lists: a run that exists, the fuzzed source, a name.
    const values: Record<string, string> = { runId: known[1], sourceId: 'fuzz-people', q: 'fuzz', namespace: 'fuzz', dataset: 'fuzz', job: 'fuzz', datasetId: 'fuzz-people' };
    const lists = Object.entries(document.paths).flatMap(([path, methods]) => {
      const parameters = methods.get?.parameters ?? [];
      return parameters.some((parameter) => parameter.name === 'cursor' && parameter.in === 'query') ? [{ path, parameters }] : [];
    });
    expect(lists.length).toBeGreaterThanOrEqual(26);
    const foreign = [encodeCursor('another-list:name', ['fuzz']), encodeCursor('audit:-at', ["x' OR 1=1", '1'])];
    const answers: string[] = [];
    for (const { path, parameters } of lists) {
      const url = path.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(values[name]));
      const required = parameters.filter((parameter) => parameter.in === 'query' && parameter.required).map((parameter) => `${parameter.name}=${encodeURIComponent(values[parameter.name])}`);
      for (const cursor of foreign) {
        const answer = await send('get', { path: url, query: [...required, `cursor=${cursor}`], authenticated: true });
        const body = JSON.parse(answer.text) as { code?: string; detail?: string };
        const quoted = answer.text.includes(cursor);
        answers.push(`${path}: ${answer.status} ${body.code}${quoted ? ' (quoted)' : ''}${PROBLEM_JSON.test(answer.contentType) ? '' : ' (not a problem)'}`);
      }
    }
    // The fuzzed source has no contract, so no typed dataset: its rows are 404 before any cursor is read.
    const expected = (path: string) => (path === '/api/v1/datasets/{datasetId}/rows' ? `${path}: 404 dataset_not_found` : `${path}: 400 cursor_invalid`);
    expect(answers).toEqual(lists.flatMap(({ path }) => [expected(path), expected(path)]));
  }, 60000);

  it('decides every operation for every role as the permission map says: 403 naming the permission, or let through', async () => {
    const gateway = stack.services.gateway.baseUrl;
    const tokens = new Map<Role, string>();
    for (const role of ROLES) {
      const user = { email: `matrix-${role}@atlas.test`, password: `a-password-for-the-${role}` };
      const created = await fetch(`${gateway}/api/v1/users`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify({ ...user, role }) });
      expect(created.status).toBe(201);
      const login = await fetch(`${gateway}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
      tokens.set(role, ((await login.json()) as { accessToken: string }).accessToken);
    }
    const wrong: string[] = [];
    let decided = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const permission = /Permission: `([a-z:-]+)`/.exec((operation as { description?: string }).description ?? '')?.[1] as Permission | undefined;
        if (!METHODS.has(method) || permission === undefined) continue;
        // Guards decide before any validation: placeholders in the path and an empty body are enough.
        const url = `${gateway}${path.replace(/\{[^}]+\}/g, 'matrix')}`;
        for (const role of ROLES) {
          const response = await fetch(url, { method: method.toUpperCase(), headers: { authorization: `Bearer ${tokens.get(role)}`, 'content-type': 'application/json' }, ...(method === 'get' ? {} : { body: '{}' }) });
          const body = (await response.json().catch(() => ({}))) as { code?: string; permission?: string };
          const allowed = ROLE_PERMISSIONS[role].includes(permission);
          const decision = allowed ? (response.status === 401 || response.status === 403 ? `refused (${response.status})` : 'ok') : response.status === 403 && body.code === 'permission_denied' && body.permission === permission ? 'ok' : `let through (${response.status})`;
          if (decision !== 'ok') wrong.push(`${role} ${method.toUpperCase()} ${path} (${permission}): ${decision}`);
          decided++;
        }
      }
    }
    process.stdout.write(`permission matrix: ${decided} decisions\n`);
    expect(decided).toBeGreaterThan(300);
    expect(wrong).toEqual([]);
  }, 300000);
});

/** Whether the request's body is the JSON (or bytes) its content type says, and its path decodes as UTF-8. */
function wellFormed(request: FuzzRequest): boolean {
  const body = request.body;
  // The JSON parser is strict: only an object or an array is a body (a bare string, number or null is refused).
  const bodyReadable = !body || (typeof body.value === 'object' && body.value !== null) || body.contentType === 'application/octet-stream';
  // NUL (%00) in the path or a query value is refused before any route too: PostgreSQL text cannot hold it.
  const withoutNul = ![request.path, ...request.query].some((part) => part.includes('%00'));
  return bodyReadable && safeDecode(request.path) !== undefined && withoutNul;
}

/** Every string of every `enum` in the document. */
function enumValues(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) enumValues(item, into);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'enum' && Array.isArray(value)) into.push(...value.filter((item): item is string => typeof item === 'string'));
      else enumValues(value, into);
    }
  }
  return into;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
