import { Injectable, NotFoundException } from '@nestjs/common';
import { MAX_PROFILED_FIELDS } from './batch-profile';
import { HINT_MIN_SHARE, hintColumn } from './column-hints';
import { ContractSuggestion, suggestContract } from './contract-suggestion';
import { FieldProfile } from './field-profile';
import { ColumnHintsResponse, FieldProfileResponse, RunProfileResponse, TopValueResponse } from './profile.dto';
import { RunProfileRepository, StoredRunProfile } from './run-profile.repository';
import { InferredType } from './value-inference';

const NUMERIC: ReadonlySet<string> = new Set(['integer', 'number']);
const TEMPORAL: ReadonlySet<string> = new Set(['date', 'datetime']);
const SCALAR: ReadonlySet<string> = new Set(['string', 'integer', 'number', 'boolean', 'date', 'datetime']);
/**
 * A top value is served only when the sketch guarantees it occurred at least twice (count − error):
 * in a field of unique values the sketch's entries are arbitrary, and a value seen once is no "top".
 */
export const MIN_GUARANTEED_TOP_COUNT = 2;
/** Top values served per field (the sketch monitors more, so that these are counted exactly or tightly). */
export const TOP_VALUES_SERVED = 20;

/** One type for the field: the only one seen, or the narrowest that holds every non-null value. */
export function inferredTypeOf(types: Partial<Record<InferredType, number>>): string {
  const seen = Object.keys(types).filter((type) => type !== 'null' && (types[type as InferredType] ?? 0) > 0);
  if (seen.length === 0) return 'null';
  if (seen.length === 1) return seen[0];
  if (seen.every((type) => NUMERIC.has(type))) return 'number';
  if (seen.every((type) => TEMPORAL.has(type))) return 'datetime';
  // Every scalar can be read as text (e.g. zip codes "3910" and "5000-047").
  return seen.every((type) => SCALAR.has(type)) ? 'string' : 'mixed';
}

function topValueOf(entry: { value: string; count: number; error: number }): TopValueResponse {
  const separator = entry.value.indexOf(':');
  const kind = entry.value.slice(0, separator);
  const text = entry.value.slice(separator + 1);
  const base = { count: entry.count, error: entry.error };
  if (kind === 'value') return { value: text, ...base };
  if (kind === 'kind') return { kind: text, ...base };
  return { shape: text, ...base };
}

export function fieldProfileView(name: string, profile: FieldProfile, records: number): FieldProfileResponse {
  const statistics = profile.toStatistics();
  const served = statistics.topValues.filter((entry) => entry.count - entry.error >= MIN_GUARANTEED_TOP_COUNT).slice(0, TOP_VALUES_SERVED);
  const servedKeys = new Set(served.map((entry) => entry.value));
  // What is not served (not monitored, not guaranteed twice, or beyond the first 20) occurred at most this often.
  const otherTopValuesAtMost = statistics.topValues.reduce((bound, entry) => (servedKeys.has(entry.value) ? bound : Math.max(bound, entry.count)), statistics.otherTopValuesAtMost);
  const missing = records - statistics.present;
  return {
    name,
    inferredType: inferredTypeOf(statistics.types),
    types: statistics.types as Record<string, number>,
    present: statistics.present,
    missing,
    nulls: statistics.nulls,
    nullRate: records === 0 ? 0 : (statistics.nulls + missing) / records,
    blanks: statistics.blanks,
    // An estimate above the non-null count is sketch error: a field cannot hold more distinct values than values.
    distinctEstimate: Math.min(profile.distinct.estimate(), statistics.present - statistics.nulls),
    numberRange: statistics.numberRange,
    numberRangeWithheld: statistics.numberRangeWithheld,
    yearRange: statistics.yearRange,
    lengthRange: statistics.lengthRange,
    topValues: served.map(topValueOf),
    otherTopValuesAtMost,
  };
}

@Injectable()
export class ProfileService {
  constructor(private readonly profiles: RunProfileRepository) {}

  async find(sourceId: string, runId?: string): Promise<RunProfileResponse> {
    const stored = await this.stored(sourceId, runId);
    return {
      sourceId: stored.sourceId,
      runId: stored.runId,
      records: stored.records,
      maxFields: MAX_PROFILED_FIELDS,
      fieldLimitReached: stored.fieldLimitReached,
      updatedAt: stored.updatedAt.toISOString(),
      fields: stored.fields.map((field) => fieldProfileView(field.name, field.profile, stored.records)),
    };
  }

  async suggestContract(sourceId: string, runId?: string): Promise<ContractSuggestion> {
    return suggestContract(await this.find(sourceId, runId));
  }

  /** The fields the profile shows to be of a personal kind, for pii-detection (read from patterns and types only). */
  async columnHints(sourceId: string, runId?: string): Promise<ColumnHintsResponse> {
    const stored = await this.stored(sourceId, runId);
    const hints = stored.fields.flatMap(({ name, profile }) => {
      const hint = hintColumn(profile.toStatistics());
      return hint ? [{ field: name, ...hint }] : [];
    });
    return { sourceId: stored.sourceId, runId: stored.runId, records: stored.records, minShare: HINT_MIN_SHARE, hints };
  }

  private async stored(sourceId: string, runId?: string): Promise<StoredRunProfile> {
    const stored = await this.profiles.find(sourceId, runId);
    // The message names neither id: errors never quote their input.
    if (!stored) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        code: 'profile_not_found',
        message: runId ? 'No profile of this run: the source has no such run, or the run landed no records' : 'No profile of this source: it has no run with records',
      });
    }
    return stored;
  }
}
