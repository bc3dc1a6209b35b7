import type { CheckDefinition } from './check-model';

/** The six dimensions a quality score is computed over (docs/architecture.md, "Quality score"). */
export const QUALITY_DIMENSIONS = ['completeness', 'validity', 'uniqueness', 'consistency', 'timeliness', 'accuracy'] as const;
export type QualityDimension = (typeof QUALITY_DIMENSIONS)[number];

/** ODCS `dimension` values (v3.1 enum) in Atlas' six: conformity is validity, coverage is completeness. */
const ODCS_DIMENSIONS: Record<string, QualityDimension> = {
  accuracy: 'accuracy',
  completeness: 'completeness',
  conformity: 'validity',
  consistency: 'consistency',
  coverage: 'completeness',
  timeliness: 'timeliness',
  uniqueness: 'uniqueness',
  validity: 'validity',
};

export function dimensionFromOdcs(dimension: string | undefined): QualityDimension | undefined {
  return dimension === undefined ? undefined : ODCS_DIMENSIONS[dimension.toLowerCase()];
}

/** What a check measures when its contract does not say: presence is completeness, distinctness uniqueness, rules across fields or tables consistency, the rest validity. */
export function dimensionOf(definition: Pick<CheckDefinition, 'type' | 'dimension'>): QualityDimension {
  if (definition.dimension) return definition.dimension;
  switch (definition.type) {
    case 'not_null':
    case 'required_keys':
    case 'row_count':
      return 'completeness';
    case 'unique_items':
    case 'duplicates':
      return 'uniqueness';
    case 'expression':
    case 'reference':
      return 'consistency';
    default:
      return 'validity';
  }
}
