/**
 * Lineage service throughput and graph-query latency against a real PostgreSQL:
 *  - events/s ingested: OpenLineage RunEvents (schema and columnLineage facets) validated, normalised
 *    and written (event log + graph tables, one transaction per batch of 500, as the consumer does);
 *  - p50/p95 latency of GET /api/v1/lineage's work (directed recursive CTEs, edges, "more" counts,
 *    node details) at depth 5 both ways on the generated graph of 10,000 nodes.
 * It works in its own database (created and dropped), so it never touches Atlas's tables.
 * Usage: npm run bench:lineage -- [--database-url postgres://…] [--nodes 10000] [--queries 300] [--depth 5] [--inputs 2]
 *        (DATABASE_URL is the default; e.g. the test infrastructure's, in .atlas/test/infra.env)
 */
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { OpenLineageEvent, validateOpenLineageEvent } from '@atlas/contracts';
import { runMigrations } from '@atlas/database';
import { rawEventRowOf } from '../apps/lineage/src/events/lineage-events.service';
import { GraphQueryRepository } from '../apps/lineage/src/graph/graph-query.repository';
import { GraphService } from '../apps/lineage/src/graph/graph.service';
import { LineageNormaliser } from '../apps/lineage/src/graph/lineage-normaliser';
import { LineageStoreRepository } from '../apps/lineage/src/graph/lineage-store.repository';

const BATCH = 500;
const LAYER_WIDTH = 100;
const NAMESPACE = 'postgres://warehouse:5432';
const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.40.0/client/python';
const facet = (name: string, version: string) => ({ _producer: PRODUCER, _schemaURL: `https://openlineage.io/spec/facets/${version}/${name}.json#/$defs/${name}` });

/** A deterministic pseudo-random sequence (mulberry32), so every run builds the same graph. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const datasetName = (layer: number, index: number) => `warehouse.layer_${layer}.table_${index}`;

/**
 * Half the nodes are datasets in layers of LAYER_WIDTH, half are jobs: each job writes one dataset
 * of its layer and reads `inputsPerJob` of the layer before (none in layer 0), so a walk of depth 5
 * crosses several layers and meets shared inputs (diamonds) on the way.
 */
