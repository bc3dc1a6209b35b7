import { Static, Type } from '@sinclair/typebox';

/** At most this many hints travel on a record (the profile holds at most 200 fields per run). */
export const MAX_PROFILE_COLUMN_HINTS = 200;
/** A field named longer than this (or not at all: the key "") gets no hint, so no hint can break the Explore contract. */
export const MAX_PROFILE_COLUMN_HINT_FIELD_LENGTH = 300;

/**
 * What the connector's profile of a run says about one top-level field, from patterns and types
 * (never values), for pii-detection's column classification:
 *  - personal: at least `share` of the values with content are of `entityType` (pii-detection's
 *    entity names: EMAIL_ADDRESS, URL, IP_ADDRESS, DATE_TIME, PHONE_NUMBER);
 *  - non_personal: every value with content is a boolean (`evidence: boolean`) or a number of no
 *    entity's shape from a small set (`evidence: number_enum`: under 1,000,000, at most 32 distinct).
 * A prior, not a verdict: pii-detection still scans what the type of a value does not prove harmless.
 */
export const ProfileColumnHintSchema = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: MAX_PROFILE_COLUMN_HINT_FIELD_LENGTH }),
    kind: Type.Union([Type.Literal('personal'), Type.Literal('non_personal')]),
    entityType: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z_]{0,63}$' })),
    evidence: Type.Optional(Type.Union([Type.Literal('boolean'), Type.Literal('number_enum')])),
    share: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
);
export type ProfileColumnHint = Static<typeof ProfileColumnHintSchema>;

/** The hints of a run's profile as carried on an Explore record (see RecordEnvelope.columnHints). */
export const ProfileColumnHintsSchema = Type.Array(ProfileColumnHintSchema, { maxItems: MAX_PROFILE_COLUMN_HINTS });
