import { OperatorConfig, OperatorMap } from '../operators';

export const ANY_SOURCE = '*';
export const POLICY_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** A rule as stored and as accepted by PUT: `{ operator, params? }` with camelCase params. */
export type PolicyRule = OperatorConfig;

/** The jsonb `document` column: everything of a version except its identity. */
export interface PolicyDocument {
  /** Operator per entity type, `DEFAULT` for the rest. Never `drop`. */
  rules: Record<string, PolicyRule>;
  /** Operator per field path (e.g. `contact.email`), applied to the whole field value; `drop` removes the field. */
  fieldRules?: Record<string, PolicyRule>;
  description?: string;
}

/** The policy the pipeline applies to a record; the record carries policyId + version. */
export interface ResolvedPolicy {
  policyId: string;
  version: number;
  sourceId: string;
  rules: OperatorMap;
  fieldRules: Readonly<Record<string, PolicyRule>>;
  description?: string;
  createdAt?: Date;
}

/** Same as the row seeded by the migration: replace every entity by `<ENTITY_TYPE>`. Used until the DB answers. */
export const BUILT_IN_DEFAULT_POLICY: ResolvedPolicy = Object.freeze({
  policyId: 'default',
  version: 1,
  sourceId: ANY_SOURCE,
  rules: Object.freeze({ DEFAULT: Object.freeze({ operator: 'replace' as const }) }),
  fieldRules: Object.freeze({}),
  description: 'Built-in default: every entity is replaced by <ENTITY_TYPE>',
});
