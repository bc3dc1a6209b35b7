import { Injectable, NotFoundException } from '@nestjs/common';
import { ColumnMaskingPolicy } from '@atlas/contracts';
import { boundedIndexText } from '@atlas/database';
import { datasetIdOf } from './graph-ids';
import { CarryingColumn, ColumnReference, MaskingEdge, PiiPropagationRepository } from './pii-propagation.repository';

export interface PiiPropagationQuery extends ColumnReference {
  depth: number;
  maxColumns: number;
}

export interface PiiPropagation {
  column: ColumnReference;
  /** Columns downstream that still carry the column's values unmasked, closest first. */
  unmaskedDownstream: CarryingColumn[];
  /** Where the values were masked: the masking edge, its job, last run, transformations and the policy versions that masked it. */
  maskedAt: Array<MaskingEdge & { policies: ColumnMaskingPolicy[] }>;
  truncated: boolean;
}

/**
 * Follows a column's values through column lineage: which columns still carry them unmasked, and
 * where a transformation masked them (pii-detection marks protected fields `masking: true`).
 */
@Injectable()
export class PiiPropagationService {
  constructor(private readonly repository: PiiPropagationRepository) {}

  async propagation(query: PiiPropagationQuery): Promise<PiiPropagation> {
    // Field names are stored bounded for the index; the start column is looked up the same way.
    const field = boundedIndexText(query.field);
    const reached = await this.repository.unmaskedDownstream(datasetIdOf(query.namespace, query.name), field, query.depth, query.maxColumns + 2);
    const start = reached.find((column) => column.depth === 0);
    if (!start) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'dataset_not_found', message: 'No dataset with this namespace and name has been seen' });
    // One more than the cap (beside the start) tells whether the list was cut.
    const downstream = reached.filter((column) => column.depth > 0);
    const truncated = downstream.length > query.maxColumns;
    const kept = downstream.slice(0, query.maxColumns);
    const maskedAt = await this.repository.maskingEdgesFrom([start, ...kept]);
    return {
      column: { namespace: query.namespace, name: query.name, field: query.field },
      unmaskedDownstream: kept.map(({ namespace, name, field: keptField, depth }) => ({ namespace, name, field: keptField, depth })),
      maskedAt: maskedAt.map((edge) => ({ ...edge, policies: maskingPoliciesOf(edge.transformations) })),
      truncated,
    };
  }
}

/**
 * The policy versions named by an edge's masking transformations (Atlas's pii-detection names them:
 * `policyId`, `policyVersion`); another producer's masking names none.
 */
export function maskingPoliciesOf(transformations: readonly unknown[]): ColumnMaskingPolicy[] {
  const policies: ColumnMaskingPolicy[] = [];
  for (const transformation of Array.isArray(transformations) ? transformations : []) {
    if (typeof transformation !== 'object' || transformation === null) continue;
    const { masking, policyId, policyVersion } = transformation as { masking?: unknown; policyId?: unknown; policyVersion?: unknown };
    if (masking !== true || typeof policyId !== 'string' || typeof policyVersion !== 'number' || !Number.isInteger(policyVersion)) continue;
    if (!policies.some((policy) => policy.policyId === policyId && policy.policyVersion === policyVersion)) policies.push({ policyId, policyVersion });
  }
  return policies;
}