function generatedEvents(nodes: number, inputsPerJob: number): OpenLineageEvent[] {
  const next = random(42);
  const datasets = Math.floor(nodes / 2);
  const events: OpenLineageEvent[] = [];
  for (let index = 0; index < datasets; index++) {
    const layer = Math.floor(index / LAYER_WIDTH);
    const output = datasetName(layer, index % LAYER_WIDTH);
    const inputs = layer === 0 ? [] : Array.from({ length: inputsPerJob }, () => datasetName(layer - 1, Math.floor(next() * LAYER_WIDTH)));
    const fields = ['id', 'email', 'amount'];
    const runId = `0190f1b2-${(index >>> 16).toString(16).padStart(4, '0')}-7${(index & 0xfff).toString(16).padStart(3, '0')}-8000-${index.toString(16).padStart(12, '0')}`;
    events.push({
      eventType: 'COMPLETE',
      eventTime: new Date(Date.UTC(2026, 10, 29, 10, 0, 0, index)).toISOString(),
      producer: PRODUCER,
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { runId },
      job: { namespace: 'bench', name: `job_${layer}_${index % LAYER_WIDTH}` },
      inputs: inputs.map((name) => ({ namespace: NAMESPACE, name })),
      outputs: [
        {
          namespace: NAMESPACE,
          name: output,
          facets: {
            schema: { ...facet('SchemaDatasetFacet', '1-2-0'), fields: fields.map((name) => ({ name, type: 'TEXT' })) },
            ...(inputs.length > 0
              ? {
                  columnLineage: {
                    ...facet('ColumnLineageDatasetFacet', '1-2-0'),
                    fields: Object.fromEntries(fields.map((field) => [field, { inputFields: [{ namespace: NAMESPACE, name: inputs[0], field, transformations: [{ type: 'DIRECT', masking: field === 'email' }] }] }])),
                  },
                }
              : {}),
          },
        },
      ],
    });
  }
  return events;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string', default: process.env.DATABASE_URL },
      nodes: { type: 'string', default: '10000' },
      queries: { type: 'string', default: '300' },
      depth: { type: 'string', default: '5' },
      inputs: { type: 'string', default: '2' },
    },
  });
  const serverUrl = values['database-url'];
  if (!serverUrl) throw new Error('Give --database-url or DATABASE_URL (a PostgreSQL the bench may create a database on)');
  const [nodes, queries, depth] = [Number(values.nodes), Number(values.queries), Number(values.depth)];
  const benchDatabase = `atlas_bench_lineage_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${benchDatabase}`);
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${benchDatabase}` }).toString();
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 4 });
  try {
    await runMigrations(databaseUrl);
    await dataSource.initialize();
    const store = new LineageStoreRepository(dataSource);
    const events = generatedEvents(nodes, Number(values.inputs));

    const phaseMs = { validate: 0, normalise: 0, write: 0 };
    const timed = async <T>(phase: keyof typeof phaseMs, work: () => T | Promise<T>): Promise<T> => {
      const begin = performance.now();
      const result = await work();
      phaseMs[phase] += performance.now() - begin;
      return result;
    };
    const ingestStart = performance.now();
    for (let start = 0; start < events.length; start += BATCH) {
      const batch = events.slice(start, start + BATCH);
      await timed('validate', () => {
        for (const event of batch) if (!validateOpenLineageEvent(event).valid) throw new Error('generated an invalid event');
      });
      const rows = await timed('normalise', () => ({ raw: batch.map(rawEventRowOf), lineage: LineageNormaliser.normalise(batch) }));
      await timed('write', () => store.write(rows.raw, rows.lineage));
    }
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    await dataSource.query('ANALYZE');
    const counted = await dataSource.query('SELECT (SELECT count(*) FROM lineage.datasets) + (SELECT count(*) FROM lineage.jobs) AS nodes, (SELECT count(*) FROM lineage.edges) AS edges');

    const graph = new GraphService(new GraphQueryRepository(dataSource));
    const next = random(7);
    const layers = Math.floor(nodes / 2 / LAYER_WIDTH);
    const startNode = () => {
      // Start in the middle layers, so both walks have somewhere to go.
      const layer = Math.floor(layers / 4 + next() * (layers / 2));
      const index = Math.floor(next() * LAYER_WIDTH);
      return next() < 0.5 ? `dataset:${NAMESPACE}:${datasetName(layer, index)}` : `job:bench:job_${layer}_${index}`;
    };
    const timings: number[] = [];
    let nodesReturned = 0;
    for (let query = 0; query < queries + 20; query++) {
      const begin = performance.now();
      const result = await graph.lineage({ nodeId: startNode(), upstreamDepth: depth, downstreamDepth: depth, maxNodes: 10000 });
      const elapsed = performance.now() - begin;
      // The first 20 warm the pool and the plan cache.
      if (query >= 20) {
        timings.push(elapsed);
        nodesReturned += result.graph.length;
      }
    }
    timings.sort((left, right) => left - right);
    console.log(
      JSON.stringify(
        {
          graph: { nodes: Number(counted[0].nodes), edges: Number(counted[0].edges) },
          ingest: { events: events.length, seconds: Number(ingestSeconds.toFixed(2)), eventsPerSecond: Math.round(events.length / ingestSeconds), batchSize: BATCH, phaseMs: Object.fromEntries(Object.entries(phaseMs).map(([phase, ms]) => [phase, Math.round(ms)])) },
          query: {
            depth,
            inputsPerJob: Number(values.inputs),
            queries,
            meanNodesReturned: Math.round(nodesReturned / queries),
            p50Ms: Number(percentile(timings, 0.5).toFixed(1)),
            p95Ms: Number(percentile(timings, 0.95).toFixed(1)),
            maxMs: Number(timings[timings.length - 1].toFixed(1)),
            goalP95Ms: 100,
          },
        },
        null,
        2,
      ),
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${benchDatabase}`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
