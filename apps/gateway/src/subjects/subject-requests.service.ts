import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiKeyCaller } from '@atlas/auth';
import { Corrections, FoundSubjectRecord, rectificationBinding } from '@atlas/contracts';
import { DeadLetterSealer } from '@atlas/kafka';
import { CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, sortDirection, textKey } from '@atlas/platform';
import { GatewayEnvironment } from '../gateway-environment';
import { AuditLogRepository } from '../identity/audit-log.repository';
import {
  CreateSubjectRequestBody,
  identifierProblem,
  SubjectRequestDetailResponse,
  SubjectRequestResponse,
  subjectRequestResponse,
  SubjectRequestsQuery,
} from './dto/subject-request.dto';
import { EMPTY_PLAN } from './erasure-steps';
import { rectificationPlanOf } from './rectification-steps';
import { SUBJECT_REQUEST_COVERAGE } from './subject-coverage';
import { SubjectRequestRunner } from './subject-request.runner';
import { identifierHash, identifierHashKey } from './subject-identifier';
import { SubjectLocator } from './subject-locator';
import { SubjectRequestsRepository } from './subject-requests.repository';

export interface SubjectExport {
  records: FoundSubjectRecord[];
  /** Vault tokens standing for the subject's values (their plaintext is the identifier or in the records above). */
  vaultTokens: string[];
}

export type CreatedSubjectRequest = SubjectRequestResponse & { coverage: typeof SUBJECT_REQUEST_COVERAGE; export?: SubjectExport };

const CURSOR_KEY = textKey(CURSOR_SHAPES.microsecondTime, CURSOR_SHAPES.uuid);

const invalid = (code: string, message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', code, message });
const notFound = () => new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'subject_request_not_found', message: 'No subject request has this id' });

/** The problem with a request's corrections for its type, or undefined. */
function correctionsForTypeProblem(body: CreateSubjectRequestBody): string | undefined {
  const given = body.corrections !== undefined && body.corrections !== null;
  if (body.type === 'rectification' && !given) return 'corrections are required for a rectification (field names and new values)';
  if (body.type !== 'rectification' && given) return 'corrections are only for a rectification';
  return undefined;
}

/** Whether the reason quotes a new value (it would be stored in clear). */
function reasonQuotesCorrection(reason: string, corrections: Corrections | undefined): boolean {
  const lowerCase = reason.toLowerCase();
  return Object.values(corrections ?? {}).some((value) => value !== null && String(value).trim().length >= 3 && lowerCase.includes(String(value).trim().toLowerCase()));
}

/**
 * Data-subject requests (GDPR Art. 15 access, Art. 16 rectification, Art. 17 erasure). The
 * identifier is used to locate the subject's records while the request is served and is then
 * forgotten: the request keeps its keyed hash and the located record ids and tokens. A
 * rectification's new values wait sealed to the vault key (the gateway can seal, only pii-detection
 * opens) until the request completes. Every request is audited, with field names, never values.
 */
@Injectable()
export class SubjectRequestsService {
  private readonly hashKey: Buffer;
  private readonly sealer: DeadLetterSealer;

  constructor(
    environment: GatewayEnvironment,
    private readonly requests: SubjectRequestsRepository,
    private readonly locator: SubjectLocator,
    private readonly runner: SubjectRequestRunner,
    private readonly audit: AuditLogRepository,
  ) {
    this.hashKey = identifierHashKey(environment.GATEWAY_TOKEN_SIGNING_KEY);
    // ATLAS_DEAD_LETTER_PUBLIC_KEY is derived from the vault key: what it seals only pii-detection opens.
    this.sealer = new DeadLetterSealer(environment.ATLAS_DEAD_LETTER_PUBLIC_KEY);
  }

