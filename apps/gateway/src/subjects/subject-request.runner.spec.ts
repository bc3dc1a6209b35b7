import { ServiceUnavailableException } from '@nestjs/common';
import { AuditEntry, AuditLogRepository } from '../identity/audit-log.repository';
import { ErasurePlan } from './erasure-steps';
import { SubjectServices } from './subject-services';
import { RectificationPlan } from './rectification-steps';
import { OpenedCorrections, SubjectRectifier } from './subject-rectifier';
import { SubjectRequestRunner } from './subject-request.runner';
import { SubjectLocator } from './subject-locator';
import { SubjectRequestRow, SubjectRequestsRepository } from './subject-requests.repository';

const ID = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';
const IDENTIFIER_TOKEN = `tok_${'a'.repeat(26)}`;
const OWN_TOKEN = `tok_${'b'.repeat(26)}`;
const SHARED_TOKEN = `tok_${'c'.repeat(26)}`;
const PLAN: ErasurePlan = {
  explore: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'],
  navigate: ['00000000-0000-4000-8000-000000000001'],
  quarantine: ['00000000-0000-4000-8000-000000000002'],
  identifierTokens: [IDENTIFIER_TOKEN],
  rowTokens: [OWN_TOKEN, SHARED_TOKEN],
};

/** gateway.subject_requests in memory, with the repository's semantics. */
class InMemoryRequests {
  row: SubjectRequestRow = {
    id: ID,
    type: 'erasure',
    identifierType: 'email',
    identifierHash: 'f'.repeat(64),
    reason: 'ticket 1',
    status: 'in_progress',
    requestedBy: 'user:1',
    plan: PLAN,
    steps: {},
    found: { explore: 2, navigate: 1, quarantine: 1, vaultTokens: 3, truncated: false },
    rectifiedFields: [],
    correctionsSealed: null,
    lastError: null,
    createdAt: '2026-11-30T01:00:00.000000Z',
    dueAt: '2026-12-30T01:00:00.000000Z',
    completedAt: null,
  };
  get = jest.fn(async (id: string) => (id === ID ? structuredClone(this.row) : undefined));
  recordStep = jest.fn(async (_id: string, step: string, outcome: { count: number; at: string }) => {
    this.row.steps = { ...this.row.steps, [step]: outcome };
    this.row.lastError = null;
  });
  recordError = jest.fn(async (_id: string, error: string) => {
    this.row.lastError = error;
  });
  complete = jest.fn(async () => {
    this.row.status = 'completed';
    this.row.correctionsSealed = null;
  });
  unfinishedRequests = jest.fn(async () => (this.row.status === 'in_progress' ? [ID] : []));
}

function setup() {
  const requests = new InMemoryRequests();
  const audit: AuditEntry[] = [];
  let failQuarantine = false;
  const services = {
    protectCorrections: jest.fn(async () => ({ corrections: { name: 'Erin Rectified' }, protectedBySource: { people: { name: IDENTIFIER_TOKEN } } })),
    eraseRecords: jest.fn(async (service: string, request: { layer: string; recordIds: string[] }) => {
      if (failQuarantine && request.layer === 'quarantine') throw new ServiceUnavailableException({ code: 'dependency_unavailable', message: 'The quality service is unavailable; retry later' });
      return { deleted: request.recordIds.length };
    }),
    shredTokens: jest.fn(async (tokens: string[]) => ({ shredded: tokens.length })),
  };
  // Someone else's row still holds SHARED_TOKEN.
  const locator = { stillReferenced: jest.fn(async () => new Set([SHARED_TOKEN])) };
  const rectifier = {
    execute: jest.fn(async (step: string, _plan: RectificationPlan, open: OpenedCorrections) => {
      if (step === 'rectify_quarantine' && failQuarantine) throw new ServiceUnavailableException({ code: 'dependency_unavailable', message: 'The quality service is unavailable; retry later' });
      if (step !== 'shred_replaced_tokens') return Object.keys((await open()).corrections).length;
      return 1;
    }),
  };
  const runner = new SubjectRequestRunner(
    requests as unknown as SubjectRequestsRepository,
    services as unknown as SubjectServices,
    locator as unknown as SubjectLocator,
    { record: async (entry: AuditEntry) => void audit.push(entry) } as unknown as AuditLogRepository,
    rectifier as unknown as SubjectRectifier,
  );
  return { requests, services, audit, runner, rectifier, failAt: (fail: boolean) => (failQuarantine = fail) };
}

