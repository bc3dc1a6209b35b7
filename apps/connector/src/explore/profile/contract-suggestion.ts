import { FieldProfileResponse, RunProfileResponse } from './profile.dto';

/** Profile types as ODCS v3.1 logical types; mixed and all-null fields get none. */
const LOGICAL_TYPES: Record<string, string> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamp',
  object: 'object',
  array: 'array',
};
/** A distinct estimate this close to the non-null count reads as unique (the sketch's standard error is 0.81 %). */
const UNIQUE_RATIO = 0.99;
const KEY_NAME = /(^id$|_id$|[a-z]Id$|^number$|^key$)/i;

export interface SuggestedProperty {
  name: string;
  logicalType?: string;
  required?: boolean;
  unique?: boolean;
  primaryKey?: boolean;
  primaryKeyPosition?: number;
}

export interface ContractSuggestion {
  apiVersion: 'v3.1.0';
  kind: 'DataContract';
  id: string;
  version: string;
  status: 'draft';
  description: { purpose: string };
  schema: Array<{ name: string; properties: SuggestedProperty[] }>;
}

function isRequired(field: FieldProfileResponse): boolean {
  return field.nullRate === 0 && field.blanks === 0;
}

function isUnique(field: FieldProfileResponse, records: number): boolean {
  const nonNull = field.present - field.nulls;
  return records > 1 && nonNull > 1 && field.distinctEstimate >= UNIQUE_RATIO * nonNull;
}

/**
 * A draft ODCS contract read off a run's profile, for a person to review before activating it:
 * logical types, `required` where no record lacks the field (null, missing or blank), `unique` where
 * the distinct estimate reaches 99 % of the values (an estimate proves nothing: a draft), and a
 * primary key: the required unique integer or string field named like a key (`id`, `…_id`, `Number`),
 * else the first required unique integer.
 */
export function suggestContract(profile: RunProfileResponse): ContractSuggestion {
  const properties: SuggestedProperty[] = profile.fields.map((field) => {
    const logicalType = LOGICAL_TYPES[field.inferredType];
    return {
      name: field.name,
      ...(logicalType ? { logicalType } : {}),
      ...(isRequired(field) ? { required: true } : {}),
      ...(isUnique(field, profile.records) ? { unique: true } : {}),
    };
  });
  const candidates = properties.filter((property) => property.required && property.unique);
  const key =
    candidates.find((property) => KEY_NAME.test(property.name) && (property.logicalType === 'integer' || property.logicalType === 'string')) ??
    candidates.find((property) => property.logicalType === 'integer');
  if (key) Object.assign(key, { primaryKey: true, primaryKeyPosition: 1 });
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: `${profile.sourceId}-contract`,
    version: '0.1.0',
    status: 'draft',
    description: { purpose: `Drafted from the profile of run ${profile.runId} (${profile.records} records); review before activating.` },
    schema: [{ name: profile.sourceId, properties }],
  };
}
