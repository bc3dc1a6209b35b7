import { JsonObject, RecordLimits } from '@atlas/ingestion';

/** A JSON Schema (draft 2020-12) as a plain object. */
export type JsonSchema = Record<string, unknown>;

/** A connector's own resumable state (file offset, cursor value ...), opaque to the runner. */
export type SourceState = Record<string, unknown>;

/** What one step of `read` yields. */
export type SourceMessage =
  /**
   * A record, with where it was read (`file:people.csv:17`). `key`, when given, names the record
   * within its run by its place in the source (page and index), so a page read again after a
   * restart yields the same record ids even if the pages before it changed size.
   */
  | { type: 'record'; payload: JsonObject; location: string; key?: string }
  /** A record that could not be read (broken quoting, invalid JSON or encoding ...): dead-lettered, counted, skipped. */
  | { type: 'malformed'; reason: string; location: string; raw: Buffer | null }
  /** Reading may resume from `state` once every record yielded before it is stored. */
  | { type: 'checkpoint'; state: SourceState };

export interface ConnectorCheck {
  ok: boolean;
  /** What was checked, or what is wrong; never a secret or a record value. */
  message: string;
}

/** One stream a source offers, with the JSON Schema inferred from a sample of its records. */
export interface DiscoveredStream {
  name: string;
  schema: JsonSchema;
  sampledRecords: number;
}

/** What connectors get from the service besides their config: its settings and the run's cancellation. */
export interface ConnectorContext {
  /** CONNECTOR_FILE_DIRECTORY: the only directory file sources read. */
  fileDirectory?: string;
  limits: RecordLimits;
  /**
   * A secret a config refers to by name (e.g. a database URL): configs never hold secrets in clear.
   * Only CONNECTOR_SECRET_* variables of the connector's environment can be read.
   */
  secret: (name: string) => string | undefined;
  /** CONNECTOR_HTTP_ALLOWED_HOSTS: the only hosts (`host` or `host:port`) HTTP sources may read; undefined: any. */
  allowedHttpHosts?: readonly string[];
  /** The source being read (per-source state such as a circuit breaker is kept under it). */
  sourceId?: string;
  /** Aborted when the run is cancelled or the service stops; `read` returns soon after. */
  signal?: AbortSignal;
}

/** Thrown for a config the connector cannot use (besides its schema); answered as 400 / fails the run with the message. */
export class SourceConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceConfigError';
  }
}

/** The source answered in a way that stops the run (unreachable, refused, malformed pages); the message names the page, never a value or secret. */
export class SourceReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceReadError';
  }
}

/**
 * A source type (Airbyte's protocol: spec, check, discover, read). Registered in
 * default-source-connectors.ts; the runner owns everything around `read` (ids, checksums,
 * publishing, dead letters, counts, checkpoints), so a connector only reads. A push type
 * (`pushed`) is registered for its sources' settings only: nothing is read from it.
 */
export interface SourceConnector<Config extends object = object> {
  readonly type: string;
  readonly description: string;
  /** Its records are pushed to Atlas, never read: its runs are opened by pushes (no schedule, no run on request). */
  readonly pushed?: boolean;
  /** The JSON Schema its config must match (checked when a source is created). */
  spec(): JsonSchema;
  /** Can it read with this config (the file exists and is readable ...)? */
  check(config: Config, context: ConnectorContext): Promise<ConnectorCheck>;
  /** Its streams and their inferred schemas, from a bounded sample. */
  discover(config: Config, context: ConnectorContext): Promise<DiscoveredStream[]>;
  /**
   * Reads from `state` (null: from the start), streaming: it never holds more than one record and
   * its buffers. Yields a checkpoint at least at the end of what it read.
   */
  read(config: Config, state: SourceState | null, context: ConnectorContext): AsyncIterable<SourceMessage>;
}
