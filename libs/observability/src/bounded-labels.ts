/**
 * Label values that come from data (source ids, entity types) must stay a bounded set: every distinct
 * value is a time series kept in memory by this process and by Prometheus. The first `capacity`
 * distinct well-formed values keep their name; later ones share OVERFLOW_LABEL, malformed ones
 * MALFORMED_LABEL, absent ones ABSENT_LABEL. Never use one for a value or a record id.
 */
export const OVERFLOW_LABEL = '_other';
export const MALFORMED_LABEL = '_malformed';
export const ABSENT_LABEL = '_none';

export class BoundedLabel {
  private readonly known = new Set<string>();

  constructor(
    private readonly capacity: number,
    private readonly wellFormed: RegExp,
  ) {}

  of(value: string | undefined | null): string {
    if (value === undefined || value === null || value === '') return ABSENT_LABEL;
    if (this.known.has(value)) return value;
    if (!this.wellFormed.test(value)) return MALFORMED_LABEL;
    if (this.known.size >= this.capacity) return OVERFLOW_LABEL;
    this.known.add(value);
    return value;
  }
}

/** Source ids as the gateway accepts them (SOURCE_ID_PATTERN in libs/contracts), at most 100 per process. */
export const MAX_SOURCE_LABELS = 100;
const sourceLabels = new BoundedLabel(MAX_SOURCE_LABELS, /^[a-z0-9][a-z0-9_-]{0,62}$/);
export const sourceLabel = (sourceId: string | undefined | null): string => sourceLabels.of(sourceId);

/** PII entity types (EMAIL_ADDRESS, a policy's own types …), at most 100 per process. */
export const MAX_ENTITY_TYPE_LABELS = 100;
const entityTypeLabels = new BoundedLabel(MAX_ENTITY_TYPE_LABELS, /^[A-Z][A-Z0-9_]{0,63}$/);
export const entityTypeLabel = (entityType: string | undefined | null): string => entityTypeLabels.of(entityType);
