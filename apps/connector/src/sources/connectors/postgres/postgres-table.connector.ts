import { Client } from 'pg';
import { JsonObject } from '@atlas/ingestion';
import { inferSchema } from '../schema-inference';
import { ConnectorCheck, ConnectorContext, DiscoveredStream, JsonSchema, SourceConfigError, SourceConnector, SourceMessage, SourceState } from '../source-connector';

export interface PostgresTableConfig {
  /** The CONNECTOR_SECRET_* variable holding the postgres:// URL (the URL itself is never stored). */
  connectionSecret: string;
  schema: string;
  table: string;
  /** Column that grows with every insert or update (an updated_at, a sequence); NOT NULL. */
  cursorColumn: string;
  /** Unique column breaking ties between rows of one cursor value. */
  keyColumn: string;
  pageSize?: number;
}

/** The keyset position: the (cursor, key) of the last row read, in PostgreSQL's text form. */
interface KeysetState {
  cursor: string;
  key: string;
}

const IDENTIFIER = '^[A-Za-z_][A-Za-z0-9_]{0,62}$';
const DEFAULT_PAGE_SIZE = 1000;
const STATEMENT_TIMEOUT_MS = 60000;

const POSTGRES_TABLE_SPEC: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['connectionSecret', 'schema', 'table', 'cursorColumn', 'keyColumn'],
  properties: {
    connectionSecret: { type: 'string', pattern: '^CONNECTOR_SECRET_[A-Z0-9_]{1,64}$', description: "Name of the connector's variable holding the postgres:// URL" },
    schema: { type: 'string', pattern: IDENTIFIER },
    table: { type: 'string', pattern: IDENTIFIER },
    cursorColumn: { type: 'string', pattern: IDENTIFIER, description: 'NOT NULL column that grows with every change (updated_at, a sequence)' },
    keyColumn: { type: 'string', pattern: IDENTIFIER, description: 'Unique column that orders rows of one cursor value (the primary key)' },
    pageSize: { type: 'integer', minimum: 1, maximum: 10000, default: DEFAULT_PAGE_SIZE },
  },
};

/** Double-quoted identifier; the spec already restricts names to letters, digits and `_`. */
function quoted(identifier: string): string {
  return `"${identifier}"`;
}

/**
 * A PostgreSQL table read incrementally by the keyset (cursor column, key column): each page is one
 * short query `WHERE (cursor, key) > (last cursor, last key) ORDER BY cursor, key LIMIT n`, followed
 * by a checkpoint, so a restarted run resumes after its last stored page and a next run reads only
 * rows added or updated (cursor moved) since. Values travel as PostgreSQL's own JSON (`row_to_json`)
 * and the keyset as text cast back to the columns' types, so no precision is lost (timestamps keep
 * their microseconds). Rows changed without moving the cursor, and deletes, are not seen.
 */
export class PostgresTableConnector implements SourceConnector<PostgresTableConfig> {
  readonly type = 'postgres-table';
  readonly description = 'A PostgreSQL table, read incrementally by a (cursor column, key column) keyset';

  spec(): JsonSchema {
    return POSTGRES_TABLE_SPEC;
  }

  async check(config: PostgresTableConfig, context: ConnectorContext): Promise<ConnectorCheck> {
    try {
      return await this.withClient(config, context, async (client) => {
        const types = await this.columnTypes(client, config);
        return { ok: true, message: `${config.schema}.${config.table} is readable: cursor ${config.cursorColumn} (${types.cursor}), key ${config.keyColumn} (${types.key})` };
      });
    } catch (error) {
      return { ok: false, message: describeError(error) };
    }
  }

  async discover(config: PostgresTableConfig, context: ConnectorContext): Promise<DiscoveredStream[]> {
    const sample: JsonObject[] = [];
    for await (const message of this.read({ ...config, pageSize: 100 }, null, context)) {
      if (message.type === 'record') sample.push(message.payload);
      if (message.type === 'checkpoint') break;
    }
    return [{ name: `${config.schema}.${config.table}`, schema: inferSchema(sample), sampledRecords: sample.length }];
  }

