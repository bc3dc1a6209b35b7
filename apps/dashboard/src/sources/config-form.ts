/**
 * A connector's config form, generated from its JSON Schema (GET /api/v1/connectors: each type's
 * `spec`). Strings, enums, booleans and numbers become inputs, nested objects become groups of
 * them (`retry.maxAttempts`), and what a form cannot say well (alternatives, maps, arrays) is
 * written as JSON. The connector validates the config again when the source is created.
 */

export type JsonSchema = Record<string, unknown>;

interface FieldBase {
  /** The path in the config, dot-separated for nested objects. */
  name: string;
  label: string;
  description?: string;
  required: boolean;
}

export type ConfigField =
  | (FieldBase & { kind: 'text'; pattern?: string; minLength?: number; maxLength?: number; defaultValue?: string })
  | (FieldBase & { kind: 'choice'; options: string[]; defaultValue?: string })
  | (FieldBase & { kind: 'boolean'; defaultValue: boolean })
  | (FieldBase & { kind: 'number'; integer: boolean; minimum?: number; maximum?: number; exclusiveMinimum?: number; defaultValue?: number })
  | (FieldBase & { kind: 'json' });

/** What the form holds: text for every input, true/false for checkboxes. */
export type FormValues = Record<string, string | boolean>;

const isObject = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);
const numberOr = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** "cursorColumn" → "Cursor column". */
export function labelOf(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `type: ['integer', 'null']` (a value that may be left out or null) reads as its one other type. */
function withoutNull(schema: JsonSchema): JsonSchema {
  if (!Array.isArray(schema.type)) return schema;
  const types = (schema.type as unknown[]).filter((type) => type !== 'null');
  return types.length === 1 ? { ...schema, type: types[0] } : schema;
}

function fieldOf(name: string, label: string, nullableSchema: JsonSchema, required: boolean): ConfigField[] {
  const schema = withoutNull(nullableSchema);
  const base = { name, label, required, ...(typeof schema.description === 'string' ? { description: schema.description } : {}) };
  if (Array.isArray(schema.enum) && schema.enum.every((option) => typeof option === 'string')) {
    return [{ ...base, kind: 'choice', options: schema.enum as string[], defaultValue: stringOr(schema.default) }];
  }
  if (schema.type === 'string') {
    return [{ ...base, kind: 'text', pattern: stringOr(schema.pattern), minLength: numberOr(schema.minLength), maxLength: numberOr(schema.maxLength), defaultValue: stringOr(schema.default) }];
  }
  if (schema.type === 'boolean') return [{ ...base, kind: 'boolean', defaultValue: schema.default === true }];
  if (schema.type === 'integer' || schema.type === 'number') {
    return [
      {
        ...base,
        kind: 'number',
        integer: schema.type === 'integer',
        minimum: numberOr(schema.minimum),
        maximum: numberOr(schema.maximum),
        exclusiveMinimum: numberOr(schema.exclusiveMinimum),
        defaultValue: numberOr(schema.default),
      },
    ];
  }
  // An object of named properties only: a group of its fields (a nested field is required only when its group is).
  if (schema.type === 'object' && isObject(schema.properties) && schema.oneOf === undefined && !isObject(schema.additionalProperties)) {
    return fieldsOf(schema, `${name}.`, `${label}: `, required);
  }
  return [{ ...base, kind: 'json' }];
}

/** The form's fields for a config schema, in the schema's order. */
export function fieldsOf(schema: JsonSchema, prefix = '', labelPrefix = '', parentRequired = true): ConfigField[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(properties).flatMap(([name, property]) =>
    isObject(property) ? fieldOf(`${prefix}${name}`, `${labelPrefix}${labelOf(name)}`, property, parentRequired && required.has(name)) : [],
  );
}

/** An empty form: checkboxes at their default, every other input empty (a default applies when left empty). */
export function initialValues(fields: readonly ConfigField[]): FormValues {
  return Object.fromEntries(fields.map((field) => [field.name, field.kind === 'boolean' ? field.defaultValue : '']));
}

function patternMatches(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    // A pattern this browser cannot compile is left to the connector.
    return true;
  }
}

/** The value of one filled-in field, or the problem with it (the message names the rule, never the value). */
function valueOf(field: ConfigField, raw: string | boolean): { value?: unknown; problem?: string } {
  if (field.kind === 'boolean') return raw === field.defaultValue ? {} : { value: raw };
  const text = String(raw).trim();
  if (text === '') return field.required ? { problem: 'is required' } : {};
  switch (field.kind) {
    case 'choice':
      return field.options.includes(text) ? { value: text } : { problem: `must be one of ${field.options.join(', ')}` };
    case 'text':
      if (field.minLength !== undefined && text.length < field.minLength) return { problem: `must be at least ${field.minLength} characters` };
      if (field.maxLength !== undefined && text.length > field.maxLength) return { problem: `must be at most ${field.maxLength} characters` };
      if (field.pattern !== undefined && !patternMatches(field.pattern, text)) return { problem: 'has the wrong form' };
      return { value: text };
    case 'number': {
      const number = Number(text);
      if (!Number.isFinite(number)) return { problem: 'must be a number' };
      if (field.integer && !Number.isInteger(number)) return { problem: 'must be a whole number' };
      if (field.minimum !== undefined && number < field.minimum) return { problem: `must be at least ${field.minimum}` };
      if (field.exclusiveMinimum !== undefined && number <= field.exclusiveMinimum) return { problem: `must be more than ${field.exclusiveMinimum}` };
      if (field.maximum !== undefined && number > field.maximum) return { problem: `must be at most ${field.maximum}` };
      return { value: number };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { problem: 'must be JSON' };
      }
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}

/**
 * The config the form says: only what was filled in (defaults stay the connector's), nested as the
 * schema nests it, and every problem by field name. The config is usable when `problems` is empty.
 */
export function configOf(fields: readonly ConfigField[], values: FormValues): { config: Record<string, unknown>; problems: Record<string, string> } {
  const config: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const { value, problem } = valueOf(field, values[field.name] ?? (field.kind === 'boolean' ? field.defaultValue : ''));
    if (problem) problems[field.name] = `${field.label} ${problem}`;
    else if (value !== undefined) setPath(config, field.name, value);
  }
  return { config, problems };
}
