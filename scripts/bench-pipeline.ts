/**
 * Pipeline throughput: pushes N generated records (default 10,000) through the running stack and
 * times until every one is in the Navigate table or in quarantine. Also reports the resident
 * memory of the whole local stack (broker, PostgreSQL, five services) at rest, before the push.
 * Run through `npm run bench:pipeline` (= `./atlas bench`).
 */
import { Pool } from 'pg';
import { generatePeople } from './people-dataset';
import { clientOptionsFromArguments, pushRecords, waitForRuns } from './pipeline-client';
import { stackMemory } from './stack-processes';

async function main(): Promise<void> {
  const { options, values } = clientOptionsFromArguments({ records: { type: 'string', default: '10000' } });
  const count = Number(values.records);
  const people = generatePeople(count, { seed: 7 });
  const database = new Pool({ connectionString: options.databaseUrl, max: 2 });
  try {
    const memory = stackMemory();
    const started = performance.now();
    const run = await pushRecords(options, 'people', people, `bench-${Date.now()}`);
    const acceptedMs = performance.now() - started;
    const outcome = await waitForRuns(database, [run.runId], count, 300000);
    const seconds = (performance.now() - started) / 1000;
    const result = {
      records: count,
      acceptedByGatewayMs: Math.round(acceptedMs),
      endToEndSeconds: Number(seconds.toFixed(2)),
      recordsPerSecond: Math.round(count / seconds),
      navigated: outcome.navigated,
      quarantined: outcome.quarantined,
      memoryAtRest: memory,
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await database.end();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
