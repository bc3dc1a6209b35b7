import fc from 'fast-check';
import { OpenApiDocument, pathSegment, queryParts, schemaValue, stringLeaves } from './openapi-arbitraries';

const document: OpenApiDocument = {
  paths: {},
  components: {
    schemas: {
      Key: {
        type: 'object',
        required: ['name', 'role'],
        properties: { name: { type: 'string', maxLength: 10 }, role: { type: 'string', enum: ['admin', 'viewer'] }, expiresAt: { type: 'string', format: 'date-time' } },
      },
    },
  },
};

describe('OpenAPI arbitraries', () => {
  it('draws enum values, formats and bounded numbers from the schema', () => {
    const sample = (schema: object) => fc.sample(schemaValue(schema, document), { numRuns: 200, seed: 1 });
    expect(new Set(sample({ type: 'string', enum: ['a', 'b'] }))).toEqual(new Set(['a', 'b']));
    expect(sample({ type: 'string', format: 'uuid' }).every((value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(String(value)))).toBe(true);
    expect(sample({ type: 'integer', minimum: 3, maximum: 5 }).every((value) => Number.isInteger(value) && Number(value) >= 3 && Number(value) <= 5)).toBe(true);
  });

  it('follows $ref: objects carry their required fields, except when one is deliberately dropped', () => {
    const values = fc.sample(schemaValue({ $ref: '#/components/schemas/Key' }, document), { numRuns: 300, seed: 2 }) as Array<Record<string, unknown>>;
    const complete = values.filter((value) => 'name' in value && 'role' in value);
    const missingOne = values.filter((value) => !('name' in value) || !('role' in value));
    expect(complete.length).toBeGreaterThan(200);
    expect(missingOne.length).toBeGreaterThan(0);
    expect(values.every((value) => typeof value === 'object' && value !== null && !Array.isArray(value))).toBe(true);
  });

  it('path segments are always percent-encoded, so they never add a path level', () => {
    const segments = fc.sample(pathSegment({ type: 'string' }, document), { numRuns: 500, seed: 3 });
    expect(segments.filter((segment) => segment.includes('/') || segment.includes('?') || segment.includes('#'))).toEqual([]);
    expect(segments).toContain('%FF');
  });

  it('path segments of objects without a prototype are their JSON text', () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(fc.sample(pathSegment({ type: 'object' }, document).filter((segment) => segment.startsWith('%7B')), { numRuns: 3, seed: 5 }).length).toBe(3);
    expect(fc.sample(pathSegment({ const: bare }, document), { numRuns: 20, seed: 6 })).toContain(encodeURIComponent('{"a":1}'));
  });

  it('query parts sometimes repeat the parameter, as Express then reads an array', () => {
    const parts = fc.sample(queryParts({ name: 'sourceId', in: 'query', schema: { type: 'string' } }, document), { numRuns: 300, seed: 4 });
    expect(parts.some((part) => part.length === 2 && part.every((item) => item.startsWith('sourceId=')))).toBe(true);
    expect(parts.every((part) => part.every((item) => item.startsWith('sourceId')))).toBe(true);
  });

  it('collects the string leaves of a value, not its keys', () => {
    expect(stringLeaves({ name: 'Ann', tags: ['a', { deep: 'b' }], count: 2 })).toEqual(['Ann', 'a', 'b']);
    expect(stringLeaves(undefined)).toEqual([]);
  });
});
