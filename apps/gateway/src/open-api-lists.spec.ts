import { OpenAPIObject } from '@nestjs/swagger';
import { previewOpenApiDocument } from './open-api-preview';

type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; nullable?: boolean };
type Operation = { parameters?: Array<{ name: string; in: string } | { $ref: string }>; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };

interface ListRules {
  /** Deliberately not paged (a fixed-size enumeration, one object's bounded parts), each with its reason. */
  exempt: Record<string, string>;
  /** The Marquez-compatible lists: the name Marquez gives their items. */
  marquez: Record<string, string>;
}

function resolve(document: OpenAPIObject, schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  return resolve(document, (document.components?.schemas as Record<string, Schema> | undefined)?.[schema.$ref.replace('#/components/schemas/', '')]);
}

/** The JSON schema of a GET's 200 answer, references followed. */
function okSchema(document: OpenAPIObject, operation: Operation): Schema | undefined {
  return resolve(document, operation.responses?.['200']?.content?.['application/json']?.schema);
}

/** The arrays a body holds at its top level: '' for a bare array, else the names of its array properties. */
function arraysOf(document: OpenAPIObject, schema: Schema): string[] {
  if (schema.type === 'array') return [''];
  return Object.entries(schema.properties ?? {})
    .filter(([, property]) => resolve(document, property)?.type === 'array')
    .map(([name]) => name);
}

/** Every GET of the public API (`/api/v1/...`), as `[path, operation]`. */
function publicGets(document: OpenAPIObject): Array<[string, Operation]> {
  return Object.entries(document.paths)
    .filter(([path, item]) => path.startsWith('/api/v1/') && item.get !== undefined)
    .map(([path, item]) => [path, item.get as Operation]);
}

/**
 * What keeps the document's lists from drifting: every GET declares its 200 JSON schema (else its
 * shape cannot be checked), and every GET answering an array of items pages by cursor — `limit`,
 * `cursor` and `sort` query parameters, and `{items, nextCursor}` (a Marquez-compatible list: its
 * own name for the items, `totalCount` and `nextCursor`) — unless exempt. Exemptions must name a
 * list-shaped GET that exists, so a stale one is a problem too.
 */
function listProblems(document: OpenAPIObject, rules: ListRules): string[] {
  const problems: string[] = [];
  const gets = new Map(publicGets(document));
  for (const [path, operation] of gets) {
    const schema = okSchema(document, operation);
    if (!schema) {
      problems.push(`GET ${path}: no 200 application/json schema (declare it, so its shape can be checked)`);
      continue;
    }
    const arrays = arraysOf(document, schema);
    if (arrays.length === 0 || path in rules.exempt) continue;
    const queries = new Set((operation.parameters ?? []).flatMap((parameter) => ('in' in parameter && parameter.in === 'query' ? [parameter.name] : [])));
    for (const name of ['limit', 'cursor', 'sort']) if (!queries.has(name)) problems.push(`GET ${path}: a list without the ?${name}= parameter`);
    const itemsName = rules.marquez[path] ?? 'items';
    const envelope = [itemsName, 'nextCursor', ...(path in rules.marquez ? ['totalCount'] : [])];
    const missing = envelope.filter((name) => !(schema.required ?? []).includes(name) || !schema.properties?.[name]);
    if (schema.type === 'array' || missing.length > 0 || !arrays.includes(itemsName)) {
      problems.push(`GET ${path}: a list not answering {${envelope.join(', ')}} (arrays: ${arrays.map((name) => name || '(the body)').join(', ')})`);
    }
  }
  for (const path of [...Object.keys(rules.exempt), ...Object.keys(rules.marquez)]) {
    const operation = gets.get(path);
    const schema = operation && okSchema(document, operation);
    if (!schema || arraysOf(document, schema).length === 0) problems.push(`GET ${path}: listed as a list exemption or Marquez list, but no such list-shaped GET`);
  }
  return problems;
}

/**
 * Deliberately not paged: fixed-size enumerations and one object's bounded parts. A new list does not
 * belong here: page it (CursorPageQuery / SortedPageQuery, cursorPageOf, ApiCursorPage).
 */
