import { ReplaceParams } from './operator.types';

/** Replaces the span by `newValue`, or by `<ENTITY_TYPE>` (Presidio's default). */
export function replace(_value: string, entityType: string, params: ReplaceParams = {}): string {
  return params.newValue ?? `<${entityType}>`;
}
