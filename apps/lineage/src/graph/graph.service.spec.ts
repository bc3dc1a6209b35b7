import { BadRequestException, NotFoundException } from '@nestjs/common';
import { datasetIdOf, jobIdOf } from './graph-ids';
import { GraphQueryRepository, NodeDetails } from './graph-query.repository';
import { GraphService } from './graph.service';

const KAFKA = 'kafka://localhost:9092';
const SOURCE = datasetIdOf(KAFKA, 'source');
const JOB = jobIdOf('atlas', 'copy');
const TARGET = datasetIdOf(KAFKA, 'target');
const AT = new Date('2026-11-29T10:00:00.000Z');

function details(nodeId: string, type: 'DATASET' | 'JOB', namespace: string, name: string): NodeDetails {
  return { nodeId, type, namespace, name, firstSeenAt: AT, lastSeenAt: AT, fields: type === 'DATASET' ? [{ name: 'id' }] : null, currentVersionId: null, latestRunId: type === 'JOB' ? 'run-1' : null, latestRunState: type === 'JOB' ? 'COMPLETED' : null };
}

describe('GraphService', () => {
  const repository = { reachableNodes: jest.fn(), edgesAmong: jest.fn(), hiddenNeighbours: jest.fn(), nodeDetails: jest.fn() };
  const service = new GraphService(repository as unknown as GraphQueryRepository);

  beforeEach(() => {
    repository.reachableNodes.mockReset().mockResolvedValue([{ nodeId: SOURCE, depth: 0 }, { nodeId: JOB, depth: 1 }, { nodeId: TARGET, depth: 2 }]);
    repository.nodeDetails.mockReset().mockResolvedValue([details(TARGET, 'DATASET', KAFKA, 'target'), details(SOURCE, 'DATASET', KAFKA, 'source'), details(JOB, 'JOB', 'atlas', 'copy')]);
    repository.edgesAmong.mockReset().mockResolvedValue([{ sourceId: JOB, targetId: TARGET }, { sourceId: SOURCE, targetId: JOB }]);
    repository.hiddenNeighbours.mockReset().mockResolvedValue([{ nodeId: TARGET, moreUpstream: 0, moreDownstream: 3 }]);
  });

  it('answers Marquez’s graph shape, closest node first, with edges, data and "more" counts', async () => {
    const result = await service.lineage({ nodeId: `dataset:${KAFKA}:source`, upstreamDepth: 1, downstreamDepth: 4, maxNodes: 10 });
    expect(repository.reachableNodes).toHaveBeenCalledWith(SOURCE, 1, 4, 11, null);
    const sourceId = `dataset:${KAFKA}:source`;
    const targetId = `dataset:${KAFKA}:target`;
    expect(result).toEqual({
      truncated: false,
      graph: [
        {
          id: sourceId,
          type: 'DATASET',
          depth: 0,
          data: { type: 'DATASET', namespace: KAFKA, name: 'source', createdAt: AT, updatedAt: AT, currentVersion: null, fields: [{ name: 'id' }] },
          inEdges: [],
          outEdges: [{ origin: sourceId, destination: 'job:atlas:copy' }],
          moreUpstream: 0,
          moreDownstream: 0,
        },
        {
          id: 'job:atlas:copy',
          type: 'JOB',
          depth: 1,
          data: { type: 'JOB', namespace: 'atlas', name: 'copy', createdAt: AT, updatedAt: AT, latestRun: { id: 'run-1', state: 'COMPLETED' } },
          inEdges: [{ origin: sourceId, destination: 'job:atlas:copy' }],
          outEdges: [{ origin: 'job:atlas:copy', destination: targetId }],
          moreUpstream: 0,
          moreDownstream: 0,
        },
        {
          id: targetId,
          type: 'DATASET',
          depth: 2,
          data: { type: 'DATASET', namespace: KAFKA, name: 'target', createdAt: AT, updatedAt: AT, currentVersion: null, fields: [{ name: 'id' }] },
          inEdges: [{ origin: 'job:atlas:copy', destination: targetId }],
          outEdges: [],
          moreUpstream: 0,
          moreDownstream: 3,
        },
      ],
    });
  });

  it('cuts at maxNodes and says so, asking the walk for one node more', async () => {
    const result = await service.lineage({ nodeId: `dataset:${KAFKA}:source`, upstreamDepth: 2, downstreamDepth: 2, maxNodes: 2 });
    expect(repository.reachableNodes).toHaveBeenCalledWith(SOURCE, 2, 2, 3, null);
    expect(repository.nodeDetails).toHaveBeenCalledWith([SOURCE, JOB], null);
    expect(result.truncated).toBe(true);
    expect(result.graph.map((node) => node.id)).toEqual([`dataset:${KAFKA}:source`, 'job:atlas:copy']);
  });

  it('passes asOf to every query, so the graph is the one of that time', async () => {
    const asOf = new Date('2026-11-01T00:00:00.000Z');
    await service.lineage({ nodeId: `dataset:${KAFKA}:source`, upstreamDepth: 1, downstreamDepth: 1, maxNodes: 10, asOf });
    expect(repository.reachableNodes).toHaveBeenCalledWith(SOURCE, 1, 1, 11, asOf);
    const ids = [SOURCE, JOB, TARGET];
    expect([repository.nodeDetails.mock.calls[0], repository.edgesAmong.mock.calls[0], repository.hiddenNeighbours.mock.calls[0]]).toEqual([
      [ids, asOf],
      [ids, asOf],
      [ids, asOf],
    ]);
  });

  it('refuses a node id that is not dataset:… or job:…', async () => {
    await expect(service.lineage({ nodeId: 'table:x:y', upstreamDepth: 1, downstreamDepth: 1, maxNodes: 10 })).rejects.toBeInstanceOf(BadRequestException);
    expect(repository.reachableNodes).not.toHaveBeenCalled();
  });

  it('answers 404 for a node never seen', async () => {
    repository.reachableNodes.mockResolvedValueOnce([{ nodeId: datasetIdOf(KAFKA, 'unknown'), depth: 0 }]);
    repository.nodeDetails.mockResolvedValueOnce([]);
    await expect(service.lineage({ nodeId: `dataset:${KAFKA}:unknown`, upstreamDepth: 1, downstreamDepth: 1, maxNodes: 10 })).rejects.toBeInstanceOf(NotFoundException);
  });
});