const EXEMPT: Record<string, string> = {
  '/api/v1/auth/me': "the caller's permissions: a fixed enumeration",
  '/api/v1/connectors': 'the source types Atlas has: a fixed enumeration',
  '/api/v1/pii/recognizers': "Presidio's bare array of recognizer names: a fixed enumeration",
  '/api/v1/pii/supportedentities': "Presidio's bare array of entity types: a fixed enumeration",
  '/api/v1/quality/runs/{runId}/results': 'one run: a result per check of the contract versions that judged it (bounded by the contracts)',
  '/api/v1/quality/scores': "a source's trend over its last ?runs= runs (at most 365)",
  '/api/v1/contracts/{contractId}': 'one contract: its versions and the sources it checks',
  '/api/v1/policies/{policyId}': 'one policy: its versions',
  '/api/v1/lineage/records/provenance': "one row's provenance: a stage per pipeline stage",
  '/api/v1/lineage/records/{recordId}/provenance': "one row's provenance: a stage per pipeline stage",
  '/api/v1/subject-requests/{id}': 'one request: a step per store and its audit trail',
  '/api/v1/contracts/{contractId}/versions/{version}': 'one contract version: its document and checks',
  '/api/v1/datasets/{datasetId}': 'one dataset: its columns',
  '/api/v1/quarantine/records/{recordId}': 'one record: the checks it failed',
  '/api/v1/sources/{sourceId}/profile': 'one profile: a field per column of the source',
  '/api/v1/sources/{sourceId}/profile/contract-suggestion': 'one draft contract: its schema objects',
  '/api/v1/sources/{sourceId}/contract-draft': 'one draft contract: its schema objects',
  '/api/v1/sources/{sourceId}/profile/column-hints': 'one source: a hint per column',
  '/api/v1/lineage': 'the graph around one node, bounded by depth and maxNodes',
  '/api/v1/lineage/runs/{runId}/provenance': 'one run: a stage per pipeline stage, its checks and masked columns',
  '/api/v1/lineage/pii-propagation': "one column: where its values go, bounded by the graph",
  '/api/v1/lineage/columns': "one dataset's column edges, bounded by maxEdges",
};

/** The Marquez-compatible lists keep Marquez's name for their items (its clients read them), and page like every list. */
const MARQUEZ: Record<string, string> = {
  '/api/v1/namespaces': 'namespaces',
  '/api/v1/namespaces/{namespace}/datasets': 'datasets',
  '/api/v1/namespaces/{namespace}/datasets/{dataset}/versions': 'versions',
  '/api/v1/namespaces/{namespace}/jobs': 'jobs',
  '/api/v1/namespaces/{namespace}/jobs/{job}/versions': 'versions',
  '/api/v1/namespaces/{namespace}/jobs/{job}/runs': 'runs',
  '/api/v1/lineage/search': 'results',
};

describe("the OpenAPI document's lists", () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await previewOpenApiDocument();
  }, 30_000);

  it('are all paged by cursor, and every GET declares the answer that shows it', () => {
    expect(listProblems(document, { exempt: EXEMPT, marquez: MARQUEZ })).toEqual([]);
  });

  it('are found by the check: every list of the public API answers an array', () => {
    const paged = publicGets(document)
      .filter(([path, operation]) => !(path in EXEMPT) && arraysOf(document, okSchema(document, operation) ?? {}).length > 0)
      .map(([path]) => path);
    expect(paged.sort()).toEqual(['/api/v1/api-keys', '/api/v1/audit', '/api/v1/contracts', '/api/v1/datasets', '/api/v1/datasets/{datasetId}/rows', '/api/v1/dead-letters', '/api/v1/lineage/runs/{runId}/events', '/api/v1/lineage/search', '/api/v1/namespaces', '/api/v1/namespaces/{namespace}/datasets', '/api/v1/namespaces/{namespace}/datasets/{dataset}/versions', '/api/v1/namespaces/{namespace}/jobs', '/api/v1/namespaces/{namespace}/jobs/{job}/runs', '/api/v1/namespaces/{namespace}/jobs/{job}/versions', '/api/v1/pii/classifications', '/api/v1/pii/findings', '/api/v1/policies', '/api/v1/quality/anomalies', '/api/v1/quality/results', '/api/v1/quality/runs/{runId}/windows', '/api/v1/quarantine/held', '/api/v1/quarantine/held-replays', '/api/v1/quarantine/records', '/api/v1/source-runs', '/api/v1/sources', '/api/v1/subject-requests', '/api/v1/users']);
  });

  it('name a list that drifts: no cursor, a bare array, an array under another name, no declared answer, a stale exemption', () => {
    const drifted = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/api/v1/things': { get: { parameters: [{ name: 'limit', in: 'query' }], responses: { '200': { content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } } } } },
        '/api/v1/others': {
          get: {
            parameters: ['limit', 'cursor', 'sort'].map((name) => ({ name, in: 'query' })),
            responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/OtherPage' } } } } },
          },
        },
        '/api/v1/unknown': { get: { responses: { '200': { description: 'something' } } } },
        '/api/v1/one': { get: { responses: { '200': { content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } } } },
      },
      components: { schemas: { OtherPage: { type: 'object', required: ['others', 'nextCursor'], properties: { others: { type: 'array' }, nextCursor: { type: 'string' } } } } },
    } as unknown as OpenAPIObject;
    expect(listProblems(drifted, { exempt: { '/api/v1/one': 'stale' }, marquez: {} })).toEqual([
      'GET /api/v1/things: a list without the ?cursor= parameter',
      'GET /api/v1/things: a list without the ?sort= parameter',
      'GET /api/v1/things: a list not answering {items, nextCursor} (arrays: (the body))',
      'GET /api/v1/others: a list not answering {items, nextCursor} (arrays: others)',
      'GET /api/v1/unknown: no 200 application/json schema (declare it, so its shape can be checked)',
      'GET /api/v1/one: listed as a list exemption or Marquez list, but no such list-shaped GET',
    ]);
  });
});
