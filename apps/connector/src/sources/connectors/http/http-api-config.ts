import { JsonSchema } from '../source-connector';
import { JSON_PATH_PATTERN } from './json-path';

/** Config fields naming a CONNECTOR_SECRET_* variable: credentials are referenced, never stored in clear. */
const SECRET_REFERENCE = { type: 'string', pattern: '^CONNECTOR_SECRET_[A-Z0-9_]{1,64}$', description: "Name of the connector's CONNECTOR_SECRET_* variable holding the value" };
const PARAMETER_NAME = { type: 'string', pattern: '^[A-Za-z0-9_.\\[\\]-]{1,64}$' };
const JSON_PATH = { type: 'string', pattern: JSON_PATH_PATTERN, maxLength: 512 };

export type HttpAuthentication =
  | { type: 'bearer'; tokenSecret: string }
  | { type: 'api-key'; keySecret: string; in: 'header' | 'query'; name: string }
  | { type: 'basic'; username: string; passwordSecret: string };

export type HttpPagination =
  | { type: 'none' }
  | { type: 'page-number'; pageParameter: string; startPage?: number; pageSizeParameter?: string; pageSize?: number }
  | { type: 'offset'; offsetParameter: string; limitParameter: string; limit: number }
  | { type: 'cursor'; nextCursorPath: string; cursorParameter: string }
  | { type: 'link-header' };

export interface HttpIncremental {
  /** Where the cursor is in each record (`$.updated_at`, `$.id`). */
  cursorPath: string;
  /** `date`: ISO 8601 or any date Date.parse reads; `number`: an increasing id. */
  cursorType: 'date' | 'number';
  /** The query parameter that asks the API for records after the cursor (`updated_since`). */
  parameter: string;
  /** Sent on the first run (nothing is sent without it). */
  startValue?: string;
}

export interface HttpApiConfig {
  baseUrl: string;
  path: string;
  queryParameters?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  authentication?: HttpAuthentication;
  recordsPath: string;
  pagination?: HttpPagination;
  incremental?: HttpIncremental;
  requestsPerSecond?: number;
  timeoutSeconds?: number;
  maxResponseBytes?: number;
  retry?: { maxAttempts?: number; initialDelayMs?: number; maxDelayMs?: number };
  circuitBreaker?: { failureThreshold?: number; resetAfterSeconds?: number };
}

export const DEFAULTS = {
  requestsPerSecond: 10,
  timeoutSeconds: 30,
  maxResponseBytes: 16 * 1024 * 1024,
  failureThreshold: 10,
  resetAfterSeconds: 60,
} as const;

function variant(type: string, properties: Record<string, unknown>, required: string[]): JsonSchema {
  return { type: 'object', additionalProperties: false, required: ['type', ...required], properties: { type: { const: type }, ...properties } };
}

/** The HTTP source's config, validated when a source is created (JSON Schema draft 2020-12). */
export const HTTP_API_SPEC: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['baseUrl', 'path', 'recordsPath'],
  properties: {
    baseUrl: { type: 'string', pattern: '^https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$', description: 'Scheme, host and port only (https://api.example.com)' },
    path: { type: 'string', pattern: '^/[A-Za-z0-9._~!$&\'()*+,;=:@%/-]{0,1000}$', description: 'The resource path (/v1/customers)' },
    queryParameters: { type: 'object', maxProperties: 50, propertyNames: PARAMETER_NAME, additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: 1000 } },
    headers: {
      type: 'object',
      maxProperties: 50,
      description: 'Extra request headers (lowercase names); credentials go in authentication, by secret reference',
      propertyNames: { type: 'string', pattern: '^[a-z0-9-]{1,64}$', not: { enum: ['authorization', 'proxy-authorization', 'cookie', 'host', 'content-length'] } },
      additionalProperties: { type: 'string', maxLength: 1000 },
    },
    authentication: {
      oneOf: [
        variant('bearer', { tokenSecret: SECRET_REFERENCE }, ['tokenSecret']),
        variant('api-key', { keySecret: SECRET_REFERENCE, in: { enum: ['header', 'query'] }, name: PARAMETER_NAME }, ['keySecret', 'in', 'name']),
        variant('basic', { username: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^:]*$' }, passwordSecret: SECRET_REFERENCE }, ['username', 'passwordSecret']),
      ],
    },
    recordsPath: { ...JSON_PATH, description: 'Where the records array is in each response ($ for a top-level array)' },
    pagination: {
      oneOf: [
        variant('none', {}, []),
        variant(
          'page-number',
          { pageParameter: PARAMETER_NAME, startPage: { type: 'integer', minimum: 0, maximum: 1, default: 1 }, pageSizeParameter: PARAMETER_NAME, pageSize: { type: 'integer', minimum: 1, maximum: 100000 } },
          ['pageParameter'],
        ),
        variant('offset', { offsetParameter: PARAMETER_NAME, limitParameter: PARAMETER_NAME, limit: { type: 'integer', minimum: 1, maximum: 100000 } }, ['offsetParameter', 'limitParameter', 'limit']),
        variant('cursor', { nextCursorPath: JSON_PATH, cursorParameter: PARAMETER_NAME }, ['nextCursorPath', 'cursorParameter']),
        variant('link-header', {}, []),
      ],
    },
    incremental: {
      type: 'object',
      additionalProperties: false,
      required: ['cursorPath', 'cursorType', 'parameter'],
      properties: { cursorPath: JSON_PATH, cursorType: { enum: ['date', 'number'] }, parameter: PARAMETER_NAME, startValue: { type: 'string', maxLength: 200 } },
    },
    requestsPerSecond: { type: 'number', exclusiveMinimum: 0, maximum: 1000, default: DEFAULTS.requestsPerSecond },
    timeoutSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 600, default: DEFAULTS.timeoutSeconds },
    maxResponseBytes: { type: 'integer', minimum: 1024, maximum: 256 * 1024 * 1024, default: DEFAULTS.maxResponseBytes },
    retry: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxAttempts: { type: 'integer', minimum: 1, maximum: 20, default: 5 },
        initialDelayMs: { type: 'integer', minimum: 1, maximum: 60000, default: 500 },
        maxDelayMs: { type: 'integer', minimum: 1, maximum: 3600000, default: 30000 },
      },
    },
    circuitBreaker: {
      type: 'object',
      additionalProperties: false,
      properties: {
        failureThreshold: { type: 'integer', minimum: 1, maximum: 1000, default: DEFAULTS.failureThreshold },
        resetAfterSeconds: { type: 'integer', minimum: 1, maximum: 86400, default: DEFAULTS.resetAfterSeconds },
      },
    },
  },
};
