/**
 * `./atlas ingest FILE --source ID`: uploads a CSV or JSON Lines file through the gateway to the connector, streamed,
 * with a progress bar (MB/s), then follows the run it starts (rows read and MB/s) and prints its
 * outcome. A new source id becomes a file source; an existing file source reads the new file.
 * Usage: node dist/scripts/ingest.js FILE --source ID --api-key KEY [--url http://127.0.0.1:3000 (the gateway)]
 *        [--format csv|jsonl] [--delimiter ';'] [--encoding latin1]
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { parseArgs } from 'node:util';
import { type GatewayClient, hasActiveContract, heldRecordsHint, heldRecordsOf } from './contract-activation';

interface Run {
  runId: string;
  state: string;
  recordsRead: number;
  recordsPublished: number;
  recordsDeadLettered: number;
  checkpoint: { state: { offset?: number } } | null;
  error: string | null;
}

const BAR_WIDTH = 30;

/** One progress line: redrawn in place on a terminal, printed every few seconds otherwise. */
function progress(): (line: string, final?: boolean) => void {
  let lastPrinted = 0;
  return (line, final = false) => {
    if (process.stderr.isTTY) {
      process.stderr.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
    } else if (final || Date.now() - lastPrinted > 2000) {
      lastPrinted = Date.now();
      process.stderr.write(`${line}\n`);
    }
  };
}

function bar(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      'api-key': { type: 'string' },
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      format: { type: 'string' },
      delimiter: { type: 'string' },
      encoding: { type: 'string' },
    },
  });
  const [file] = positionals;
  if (!file || !values.source || !values['api-key']) {
    console.error('usage: ./atlas ingest FILE --source ID [--format csv|jsonl] [--delimiter ;] [--encoding latin1]');
    return 2;
  }
  const size = statSync(file).size;
  const headers = { authorization: `Bearer ${values['api-key']}` };
  const query = new URLSearchParams({ name: basename(file) });
  for (const option of ['format', 'delimiter', 'encoding'] as const) if (values[option]) query.set(option, values[option]);

  const show = progress();
  const started = Date.now();
  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      sent += chunk.length;
      const seconds = (Date.now() - started) / 1000 || 0.001;
      show(`uploading ${bar(sent / size)} ${megabytes(sent)}/${megabytes(size)} MB, ${megabytes(sent / seconds)} MB/s`);
      callback(null, chunk);
    },
  });
  const upload = await fetch(`${values.url}/api/v1/sources/${encodeURIComponent(values.source)}/uploads?${query}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(size) },
    body: Readable.toWeb(createReadStream(file).pipe(counter)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const uploaded = (await upload.json().catch(() => ({}))) as { run?: Run; detail?: string };
  if (upload.status !== 202 || !uploaded.run) {
    show(`upload refused (${upload.status}): ${uploaded.detail ?? 'no answer'}`, true);
    return 1;
  }
  show(`uploaded ${megabytes(size)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`, true);

  const runStarted = Date.now();
  let run = uploaded.run;
  while (run.state === 'queued' || run.state === 'running') {
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    const answer = await fetch(`${values.url}/api/v1/source-runs/${run.runId}`, { headers });
    if (answer.ok) run = (await answer.json()) as Run;
    const offset = run.checkpoint?.state.offset ?? 0;
    const seconds = (Date.now() - runStarted) / 1000;
    show(`reading   ${bar(offset / size)} ${run.recordsRead.toLocaleString('en')} rows, ${megabytes(offset / seconds)} MB/s (stored up to ${megabytes(offset)} MB)`);
  }
  const seconds = ((Date.now() - runStarted) / 1000).toFixed(1);
  show('', true);
  console.log(`run ${run.runId} ${run.state} in ${seconds} s: ${run.recordsRead} read, ${run.recordsPublished} published, ${run.recordsDeadLettered} dead-lettered`);
  if (run.error) console.error(`error: ${run.error}`);
  if (run.recordsDeadLettered > 0) console.error('dead-lettered rows are on atlas.dead-letter.v1 with their file and line');
  if (run.state === 'succeeded' && run.recordsPublished > 0) await suggestContract({ url: values.url, headers }, values.source, run.recordsPublished);
  return run.state === 'succeeded' ? 0 : 1;
}

/**
 * A source without an active contract has its records held in quarantine: say so and how to land
 * them. Quality holds them a moment after the run ends, so the count is awaited (up to 20 s).
 */
async function suggestContract(client: GatewayClient, sourceId: string, published: number): Promise<void> {
  try {
    if (await hasActiveContract(client, sourceId)) return;
    let held = await heldRecordsOf(client, sourceId);
    for (const deadline = Date.now() + 20_000; held < published && Date.now() < deadline; held = await heldRecordsOf(client, sourceId)) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    }
    for (const line of heldRecordsHint(sourceId, held, client.url)) console.log(line);
  } catch (error) {
    console.error(`could not tell whether the records were held: ${error instanceof Error ? error.message : String(error)}`);
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`ingest failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
