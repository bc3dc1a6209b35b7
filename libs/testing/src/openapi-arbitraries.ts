import fc from 'fast-check';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, unknown>;
  security?: Array<Record<string, unknown>>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

// Beyond this depth of generated structure (a $ref cycle, or simply enough) only leaves are generated.
const MAX_DEPTH = 5;

/** Strings that break naive code: NUL, lone surrogates, bidi overrides, case folding that changes length, astral letters. */
export const TRICKY_STRINGS = ['', ' ', '\u0000', 'a\u0000b', '\uD800', 'x\uDC00y', '\uDBFF\uDFFF', '\u202Eevil', 'İ', 'ß', '𝔘𝔫𝔦', '👩‍👩‍👧', '%', '../..', "'; --", '${x}', '__proto__', 'constructor'];

/** A long string, within any body limit of the gateway. */
const hugeString = fc.constantFrom(100_000, 1_000_000).chain((length) => fc.constantFrom('x', 'é', '\uD83D\uDE00').map((unit) => unit.repeat(length / unit.length)));

function nested(depth: number, asArray: boolean): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = asArray ? [value] : { a: value };
  return value;
}

/** JSON text nested `depth` levels deep, as arrays or as objects. */
export function deeplyNestedJson(depth: number, asArray: boolean): string {
  return asArray ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Values of the wrong type and shape: what a hostile or careless client sends in place of anything. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, -0.5, Number.MAX_SAFE_INTEGER + 2, [], {}, [null], { '': null }),
    fc.constantFrom(...TRICKY_STRINGS),
    fc.string({ unit: 'binary', maxLength: 40 }),
    hugeString,
    // Deeper nesting is sent as text (deeplyNestedJson): a value that deep overflows the stack of the test's own JSON.stringify.
    fc.constantFrom(20, 200).chain((depth) => fc.boolean().map((asArray) => nested(depth, asArray))),
    fc.array(fc.string({ maxLength: 5 }), { minLength: 1000, maxLength: 1000 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), fc.oneof(fc.integer(), fc.string()), { maxKeys: 5 }),
  );
}

function resolved(schema: JsonSchema, document: OpenApiDocument): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 10; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    current = document.components?.schemas?.[name] ?? {};
  }
  return current;
}

function stringFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const maxLength = Math.min(schema.maxLength ?? 30, 60);
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(Date.UTC(2100, 0)) }).map((date) => date.toISOString());
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
    default:
      return fc.string({ minLength: Math.min(schema.minLength ?? 0, maxLength), maxLength });
  }
}

/** The value once in `oneIn` draws, null otherwise. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, oneIn: number) => fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

function objectFor(schema: JsonSchema, document: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const fields = Object.fromEntries(properties.map(([name, property]) => [name, fuzzedValue(property, document, depth + 1)]));
  const record = fc.record(fields, { requiredKeys: [...required].filter((name) => name in fields) });
  const extras = fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', '\u0000')), hostileValue(), { maxKeys: 3 });
  // Mostly the documented shape; sometimes a required field is dropped, sometimes unknown fields are added.
  return fc.tuple(record, rarely(fc.constantFrom(...(required.size > 0 ? [...required] : ['-'])), 6), rarely(extras, 4)).map(([value, drop, extra]) => {
    const result: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    if (drop !== null) delete result[drop];
    for (const [key, extraValue] of Object.entries(extra ?? {})) Object.defineProperty(result, key, { value: extraValue, enumerable: true, writable: true, configurable: true });
    return result;
  });
}

/** A value the schema documents (valid-ish): right types and shapes, sizes kept small, formats honoured. */
export function schemaValue(schema: JsonSchema | undefined, document: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  if (!schema) return hostileValue();
  const target = resolved(schema, document);
  if (target.const !== undefined) return fc.constant(target.const);
  if (target.enum && target.enum.length > 0) return fc.constantFrom(...target.enum);
  const variants = target.oneOf ?? target.anyOf;
  if (variants && variants.length > 0) return fc.oneof(...variants.map((variant) => schemaValue(variant, document, depth)));
  if (target.allOf && target.allOf.length > 0) {
    const merged = target.allOf.map((part) => resolved(part, document)).reduce<JsonSchema>(
      (all, part) => ({ ...all, ...part, properties: { ...all.properties, ...part.properties }, required: [...(all.required ?? []), ...(part.required ?? [])] }),
      {},
    );
    return schemaValue(merged, document, depth);
  }
  const type = Array.isArray(target.type) ? target.type.find((name) => name !== 'null') : target.type;
  if (depth > MAX_DEPTH) return fc.constantFrom<unknown>('leaf', 1, null);
  switch (type) {
    case 'string':
      return stringFor(target);
    case 'integer':
      return fc.integer({ min: target.minimum ?? -1000, max: target.maximum ?? 100000 });
    case 'number':
      return fc.double({ min: target.minimum ?? -1000, max: target.maximum ?? 100000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fuzzedValue(target.items, document, depth + 1), { minLength: Math.min(target.minItems ?? 0, 5), maxLength: Math.min(target.maxItems ?? 5, 5) });
    case 'object':
      return objectFor(target, document, depth);
    default:
      return target.properties ? objectFor(target, document, depth) : fc.jsonValue({ maxDepth: 2 });
  }
}

/** At every node, mostly what the schema documents and sometimes a hostile value instead. */
export function fuzzedValue(schema: JsonSchema | undefined, document: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: schemaValue(schema, document, depth) }, { weight: 1, arbitrary: hostileValue() });
}