const SEALED = { algorithm: 'x25519-hkdf-sha256-aes-256-gcm/v1', ephemeralPublicKey: 'A'.repeat(43) + '=', iv: 'B'.repeat(16), tag: 'C'.repeat(22) + '==', ciphertext: 'RA==' } as const;
const RECTIFICATION_PLAN: RectificationPlan = { explore: PLAN.explore, navigate: PLAN.navigate, quarantine: PLAN.quarantine, sourceIds: ['people'], replacedTokens: [OWN_TOKEN] };

describe('SubjectRequestRunner', () => {
  it('erases each layer by id, shreds the identifier’s tokens and the subject’s own, never a token another row holds', async () => {
    const { requests, services, audit, runner } = setup();
    await runner.run(ID, 'user:1');
    expect(services.eraseRecords.mock.calls).toEqual([
      ['connector', { layer: 'explore', recordIds: PLAN.explore }],
      ['connector', { layer: 'navigate', recordIds: PLAN.navigate }],
      ['quality', { layer: 'quarantine', recordIds: PLAN.quarantine }],
    ]);
    expect(services.shredTokens.mock.calls).toEqual([[[IDENTIFIER_TOKEN, OWN_TOKEN]]]);
    expect(requests.row.status).toBe('completed');
    expect(Object.entries(requests.row.steps).map(([step, outcome]) => [step, outcome!.count])).toEqual([
      ['erase_explore', 2],
      ['erase_navigate', 1],
      ['erase_quarantine', 1],
      ['shred_vault_tokens', 2],
    ]);
    expect(audit.map((entry) => [entry.action, entry.outcome, entry.details])).toEqual([
      ['subject-request.step', 'succeeded', { step: 'erase_explore', count: 2 }],
      ['subject-request.step', 'succeeded', { step: 'erase_navigate', count: 1 }],
      ['subject-request.step', 'succeeded', { step: 'erase_quarantine', count: 1 }],
      ['subject-request.step', 'succeeded', { step: 'shred_vault_tokens', count: 2 }],
      ['subject-request.complete', 'succeeded', undefined],
    ]);
    expect(audit.every((entry) => entry.actor === 'user:1' && entry.targetId === ID && entry.targetType === 'subject-request')).toBe(true);
  });

  it('records a failed step and rethrows; the restart resumes at that step as the system', async () => {
    const { requests, services, audit, runner, failAt } = setup();
    failAt(true);
    await expect(runner.run(ID, 'user:1')).rejects.toThrow(ServiceUnavailableException);
    expect(requests.row.status).toBe('in_progress');
    expect(requests.row.lastError).toBe('dependency_unavailable: The quality service is unavailable; retry later');
    expect(Object.keys(requests.row.steps)).toEqual(['erase_explore', 'erase_navigate']);
    expect(audit.at(-1)).toMatchObject({ action: 'subject-request.step', outcome: 'failed', details: { error: 'dependency_unavailable: The quality service is unavailable; retry later' } });

    failAt(false);
    services.eraseRecords.mockClear();
    await runner.resumeUnfinished();
    expect(services.eraseRecords.mock.calls.map(([, request]) => request.layer)).toEqual(['quarantine']);
    expect(requests.row.status).toBe('completed');
    expect(requests.row.lastError).toBeNull();
    expect(audit.slice(-3).map((entry) => `${entry.actor} ${entry.action} ${entry.outcome}`)).toEqual([
      'system subject-request.step succeeded',
      'system subject-request.step succeeded',
      'system subject-request.complete succeeded',
    ]);
  });

  it('leaves a completed request, an access request and an unknown id alone', async () => {
    const { requests, services, runner } = setup();
    requests.row.status = 'completed';
    await runner.run(ID, 'user:1');
    requests.row = { ...requests.row, status: 'in_progress', type: 'access' };
    await runner.run(ID, 'user:1');
    await runner.run('0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e02', 'user:1');
    expect(services.eraseRecords).not.toHaveBeenCalled();
  });

  it('runs a rectification’s steps in order, opening its sealed corrections once, and deletes them on completion', async () => {
    const { requests, services, rectifier, audit, runner } = setup();
    requests.row = { ...requests.row, type: 'rectification', plan: RECTIFICATION_PLAN, rectifiedFields: ['name'], correctionsSealed: SEALED };
    await runner.run(ID, 'user:1');
    expect(rectifier.execute.mock.calls.map(([step, plan]) => [step, plan])).toEqual([
      ['rectify_explore', RECTIFICATION_PLAN],
      ['rectify_navigate', RECTIFICATION_PLAN],
      ['rectify_quarantine', RECTIFICATION_PLAN],
      ['shred_replaced_tokens', RECTIFICATION_PLAN],
    ]);
    expect(services.protectCorrections.mock.calls).toEqual([[{ requestId: ID, sealed: SEALED, sourceIds: ['people'] }]]);
    expect(services.eraseRecords).not.toHaveBeenCalled();
    expect(requests.row.status).toBe('completed');
    expect(requests.row.correctionsSealed).toBeNull();
    expect(audit.map((entry) => [entry.action, entry.outcome, entry.details])).toEqual([
      ['subject-request.step', 'succeeded', { step: 'rectify_explore', count: 1 }],
      ['subject-request.step', 'succeeded', { step: 'rectify_navigate', count: 1 }],
      ['subject-request.step', 'succeeded', { step: 'rectify_quarantine', count: 1 }],
      ['subject-request.step', 'succeeded', { step: 'shred_replaced_tokens', count: 1 }],
      ['subject-request.complete', 'succeeded', undefined],
    ]);
  });

  it('resumes a rectification at the step that failed, as the system, opening the corrections again', async () => {
    const { requests, services, rectifier, runner, failAt } = setup();
    requests.row = { ...requests.row, type: 'rectification', plan: RECTIFICATION_PLAN, rectifiedFields: ['name'], correctionsSealed: SEALED };
    failAt(true);
    await expect(runner.run(ID, 'user:1')).rejects.toThrow(ServiceUnavailableException);
    expect(Object.keys(requests.row.steps)).toEqual(['rectify_explore', 'rectify_navigate']);
    expect(requests.row.correctionsSealed).toBe(SEALED);
    failAt(false);
    rectifier.execute.mockClear();
    await runner.resumeUnfinished();
    expect(rectifier.execute.mock.calls.map(([step]) => step)).toEqual(['rectify_quarantine', 'shred_replaced_tokens']);
    expect(services.protectCorrections).toHaveBeenCalledTimes(2);
    expect(requests.row.status).toBe('completed');
  });

  it('records a rectification without sealed corrections as failed (422 corrections_missing)', async () => {
    const { requests, rectifier, runner } = setup();
    requests.row = { ...requests.row, type: 'rectification', plan: RECTIFICATION_PLAN, rectifiedFields: ['name'], correctionsSealed: null };
    await expect(runner.run(ID, 'user:1')).rejects.toMatchObject({ response: { code: 'corrections_missing' } });
    expect(rectifier.execute).toHaveBeenCalledTimes(1);
    expect(requests.row.lastError).toBe('corrections_missing: The rectification holds no sealed corrections');
    expect(requests.row.status).toBe('in_progress');
  });
});
