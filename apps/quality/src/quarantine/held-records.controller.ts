import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HeldReplayView } from '../contracts/held-replay-requests';
import { HeldCountsQuery, HeldReplayParams, HeldReplaysQuery } from './held-records.dto';
import { HeldReplayRepository, type HeldCount } from './held-replay.repository';

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
  async held(@Query() query: HeldCountsQuery): Promise<{ items: HeldCount[]; nextCursor: string | null }> {
    const rows = await this.replays.heldCounts(query.sourceId, query.cursor, query.limit + 1);
    const items = rows.slice(0, query.limit);
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].sourceId : null };
  }

  @Get('held-replays')
  @ApiResponse({ status: 200, description: '{items}: the newest replays of held records (of one source with ?sourceId=)' })
  async list(@Query() query: HeldReplaysQuery): Promise<{ items: HeldReplayView[] }> {
    return { items: await this.replays.list(query.sourceId, query.limit) };
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
