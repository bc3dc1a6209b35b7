import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { openRunId } from '@atlas/ingestion';
import { CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, sortDirection, textKey } from '@atlas/platform';
import { RunResponse, RunsQuery } from './dto/source.dto';
import { RunEntity } from './run.entity';
import { RunExecutor } from './run-executor.service';
import { RunRepository } from './run.repository';
import { SourcesService } from './sources.service';

export function runResponse(run: RunEntity): RunResponse {
  return {
    runId: run.runId,
    sourceId: run.sourceId,
    state: run.state,
    recordsRead: run.recordsRead,
    recordsPublished: run.recordsPublished,
    recordsDeadLettered: run.recordsDeadLettered,
    checkpoint: run.checkpoint ? { ...run.checkpoint } : null,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    endedAt: run.endedAt?.toISOString() ?? null,
  };
}

/** Runs of sources: started on request (one active run per source), listed, followed and cancelled. */
@Injectable()
export class RunsService {
  constructor(
    private readonly sources: SourcesService,
    private readonly runs: RunRepository,
    private readonly executor: RunExecutor,
  ) {}

  async start(sourceId: string): Promise<RunResponse> {
    await this.sources.readable(sourceId);
    const runId = openRunId(sourceId);
    if (!(await this.runs.queue(runId, sourceId))) {
      throw new ConflictException(`Source ${sourceId} has a queued or running run; cancel it or wait until it ends`);
    }
    this.executor.start(runId);
    return runResponse(await this.get(runId));
  }

  async list(query: RunsQuery): Promise<CursorPage<RunResponse>> {
    // The filter is part of the scope: a cursor of one source's runs does not page another's.
    const scope = `source-runs:${query.sort}:${query.sourceId ?? '*'}`;
    const after = cursorKey(query.cursor, scope, textKey(CURSOR_SHAPES.microsecondTime, CURSOR_SHAPES.uuid)) as [string, string] | undefined;
    const rows = await this.runs.page(query.sourceId, sortDirection(query.sort).descending, after, query.limit + 1);
    return cursorPageOf(rows, query.limit, scope, (row) => [row.createdAtKey, row.run.runId], (row) => runResponse(row.run));
  }

  async find(runId: string): Promise<RunResponse> {
    return runResponse(await this.get(runId));
  }

  /** Records already published go on through the pipeline; the run reads nothing more. */
  async cancel(runId: string): Promise<RunResponse> {
    const run = await this.get(runId);
    if (!(await this.runs.cancel(runId))) throw new ConflictException(`Run ${runId} has already ended (${run.state})`);
    await this.executor.stop(runId);
    return runResponse(await this.get(runId));
  }

  private async get(runId: string): Promise<RunEntity> {
    const run = await this.runs.find(runId);
    if (!run) throw new NotFoundException(`No run ${runId}`);
    return run;
  }
}
