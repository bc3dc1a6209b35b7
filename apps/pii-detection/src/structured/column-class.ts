import { boundedIndexText } from '@atlas/database';
import { ENTITY_TYPES, EntityType } from '../detection/detection.types';
import type { FieldClassification } from './field-classifier';

/**
 * What a column is, as stored and reported:
 *  - personal: every value is one entity (an e-mail column); values are protected whole.
 *  - free_text: values hold entities among other text; every value is scanned.
 *  - identifier: surrogate keys and codes (UUIDs, hashes, order codes); never partly rewritten.
 *  - non_personal: nothing personal seen; values are still scanned unless their type proves them harmless.
 */
export const COLUMN_CLASSES = ['personal', 'free_text', 'identifier', 'non_personal'] as const;
export type ColumnClass = (typeof COLUMN_CLASSES)[number];

export type DecidedBy = 'sampler' | 'user';

/** A column's classification with its evidence, as the store keeps it (never values). */
export interface StoredColumnClassification {
  /** The column's field path in its stored form (see storedFieldName). */
  field: string;
  columnClass: ColumnClass;
  entityType: EntityType | null;
  ignoredEntityTypes: EntityType[];
  confidence: number;
  sampledValues: number;
  valuesWithFindings: number;
  decidedBy: DecidedBy;
}

export function columnClassOf(classification: FieldClassification): ColumnClass {
  if (classification.mode === 'whole_value' && classification.entityType) return 'personal';
  if (classification.mode === 'free_text') return 'free_text';
  return classification.identifier ? 'identifier' : 'non_personal';
}

export function classificationOfClass(stored: Pick<StoredColumnClassification, 'columnClass' | 'entityType' | 'ignoredEntityTypes' | 'confidence'>): FieldClassification {
  const ignored = stored.ignoredEntityTypes.length > 0 ? { ignoredEntityTypes: [...stored.ignoredEntityTypes] } : {};
  switch (stored.columnClass) {
    case 'personal':
      return { entityType: stored.entityType, confidence: stored.confidence, mode: 'whole_value' };
    case 'free_text':
      return { entityType: null, confidence: stored.confidence, mode: 'free_text' };
    case 'identifier':
      return { entityType: null, confidence: stored.confidence, mode: 'none', identifier: true, ...ignored };
    default:
      return { entityType: null, confidence: stored.confidence, mode: 'none', ...ignored };
  }
}

export function isEntityType(value: unknown): value is EntityType {
  return typeof value === 'string' && (ENTITY_TYPES as readonly string[]).includes(value);
}

// Field paths are stored in a btree-indexed column: long ones keep a readable prefix and a hash.
export const MAX_STORED_FIELD_BYTES = 256;

/**
 * The stored form of a column path: as it is up to 256 bytes, else cut and ended by a hash of the
 * whole path (so two long paths never share a row). Keys holding personal data are already in
 * their protected form (`contacts.<EMAIL_ADDRESS>`) in the path.
 */
export function storedFieldName(fieldPath: string): string {
  return boundedIndexText(fieldPath, MAX_STORED_FIELD_BYTES);
}
