import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Pool } from 'pg';
import request from 'supertest';
import { computeChecksum } from '@atlas/contracts';
import { generatePeople } from '../../../scripts/people-dataset';
import { waitForRuns } from '../../../scripts/pipeline-client';
import {
  PipelineStack,
  startPipelineStack,
  stopPipelineStack,
  TEST_ADMIN_API_KEY,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  TEST_API_KEY,
  TEST_SERVICE_API_KEY,
  TEST_DETOKENIZE_API_KEY,
  TEST_SUBJECT_API_KEY,
  testLogDirectory,
  waitFor,
} from '@atlas/testing';

const BASE_PORT = 5000;
const PASSWORD = 'subject-test-password-0001';
const ERIN = 'erin.subject@example.org';
const FINN = 'finn.resume@example.org';
const TOKEN = /^tok_[a-z2-7]{26}$/;
const ERASURE_STEPS = ['erase_explore', 'erase_navigate', 'erase_quarantine', 'shred_vault_tokens'];
const RECTIFICATION_STEPS = ['rectify_explore', 'rectify_navigate', 'rectify_quarantine', 'shred_replaced_tokens'];
const OLD_NAME = 'Erin Subject';
const NEW_NAME = 'Erin Rectified';

/**
 * Sits between the gateway and the quality service and, while `failChanges` is set, answers the
 * erase and rectify calls 503 (everything else is forwarded to the real service): a failure between
 * two erasure or rectification steps, at a point the test chooses.
 */
class FaultInjectingProxy {
  failChanges = false;
  private server?: Server;

  constructor(private readonly target: string) {}

  async start(port: number): Promise<string> {
    this.server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        if (this.failChanges && /\/records\/(erase|rectify)$/.test(incoming.url ?? '')) {
          outgoing.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"injected"}');
          return;
        }
        fetch(`${this.target}${incoming.url}`, {
          method: incoming.method,
          headers: { authorization: String(incoming.headers.authorization), 'content-type': 'application/json' },
          body: incoming.method === 'GET' ? undefined : Buffer.concat(chunks),
        })
          .then(async (response) => outgoing.writeHead(response.status, { 'content-type': 'application/json' }).end(await response.text()))
          .catch(() => outgoing.writeHead(502).end());
      });
    });
    await new Promise<void>((resolveListen) => this.server!.listen(port, '127.0.0.1', resolveListen));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolveClose) => (this.server ? this.server.close(() => resolveClose()) : resolveClose()));
  }
}

