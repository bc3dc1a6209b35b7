import { BadRequestException, ConflictException, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { v7 as uuidv7 } from 'uuid';
import { ConnectorEnvironment } from '../connector-environment';
import { RunResponse } from './dto/source.dto';
import { SourceConnectorRegistry } from './source-connector.registry';
import { SourceRepository } from './source.repository';
import { RunsService } from './runs.service';

export interface UploadOptions {
  name: string;
  format?: 'csv' | 'jsonl';
  delimiter?: string;
  encoding?: 'utf-8' | 'latin1';
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

class UploadTooLargeError extends Error {}

/**
 * A file uploaded for a source: streamed to `uploads/<source>/` in CONNECTOR_FILE_DIRECTORY (never
 * held in memory, bounded by CONNECTOR_MAX_UPLOAD_BYTES), then read by a new run of that source. A
 * source that does not exist yet becomes a file source; an existing file source now reads this file.
 */
@Injectable()
export class UploadsService {
  constructor(
    private readonly environment: ConnectorEnvironment,
    private readonly registry: SourceConnectorRegistry,
    private readonly sources: SourceRepository,
    private readonly runs: RunsService,
  ) {}

  async receive(sourceId: string, body: Readable, options: UploadOptions): Promise<{ path: string; bytes: number; run: RunResponse }> {
    const directory = this.environment.CONNECTOR_FILE_DIRECTORY;
    if (!directory) throw new ConflictException('Uploads need CONNECTOR_FILE_DIRECTORY, which is not set');
    if (!SAFE_NAME.test(options.name)) throw new BadRequestException('name must be 1-100 letters, digits, ".", "_" or "-", starting with a letter or digit');
    const format = options.format ?? (options.name.toLowerCase().endsWith('.jsonl') ? 'jsonl' : 'csv');
    const path = `uploads/${sourceId}/${uuidv7()}-${options.name}`;
    const config: Record<string, unknown> = { path, format };
    if (options.delimiter !== undefined) config.delimiter = options.delimiter;
    if (options.encoding !== undefined) config.encoding = options.encoding;
    const problem = this.registry.configProblem('file', config);
    if (problem) throw new BadRequestException(problem);
    const existing = await this.sources.find(sourceId);
    if (existing && existing.type !== 'file') throw new ConflictException(`Source ${sourceId} is a ${existing.type} source; files are uploaded to file sources`);

    const target = join(directory, path);
    await mkdir(join(directory, 'uploads', sourceId), { recursive: true });
    const bytes = await this.store(body, target);
    if (existing) await this.sources.updateConfig(sourceId, { ...existing.config, ...config });
    else if (!(await this.sources.create({ sourceId, type: 'file', config, schedule: null }))) await this.sources.updateConfig(sourceId, config);
    return { path, bytes, run: await this.runs.start(sourceId) };
  }

  /** Streams the body to the file; a body over the limit is refused and its partial file removed. */
  private async store(body: Readable, target: string): Promise<number> {
    const limit = this.environment.CONNECTOR_MAX_UPLOAD_BYTES;
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(bytes > limit ? new UploadTooLargeError() : null, chunk);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(target, { flags: 'wx' }));
      return bytes;
    } catch (error) {
      await rm(target, { force: true });
      if (error instanceof UploadTooLargeError) throw new PayloadTooLargeException(`The file is larger than ${limit} bytes (CONNECTOR_MAX_UPLOAD_BYTES)`);
      throw error;
    }
  }
}
