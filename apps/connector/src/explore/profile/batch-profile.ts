import { boundedIndexText } from '@atlas/database';
import { FieldProfile } from './field-profile';

/** Fields profiled per run: a record with more top-level fields (or a run whose records vary) stops here. */
export const MAX_PROFILED_FIELDS = 200;
/** Field names are keys of an index: longer ones are cut and end in a hash of the full name. */
const MAX_FIELD_NAME_BYTES = 256;

/** The profile of the records one batch added to one run, ready to merge into the run's stored profile. */
export interface BatchProfile {
  sourceId: string;
  runId: string;
  records: number;
  fields: Map<string, FieldProfile>;
  /** Some field was left out because the batch already held MAX_PROFILED_FIELDS fields. */
  fieldLimitReached: boolean;
}

export interface ProfiledRecord {
  sourceId: string;
  runId: string;
  payload: object;
}

/** Profiles the top-level fields of each record, one profile per run, in one pass over the batch. */
export function profileRecords(records: readonly ProfiledRecord[]): BatchProfile[] {
  const byRun = new Map<string, BatchProfile>();
  for (const record of records) {
    let profile = byRun.get(record.runId);
    if (!profile) {
      profile = { sourceId: record.sourceId, runId: record.runId, records: 0, fields: new Map(), fieldLimitReached: false };
      byRun.set(record.runId, profile);
    }
    profile.records++;
    for (const [name, value] of Object.entries(record.payload)) {
      const fieldName = boundedIndexText(name, MAX_FIELD_NAME_BYTES);
      let field = profile.fields.get(fieldName);
      if (!field) {
        if (profile.fields.size >= MAX_PROFILED_FIELDS) {
          profile.fieldLimitReached = true;
          continue;
        }
        field = new FieldProfile();
        profile.fields.set(fieldName, field);
      }
      field.add(value);
    }
  }
  return [...byRun.values()];
}
