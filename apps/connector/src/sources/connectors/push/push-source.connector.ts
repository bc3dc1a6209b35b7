import { ConnectorCheck, DiscoveredStream, JsonSchema, SourceConfigError, SourceConnector, SourceMessage } from '../source-connector';

/** Why a push source is never read: its records come to Atlas. */
export const PUSHED_NOT_READ = 'a push source is not read: its records arrive by push (POST /api/v1/sources/{sourceId}/records) or from producers writing atlas.raw.records.v1';

/**
 * A source whose records are pushed to Atlas (REST push through the gateway, external Kafka
 * producers) rather than read by the connector. Registering one is optional (pushes to an unknown
 * source id are taken as before); it gives the source settings of its own, today only
 * `exploreRetentionDays`. Its runs are opened by its pushes, so it has no schedule and no run on
 * request (`pushed`), nothing to check and no streams to discover.
 */
export class PushSourceConnector implements SourceConnector {
  readonly type = 'push';
  readonly description = 'Records pushed to Atlas (the gateway REST push, or external producers on atlas.raw.records.v1); its config holds only its settings';
  readonly pushed = true;

  spec(): JsonSchema {
    return { type: 'object', additionalProperties: false, properties: {} };
  }

  check(): Promise<ConnectorCheck> {
    return Promise.resolve({ ok: true, message: 'Nothing to connect to: the records of a push source arrive by push' });
  }

  discover(): Promise<DiscoveredStream[]> {
    return Promise.reject(new SourceConfigError(PUSHED_NOT_READ));
  }

  // eslint-disable-next-line require-yield
  async *read(): AsyncIterable<SourceMessage> {
    throw new SourceConfigError(PUSHED_NOT_READ);
  }
}
