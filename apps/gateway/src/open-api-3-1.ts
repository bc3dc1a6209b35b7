/**
 * @nestjs/swagger writes its schemas in OpenAPI 3.0's dialect even when the document says 3.1.
 * These rewrite them into 3.1's (JSON Schema 2020-12), so that 3.1 tools read them as meant:
 * - `nullable: true` → `null` among the types (`type: ['string', 'null']`, and in an `enum`), or
 *   `anyOf: [schema, {type: 'null'}]` where the schema has no type of its own (a `$ref`) or composes
 *   others (`allOf`, `anyOf`, `oneOf`: @nestjs/swagger writes a nullable DTO as `{type: 'object',
 *   allOf: [{$ref}]}`, which null would still fail through the reference);
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` → the number they qualify;
 * - a schema's `example` (deprecated in 3.1) → `examples: [example]`.
 * Only Schema Objects are rewritten: a parameter's or a media type's own `example` is 3.1 too.
 */
type Json = Record<string, unknown>;

const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_VALUES = ['items', 'not', 'additionalProperties', 'contains', 'if', 'then', 'else', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function eachValue(map: unknown, visit: (value: unknown) => void): void {
  if (isObject(map)) for (const value of Object.values(map)) visit(value);
}

/** One schema in 3.1's dialect; its sub-schemas are rewritten first. Returns a new object. */
export function schemaToOpenApi31(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const result: Json = { ...schema };
  for (const key of SCHEMA_LISTS) if (Array.isArray(result[key])) result[key] = (result[key] as unknown[]).map(schemaToOpenApi31);
  for (const key of SCHEMA_VALUES) if (isObject(result[key])) result[key] = schemaToOpenApi31(result[key]);
  for (const key of SCHEMA_MAPS) {
    if (isObject(result[key])) result[key] = Object.fromEntries(Object.entries(result[key]).map(([name, value]) => [name, schemaToOpenApi31(value)]));
  }
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof result[flag] !== 'boolean') continue;
    if (result[flag] && typeof result[bound] === 'number') {
      result[flag] = result[bound];
      delete result[bound];
    } else {
      delete result[flag];
    }
  }
  if ('example' in result) {
    if (!('examples' in result)) result.examples = [result.example];
    delete result.example;
  }
  if (!('nullable' in result)) return result;
  const nullable = result.nullable === true;
  delete result.nullable;
  if (!nullable) return result;
  const composed = ['$ref', 'allOf', 'anyOf', 'oneOf'].some((key) => key in result);
  if (!composed && (typeof result.type === 'string' || Array.isArray(result.type))) {
    const types = Array.isArray(result.type) ? (result.type as unknown[]) : [result.type];
    result.type = types.includes('null') ? types : [...types, 'null'];
    if (Array.isArray(result.enum) && !result.enum.includes(null)) result.enum = [...(result.enum as unknown[]), null];
    return result;
  }
  // No type of its own, or one narrowed by other schemas: the annotations stay beside the choice of "this schema, or null".
  const { description, title, default: fallback, examples, deprecated, readOnly, writeOnly, ...rest } = result;
  const annotations = Object.fromEntries(Object.entries({ description, title, default: fallback, examples, deprecated, readOnly, writeOnly }).filter(([, value]) => value !== undefined));
  return { ...annotations, anyOf: [rest, { type: 'null' }] };
}

function rewriteSchemaIn(holder: unknown): void {
  if (isObject(holder) && 'schema' in holder) holder.schema = schemaToOpenApi31(holder.schema);
}

function rewriteContent(holder: unknown): void {
  if (isObject(holder)) eachValue(holder.content, rewriteSchemaIn);
}

function rewriteParametersAndHeaders(holder: unknown): void {
  if (!isObject(holder)) return;
  if (Array.isArray(holder.parameters)) holder.parameters.forEach(rewriteSchemaIn);
  eachValue(holder.headers, rewriteSchemaIn);
}

/** Rewrites a whole OpenAPI document (in place) into 3.1 and returns it. */
export function documentToOpenApi31<Document extends object>(document: Document): Document {
  const root = document as Json;
  root.openapi = '3.1.0';
  eachValue(root.paths, (pathItem) => {
    rewriteParametersAndHeaders(pathItem);
    if (!isObject(pathItem)) return;
    for (const method of OPERATIONS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      rewriteParametersAndHeaders(operation);
      rewriteContent(operation.requestBody);
      eachValue(operation.responses, (response) => {
        rewriteContent(response);
        rewriteParametersAndHeaders(response);
      });
    }
  });
  const components = isObject(root.components) ? root.components : {};
  if (isObject(components.schemas)) {
    components.schemas = Object.fromEntries(Object.entries(components.schemas).map(([name, schema]) => [name, schemaToOpenApi31(schema)]));
  }
  eachValue(components.parameters, rewriteSchemaIn);
  eachValue(components.headers, rewriteSchemaIn);
  eachValue(components.requestBodies, rewriteContent);
  eachValue(components.responses, (response) => {
    rewriteContent(response);
    rewriteParametersAndHeaders(response);
  });
  return document;
}
