/**
 * HTTP source throughput in one process (no broker): a local node:http server serves --rows records
 * built from the FakeNameGenerator sample in pages of --page-size (page-number pagination, bodies
 * serialised up front, so the server's own cost is writing bytes), and the HTTP connector reads them
 * through Node's fetch (rate limit, breaker, bounded body, JSON parse, records path), each record then
 * checked against the record limits and enveloped with its checksum and location, which is the
 * runner's work before publishing. Part of `npm run bench:connectors -- --source http`.
 */
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { DEFAULT_RECORD_LIMITS, envelopeRecord, recordProblemOf } from '../libs/ingestion/src';
import { HttpApiConnector } from '../apps/connector/src/sources/connectors/http/http-api.connector';
import { sharedDataFile } from './repository-root';

const RUN_ID = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e02';

function pages(scriptDirectory: string, rows: number, pageSize: number): Buffer[] {
  const [header, ...sample] = readFileSync(sharedDataFile(scriptDirectory, 'presidio-research', 'FakeNameGenerator.com_3000.csv'), 'utf8').replace(/^\ufeff/, '').trim().split('\n');
  const columns = header.split(',');
  const bodies: Buffer[] = [];
  for (let start = 0; start < rows; start += pageSize) {
    const data = [];
    for (let index = start; index < Math.min(rows, start + pageSize); index++) {
      const row = sample[index % sample.length].split(',');
      data.push(Object.fromEntries(row.map((value, column) => [columns[column] ?? `column_${column}`, column === 0 ? index : value])));
    }
    bodies.push(Buffer.from(JSON.stringify({ data })));
  }
  return bodies;
}

export async function benchHttpSource(scriptDirectory: string, rows: number, pageSize: number): Promise<void> {
  const bodies = pages(scriptDirectory, rows, pageSize);
  const bytes = bodies.reduce((total, body) => total + body.length, 0);
  const empty = Buffer.from('{"data":[]}');
  const server = createServer((request, response) => {
    const page = Number(new URL(request.url ?? '/', 'http://localhost').searchParams.get('page'));
    const body = bodies[page - 1] ?? empty;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const config = {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      path: '/v1/people',
      recordsPath: '$.data',
      pagination: { type: 'page-number' as const, pageParameter: 'page', pageSizeParameter: 'per_page', pageSize },
      requestsPerSecond: 1000,
      maxResponseBytes: 64 * 1024 * 1024,
    };
    const context = { limits: DEFAULT_RECORD_LIMITS, secret: () => undefined, sourceId: 'bench-http' };
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = process.hrtime.bigint();
    let records = 0;
    let refused = 0;
    let checkpoints = 0;
    for await (const message of new HttpApiConnector().read(config, null, context)) {
      if (message.type === 'checkpoint') checkpoints++;
      if (message.type !== 'record') continue;
      if (recordProblemOf(message.payload, records, context.limits)) refused++;
      envelopeRecord({ sourceId: 'bench-http', runId: RUN_ID, index: records, location: message.location, ingestedAt: '2026-01-15T10:00:00.000Z', payload: message.payload });
      records++;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    console.log(`http source (page-number, ${pageSize} records a page): ${records.toLocaleString('en')} records, ${checkpoints} pages, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s`);
    console.log(`  ${Math.round(records / seconds).toLocaleString('en')} records/s, ${(checkpoints / seconds).toFixed(1)} pages/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s (fetched, parsed, limits checked, enveloped with checksum)`);
    console.log(`  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB (the pages are held by the server too); refused ${refused}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
