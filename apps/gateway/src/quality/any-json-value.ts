import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** The schema of a property that may hold any JSON value (a measured value), for @ApiProperty. */
export const ANY_JSON_VALUE: { anyOf: SchemaObject[] } = {
  anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }, { type: 'array', items: {} }, { type: 'null' }],
};