describe('data-subject requests: a subject pushed through the pipeline is exported, then erased everywhere', () => {
  let stack: PipelineStack;
  let database: Pool;
  const proxy = new FaultInjectingProxy(`http://127.0.0.1:${BASE_PORT + 3}`);
  const gateway = () => stack.services.gateway.baseUrl;
  const pii = () => stack.services['pii-detection'].baseUrl;
  let adminToken: string;
  let officerToken: string;

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function login(email: string, password: string): Promise<string> {
    return (await request(gateway()).post('/api/v1/auth/login').send({ email, password }).expect(200)).body.accessToken;
  }

  async function push(records: object[]): Promise<string> {
    const response = await request(gateway()).post('/api/v1/sources/people/records').set(bearer(TEST_API_KEY)).send(records).expect(202);
    await waitForRuns(database, [response.body.runId], records.length, 60000);
    return response.body.runId;
  }

  const subjectRequest = (token: string, type: string, identifier: string, corrections?: object) =>
    request(gateway()).post('/api/v1/subject-requests').set(bearer(token)).send({ type, identifierType: 'email', identifier, reason: 'GDPR request, ticket 4711', corrections });

  const stepsOf = (body: { steps: Array<{ step: string; state: string; count?: number }> }) => body.steps.map((step) => [step.step, step.state, step.count]);

  const rowsMentioning = async (table: string, text: string) =>
    Number((await database.query(`SELECT count(*) AS n FROM ${table} WHERE payload::text ILIKE $1`, [`%${text}%`])).rows[0].n);

  /** The vault tokens in the Navigate and quarantine rows of these records (by the records' own `id`). */
  async function tokensOfRecords(runId: string, ids: string[]): Promise<string[]> {
    const rows = await database.query(
      `SELECT payload::text AS text FROM connector.navigate_records WHERE run_id = $1 AND payload->>'id' = ANY($2)
       UNION ALL SELECT payload::text FROM quality.quarantined_records WHERE run_id = $1 AND payload->>'id' = ANY($2)`,
      [runId, ids],
    );
    return [...new Set<string>(rows.rows.flatMap((row) => row.text.match(/tok_[a-z2-7]{26}/g) ?? []))].sort();
  }

  /** Record ids of a run's rows in the typed Navigate table of `people` (its contract has a dataset shape, keyed by record id). */
  const typedRecordIds = async (runId: string) =>
    (await database.query('SELECT atlas_record_id AS id FROM navigate_typed.people WHERE atlas_run_id = $1 ORDER BY atlas_record_id', [runId])).rows.map((row) => row.id as string);
  const navigateRecordIds = async (runId: string) =>
    (await database.query('SELECT record_id AS id FROM connector.navigate_records WHERE run_id = $1 ORDER BY record_id', [runId])).rows.map((row) => row.id as string);

  /** A conflict row of the record (typed Navigate conflicts: a record kept out of its typed table, with why). */
  const recordConflict = (recordId: string, runId: string) =>
    database.query(
      "INSERT INTO connector.navigate_conflicts (record_id, dataset_id, run_id, position_index, contract_id, contract_version, reason) VALUES ($1, 'people', $2, 0, 'people', '1.0.0', 'e2e: seeded conflict')",
      [recordId, runId],
    );

  const subject = (id: number, email: string, name: string | null) => ({
    id,
    name,
    email: id % 2 === 0 ? email.toUpperCase() : email,
    contact_email: email,
    phone: `+351 9${10000000 + id}`,
    city: 'Lisbon',
    notes: `Prefers e-mail at ${email}`,
  });

  beforeAll(async () => {
    const qualityProxy = await proxy.start(BASE_PORT + 9);
    ({ stack, database } = await startPipelineStack(BASE_PORT, { QUALITY_URL: qualityProxy }));
    adminToken = await login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await request(gateway())
      .post('/api/v1/users')
      .set(bearer(adminToken))
      .send({ email: 'officer@atlas.test', password: PASSWORD, role: 'admin', canReveal: true })
      .expect(201);
    officerToken = await login('officer@atlas.test', PASSWORD);
    // Hashes, tokens in every namespace, and a whole-field token of the identifier itself.
    await request(pii())
      .put('/api/v1/policies/people-subjects')
      .set(bearer(TEST_ADMIN_API_KEY))
      .send({
        sourceId: 'people',
        rules: { EMAIL_ADDRESS: { operator: 'hash' }, PHONE_NUMBER: { operator: 'tokenize', params: { namespace: 'phones' } }, PERSON: { operator: 'tokenize', params: { namespace: 'people' } }, DEFAULT: { operator: 'replace' } },
        fieldRules: { contact_email: { operator: 'tokenize', params: { namespace: 'contacts' } } },
      })
      .expect(201);
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 1500));
  }, 180000);

  afterAll(async () => {
    await stopPipelineStack({ stack, database });
    await proxy.stop();
  });

  it('exports, erases, leaves nothing readable, and a second erasure is a no-op', async () => {
    const others = generatePeople(20, { seed: 31, missingEmailEvery: 0, firstId: 100 });
    // Two valid records (one with the address in capitals) and one the contract quarantines (no name).
    const erinRecords = [subject(1, ERIN, 'Erin Subject'), subject(2, ERIN, 'Erin Subject'), subject(3, ERIN, null)];
    const runId = await push([...erinRecords, ...others]);
    const navigated = (await database.query('SELECT record_id, payload FROM connector.navigate_records WHERE run_id = $1 AND payload->>\'id\' IN (\'1\', \'2\')', [runId])).rows;
    expect(navigated).toHaveLength(2);
    for (const row of navigated) {
      expect(row.payload.email).toMatch(/^[0-9a-f]{64}$/);
      expect(row.payload.contact_email).toMatch(TOKEN);
      expect(row.payload.phone).toMatch(TOKEN);
    }
    const erinTokens = await tokensOfRecords(runId, ['1', '2', '3']);
    // Her two Navigate records landed in the typed table too (with everyone else's), masked the same way.
    const erinRecordIds = navigated.map((row) => row.record_id as string).sort();
    const navigatedBefore = await navigateRecordIds(runId);
    expect(navigatedBefore).toHaveLength(others.length + 2);
    expect(await typedRecordIds(runId)).toEqual(navigatedBefore);
    const erinTyped = await database.query('SELECT email, row_to_json(t)::text AS whole FROM navigate_typed.people t WHERE atlas_record_id = ANY($1::uuid[])', [erinRecordIds]);
    expect(erinTyped.rows).toHaveLength(2);
    expect(erinTyped.rows.map((row) => row.email).sort()).toEqual(navigated.map((row) => row.payload.email).sort());
    const otherRecordId = navigatedBefore.find((id) => !erinRecordIds.includes(id))!;
    await recordConflict(erinRecordIds[0], runId);
    await recordConflict(otherRecordId, runId);
    // Her address (one token), her name (one), her three phones.
    expect(erinTokens).toHaveLength(5);

    // pii-detection finds the token whose plaintext is the address through the vault's keyed lookup
    // (any spelling's, in every namespace); its internal routes need a key of ATLAS_SUBJECT_API_KEYS.
    const lowerCase = navigated.find((row) => row.payload.id === 1)!.payload;
    const contactToken = lowerCase.contact_email;
    const matchKeys = await request(pii()).post('/internal/v1/subjects/match-keys').set(bearer(TEST_SUBJECT_API_KEY)).send({ values: [ERIN] }).expect(200);
    expect(matchKeys.body.tokens).toEqual([contactToken]);
    expect(matchKeys.body.hashPrefixes).toEqual([lowerCase.email.slice(0, 16), expect.stringMatching(/^[0-9a-f]{16}$/)]);
    await request(pii()).post('/internal/v1/subjects/match-keys').send({ values: [ERIN] }).expect(401);
    await request(stack.services.connector.baseUrl).post('/internal/v1/subjects/records/erase').send({ layer: 'explore', recordIds: [] }).expect(401);
    // A client key of ATLAS_API_KEYS (what producers push with) is no credential on a service's port at all.
    const rawSearch = { match: { contains: [ERIN], containsIgnoringCase: [ERIN], recordIds: [] }, includePayloads: true };
    const clientSearch = await request(stack.services.connector.baseUrl).post('/internal/v1/subjects/records/search').set(bearer(TEST_API_KEY)).send(rawSearch).expect(401);
    expect(clientSearch.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'api_key_invalid', message: 'The API key is not valid' });
    await request(pii()).post('/internal/v1/subjects/match-keys').set(bearer(TEST_API_KEY)).send({ values: [ERIN] }).expect(401);
    // Even the ordinary service credential (ATLAS_SERVICE_API_KEYS) reads no raw record: that takes ATLAS_SUBJECT_API_KEYS.
    const ordinarySearch = await request(stack.services.connector.baseUrl).post('/internal/v1/subjects/records/search').set(bearer(TEST_SERVICE_API_KEY)).send(rawSearch).expect(403);
    expect(ordinarySearch.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      code: 'permission_denied',
      permission: 'subjects:manage',
      message: 'This API key lacks the permission subjects:manage; a key from ATLAS_SUBJECT_API_KEYS is required',
    });
    expect(JSON.stringify(ordinarySearch.body)).not.toContain(ERIN);
    await request(pii()).post('/internal/v1/subjects/match-keys').set(bearer(TEST_SERVICE_API_KEY)).send({ values: [ERIN] }).expect(403);

    // Access: an admin without pii:reveal may not export; the officer (admin + reveal) gets every record.
    const refused = await subjectRequest(adminToken, 'access', ERIN).expect(403);
    expect(refused.body).toMatchObject({ code: 'permission_denied', permission: 'pii:reveal' });
    const access = await subjectRequest(officerToken, 'access', ERIN).expect(201);
    expect(access.body).toMatchObject({ type: 'access', status: 'completed', identifierType: 'email', found: { explore: 3, navigate: 2, quarantine: 1, truncated: false } });
    const exported = access.body.export.records as Array<{ layer: string; payload: Record<string, unknown> }>;
    expect(exported.filter((record) => record.layer === 'explore').map((record) => record.payload.id).sort()).toEqual([1, 2, 3]);
    expect(exported.filter((record) => record.layer === 'navigate').map((record) => record.payload.id).sort()).toEqual([1, 2]);
    expect(exported.filter((record) => record.layer === 'quarantine').map((record) => record.payload.id)).toEqual([3]);
    expect(access.body.export.vaultTokens).toEqual(expect.arrayContaining(erinTokens));
    expect(access.body.coverage.notCovered[0]).toContain('atlas.dead-letter.v1');
    expect(Date.parse(access.body.dueAt) - Date.parse(access.body.createdAt)).toBe(30 * 24 * 3600 * 1000);

    // Rectification of her name: raw in Explore, tokenized (namespace people) in Navigate, its typed table and the quarantine.
    const oldNameToken = navigated[0].payload.name as string;
    expect(oldNameToken).toMatch(TOKEN);
    expect(navigated[1].payload.name).toBe(oldNameToken);
    const missing = await subjectRequest(adminToken, 'rectification', ERIN).expect(400);
    expect(missing.body).toMatchObject({ code: 'validation_failed', detail: 'corrections are required for a rectification (field names and new values)' });
    const badValue = await subjectRequest(adminToken, 'rectification', ERIN, { name: { first: NEW_NAME } }).expect(400);
    expect(JSON.stringify(badValue.body)).not.toContain(NEW_NAME);
    const rectification = await subjectRequest(adminToken, 'rectification', ERIN, { name: NEW_NAME }).expect(201);
    expect(rectification.body).toMatchObject({ type: 'rectification', status: 'completed', lastError: null, fields: ['name'], found: { explore: 3, navigate: 2, quarantine: 1 } });
    // Record 3 had the field (null): it is corrected too. One token replaced: both Navigate rows held the same.
    expect(stepsOf(rectification.body)).toEqual([
      ['rectify_explore', 'done', 3],
      ['rectify_navigate', 'done', 2],
      ['rectify_quarantine', 'done', 1],
      ['shred_replaced_tokens', 'done', 1],
    ]);
    expect(JSON.stringify(rectification.body)).not.toContain(NEW_NAME);
    const explored = await database.query("SELECT payload, checksum FROM connector.explore_records WHERE run_id = $1 AND payload->>'id' IN ('1', '2', '3') ORDER BY payload->>'id'", [runId]);
    expect(explored.rows.map((row) => row.payload.name)).toEqual([NEW_NAME, NEW_NAME, NEW_NAME]);
    for (const row of explored.rows) expect(row.checksum).toBe(computeChecksum(row.payload));
    const rectifiedNavigate = await database.query('SELECT payload FROM connector.navigate_records WHERE record_id = ANY($1::uuid[])', [erinRecordIds]);
    const newNameToken = rectifiedNavigate.rows[0].payload.name as string;
    expect(newNameToken).toMatch(TOKEN);
    expect(newNameToken).not.toBe(oldNameToken);
    expect(rectifiedNavigate.rows.map((row) => row.payload.name)).toEqual([newNameToken, newNameToken]);
    const typedNames = await database.query('SELECT name FROM navigate_typed.people WHERE atlas_record_id = ANY($1::uuid[])', [erinRecordIds]);
    expect(typedNames.rows.map((row) => row.name)).toEqual([newNameToken, newNameToken]);
    const quarantined = await database.query("SELECT payload, envelope FROM quality.quarantined_records WHERE run_id = $1 AND payload->>'id' = '3'", [runId]);
    expect(quarantined.rows[0].payload.name).toBe(newNameToken);
    expect(quarantined.rows[0].envelope.checksum).toBe(computeChecksum(quarantined.rows[0].payload));
    const revealed = await request(pii()).post('/api/v1/vault/detokenize').set(bearer(TEST_DETOKENIZE_API_KEY)).send({ token: newNameToken }).expect(200);
    expect(revealed.body).toMatchObject({ namespace: 'people', value: NEW_NAME });
    // The old name is nowhere readable: no row holds it or its token, and the token is shredded.
    for (const table of ['connector.explore_records', 'connector.navigate_records', 'quality.quarantined_records']) {
      expect(await rowsMentioning(table, OLD_NAME)).toBe(0);
      expect(await rowsMentioning(table, oldNameToken)).toBe(0);
    }
    expect(Number((await database.query("SELECT count(*) AS n FROM navigate_typed.people t WHERE row_to_json(t)::text LIKE '%' || $1 || '%'", [oldNameToken])).rows[0].n)).toBe(0);
    await request(pii()).post('/api/v1/vault/detokenize').set(bearer(TEST_DETOKENIZE_API_KEY)).send({ token: oldNameToken }).expect(404);
    // An export now answers the corrected values only; the request keeps no value once completed.
    const corrected = await subjectRequest(officerToken, 'access', ERIN).expect(201);
    const correctedRecords = corrected.body.export.records as Array<{ layer: string; payload: Record<string, unknown> }>;
    expect(correctedRecords.filter((record) => record.layer === 'explore').map((record) => record.payload.name)).toEqual([NEW_NAME, NEW_NAME, NEW_NAME]);
    expect(correctedRecords.filter((record) => record.layer !== 'explore').map((record) => record.payload.name)).toEqual([newNameToken, newNameToken, newNameToken]);
    expect(JSON.stringify(corrected.body)).not.toContain(OLD_NAME);
    expect(JSON.stringify(corrected.body)).not.toContain(oldNameToken);
    const sealedLeft = await database.query('SELECT count(*) AS n FROM gateway.subject_requests WHERE corrections_sealed IS NOT NULL');
    expect(Number(sealedLeft.rows[0].n)).toBe(0);
    const rectificationDetail = await request(gateway()).get(`/api/v1/subject-requests/${rectification.body.id}`).set(bearer(adminToken)).expect(200);
    expect(rectificationDetail.body.auditTrail.map((entry: { action: string }) => entry.action)).toEqual([
      'subject-request.create',
      ...RECTIFICATION_STEPS.map(() => 'subject-request.step'),
      'subject-request.complete',
    ]);
    expect(rectificationDetail.body.auditTrail[0].details).toMatchObject({ type: 'rectification', fields: 'name' });
    // Idempotent: the same rectification again changes nothing.
    const rectifiedAgain = await subjectRequest(adminToken, 'rectification', ERIN, { name: NEW_NAME }).expect(201);
    expect(stepsOf(rectifiedAgain.body)).toEqual(RECTIFICATION_STEPS.map((step) => [step, 'done', 0]));

    // Erasure.
    const erasure = await subjectRequest(adminToken, 'erasure', ERIN).expect(201);
    expect(erasure.body).toMatchObject({ type: 'erasure', status: 'completed', lastError: null, found: { explore: 3, navigate: 2, quarantine: 1 } });
    expect(erasure.body.steps.map((step: { step: string; state: string; count: number }) => [step.step, step.state, step.count])).toEqual([
      ['erase_explore', 'done', 3],
      ['erase_navigate', 'done', 2],
      ['erase_quarantine', 'done', 1],
      ['shred_vault_tokens', 'done', erinTokens.length],
    ]);

    // Nothing of Erin remains readable: no row mentions her address, hash or tokens; the others are untouched.
    for (const table of ['connector.explore_records', 'connector.navigate_records', 'quality.quarantined_records']) {
      expect(await rowsMentioning(table, 'erin.subject')).toBe(0);
      expect(await rowsMentioning(table, 'Erin Subject')).toBe(0);
    }
    // Her tokens from before the rectification, and the new name's.
    for (const token of [...erinTokens, newNameToken]) {
      for (const table of ['connector.navigate_records', 'quality.quarantined_records']) expect(await rowsMentioning(table, token)).toBe(0);
      await request(pii()).post('/api/v1/vault/detokenize').set(bearer(TEST_DETOKENIZE_API_KEY)).send({ token }).expect(404);
    }
    const keysLeft = await database.query('SELECT count(*) AS n FROM pii_detection.vault_token_keys WHERE token = ANY($1)', [erinTokens]);
    expect(Number(keysLeft.rows[0].n)).toBe(0);
    // Her typed rows and her conflict went with her jsonb rows; everyone else's stayed.
    const navigatedAfter = await navigateRecordIds(runId);
    expect(navigatedAfter).toEqual(navigatedBefore.filter((id) => !erinRecordIds.includes(id)));
    expect(await typedRecordIds(runId)).toEqual(navigatedAfter);
    const conflictsLeft = await database.query('SELECT record_id AS id FROM connector.navigate_conflicts WHERE run_id = $1 ORDER BY record_id', [runId]);
    expect(conflictsLeft.rows.map((row) => row.id)).toEqual([otherRecordId]);
    for (const row of erinTyped.rows) {
      expect(Number((await database.query('SELECT count(*) AS n FROM navigate_typed.people t WHERE row_to_json(t)::text = $1', [row.whole])).rows[0].n)).toBe(0);
    }
    const remaining = await database.query('SELECT count(*) AS n FROM connector.explore_records WHERE run_id = $1', [runId]);
    expect(Number(remaining.rows[0].n)).toBe(others.length);
    const otherToken = (await database.query("SELECT payload->>'name' AS token FROM connector.navigate_records WHERE run_id = $1 LIMIT 1", [runId])).rows[0].token;
    await request(pii()).post('/api/v1/vault/detokenize').set(bearer(TEST_DETOKENIZE_API_KEY)).send({ token: otherToken }).expect(200);

    // The export afterwards is empty, and erasing again changes nothing.
    const after = await subjectRequest(officerToken, 'access', ERIN).expect(201);
    expect(after.body.found).toEqual({ explore: 0, navigate: 0, quarantine: 0, vaultTokens: 0, truncated: false });
    expect(after.body.export).toEqual({ records: [], vaultTokens: [] });
    const again = await subjectRequest(adminToken, 'erasure', ERIN).expect(201);
    expect(again.body.status).toBe('completed');
    expect(again.body.steps.map((step: { count: number }) => step.count)).toEqual([0, 0, 0, 0]);

    // The request, its audit trail and the list hold the address only as a keyed hash.
    const detail = await request(gateway()).get(`/api/v1/subject-requests/${erasure.body.id}`).set(bearer(adminToken)).expect(200);
    expect(detail.body.identifierHash).toBe(erasure.body.identifierHash);
    expect(again.body.identifierHash).toBe(erasure.body.identifierHash);
    expect(detail.body.auditTrail.map((entry: { action: string }) => entry.action)).toEqual([
      'subject-request.create',
      ...ERASURE_STEPS.map(() => 'subject-request.step'),
      'subject-request.complete',
    ]);
    const listed = await request(gateway()).get('/api/v1/subject-requests?limit=2').set(bearer(adminToken)).expect(200);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.nextCursor).toEqual(expect.any(String));
    const stored = await database.query("SELECT (SELECT json_agg(r)::text FROM gateway.subject_requests r) AS requests, (SELECT json_agg(a)::text FROM gateway.audit_log a) AS audit");
    for (const value of ['erin.subject', 'erin rectified']) {
      expect(stored.rows[0].requests.toLowerCase()).not.toContain(value);
      expect(stored.rows[0].audit.toLowerCase()).not.toContain(value);
      for (const service of ['gateway', 'connector', 'pii-detection', 'quality']) {
        expect(readFileSync(join(testLogDirectory(), `${service}.log`), 'utf8').toLowerCase()).not.toContain(value);
      }
    }
    await request(gateway()).get('/api/v1/subject-requests').expect(401);
    const analyst = await request(gateway()).post('/api/v1/api-keys').set(bearer(adminToken)).send({ name: 'analyst', role: 'analyst', expiresAt: new Date(Date.now() + 86400000).toISOString() }).expect(201);
    await request(gateway()).get('/api/v1/subject-requests').set(bearer(analyst.body.key)).expect(403);
  }, 180000);

  it('resumes an erasure at the step that failed, after the gateway crashed', async () => {
    const runId = await push([subject(11, FINN, 'Finn Resume'), subject(13, FINN, null)]);
    const finnTokens = await tokensOfRecords(runId, ['11', '13']);
    const finnTyped = await typedRecordIds(runId);
    expect(finnTyped).toEqual(await navigateRecordIds(runId));
    expect(finnTyped).toHaveLength(1);
    await recordConflict(finnTyped[0], runId);
    proxy.failChanges = true;
    // A rectification of his name stops at the quarantine step too; the erasure then stops at its own.
    const rectifying = await subjectRequest(adminToken, 'rectification', FINN, { name: 'Finn Corrected' }).expect(201);
    expect(rectifying.body.status).toBe('in_progress');
    expect(stepsOf(rectifying.body)).toEqual([
      ['rectify_explore', 'done', 2],
      ['rectify_navigate', 'done', 1],
      ['rectify_quarantine', 'pending', undefined],
      ['shred_replaced_tokens', 'pending', undefined],
    ]);
    // Its new values wait sealed to the vault key: the row holds no value in clear.
    const waiting = await database.query('SELECT corrections_sealed::text AS sealed FROM gateway.subject_requests WHERE id = $1', [rectifying.body.id]);
    expect(JSON.parse(waiting.rows[0].sealed)).toMatchObject({ algorithm: 'x25519-hkdf-sha256-aes-256-gcm/v1' });
    expect(waiting.rows[0].sealed).not.toContain('Finn');
    const stopped = await subjectRequest(adminToken, 'erasure', FINN).expect(201);
    expect(stopped.body.status).toBe('in_progress');
    expect(stopped.body.lastError).toContain('dependency_unavailable');
    expect(stopped.body.steps.map((step: { step: string; state: string; count?: number }) => [step.step, step.state, step.count])).toEqual([
      ['erase_explore', 'done', 2],
      ['erase_navigate', 'done', 1],
      ['erase_quarantine', 'pending', undefined],
      ['shred_vault_tokens', 'pending', undefined],
    ]);
    expect(await rowsMentioning('connector.explore_records', 'finn')).toBe(0);
    // The Navigate step took the typed row and the conflict with the jsonb row; the resumed erasure finds nothing there to delete.
    expect(await typedRecordIds(runId)).toEqual([]);
    expect(Number((await database.query('SELECT count(*) AS n FROM connector.navigate_conflicts WHERE run_id = $1', [runId])).rows[0].n)).toBe(0);
    const quarantinedBefore = await database.query("SELECT count(*) AS n FROM quality.quarantined_records WHERE payload->>'id' = '13'");
    expect(Number(quarantinedBefore.rows[0].n)).toBe(1);

    // A crash (SIGKILL), the dependency back: the gateway resumes the erasure on start, at erase_quarantine.
    proxy.failChanges = false;
    await stack.services.gateway.restart('SIGKILL');
    let resumed: { status: string; steps: Array<{ step: string; count: number; at: string }>; auditTrail: Array<{ actor: string; action: string; outcome: string }> } = {
      status: '',
      steps: [],
      auditTrail: [],
    };
    adminToken = await login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await waitFor(
      async () => {
        resumed = (await request(gateway()).get(`/api/v1/subject-requests/${stopped.body.id}`).set(bearer(adminToken)).expect(200)).body;
        return resumed.status === 'completed';
      },
      { timeoutMs: 30000, description: 'the erasure to resume after the restart' },
    );
    expect(resumed.steps.map((step) => [step.step, step.count])).toEqual([
      ['erase_explore', 2],
      ['erase_navigate', 1],
      ['erase_quarantine', 1],
      ['shred_vault_tokens', finnTokens.length],
    ]);
    // The first two steps kept their time: they were not run again.
    expect(resumed.steps.slice(0, 2)).toEqual(stopped.body.steps.slice(0, 2));
    expect(resumed.auditTrail.map((entry) => `${entry.action} ${entry.outcome} ${entry.actor.split(':')[0]}`)).toEqual([
      'subject-request.create succeeded user',
      'subject-request.step succeeded user',
      'subject-request.step succeeded user',
      'subject-request.step failed user',
      'subject-request.step succeeded system',
      'subject-request.step succeeded system',
      'subject-request.complete succeeded system',
    ]);
    const quarantinedAfter = await database.query("SELECT count(*) AS n FROM quality.quarantined_records WHERE payload->>'id' = '13'");
    expect(Number(quarantinedAfter.rows[0].n)).toBe(0);
    // The rectification resumed first (the older request): pii-detection opened its sealed values after the crash.
    const rectified = (await request(gateway()).get(`/api/v1/subject-requests/${rectifying.body.id}`).set(bearer(adminToken)).expect(200)).body;
    expect(stepsOf(rectified)).toEqual([
      ['rectify_explore', 'done', 2],
      ['rectify_navigate', 'done', 1],
      ['rectify_quarantine', 'done', 1],
      ['shred_replaced_tokens', 'done', 1],
    ]);
    expect(rectified.steps.slice(0, 2)).toEqual(rectifying.body.steps.slice(0, 2));
    expect(rectified.auditTrail.slice(-3).map((entry: { action: string; actor: string }) => `${entry.action} ${entry.actor}`)).toEqual([
      'subject-request.step system',
      'subject-request.step system',
      'subject-request.complete system',
    ]);
    const sealedAfter = await database.query('SELECT corrections_sealed FROM gateway.subject_requests WHERE id = $1', [rectifying.body.id]);
    expect(sealedAfter.rows[0].corrections_sealed).toBeNull();
  }, 180000);
});
