import { HttpException } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AuditedChanges } from '../internal-services/audited-changes';
import { HeldRecordsHints } from '../internal-services/held-records-hints';
import { InternalServiceClient } from '../internal-services/internal-service-client';
import { InternalServices } from '../internal-services/internal-services';
import { SourcesController } from './sources.controller';

const RUN_ID = '3f1c2b4a-0000-4000-8000-00000000abcd';

describe('SourcesController profile routes', () => {
  let server: Server;
  let controller: SourcesController;
  let requested: string[];
  let answer: { status: number; body: unknown };

  beforeAll(async () => {
    server = createServer((request, response) => {
      requested.push(request.url!);
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    const connector = new InternalServiceClient({
      name: 'connector',
      origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      serviceCredential: 'gateway-service-key-000000000001',
      timeoutMs: 5000,
      maxResponseBytes: 1_000_000,
    });
    controller = new SourcesController({ connector } as unknown as InternalServices, {} as AuditedChanges, {} as HeldRecordsHints);
  });

  afterAll(() => new Promise((resolveClose) => server.close(resolveClose)));

  beforeEach(() => {
    requested = [];
    answer = { status: 200, body: { sourceId: 'people', fields: [] } };
  });

  it('asks the connector for the profile, the contract suggestion and the column hints of the latest run, or of the one asked for', async () => {
    expect(await controller.profile({ sourceId: 'people' }, {})).toEqual({ sourceId: 'people', fields: [] });
    await controller.profile({ sourceId: 'people' }, { runId: RUN_ID });
    await controller.contractSuggestion({ sourceId: 'people' }, { runId: RUN_ID });
    await controller.columnHints({ sourceId: 'people' }, {});
    expect(requested).toEqual([
      '/api/v1/sources/people/profile',
      `/api/v1/sources/people/profile?runId=${RUN_ID}`,
      `/api/v1/sources/people/profile/contract-suggestion?runId=${RUN_ID}`,
      '/api/v1/sources/people/profile/column-hints',
    ]);
  });

  it("relays the connector's 404 with its code and a message that quotes neither id", async () => {
    answer = {
      status: 404,
      body: { statusCode: 404, error: 'Not Found', code: 'profile_not_found', message: 'No profile of this run: the source has no such run, or the run landed no records' },
    };
    const refusal = (await controller.profile({ sourceId: 'people' }, { runId: RUN_ID }).catch((error: unknown) => error)) as HttpException;
    expect(refusal.getStatus()).toBe(404);
    expect(refusal.getResponse()).toEqual(answer.body);
    expect(JSON.stringify(refusal.getResponse())).not.toMatch(/people|abcd/);
  });

  it('serves the draft contract as the connector suggests it, in JSON or as the same document in YAML', async () => {
    const draft = { apiVersion: 'v3.1.0', kind: 'DataContract', id: 'people-contract', version: '0.1.0', status: 'draft', schema: [{ name: 'people', properties: [{ name: 'id', logicalType: 'integer', required: true }] }] };
    answer = { status: 200, body: draft };
    const types: string[] = [];
    const response = { type: (type: string) => types.push(type) } as unknown as Parameters<SourcesController['contractDraft']>[2];
    expect(await controller.contractDraft({ sourceId: 'people' }, { runId: RUN_ID }, response)).toEqual(draft);
    expect(await controller.contractDraft({ sourceId: 'people' }, { format: 'yaml' }, response)).toBe(
      'apiVersion: v3.1.0\nkind: DataContract\nid: people-contract\nversion: 0.1.0\nstatus: draft\nschema:\n  - name: people\n    properties:\n      - name: id\n        logicalType: integer\n        required: true\n',
    );
    expect(types).toEqual(['application/yaml']);
    expect(requested).toEqual([`/api/v1/sources/people/profile/contract-suggestion?runId=${RUN_ID}`, '/api/v1/sources/people/profile/contract-suggestion']);
  });
});
