import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RECORD_LIMITS } from '@atlas/ingestion';
import { ConnectorContext, SourceMessage, SourceState } from '../source-connector';
import { CHECKPOINT_EVERY_RECORDS, FileSourceConfig, FileSourceConnector } from './file-source.connector';
import { columnNames } from './file-records';

describe('FileSourceConnector', () => {
  const connector = new FileSourceConnector();
  let directory: string;
  let context: ConnectorContext;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'atlas-file-connector-'));
    context = { fileDirectory: directory, limits: { ...DEFAULT_RECORD_LIMITS, MAX_RECORD_BYTES: 200 }, secret: () => undefined };
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  async function readAll(config: FileSourceConfig, state: SourceState | null = null): Promise<SourceMessage[]> {
    const messages: SourceMessage[] = [];
    for await (const message of connector.read(config, state, context)) messages.push(message);
    return messages;
  }

  const records = (messages: SourceMessage[]) => messages.flatMap((message) => (message.type === 'record' ? [[message.location, message.payload]] : []));

  it('reads a UTF-8 CSV with a byte order mark, quoting and a header, each record located by file and line', async () => {
    writeFileSync(join(directory, 'people.csv'), '\ufeffname,city\n"Ada, Countess",London\nGrace,"New\nYork"\n');
    const messages = await readAll({ path: 'people.csv', format: 'csv' });
    expect(records(messages)).toEqual([
      ['file:people.csv:2', { name: 'Ada, Countess', city: 'London' }],
      ['file:people.csv:3', { name: 'Grace', city: 'New\nYork' }],
    ]);
    expect(messages[messages.length - 1]).toEqual({
      type: 'checkpoint',
      state: { path: 'people.csv', offset: 53, line: 5, columns: ['name', 'city'], head: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('names the columns of a headerless CSV, and reads a Latin-1 file with another delimiter and quote', async () => {
    writeFileSync(join(directory, 'towns.csv'), Buffer.from("Orléans;'a;b'\nZoë;c\n", 'latin1'));
    const messages = await readAll({ path: 'towns.csv', format: 'csv', encoding: 'latin1', delimiter: ';', quote: "'", header: false });
    expect(records(messages)).toEqual([
      ['file:towns.csv:1', { column_1: 'Orléans', column_2: 'a;b' }],
      ['file:towns.csv:2', { column_1: 'Zoë', column_2: 'c' }],
    ]);
  });

  it('reports bytes that are not UTF-8 as a malformed record with its line, and goes on', async () => {
    writeFileSync(join(directory, 'mixed.csv'), Buffer.concat([Buffer.from('name\nok\n'), Buffer.from('Jos\xe9\n', 'latin1'), Buffer.from('fine\n')]));
    const messages = await readAll({ path: 'mixed.csv', format: 'csv' });
    expect(messages.filter((message) => message.type !== 'checkpoint')).toEqual([
      { type: 'record', payload: { name: 'ok' }, location: 'file:mixed.csv:2' },
      { type: 'malformed', reason: 'the bytes are not valid UTF-8 (is the file Latin-1? set encoding: latin1)', location: 'file:mixed.csv:3', raw: Buffer.from('Jos\xe9\n', 'latin1') },
      { type: 'record', payload: { name: 'fine' }, location: 'file:mixed.csv:4' },
    ]);
  });

  it('reads JSON Lines and refuses a line longer than the record limit without holding it', async () => {
    writeFileSync(join(directory, 'people.jsonl'), `{"a":1}\n{"long":"${'x'.repeat(500)}"}\n{"b":2}\n`);
    const messages = await readAll({ path: 'people.jsonl', format: 'jsonl' });
    expect(messages.filter((message) => message.type !== 'checkpoint')).toEqual([
      { type: 'record', payload: { a: 1 }, location: 'file:people.jsonl:1' },
      { type: 'malformed', reason: 'the record is longer than 200 bytes (MAX_RECORD_BYTES)', location: 'file:people.jsonl:2', raw: null },
      { type: 'record', payload: { b: 2 }, location: 'file:people.jsonl:3' },
    ]);
  });

  it(`checkpoints every ${CHECKPOINT_EVERY_RECORDS} records, and resumes from a checkpoint with the records after it only`, async () => {
    const lines = Array.from({ length: 2500 }, (_, index) => `{"n":${index}}`);
    writeFileSync(join(directory, 'many.jsonl'), `${lines.join('\n')}\n`);
    const messages = await readAll({ path: 'many.jsonl', format: 'jsonl' });
    const checkpoints = messages.flatMap((message, position) => (message.type === 'checkpoint' ? [{ position, state: message.state }] : []));
    expect(checkpoints.map(({ position }) => position)).toEqual([1000, 2001, 2502]);
    const resumed = await readAll({ path: 'many.jsonl', format: 'jsonl' }, checkpoints[1].state);
    expect(records(resumed)[0]).toEqual(['file:many.jsonl:2001', { n: 2000 }]);
    expect(records(resumed)).toHaveLength(500);
  });

  it('reads from the start a file that no longer starts as at the checkpoint, or is shorter', async () => {
    writeFileSync(join(directory, 'a.jsonl'), '{"v":1}\n{"v":2}\n');
    const [, , end] = await readAll({ path: 'a.jsonl', format: 'jsonl' });
    writeFileSync(join(directory, 'a.jsonl'), '{"v":9}\n{"v":8}\n{"v":7}\n');
    expect(records(await readAll({ path: 'a.jsonl', format: 'jsonl' }, (end as { state: SourceState }).state))).toHaveLength(3);
    writeFileSync(join(directory, 'a.jsonl'), '{"v":1}\n{"v":2}\n{"v":3}\n');
    expect(records(await readAll({ path: 'a.jsonl', format: 'jsonl' }, (end as { state: SourceState }).state))).toEqual([['file:a.jsonl:3', { v: 3 }]]);
  });

  it('checks the file, and refuses one outside the directory even through a link', async () => {
    writeFileSync(join(directory, 'people.csv'), 'a\n1\n');
    expect(await connector.check({ path: 'people.csv', format: 'csv' }, context)).toEqual({ ok: true, message: 'people.csv is readable (4 bytes)' });
    expect(await connector.check({ path: 'absent.csv', format: 'csv' }, context)).toEqual({ ok: false, message: 'absent.csv does not exist in the connector directory' });
    symlinkSync('/etc/hostname', join(directory, 'link.csv'));
    expect(await connector.check({ path: 'link.csv', format: 'csv' }, context)).toEqual({ ok: false, message: 'link.csv is outside the connector directory' });
    expect(await connector.check({ path: 'people.csv', format: 'csv' }, { ...context, fileDirectory: undefined })).toEqual({
      ok: false,
      message: 'file sources need CONNECTOR_FILE_DIRECTORY, which is not set',
    });
  });

  it('discovers the stream with a schema inferred from a sample', async () => {
    writeFileSync(join(directory, 'people.jsonl'), '{"id":1,"name":"Ada"}\n{"id":2.5,"name":null,"tags":["x"]}\n');
    expect(await connector.discover({ path: 'people.jsonl', format: 'jsonl' }, context)).toEqual([
      {
        name: 'people.jsonl',
        sampledRecords: 2,
        schema: {
          type: 'object',
          properties: { id: { type: 'number' }, name: { type: ['null', 'string'] }, tags: { type: 'array' } },
          required: ['id', 'name'],
        },
      },
    ]);
  });

  it('names blank and repeated header columns so every field keeps its value', () => {
    expect(columnNames(['id', '', 'id', 'name', 'id'])).toEqual(['id', 'column_2', 'id_2', 'name', 'id_3']);
  });

  it('validates its config against its spec', () => {
    expect(connector.spec()).toMatchObject({ required: ['path', 'format'], additionalProperties: false });
  });
});
