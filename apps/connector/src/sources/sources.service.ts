import { BadGatewayException, BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { SOURCE_ID_PATTERN } from '@atlas/contracts';
import { CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, sortDirection, textKey } from '@atlas/platform';
import { ConnectorEnvironment } from '../connector-environment';
import { ConnectorCheck, ConnectorContext, DiscoveredStream, SourceConfigError, SourceConnector, SourceReadError } from './connectors/source-connector';
import { CreateSourceRequest, ScheduleTickResponse, SourceResponse, SourcesQuery } from './dto/source.dto';
import { cronProblem } from './schedules/cron-schedule';
import { ScheduleTickRepository } from './schedules/schedule-tick.repository';
import { SourceScheduler } from './schedules/source-scheduler.service';
import { SourceConnectorRegistry } from './source-connector.registry';
import { SourceEntity } from './source.entity';
import { SourceRepository } from './source.repository';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);

export function sourceResponse(source: SourceEntity): SourceResponse {
  return { sourceId: source.sourceId, type: source.type, config: source.config, schedule: source.schedule, createdAt: source.createdAt.toISOString() };
}

/** Sources: created once with a checked config, then read by runs; check and discover ask the connector. */
@Injectable()
export class SourcesService {
  constructor(
    private readonly environment: ConnectorEnvironment,
    private readonly registry: SourceConnectorRegistry,
    private readonly sources: SourceRepository,
    private readonly scheduler: SourceScheduler,
    private readonly ticks: ScheduleTickRepository,
  ) {}

  connectors(): Array<{ type: string; description: string; spec: object }> {
    return this.registry.types().map((connector) => ({ type: connector.type, description: connector.description, spec: this.registry.spec(connector.type)! }));
  }

  async create(request: CreateSourceRequest): Promise<SourceResponse> {
    const problem = this.registry.configProblem(request.type, request.config) ?? (request.schedule !== undefined ? this.scheduleProblem(request.type, request.schedule) : undefined);
    if (problem) throw new BadRequestException(problem);
    const created = await this.sources.create({ sourceId: request.sourceId, type: request.type, config: request.config, schedule: request.schedule?.trim() ?? null });
    if (!created) throw new ConflictException(`Source ${request.sourceId} exists already`);
    const source = await this.get(request.sourceId);
    // Armed here at once; the other replicas see it at their next refresh.
    if (source.schedule) this.scheduler.arm(source.sourceId, source.schedule);
    return sourceResponse(source);
  }

  async list(query: SourcesQuery): Promise<CursorPage<SourceResponse>> {
    const scope = `sources:${query.sort}`;
    const { field, descending } = sortDirection(query.sort);
    const byCreation = field === 'createdAt';
    const isKey = byCreation ? textKey(CURSOR_SHAPES.microsecondTime, SOURCE_ID) : textKey(SOURCE_ID);
    const after = cursorKey(query.cursor, scope, isKey) as string[] | undefined;
    const rows = await this.sources.page({ byCreation, descending }, after, query.limit + 1);
    return cursorPageOf(rows, query.limit, scope, (row) => (byCreation ? [row.createdAtKey, row.source.sourceId] : [row.source.sourceId]), (row) => sourceResponse(row.source));
  }

  async find(sourceId: string): Promise<SourceResponse> {
    return sourceResponse(await this.get(sourceId));
  }

  /** The newest ticks of the source's schedule: when it fired, which replica claimed the tick, and what it did. */
  async scheduleTicks(sourceId: string, limit: number): Promise<{ items: ScheduleTickResponse[] }> {
    await this.get(sourceId);
    return { items: await this.ticks.recent(sourceId, limit) };
  }

  async check(sourceId: string): Promise<ConnectorCheck> {
    const { source, connector } = await this.withConnector(sourceId);
    return connector.check(source.config, this.context(sourceId));
  }

  async discover(sourceId: string): Promise<{ streams: DiscoveredStream[] }> {
    const { source, connector } = await this.withConnector(sourceId);
    try {
      return { streams: await connector.discover(source.config, this.context(sourceId)) };
    } catch (error) {
      if (error instanceof SourceConfigError) throw new BadRequestException(error.message);
      if (error instanceof SourceReadError) throw new BadGatewayException(error.message);
      throw error;
    }
  }

  /** The source, if a run of it may be started: a push source's runs are opened by its pushes. */
  async readable(sourceId: string): Promise<SourceEntity> {
    const source = await this.get(sourceId);
    if (this.registry.isPushed(source.type)) {
      throw new ConflictException(`Source ${sourceId} is a push source: its runs are opened by its pushes (POST /api/v1/sources/${sourceId}/records), never started`);
    }
    return source;
  }

  async get(sourceId: string): Promise<SourceEntity> {
    const source = await this.sources.find(sourceId);
    if (!source) throw new NotFoundException(`No source ${sourceId}`);
    return source;
  }

  private scheduleProblem(type: string, schedule: string): string | undefined {
    return this.registry.isPushed(type) ? 'schedule: a push source has no schedule: its records arrive by push' : cronProblem(schedule);
  }

  private async withConnector(sourceId: string): Promise<{ source: SourceEntity; connector: SourceConnector }> {
    const source = await this.get(sourceId);
    const connector = this.registry.find(source.type);
    if (!connector) throw new ConflictException(`The type of source ${sourceId} is no longer registered`);
    return { source, connector };
  }

  private context(sourceId: string): ConnectorContext {
    return { sourceId, allowedHttpHosts: this.environment.CONNECTOR_HTTP_ALLOWED_HOSTS, fileDirectory: this.environment.CONNECTOR_FILE_DIRECTORY, limits: this.environment.recordLimits(), secret: (name) => this.environment.secret(name) };
  }
}
