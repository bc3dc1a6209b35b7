/**
 * How many days Explore keeps each source's records. A source's own `exploreRetentionDays` wins:
 * a number of days, or null (kept for good, whatever the default). A source without one, and a
 * source id with no row in connector.sources at all (records pushed through the gateway or written
 * to the raw-records topic by an external producer), gets the platform default
 * (CONNECTOR_EXPLORE_RETENTION_DAYS; unset: kept for good).
 */
export class SourceRetention {
  constructor(
    /** The sources whose config sets `exploreRetentionDays`, with its value (null: kept for good). */
    private readonly configured: ReadonlyMap<string, number | null>,
    readonly defaultDays: number | null,
  ) {}

  /** The source's retention in days; null: kept for good. */
  days(sourceId: string): number | null {
    const own = this.configured.get(sourceId);
    return own === undefined ? this.defaultDays : own;
  }
}
