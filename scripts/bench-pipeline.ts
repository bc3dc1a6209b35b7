/**
 * Pipeline throughput: pushes N generated records (default 10,000) through the running stack and
 * times until every one is in the Navigate table or in quarantine. Also reports the resident
 * memory of the whole local stack (broker, PostgreSQL, five services) at rest, before the push.
 * Run through `npm run bench:pipeline` (= `./atlas bench`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { generatePeople } from './people-dataset';
import { clientOptionsFromArguments, pushRecords, waitForRuns } from './pipeline-client';

interface ProcessInfo {
  pid: number;
  parentPid: number;
  residentKib: number;
  commandLine: string;
}

function processes(): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const resident = /VmRSS:\s+(\d+)/.exec(status);
      const parent = /PPid:\s+(\d+)/.exec(status);
      result.push({ pid: Number(entry), parentPid: Number(parent?.[1] ?? 0), residentKib: Number(resident?.[1] ?? 0), commandLine });
    } catch {
      // The process ended while we were reading it.
    }
  }
  return result;
}

/** Resident memory of the broker, the PostgreSQL cluster (all its processes) and the services. */
function stackMemory(): Record<string, number> {
  const all = processes();
  const sumMib = (selected: ProcessInfo[]) => Math.round(selected.reduce((total, info) => total + info.residentKib, 0) / 1024);
  const broker = all.filter((info) => info.commandLine.includes('kafka.Kafka') && info.commandLine.includes('.atlas'));
  const postmasters = all.filter((info) => /postgres\s+-D\s+\S*atlas/.test(info.commandLine));
  const postmasterPids = new Set(postmasters.map((info) => info.pid));
  const postgres = all.filter((info) => postmasterPids.has(info.pid) || postmasterPids.has(info.parentPid));
  const services = all.filter((info) => /dist\/apps\/[a-z-]+\/src\/main\.js/.test(info.commandLine));
  return { kafkaMib: sumMib(broker), postgresMib: sumMib(postgres), servicesMib: sumMib(services), serviceProcesses: services.length, totalMib: sumMib([...broker, ...postgres, ...services]) };
}

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