const MAX_SEGMENT_LENGTH = 1000;

/** Percent-encoded path segments: documented values, and ones no route expects (invalid UTF-8, traversal, 1,000 characters). */
export function pathSegment(schema: JsonSchema | undefined, document: OpenApiDocument): fc.Arbitrary<string> {
  // Objects (some without a prototype, hence no toString) become their JSON text.
  const text = (value: unknown) => (typeof value === 'object' && value !== null ? (JSON.stringify(value) ?? '') : String(value));
  const encoded = (value: unknown) => encodeURIComponent(text(value).replace(/[\uD800-\uDFFF]/g, '?'));
  // A client resolves "." and ".." segments before sending: they would name another route, not this one.
  const dotSegment = /^(\.|%2e){1,2}$/i;
  return fc.oneof(
    { weight: 4, arbitrary: schemaValue(schema, document).map(encoded) },
    { weight: 1, arbitrary: fc.constantFrom('%FF', '%ED%A0%80', '%00', '..%2F..%2Fetc', '%25', '%E2%80%AE', 'a'.repeat(MAX_SEGMENT_LENGTH), '-1', '0', '1e309') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map(encoded) },
  )
    .map((segment) => (dotSegment.test(segment) || segment === '' ? '-' : segment))
    // Node refuses request lines over 16 KB (431) before any application code: segments stay well under.
    .map((segment) => (segment.length <= MAX_SEGMENT_LENGTH ? segment : segment.slice(0, MAX_SEGMENT_LENGTH).replace(/%[0-9A-F]?$/i, '')));
}

/** Query string parts: a documented value, a hostile one, or the parameter repeated (Express then reads an array). */
export function queryParts(parameter: OpenApiParameter, document: OpenApiDocument): fc.Arbitrary<string[]> {
  const name = encodeURIComponent(parameter.name);
  return fc.oneof(
    { weight: 4, arbitrary: pathSegment(parameter.schema, document).map((value) => [`${name}=${value}`]) },
    { weight: 1, arbitrary: fc.tuple(pathSegment(parameter.schema, document), pathSegment(parameter.schema, document)).map(([first, second]) => [`${name}=${first}`, `${name}=${second}`]) },
    { weight: 1, arbitrary: fc.constant<string[]>([`${name}[a]=1`, `${name}`]) },
  );
}

/** Every string leaf of a value (keys excluded), for checking that an answer does not quote them. */
export function stringLeaves(value: unknown, into: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') into.push(value);
  else if (depth < 50 && Array.isArray(value)) for (const item of value) stringLeaves(item, into, depth + 1);
  else if (depth < 50 && typeof value === 'object' && value !== null) for (const item of Object.values(value)) stringLeaves(item, into, depth + 1);
  return into;
}