  async *read(config: PostgresTableConfig, state: SourceState | null, context: ConnectorContext): AsyncGenerator<SourceMessage> {
    const client = await this.connect(config, context);
    try {
      const types = await this.columnTypes(client, config);
      const table = `${quoted(config.schema)}.${quoted(config.table)}`;
      const cursor = `t.${quoted(config.cursorColumn)}`;
      const key = `t.${quoted(config.keyColumn)}`;
      const select = `SELECT row_to_json(t) AS record, ${cursor}::text AS atlas_cursor, ${key}::text AS atlas_key FROM ${table} t`;
      const order = `ORDER BY ${cursor}, ${key} LIMIT $1`;
      const firstPage = `${select} WHERE ${cursor} IS NOT NULL ${order}`;
      // The types come from the catalog, never from the config, so they are safe to inline.
      const nextPage = `${select} WHERE (${cursor}, ${key}) > ($2::${types.cursor}, $3::${types.key}) ${order}`;
      const pageSize = config.pageSize ?? DEFAULT_PAGE_SIZE;
      let position = keysetOf(state);
      for (;;) {
        if (context.signal?.aborted) return;
        const result = position
          ? await client.query<{ record: JsonObject; atlas_cursor: string; atlas_key: string }>(nextPage, [pageSize, position.cursor, position.key])
          : await client.query<{ record: JsonObject; atlas_cursor: string; atlas_key: string }>(firstPage, [pageSize]);
        for (const row of result.rows) {
          yield { type: 'record', payload: row.record, location: `postgres:${config.schema}.${config.table}:${row.atlas_cursor}/${row.atlas_key}` };
        }
        const last = result.rows[result.rows.length - 1];
        if (last) position = { cursor: last.atlas_cursor, key: last.atlas_key };
        if (position) yield { type: 'checkpoint', state: { ...position } };
        if (result.rows.length < pageSize) {
          if (!position) yield { type: 'checkpoint', state: {} };
          return;
        }
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async withClient<T>(config: PostgresTableConfig, context: ConnectorContext, work: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.connect(config, context);
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async connect(config: PostgresTableConfig, context: ConnectorContext): Promise<Client> {
    const url = context.secret(config.connectionSecret);
    if (!url) throw new SourceConfigError(`the connector has no variable ${config.connectionSecret} holding the database URL`);
    const client = new Client({
      connectionString: url,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      application_name: 'atlas-connector',
      // Timestamps reach records and keysets in UTC, whatever the server's default zone.
      options: '-c TimeZone=UTC',
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new SourceConfigError(`cannot connect to the database of ${config.connectionSecret} (${(error as NodeJS.ErrnoException).code ?? 'connection failed'})`);
    }
    return client;
  }

  /** The SQL types of the cursor and key columns; a missing table or column is a config error. */
  private async columnTypes(client: Client, config: PostgresTableConfig): Promise<{ cursor: string; key: string }> {
    const result = await client.query<{ name: string; type: string }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = ANY($3)`,
      [config.schema, config.table, [config.cursorColumn, config.keyColumn]],
    );
    const typeOf = new Map(result.rows.map((row) => [row.name, row.type]));
    for (const column of [config.cursorColumn, config.keyColumn]) {
      if (!typeOf.has(column)) throw new SourceConfigError(`${config.schema}.${config.table} has no column ${column} (or the table does not exist)`);
    }
    return { cursor: typeOf.get(config.cursorColumn)!, key: typeOf.get(config.keyColumn)! };
  }
}

function keysetOf(state: SourceState | null): KeysetState | undefined {
  return state && typeof state.cursor === 'string' && typeof state.key === 'string' ? { cursor: state.cursor, key: state.key } : undefined;
}

function describeError(error: unknown): string {
  if (error instanceof SourceConfigError) return error.message;
  const code = (error as { code?: unknown }).code;
  return `the table cannot be read (${typeof code === 'string' ? code : 'unknown error'})`;
}
