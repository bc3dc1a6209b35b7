import { configOf, fieldsOf, initialValues, labelOf } from './config-form';

/** The file connector's spec, as GET /api/v1/connectors serves it. */
const FILE_SPEC = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'format'],
  properties: {
    path: { type: 'string', minLength: 1, maxLength: 400, pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$))[^\\u0000-\\u001f]+$', description: 'The file' },
    format: { enum: ['csv', 'jsonl'] },
    encoding: { enum: ['utf-8', 'latin1'], default: 'utf-8' },
    delimiter: { type: 'string', pattern: '^[\\x20-\\x7e\\t]$', default: ',' },
    header: { type: 'boolean', default: true },
  },
};

/** Parts of the HTTP connector's spec: alternatives, a map, a number, an optional group with required members. */
const HTTP_SPEC = {
  type: 'object',
  required: ['baseUrl'],
  properties: {
    baseUrl: { type: 'string' },
    authentication: { oneOf: [{ type: 'object', properties: { type: { const: 'bearer' } } }] },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    requestsPerSecond: { type: 'number', exclusiveMinimum: 0, maximum: 1000, default: 10 },
    retry: { type: 'object', additionalProperties: false, required: ['maxAttempts'], properties: { maxAttempts: { type: 'integer', minimum: 1, maximum: 20 } } },
  },
};

describe('config form from a connector spec', () => {
  it('labels camelCase names as words', () => {
    expect(['path', 'cursorColumn', 'maxResponseBytes'].map(labelOf)).toEqual(['Path', 'Cursor column', 'Max response bytes']);
  });

  it('reads a value that may be null (type [integer, null]) as a number input, left out when empty', () => {
    const spec = { type: 'object', properties: { exploreRetentionDays: { type: ['integer', 'null'], minimum: 1, maximum: 36500 } } };
    const fields = fieldsOf(spec);
    expect(fields).toEqual([{ name: 'exploreRetentionDays', label: 'Explore retention days', required: false, kind: 'number', integer: true, minimum: 1, maximum: 36500, exclusiveMinimum: undefined, defaultValue: undefined }]);
    expect(configOf(fields, initialValues(fields))).toEqual({ config: {}, problems: {} });
    expect(configOf(fields, { exploreRetentionDays: '30' })).toEqual({ config: { exploreRetentionDays: 30 }, problems: {} });
  });

  it('turns strings, enums and booleans into inputs, in schema order, with what the schema says of them', () => {
    expect(fieldsOf(FILE_SPEC)).toEqual([
      { name: 'path', label: 'Path', description: 'The file', required: true, kind: 'text', pattern: FILE_SPEC.properties.path.pattern, minLength: 1, maxLength: 400, defaultValue: undefined },
      { name: 'format', label: 'Format', required: true, kind: 'choice', options: ['csv', 'jsonl'], defaultValue: undefined },
      { name: 'encoding', label: 'Encoding', required: false, kind: 'choice', options: ['utf-8', 'latin1'], defaultValue: 'utf-8' },
      { name: 'delimiter', label: 'Delimiter', required: false, kind: 'text', pattern: '^[\\x20-\\x7e\\t]$', minLength: undefined, maxLength: undefined, defaultValue: ',' },
      { name: 'header', label: 'Header', required: false, kind: 'boolean', defaultValue: true },
    ]);
  });

  it('writes alternatives and maps as JSON, numbers with their bounds, and nested objects as groups', () => {
    expect(fieldsOf(HTTP_SPEC).map((field) => [field.name, field.label, field.kind, field.required])).toEqual([
      ['baseUrl', 'Base url', 'text', true],
      ['authentication', 'Authentication', 'json', false],
      ['headers', 'Headers', 'json', false],
      ['requestsPerSecond', 'Requests per second', 'number', false],
      // Required within an optional group: not required by the form (the connector decides).
      ['retry.maxAttempts', 'Retry: Max attempts', 'number', false],
    ]);
  });

  it('makes the config of what was filled in only, nested, with typed values', () => {
    const fields = fieldsOf(HTTP_SPEC);
    const values = { ...initialValues(fields), baseUrl: ' https://api.example.com ', headers: '{"x-team":"data"}', requestsPerSecond: '2.5', 'retry.maxAttempts': '3' };
    expect(configOf(fields, values)).toEqual({ config: { baseUrl: 'https://api.example.com', headers: { 'x-team': 'data' }, requestsPerSecond: 2.5, retry: { maxAttempts: 3 } }, problems: {} });
  });

  it('leaves defaults to the connector: an unchanged checkbox and empty inputs are not sent', () => {
    const fields = fieldsOf(FILE_SPEC);
    expect(initialValues(fields)).toEqual({ path: '', format: '', encoding: '', delimiter: '', header: true });
    expect(configOf(fields, { ...initialValues(fields), path: 'orders.csv', format: 'csv' }).config).toEqual({ path: 'orders.csv', format: 'csv' });
    expect(configOf(fields, { ...initialValues(fields), path: 'orders.csv', format: 'csv', header: false, delimiter: ';' }).config).toEqual({ path: 'orders.csv', format: 'csv', header: false, delimiter: ';' });
  });

  it('names every problem by field, never quoting the value', () => {
    const fields = [...fieldsOf(FILE_SPEC), ...fieldsOf(HTTP_SPEC)];
    const values = { ...initialValues(fields), path: '../secret.csv', format: 'xml', delimiter: ';;', baseUrl: '', headers: '{not json', requestsPerSecond: '0', 'retry.maxAttempts': '2.5' };
    expect(configOf(fields, values).problems).toEqual({
      path: 'Path has the wrong form',
      format: 'Format must be one of csv, jsonl',
      delimiter: 'Delimiter has the wrong form',
      baseUrl: 'Base url is required',
      headers: 'Headers must be JSON',
      requestsPerSecond: 'Requests per second must be more than 0',
      'retry.maxAttempts': 'Retry: Max attempts must be a whole number',
    });
  });
});
