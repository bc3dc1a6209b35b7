import { ApiOkResponse } from '@nestjs/swagger';

/**
 * OpenAPI of a service's 200 relayed as it came: one JSON object, with the names of the bounded
 * arrays it holds at its top level (open-api.spec.ts reads them: an array answer is a list, paged
 * unless exempt there).
 */
export function ApiRelayedObject(description: string, arrays: readonly string[] = []): MethodDecorator {
  const properties = Object.fromEntries(arrays.map((name) => [name, { type: 'array', items: { type: 'object', additionalProperties: true } }]));
  return ApiOkResponse({ description, schema: { type: 'object', additionalProperties: true, ...(arrays.length > 0 ? { properties } : {}) } });
}

/** OpenAPI of a service's 200 that is a bare JSON array (Presidio's enumerations, the connector types). */
export function ApiRelayedArray(description: string, items: 'string' | 'object'): MethodDecorator {
  return ApiOkResponse({ description, schema: { type: 'array', items: items === 'string' ? { type: 'string' } : { type: 'object', additionalProperties: true } } });
}