  async create(caller: ApiKeyCaller, body: CreateSubjectRequestBody): Promise<CreatedSubjectRequest> {
    const problem = identifierProblem(body.identifierType, body.identifier) ?? correctionsForTypeProblem(body);
    if (problem) throw invalid('validation_failed', problem);
    if (body.reason.toLowerCase().includes(body.identifier.trim().toLowerCase())) {
      throw invalid('reason_contains_identifier', 'reason must not contain the identifier (it would be stored in clear)');
    }
    if (reasonQuotesCorrection(body.reason, body.corrections)) {
      throw invalid('reason_contains_correction', 'reason must not contain a new value of corrections (it would be stored in clear)');
    }
    // An export shows raw personal data: it needs the reveal permission on top of subjects:manage.
    if (body.type === 'access') caller.require('pii:reveal');
    const id = randomUUID();
    const hash = identifierHash(this.hashKey, body.identifierType, body.identifier);
    const target = { targetType: 'subject-request', targetId: id };
    const fields = Object.keys(body.corrections ?? {}).sort();
    // The audit names the corrected fields (comma-separated, as its details hold scalars), never their values.
    const described = { type: body.type, identifierType: body.identifierType, identifierHash: hash, ...(body.type === 'rectification' ? { fields: fields.join(',') } : {}) };
    let located;
    try {
      // A rectification reads the protected payloads for the tokens its fields hold now (the old values); nothing of them is kept but the tokens.
      located = await this.locator.locate(body.identifierType, body.identifier, body.type !== 'erasure');
    } catch (error) {
      await this.audit.record({ actor: caller.actor, action: 'subject-request.create', ...target, outcome: 'failed', details: described });
      throw error;
    }
    const rectification = body.type === 'rectification';
    const row = await this.requests.insert({
      id,
      type: body.type,
      identifierType: body.identifierType,
      identifierHash: hash,
      reason: body.reason,
      status: body.type === 'access' ? 'completed' : 'in_progress',
      requestedBy: caller.actor,
      plan: body.type === 'erasure' ? located.plan : rectification ? rectificationPlanOf(located.plan, located.records, fields) : EMPTY_PLAN,
      found: located.found,
      rectifiedFields: fields,
      correctionsSealed: rectification ? this.sealer.sealBound(Buffer.from(JSON.stringify(body.corrections), 'utf8'), rectificationBinding(id)) : null,
    });
    await this.audit.record({ actor: caller.actor, action: 'subject-request.create', ...target, outcome: 'succeeded', details: { ...described, ...located.found } });
    if (body.type === 'access') {
      await this.audit.record({ actor: caller.actor, action: 'subject-request.export', ...target, outcome: 'succeeded', details: { records: located.records.length } });
      const vaultTokens = [...located.plan.identifierTokens, ...located.plan.rowTokens];
      return { ...subjectRequestResponse(row), coverage: SUBJECT_REQUEST_COVERAGE, export: { records: located.records, vaultTokens } };
    }
    // A failed step is recorded in the request, which the caller reads; it resumes at start-up or through …/resume.
    await this.runner.run(id, caller.actor).catch(() => undefined);
    return { ...subjectRequestResponse((await this.requests.get(id))!), coverage: SUBJECT_REQUEST_COVERAGE };
  }

  async list(query: SubjectRequestsQuery): Promise<CursorPage<SubjectRequestResponse>> {
    const scope = `subject-requests:${query.sort}`;
    const key = cursorKey(query.cursor, scope, CURSOR_KEY) as [string, string] | undefined;
    const rows = await this.requests.list(key && { createdAt: key[0], id: key[1] }, query.limit + 1, sortDirection(query.sort).descending);
    return cursorPageOf(rows, query.limit, scope, (row) => [row.createdAt, row.id], subjectRequestResponse);
  }

  async get(id: string): Promise<SubjectRequestDetailResponse> {
    const row = await this.requests.get(id);
    if (!row) throw notFound();
    return { ...subjectRequestResponse(row), auditTrail: await this.requests.auditTrail(id) };
  }

  /** Runs an unfinished erasure's or rectification's remaining steps now; a finished request is answered as it is. */
  async resume(caller: ApiKeyCaller, id: string): Promise<SubjectRequestResponse> {
    const row = await this.requests.get(id);
    if (!row) throw notFound();
    if (row.type !== 'access' && row.status !== 'completed') await this.runner.run(id, caller.actor);
    return subjectRequestResponse((await this.requests.get(id))!);
  }
}
