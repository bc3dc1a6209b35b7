import { Static, Type } from '@sinclair/typebox';
import { createPayloadValidator } from './payload-validator';
import { StringEnum } from './schema-shapes';

/** ODCS v3.1 property logical types (the values its JSON Schema allows). */
export const ODCS_LOGICAL_TYPES = ['string', 'date', 'timestamp', 'time', 'number', 'integer', 'object', 'array', 'boolean'] as const;
export type OdcsLogicalType = (typeof ODCS_LOGICAL_TYPES)[number];

/** Most columns a dataset of a contract carries on a Chart record (PostgreSQL allows 1,600 per table). */
export const MAX_DATASET_COLUMNS = 500;
/** Longest property name carried; the sink decides which names make columns (PostgreSQL: 63 bytes). */
export const MAX_DATASET_COLUMN_NAME_LENGTH = 256;

export const ContractDatasetColumnSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: MAX_DATASET_COLUMN_NAME_LENGTH }),
    /** Absent when the contract gives none: any JSON value. */
    logicalType: Type.Optional(StringEnum(ODCS_LOGICAL_TYPES)),
    /** `logicalTypeOptions.format` of a date, timestamp or time (a JDK pattern), when the contract gives one. */
    format: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    required: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/**
 * The shape of a source's dataset as the contract version that checked a record declares it: its
 * top-level properties and primary key (ordered by `primaryKeyPosition`). Carried on each Chart
 * record, so a sink builds a typed table from the very version that judged the record, without
 * asking the quality service (apps never call each other for data on the record path).
 */
export const ContractDatasetSchema = Type.Object(
  {
    columns: Type.Array(ContractDatasetColumnSchema, { maxItems: MAX_DATASET_COLUMNS }),
    /** Names of columns, in key order; empty when the contract declares no primary key. */
    primaryKey: Type.Array(Type.String({ minLength: 1, maxLength: MAX_DATASET_COLUMN_NAME_LENGTH }), { maxItems: 32 }),
  },
  { additionalProperties: false },
);

export type ContractDatasetColumn = Static<typeof ContractDatasetColumnSchema>;
export type ContractDataset = Static<typeof ContractDatasetSchema>;

/** Checks a shape before it is put on Chart records (a shape beyond the bounds would break the Chart contract). */
export const contractDatasetValidator = createPayloadValidator<ContractDataset>(ContractDatasetSchema);
