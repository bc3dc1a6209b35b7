import type { CheckDefinition } from './check-model';
import type { RecordCheck, RecordCheckFactory } from './record-check';

export function definitionOf(type: string, parameters: Record<string, unknown>, field = ['amount']): CheckDefinition {
  return { id: `orders.${field.join('.')}.${type}`, name: `${type} check`, type, field, level: 'fail', parameters, origin: '/schema/0/properties/0' };
}

/** Builds a check after asserting its parameters are accepted, as the contract compiler does. */
export function checkOf(factory: RecordCheckFactory, parameters: Record<string, unknown>, field?: string[]): RecordCheck {
  expect(factory.parameterProblem(parameters)).toBeUndefined();
  return factory.create(definitionOf(factory.type, parameters, field));
}
