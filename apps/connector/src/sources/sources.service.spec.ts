import 'reflect-metadata';
import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConnectorEnvironment } from '../connector-environment';
import { RunExecutor } from './run-executor.service';
import { RunRepository } from './run.repository';
import { RunsService } from './runs.service';
import { ScheduleTickRepository } from './schedules/schedule-tick.repository';
import { SourceScheduler } from './schedules/source-scheduler.service';
import { SourceConnectorRegistry } from './source-connector.registry';
import { SourceEntity } from './source.entity';
import { SourceRepository } from './source.repository';
import { SourcesService } from './sources.service';

describe('SourcesService and RunsService', () => {
  const stored = new Map<string, SourceEntity>();
  const sourceRepository = {
    create: jest.fn(async (source: Pick<SourceEntity, 'sourceId' | 'type' | 'config' | 'schedule'>) => {
      if (stored.has(source.sourceId)) return false;
      stored.set(source.sourceId, Object.assign(new SourceEntity(), source, { createdAt: new Date('2026-01-15T10:00:00.000Z') }));
      return true;
    }),
    find: jest.fn(async (sourceId: string) => stored.get(sourceId) ?? null),
  };
  const runRepository = { queue: jest.fn(), find: jest.fn(), cancel: jest.fn() };
  const executor = { start: jest.fn(), stop: jest.fn() };
  const scheduler = { arm: jest.fn() };
  let sources: SourcesService;
  let runs: RunsService;

  beforeEach(async () => {
    stored.clear();
    sourceRepository.create.mockClear();
    for (const mock of [...Object.values(runRepository), ...Object.values(executor), scheduler.arm]) mock.mockReset();
    const moduleRef = await Test.createTestingModule({
      providers: [
        SourcesService,
        RunsService,
        SourceConnectorRegistry,
        { provide: ConnectorEnvironment, useValue: new ConnectorEnvironment() },
        { provide: SourceRepository, useValue: sourceRepository },
        { provide: RunRepository, useValue: runRepository },
        { provide: RunExecutor, useValue: executor },
        { provide: SourceScheduler, useValue: scheduler },
        { provide: ScheduleTickRepository, useValue: {} },
      ],
    }).compile();
    sources = moduleRef.get(SourcesService);
    runs = moduleRef.get(RunsService);
  });

  it('creates a source whose config matches its type, and refuses a second one with the same id', async () => {
    const request = { sourceId: 'people', type: 'file', config: { path: 'people.csv', format: 'csv' }, schedule: ' */15 * * * 1-5 ' };
    expect(await sources.create(request)).toEqual({ sourceId: 'people', type: 'file', config: request.config, schedule: '*/15 * * * 1-5', createdAt: '2026-01-15T10:00:00.000Z' });
    expect(scheduler.arm).toHaveBeenCalledWith('people', '*/15 * * * 1-5');
    await expect(sources.create(request)).rejects.toThrow(new ConflictException('Source people exists already'));
  });

  it('refuses an unknown type, a config breaking the spec and a malformed schedule, naming the problem', async () => {
    await expect(sources.create({ sourceId: 'a', type: 'ftp', config: {} })).rejects.toThrow(new BadRequestException('unknown source type "ftp"; known types: file, postgres-table, http-api, push'));
    await expect(sources.create({ sourceId: 'a', type: 'file', config: { path: 'a.csv', format: 'xml' } })).rejects.toThrow(
      new BadRequestException('config: /format must be equal to one of the allowed values'),
    );
    await expect(sources.create({ sourceId: 'a', type: 'file', config: { path: 'a.csv', format: 'csv', delimiter: ';;' } })).rejects.toThrow(BadRequestException);
    await expect(sources.create({ sourceId: 'a', type: 'file', config: { path: 'a.csv', format: 'csv' }, schedule: '0 25 * * *' })).rejects.toThrow(
      new BadRequestException(
        'schedule: Invalid value for hour: 25; expected a cron expression of 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, read in UTC, e.g. "0 * * * *"',
      ),
    );
    expect(sourceRepository.create).not.toHaveBeenCalled();
  });

  it('lists the registered connector types with their specs, each taking exploreRetentionDays', () => {
    expect(sources.connectors().map((connector) => connector.type)).toEqual(['file', 'postgres-table', 'http-api', 'push']);
    for (const connector of sources.connectors()) {
      expect((connector.spec as { properties: Record<string, unknown> }).properties.exploreRetentionDays).toMatchObject({ type: ['integer', 'null'], minimum: 1, maximum: 36500 });
    }
  });

  it("takes exploreRetentionDays in any type's config (a whole number of days, 1 to 36,500, or null) and refuses anything else", async () => {
    for (const [sourceId, days] of [['a', 7], ['b', null], ['c', 36500]] as const) {
      const config = { path: 'a.csv', format: 'csv', exploreRetentionDays: days };
      expect(await sources.create({ sourceId, type: 'file', config })).toMatchObject({ sourceId, config });
    }
    const http = { baseUrl: 'https://api.example.com', path: '/v1/people', recordsPath: '$.items', exploreRetentionDays: 30 };
    expect(await sources.create({ sourceId: 'd', type: 'http-api', config: http })).toMatchObject({ config: http });
    for (const [days, problem] of [
      [0, 'config: /exploreRetentionDays must be >= 1'],
      [36501, 'config: /exploreRetentionDays must be <= 36500'],
      [1.5, 'config: /exploreRetentionDays must be integer,null'],
      ['30', 'config: /exploreRetentionDays must be integer,null'],
    ] as const) {
      await expect(sources.create({ sourceId: 'e', type: 'file', config: { path: 'a.csv', format: 'csv', exploreRetentionDays: days } })).rejects.toThrow(new BadRequestException(problem));
    }
  });

  it('registers a push source for its Explore retention only: no other config, no schedule, no run on request, nothing to discover', async () => {
    expect(await sources.create({ sourceId: 'orders', type: 'push', config: { exploreRetentionDays: 30 } })).toEqual({
      sourceId: 'orders',
      type: 'push',
      config: { exploreRetentionDays: 30 },
      schedule: null,
      createdAt: '2026-01-15T10:00:00.000Z',
    });
    expect(await sources.create({ sourceId: 'events', type: 'push', config: {} })).toMatchObject({ sourceId: 'events', config: {} });
    await expect(sources.create({ sourceId: 'x', type: 'push', config: { path: 'a.csv' } })).rejects.toThrow(new BadRequestException('config: / must NOT have additional properties'));
    await expect(sources.create({ sourceId: 'x', type: 'push', config: { exploreRetentionDays: 0 } })).rejects.toThrow(new BadRequestException('config: /exploreRetentionDays must be >= 1'));
    await expect(sources.create({ sourceId: 'x', type: 'push', config: {}, schedule: '0 * * * *' })).rejects.toThrow(
      new BadRequestException('schedule: a push source has no schedule: its records arrive by push'),
    );
    await expect(runs.start('orders')).rejects.toThrow(
      new ConflictException('Source orders is a push source: its runs are opened by its pushes (POST /api/v1/sources/orders/records), never started'),
    );
    expect(runRepository.queue).not.toHaveBeenCalled();
    expect(await sources.check('orders')).toEqual({ ok: true, message: 'Nothing to connect to: the records of a push source arrive by push' });
    await expect(sources.discover('orders')).rejects.toThrow(
      new BadRequestException('a push source is not read: its records arrive by push (POST /api/v1/sources/{sourceId}/records) or from producers writing atlas.raw.records.v1'),
    );
  });

  it('queues and starts a run, and refuses an overlapping one', async () => {
    await sources.create({ sourceId: 'people', type: 'file', config: { path: 'people.csv', format: 'csv' } });
    runRepository.queue.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    runRepository.find.mockImplementation(async (runId: string) => ({ runId, sourceId: 'people', state: 'queued', recordsRead: 0, recordsPublished: 0, recordsDeadLettered: 0, checkpoint: null, error: null, createdAt: new Date(), startedAt: null, endedAt: null }));
    const run = await runs.start('people');
    expect(run).toMatchObject({ sourceId: 'people', state: 'queued', recordsRead: 0 });
    expect(executor.start).toHaveBeenCalledWith(run.runId);
    await expect(runs.start('people')).rejects.toThrow(new ConflictException('Source people has a queued or running run; cancel it or wait until it ends'));
    expect(executor.start).toHaveBeenCalledTimes(1);
    await expect(runs.start('absent')).rejects.toThrow(new NotFoundException('No source absent'));
  });

  it('cancels an active run and stops it, and refuses to cancel an ended one', async () => {
    runRepository.find.mockResolvedValue({ runId: 'r', sourceId: 'people', state: 'succeeded', recordsRead: 1, recordsPublished: 1, recordsDeadLettered: 0, checkpoint: null, error: null, createdAt: new Date(), startedAt: null, endedAt: null });
    runRepository.cancel.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    await runs.cancel('r');
    expect(executor.stop).toHaveBeenCalledWith('r');
    await expect(runs.cancel('r')).rejects.toThrow(new ConflictException('Run r has already ended (succeeded)'));
  });
});
