import { Pool } from 'pg';
import request from 'supertest';
import { waitForRuns } from '../../../scripts/pipeline-client';
import { PipelineStack, startPipelineStack, stopPipelineStack, TEST_ADMIN_API_KEY, TEST_API_KEY, TEST_SERVICE_API_KEY, waitFor } from '@atlas/testing';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

interface Classification {
  sourceId: string;
  field: string;
  class: string;
  entityType: string | null;
  evidence: { sampledValues: number; valuesWithFindings: number };
  decidedBy: string;
  updatedAt: string;
}

describe('pii-detection: stored column classifications, protected keys and unpoisonable sampling', () => {
  let stack: PipelineStack;
  let database: Pool;
  const pii = () => stack.services['pii-detection'].baseUrl;
  const gateway = () => stack.services.gateway.baseUrl;

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(4700));
  }, 180000);

  afterAll(() => stopPipelineStack({ stack, database }));

  async function push(records: object[]): Promise<string> {
    const response = await request(gateway()).post('/api/v1/sources/people/records').set('Authorization', `Bearer ${TEST_API_KEY}`).send(records).expect(202);
    await waitForRuns(database, [response.body.runId], records.length, 90000);
    return response.body.runId as string;
  }

  async function navigated(runId: string): Promise<Array<Record<string, unknown>>> {
    const result = await database.query('SELECT payload FROM connector.navigate_records WHERE run_id = $1 ORDER BY position_index', [runId]);
    return result.rows.map((row) => row.payload as Record<string, unknown>);
  }

  async function classifications(): Promise<Map<string, Classification>> {
    const response = await request(pii()).get('/api/v1/pii/classifications?sourceId=people').set('Authorization', `Bearer ${TEST_SERVICE_API_KEY}`).expect(200);
    return new Map((response.body.items as Classification[]).map((row) => [row.field, row]));
  }

  const person = (index: number) => ({ id: index, name: `Person ${index}`, email: `person${index}@example.com` });
  const harmless = ['pending', 'unknown', 'ok', 'later'];

  it('masks every e-mail that follows 60 harmless values, and protects keys holding e-mails everywhere', async () => {
    await push(Array.from({ length: 60 }, (_unused, index) => ({ ...person(index), contact: harmless[index % 4], tier: index % 2 === 0 ? 'gold' : 'silver' })));
    const learned = await classifications();
    expect(learned.get('contact')).toMatchObject({ sourceId: 'people', class: 'non_personal', entityType: null, decidedBy: 'sampler', evidence: { sampledValues: 20, valuesWithFindings: 0 } });
    expect(learned.get('email')).toMatchObject({ class: 'personal', entityType: 'EMAIL_ADDRESS', decidedBy: 'sampler' });

    const records = Array.from({ length: 40 }, (_unused, index) => ({
      ...person(100 + index),
      contact: `user${index}@example.com`,
      tier: 'gold',
      'max.mustermann@example.com': 'vip',
      refs: { [`friend${index}@example.com`]: index },
    }));
    const runId = await push(records);
    const rows = await navigated(runId);
    expect(rows).toHaveLength(40);
    for (const row of rows) {
      expect(row.contact).toBe('<EMAIL_ADDRESS>');
      expect(row['<EMAIL_ADDRESS>']).toBe('vip');
      expect(Object.keys(row.refs as object)).toEqual(['<EMAIL_ADDRESS>']);
      expect(JSON.stringify(row)).not.toMatch(EMAIL);
    }
    expect((await classifications()).get('contact')).toMatchObject({ class: 'free_text', decidedBy: 'sampler' });

    let findings: Array<{ field: string }> = [];
    await waitFor(
      async () => {
        const response = await request(gateway()).get(`/api/v1/pii/findings?runId=${runId}`).set('Authorization', `Bearer ${TEST_API_KEY}`).expect(200);
        findings = response.body.items;
        return findings.some((row) => row.field === 'refs.<EMAIL_ADDRESS>');
      },
      { timeoutMs: 60000, description: 'findings of the run with e-mail keys' },
    );
    expect(findings.some((row) => row.field === '<EMAIL_ADDRESS>')).toBe(true);
    expect(JSON.stringify(findings)).not.toMatch(EMAIL);

    let events: unknown[] = [];
    await waitFor(
      async () => {
        const result = await database.query('SELECT job_name, event FROM lineage.run_events WHERE parent_run_id = $1', [runId]);
        events = result.rows;
        return result.rows.some((row) => row.job_name === 'pii-detection.protect') && result.rows.some((row) => row.job_name === 'connector.navigate');
      },
      { timeoutMs: 30000, description: 'lineage events of the run' },
    );
    expect(JSON.stringify(events)).toContain('<EMAIL_ADDRESS>');
    expect(JSON.stringify(events)).not.toMatch(EMAIL);
    expect(JSON.stringify([...(await classifications()).keys()])).not.toMatch(EMAIL);
  }, 240000);

  it('applies an override made through the API to later records, only for a pii:admin key', async () => {
    expect((await classifications()).get('tier')).toMatchObject({ class: 'non_personal', decidedBy: 'sampler' });
    const body = { class: 'personal', entityType: 'NRP' };
    await request(pii()).put('/api/v1/pii/classifications/people/tier').set('Authorization', `Bearer ${TEST_SERVICE_API_KEY}`).send(body).expect(403);
    await request(pii()).put('/api/v1/pii/classifications/people/tier').set('Authorization', `Bearer ${TEST_ADMIN_API_KEY}`).send({ class: 'personal' }).expect(400);
    const response = await request(pii()).put('/api/v1/pii/classifications/people/tier').set('Authorization', `Bearer ${TEST_ADMIN_API_KEY}`).send(body).expect(200);
    expect(response.body).toMatchObject({ sourceId: 'people', field: 'tier', class: 'personal', entityType: 'NRP', decidedBy: 'user' });

    const runId = await push([0, 1, 2].map((index) => ({ ...person(200 + index), contact: 'ok', tier: 'gold' })));
    expect((await navigated(runId)).map((row) => row.tier)).toEqual(['<NRP>', '<NRP>', '<NRP>']);
  }, 120000);

  it('keeps classifications across a restart: the same columns are protected the same way without sampling again', async () => {
    const before = await classifications();
    await stack.services['pii-detection'].restart('SIGKILL');
    // An e-mail column protects whole values: a value no recognizer would find proves no re-sampling.
    const runId = await push([0, 1, 2, 3, 4].map((index) => ({ id: 300 + index, name: `Person ${index}`, email: 'not given', contact: harmless[index % 4], tier: 'silver' })));
    const rows = await navigated(runId);
    expect(rows.map((row) => [row.email, row.tier])).toEqual(new Array(5).fill(['<EMAIL_ADDRESS>', '<NRP>']));
    expect(rows.map((row) => row.contact)).toEqual(['pending', 'unknown', 'ok', 'later', 'pending']);
    const after = await classifications();
    for (const field of ['email', 'contact', 'tier']) {
      expect(after.get(field)).toEqual(before.get(field));
    }
  }, 180000);
});
