import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { LIST_SORTS, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, textKey } from '@atlas/platform';
import type { HeldReplayView } from '../contracts/held-replay-requests';
import { HeldCountsQuery, HeldReplayParams, HeldReplaysQuery } from './held-records.dto';
import { HeldReplayRepository, type HeldCount } from './held-replay.repository';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
const HELD_COUNTS_SCOPE = `held-counts:${LIST_SORTS.heldCounts[0]}`;
const HELD_REPLAYS_SCOPE = `held-replays:${LIST_SORTS.heldReplays[0]}`;

/**
 * Records held because their source has no active contract (reason `no_active_contract`), counted
 * per source, and the replays an activation starts for them. Counts and ids only, never payloads.
 */
@ApiTags('quarantine')
@ApiBearerAuth()
@Controller('api/v1/quarantine')
export class HeldRecordsController {
  constructor(private readonly replays: HeldReplayRepository) {}

  @Get('held')
  @ApiResponse({ status: 200, description: '{items: [{sourceId, heldRecords, firstHeldAt, lastHeldAt}], nextCursor}: held records per source, in source order' })
  async held(@Query() query: HeldCountsQuery): Promise<CursorPage<HeldCount>> {
    const after = cursorKey(query.cursor, HELD_COUNTS_SCOPE, textKey(SOURCE_ID))?.[0] as string | undefined;
    const rows = await this.replays.heldCounts(query.sourceId, after, query.limit + 1);
    return cursorPageOf(rows, query.limit, HELD_COUNTS_SCOPE, (row) => [row.sourceId], (row) => row);
  }

  @Get('held-replays')
  @ApiResponse({ status: 200, description: '{items, nextCursor}: replays of held records, newest first (of one source with ?sourceId=)' })
  async list(@Query() query: HeldReplaysQuery): Promise<CursorPage<HeldReplayView>> {
    const after = cursorKey(query.cursor, HELD_REPLAYS_SCOPE, textKey(CURSOR_SHAPES.microsecondTime, CURSOR_SHAPES.uuid)) as [string, string] | undefined;
    const rows = await this.replays.list(query.sourceId, after && { requestedAt: after[0], replayId: after[1] }, query.limit + 1);
    return cursorPageOf(rows, query.limit, HELD_REPLAYS_SCOPE, (row) => [row.requestedAt, row.replayId], (row) => row);
  }

  @Get('held-replays/:replayId')
  @ApiResponse({ status: 200, description: 'One replay: state (pending, running, succeeded, failed, superseded), held records then and now, judged, released, still quarantined' })
  @ApiResponse({ status: 404, description: 'held_replay_not_found' })
  async find(@Param() params: HeldReplayParams): Promise<HeldReplayView> {
    const replay = await this.replays.find(params.replayId);
    if (!replay) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'held_replay_not_found', message: 'No replay of held records has this id' });
    return replay;
  }
}
