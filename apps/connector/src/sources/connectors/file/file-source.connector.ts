import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { JsonObject } from '@atlas/ingestion';
import { inferSchema } from '../schema-inference';
import { ConnectorCheck, ConnectorContext, DiscoveredStream, JsonSchema, SourceConfigError, SourceConnector, SourceMessage, SourceState } from '../source-connector';
import { FileFormat, FilePosition, HEAD_BYTES, headDigest, readFileUnits } from './file-records';

export interface FileSourceConfig {
  /** The file, relative to CONNECTOR_FILE_DIRECTORY. */
  path: string;
  format: 'csv' | 'jsonl';
  encoding?: 'utf-8' | 'latin1';
  delimiter?: string;
  quote?: string;
  /** CSV: the first row names the columns (default); otherwise they are column_1, column_2 ... */
  header?: boolean;
}

/** What a file source checkpoints: the file, the position after the last stored record, and what identifies the file. */
interface FileState extends FilePosition {
  path: string;
  /** sha256 of the file's first min(offset, HEAD_BYTES) bytes: a replaced file is read from its start. */
  head: string;
}

/** Records between checkpoints: a restarted or next run re-reads at most this many. */
export const CHECKPOINT_EVERY_RECORDS = 1000;
const DISCOVER_SAMPLE_RECORDS = 100;

const FILE_SOURCE_SPEC: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'format'],
  properties: {
    path: {
      type: 'string',
      minLength: 1,
      maxLength: 400,
      // Relative, without `..` segments or control characters; resolved inside CONNECTOR_FILE_DIRECTORY.
      pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$))[^\\u0000-\\u001f]+$',
      description: 'The file, relative to the connector directory CONNECTOR_FILE_DIRECTORY',
    },
    format: { enum: ['csv', 'jsonl'], description: 'CSV (RFC 4180) or JSON Lines (one JSON object per line)' },
    encoding: { enum: ['utf-8', 'latin1'], default: 'utf-8', description: 'A UTF-8 byte order mark is skipped' },
    delimiter: { type: 'string', pattern: '^[\\x20-\\x7e\\t]$', default: ',', description: 'CSV field delimiter, one ASCII character' },
    quote: { type: 'string', pattern: '^[\\x20-\\x7e]$', default: '"', description: 'CSV quote character, one ASCII character' },
    header: { type: 'boolean', default: true, description: 'CSV: the first row names the columns' },
  },
};

function formatOf(config: FileSourceConfig): FileFormat {
  return {
    format: config.format,
    encoding: config.encoding ?? 'utf-8',
    delimiter: config.delimiter ?? ',',
    quote: config.quote ?? '"',
    header: config.header ?? true,
  };
}

/**
 * Files in the connector's directory: CSV (delimiter, quoting, header, UTF-8 with or without BOM,
 * Latin-1) and JSON Lines, read as a stream. Each record's location is `file:<path>:<line>`.
 * A run resumes from its checkpoint (a byte offset at a record boundary) when the file still
 * starts with the same bytes and is not shorter; otherwise it reads the file from the start.
 */
export class FileSourceConnector implements SourceConnector<FileSourceConfig> {
  readonly type = 'file';
  readonly description = 'A CSV or JSON Lines file in the connector directory (CONNECTOR_FILE_DIRECTORY)';

  spec(): JsonSchema {
    return FILE_SOURCE_SPEC;
  }

  async check(config: FileSourceConfig, context: ConnectorContext): Promise<ConnectorCheck> {
    try {
      const path = await this.resolvePath(config, context);
      const stats = await stat(path);
      if (!stats.isFile()) return { ok: false, message: `${config.path} is not a regular file` };
      await access(path, constants.R_OK);
      return { ok: true, message: `${config.path} is readable (${stats.size} bytes)` };
    } catch (error) {
      return { ok: false, message: describeFileError(config.path, error) };
    }
  }

  async discover(config: FileSourceConfig, context: ConnectorContext): Promise<DiscoveredStream[]> {
    const sample: JsonObject[] = [];
    for await (const message of this.read(config, null, context)) {
      if (message.type === 'record') sample.push(message.payload);
      if (sample.length >= DISCOVER_SAMPLE_RECORDS) break;
    }
    return [{ name: config.path, schema: inferSchema(sample), sampledRecords: sample.length }];
  }

  async *read(config: FileSourceConfig, state: SourceState | null, context: ConnectorContext): AsyncGenerator<SourceMessage> {
    const path = await this.resolvePath(config, context);
    const start = await this.resumablePosition(path, config, state as FileState | null);
    let sinceCheckpoint = 0;
    let last: FilePosition | undefined;
    for await (const unit of readFileUnits(path, formatOf(config), context.limits.MAX_RECORD_BYTES, start, context.signal)) {
      const location = `file:${config.path}:${unit.line}`;
      yield unit.kind === 'record'
        ? { type: 'record', payload: unit.payload, location }
        : { type: 'malformed', reason: unit.reason, location, raw: unit.raw };
      last = unit.next;
      if (++sinceCheckpoint >= CHECKPOINT_EVERY_RECORDS) {
        sinceCheckpoint = 0;
        yield { type: 'checkpoint', state: await this.stateAt(path, config, last) };
      }
    }
    if (context.signal?.aborted) return;
    const end = last ?? start ?? { offset: 0, line: 1 };
    yield { type: 'checkpoint', state: await this.stateAt(path, config, end) };
  }

  private async stateAt(path: string, config: FileSourceConfig, position: FilePosition): Promise<SourceState> {
    const state: FileState = { path: config.path, ...position, head: await headDigest(path, Math.min(position.offset, HEAD_BYTES)) };
    return { ...state };
  }

  /** The checkpoint, if it belongs to this file as it is now; null reads from the start. */
  private async resumablePosition(path: string, config: FileSourceConfig, state: FileState | null): Promise<FilePosition | null> {
    if (!state || state.path !== config.path || typeof state.offset !== 'number' || typeof state.line !== 'number') return null;
    const { size } = await stat(path);
    if (size < state.offset) return null;
    if ((await headDigest(path, Math.min(state.offset, HEAD_BYTES))) !== state.head) return null;
    return { offset: state.offset, line: state.line, ...(state.columns ? { columns: state.columns } : {}) };
  }

  /** The file inside CONNECTOR_FILE_DIRECTORY, links resolved: a path leading out of it is refused. */
  private async resolvePath(config: FileSourceConfig, context: ConnectorContext): Promise<string> {
    if (!context.fileDirectory) throw new SourceConfigError('file sources need CONNECTOR_FILE_DIRECTORY, which is not set');
    const directory = await realpath(context.fileDirectory);
    const path = await realpath(resolve(directory, config.path)).catch((error: unknown) => {
      throw new SourceConfigError(describeFileError(config.path, error));
    });
    const inside = relative(directory, path);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) throw new SourceConfigError(`${config.path} is outside the connector directory`);
    return path;
  }
}

function describeFileError(path: string, error: unknown): string {
  if (error instanceof SourceConfigError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${path} does not exist in the connector directory`;
  if (code === 'EACCES') return `${path} is not readable by the connector`;
  return `${path} cannot be read (${code ?? 'unknown error'})`;
}
