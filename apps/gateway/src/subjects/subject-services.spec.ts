import { HttpException } from '@nestjs/common';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { GatewayEnvironment } from '../gateway-environment';
import { InternalServices } from '../internal-services/internal-services';
import { SubjectServices } from './subject-services';

const SERVICE_KEY = 'gateway-service-key-000000000001';
const SUBJECT_KEY = 'gateway-subject-key-000000000001';
const RECORD_ID = '00000000-0000-4000-8000-000000000001';
const TOKEN = `tok_${'a'.repeat(26)}`;

describe('SubjectServices', () => {
  let server: Server;
  let origin: string;
  let received: Array<{ url?: string; method?: string; authorization?: string; body: string }>;
  let answer: (response: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((incoming, outgoing) => {
      let body = '';
      incoming.on('data', (chunk) => (body += chunk));
      incoming.on('end', () => {
        received.push({ url: incoming.url, method: incoming.method, authorization: incoming.headers.authorization, body });
        answer(outgoing);
      });
    });
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolveClose) => server.close(resolveClose)));

  beforeEach(() => {
    received = [];
    answer = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ deleted: 3 }));
  });

  function subjectServices(overrides: Partial<GatewayEnvironment> = {}): SubjectServices {
    const environment = Object.assign(new GatewayEnvironment(), {
      CONNECTOR_URL: origin,
      QUALITY_URL: origin,
      PII_DETECTION_URL: origin,
      ATLAS_API_KEYS: ['client-key-0000000000000000000'],
      ATLAS_SERVICE_API_KEYS: [SERVICE_KEY, 'another-key-000000000000000'],
      ATLAS_SUBJECT_API_KEYS: [SUBJECT_KEY, 'another-subject-key-0000000000'],
      PII_ADMIN_API_KEYS: ['pii-admin-key-00000000000000001'],
      ...overrides,
    });
    return new SubjectServices(new InternalServices(environment), environment);
  }

  async function failureOf(attempt: Promise<unknown>): Promise<[number, string, string]> {
    try {
      await attempt;
    } catch (error) {
      const response = (error as HttpException).getResponse() as { code: string; message: string };
      return [(error as HttpException).getStatus(), response.code, response.message];
    }
    throw new Error('expected a failure');
  }

  it("posts each call to the service's internal route with the first ATLAS_SUBJECT_API_KEYS key (never the service or admin key) and returns the answer", async () => {
    expect(await subjectServices().eraseRecords('connector', { layer: 'explore', recordIds: [RECORD_ID] })).toEqual({ deleted: 3 });
    answer = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ shredded: 1 }));
    expect(await subjectServices().shredTokens([TOKEN])).toEqual({ shredded: 1 });
    expect(received).toEqual([
      { url: '/internal/v1/subjects/records/erase', method: 'POST', authorization: `Bearer ${SUBJECT_KEY}`, body: JSON.stringify({ layer: 'explore', recordIds: [RECORD_ID] }) },
      { url: '/internal/v1/subjects/shred-tokens', method: 'POST', authorization: `Bearer ${SUBJECT_KEY}`, body: JSON.stringify({ tokens: [TOKEN] }) },
    ]);
  });

  it('posts rectifications and the opening of sealed corrections to their internal routes with the subject key', async () => {
    answer = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rectified: 2 }));
    const rectify = { layer: 'navigate' as const, recordIds: [RECORD_ID], fieldsBySource: { people: { name: TOKEN } } };
    expect(await subjectServices().rectifyRecords('quality', rectify)).toEqual({ rectified: 2 });
    const opened = { corrections: { name: 'Erin Rectified' }, protectedBySource: { people: { name: TOKEN } } };
    answer = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(opened));
    const sealed = { algorithm: 'x25519-hkdf-sha256-aes-256-gcm/v1' as const, ephemeralPublicKey: `${'A'.repeat(43)}=`, iv: 'B'.repeat(16), tag: `${'C'.repeat(22)}==`, ciphertext: 'RA==' };
    const protect = { requestId: RECORD_ID, sealed, sourceIds: ['people'] };
    expect(await subjectServices().protectCorrections(protect)).toEqual(opened);
    expect(received).toEqual([
      { url: '/internal/v1/subjects/records/rectify', method: 'POST', authorization: `Bearer ${SUBJECT_KEY}`, body: JSON.stringify(rectify) },
      { url: '/internal/v1/subjects/corrections/protect', method: 'POST', authorization: `Bearer ${SUBJECT_KEY}`, body: JSON.stringify(protect) },
    ]);
  });

  it('answers 503 dependency_not_configured naming ATLAS_SUBJECT_API_KEYS when it is empty, calling no service', async () => {
    const unconfigured = subjectServices({ ATLAS_SUBJECT_API_KEYS: [] });
    expect(await failureOf(unconfigured.matchKeys(['erin@example.org']))).toEqual([
      503,
      'dependency_not_configured',
      'The gateway has no credential for this call to the pii-detection service (ATLAS_SUBJECT_API_KEYS is empty)',
    ]);
    expect(await failureOf(unconfigured.eraseRecords('connector', { layer: 'explore', recordIds: [RECORD_ID] }))).toEqual([
      503,
      'dependency_not_configured',
      'The gateway has no credential for this call to the connector service (ATLAS_SUBJECT_API_KEYS is empty)',
    ]);
    expect(received).toEqual([]);
  });

  it('waits SUBJECT_SERVICE_TIMEOUT_MS, not INTERNAL_SERVICE_TIMEOUT_MS, and names it when the service is slower', async () => {
    answer = (response) => setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"records":[],"tokens":[],"truncated":false}'), 300);
    const search = { match: { contains: [TOKEN], containsIgnoringCase: [], recordIds: [] }, includePayloads: false };
    expect(await subjectServices({ INTERNAL_SERVICE_TIMEOUT_MS: 100, SUBJECT_SERVICE_TIMEOUT_MS: 2000 }).searchRecords('quality', search)).toEqual({ records: [], tokens: [], truncated: false });
    expect(await failureOf(subjectServices({ INTERNAL_SERVICE_TIMEOUT_MS: 2000, SUBJECT_SERVICE_TIMEOUT_MS: 100 }).searchRecords('quality', search))).toEqual([
      504,
      'upstream_timeout',
      'The quality service did not answer in time (SUBJECT_SERVICE_TIMEOUT_MS)',
    ]);
  });

  it('fails with the gateway errors of the internal-service client: 503 when unavailable (an erasure resumes later), 502 when refused', async () => {
    answer = (response) => response.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"down"}');
    expect(await failureOf(subjectServices().matchKeys(['erin@example.org']))).toEqual([503, 'dependency_unavailable', 'The pii-detection service is unavailable; retry later']);
    expect(await failureOf(subjectServices({ CONNECTOR_URL: 'http://127.0.0.1:1' }).eraseRecords('connector', { layer: 'navigate', recordIds: [] }))).toEqual([
      503,
      'dependency_unavailable',
      'The connector service is unavailable; retry later',
    ]);
    answer = (response) => response.writeHead(401, { 'content-type': 'application/json' }).end('{}');
    expect(await failureOf(subjectServices().eraseRecords('quality', { layer: 'quarantine', recordIds: [] }))).toEqual([
      502,
      'upstream_refused',
      "The quality service refused the gateway's credential (401)",
    ]);
  });
});
