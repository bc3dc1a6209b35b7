import { Producer } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import request from 'supertest';
import { DeadLetter, TOPICS } from '@atlas/contracts';
import { deadLetterUnsealerForVaultKey } from '@atlas/kafka';
import {
  readTopic,
  resetTestInfrastructure,
  serviceEnvironment,
  ServiceProcess,
  TEST_ADMIN_API_KEY,
  TEST_DETOKENIZE_API_KEY,
  testDatabase,
  testKafka,
  testLogDirectory,
} from '@atlas/testing';

// Key A is the stack's PII_VAULT_KEY (the one-key ring `default`); key B the new primary.
const KEY_B = Buffer.alloc(32, 0x55);
const RING_B_A = (keyA: string) => `2026-12:${KEY_B.toString('base64')},default:${keyA}`;
const PUBLIC_KEY_B = deadLetterUnsealerForVaultKey(KEY_B).publicKeyBase64;

describe('pii-detection: the vault key rotates without losing a token or a dead letter', () => {
  const base = serviceEnvironment();
  const keyA = base.PII_VAULT_KEY;
  let piiDetection: ServiceProcess;
  let database: Pool;
  let producer: Producer;
  const pii = () => request(piiDetection.baseUrl);

  /** (Re)starts pii-detection alone with this vault key configuration; PII_VAULT_KEY is blanked when the ring is used. */
  async function restart(variables: Record<string, string>): Promise<void> {
    await piiDetection?.stop();
    piiDetection = new ServiceProcess({ name: 'pii-detection', httpPort: 4631, environment: { ...base, PII_VAULT_KEY: '', PII_VAULT_KEYS: '', ...variables }, logDirectory: testLogDirectory() });
    piiDetection.start();
    await piiDetection.waitUntilReady();
  }

  const tokenize = async (name: string): Promise<string> => {
    const response = await pii()
      .post('/anonymize')
      .set('X-API-Key', TEST_ADMIN_API_KEY)
      .send({ text: name, anonymizers: { PERSON: { type: 'tokenize', namespace: 'people' } }, analyzer_results: [{ start: 0, end: name.length, score: 1, entity_type: 'PERSON' }] });
    expect(response.status).toBe(200);
    expect(response.body.text).toMatch(/^tok_[a-z2-7]{26}$/);
    return response.body.text;
  };
  const detokenize = async (token: string) => {
    const response = await pii().post('/api/v1/vault/detokenize').set('X-API-Key', TEST_DETOKENIZE_API_KEY).send({ token });
    return response.status === 200 ? response.body.value : response.status;
  };
  const unseal = async (deadLetter: DeadLetter) => {
    const response = await pii().post('/api/v1/dead-letters/unseal').set('X-API-Key', TEST_DETOKENIZE_API_KEY).send(deadLetter);
    return response.status === 200 ? Buffer.from(response.body.originalValueBase64, 'base64').toString() : response.status;
  };
  /** A value that is not JSON: pii-detection dead-letters it, sealed to its ATLAS_DEAD_LETTER_PUBLIC_KEY. */
  const deadLetterOf = async (poison: string, seen: readonly DeadLetter[]): Promise<DeadLetter> => {
    await producer.send({ topic: TOPICS.EXPLORE_RECORDS, messages: [{ key: 'poison', value: poison, partition: 0 }] });
    const letters = await readTopic(TOPICS.DEAD_LETTER, (messages) => messages.length > seen.length, 60000);
    const offsets = new Set(seen.map((letter) => letter.source.offset));
    return letters.map((message) => JSON.parse(message.value!.toString()) as DeadLetter).find((letter) => !offsets.has(letter.source.offset))!;
  };
  const keyIds = async () =>
    (await database.query('SELECT key_id, count(*)::int AS rows FROM pii_detection.vault_token_keys GROUP BY key_id ORDER BY key_id')).rows.map((row) => [row.key_id, row.rows]);

  beforeAll(async () => {
    await resetTestInfrastructure();
    database = testDatabase();
    producer = testKafka().producer();
    await producer.connect();
  }, 180000);

  afterAll(async () => {
    await piiDetection?.stop();
    await producer?.disconnect();
    await database?.end();
  });

  it('tokenizes under A, detokenizes old and new tokens under [B, A], re-wraps, and detokenizes everything under [B] alone', async () => {
    // 1. Today's deployment: PII_VAULT_KEY = A.
    await restart({ PII_VAULT_KEY: keyA });
    const ada = await tokenize('Ada Lovelace');
    const grace = await tokenize('Grace Hopper');
    const sealedToA = await deadLetterOf('{not json: ada@example.org', []);
    expect(await keyIds()).toEqual([['default', 2]]);

    // 2. Ring [B, A], every service sealing to B's public key.
    await restart({ PII_VAULT_KEYS: RING_B_A(keyA), ATLAS_DEAD_LETTER_PUBLIC_KEY: PUBLIC_KEY_B });
    expect(await detokenize(ada)).toBe('Ada Lovelace');
    expect(await tokenize('Ada Lovelace')).toBe(ada);
    const alan = await tokenize('Alan Turing');
    expect(await detokenize(alan)).toBe('Alan Turing');
    expect(await keyIds()).toEqual([
      ['2026-12', 1],
      ['default', 2],
    ]);
    expect(await unseal(sealedToA)).toBe('{not json: ada@example.org');
    const sealedToB = await deadLetterOf('{not json: alan@example.org', [sealedToA]);
    expect(await unseal(sealedToB)).toBe('{not json: alan@example.org');

    // 3. The re-wrap: pii:admin only, bounded, resumable, audited.
    expect((await pii().post('/api/v1/vault/keys/rewrap').set('X-API-Key', TEST_DETOKENIZE_API_KEY).send({})).status).toBe(403);
    const partial = await pii().post('/api/v1/vault/keys/rewrap').set('X-API-Key', TEST_ADMIN_API_KEY).send({ batchSize: 1, maxBatches: 1 });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ primaryKeyId: '2026-12', ringKeyIds: ['2026-12', 'default'], rewrapped: 2, remaining: 1, done: false });
    const rest = await pii().post('/api/v1/vault/keys/rewrap').set('X-API-Key', TEST_ADMIN_API_KEY).send({ batchSize: 1000 });
    expect(rest.body).toMatchObject({ rewrapped: 1, remaining: 0, done: true, usage: [{ keyId: '2026-12', tokenKeys: 3, vaultScopedValues: 0, lookupKey: true }] });
    expect(await keyIds()).toEqual([['2026-12', 3]]);
    const audit = await database.query('SELECT primary_key_id, rewrapped, remaining FROM pii_detection.vault_rewrap_audit ORDER BY at, id');
    expect(audit.rows).toEqual([
      { primary_key_id: '2026-12', rewrapped: 2, remaining: 1 },
      { primary_key_id: '2026-12', rewrapped: 1, remaining: 0 },
    ]);

    // 4. Ring [B] alone: every token opens, values keep their tokens; dead letters sealed to A are the documented loss.
    await restart({ PII_VAULT_KEYS: `2026-12:${KEY_B.toString('base64')}`, ATLAS_DEAD_LETTER_PUBLIC_KEY: PUBLIC_KEY_B });
    expect(await detokenize(ada)).toBe('Ada Lovelace');
    expect(await detokenize(grace)).toBe('Grace Hopper');
    expect(await detokenize(alan)).toBe('Alan Turing');
    expect(await tokenize('Grace Hopper')).toBe(grace);
    expect(await unseal(sealedToB)).toBe('{not json: alan@example.org');
    expect(await unseal(sealedToA)).toBe(422);
  }, 300000);

  it('refuses to start with a ring missing a key that still seals vault rows, naming the key but no key material', async () => {
    await piiDetection.stop();
    const refused = new ServiceProcess({
      name: 'pii-detection',
      httpPort: 4631,
      environment: { ...base, PII_VAULT_KEY: keyA, PII_VAULT_KEYS: '', ATLAS_DEAD_LETTER_PUBLIC_KEY: base.ATLAS_DEAD_LETTER_PUBLIC_KEY },
      logDirectory: testLogDirectory(),
    });
    refused.start();
    await expect(refused.waitUntilReady(20000)).rejects.toThrow(/pii-detection exited with 1/);
    await refused.stop();
    const log = readFileSync(join(testLogDirectory(), 'pii-detection.log'), 'utf8');
    expect(log).toContain("The vault holds secrets sealed by the vault key(s) '2026-12', which PII_VAULT_KEY does not list");
    for (const key of [keyA, KEY_B.toString('base64')]) expect(log).not.toContain(key);
  }, 60000);
});
