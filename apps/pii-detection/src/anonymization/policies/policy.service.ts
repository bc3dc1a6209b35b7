import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { describeFailure } from '@atlas/kafka';
import { CursorPage, cursorKey, cursorPageOf, PoliciesQuery, textKey } from '@atlas/platform';
import { OperatorMap, SpanOperatorConfig } from '../operators';
import { parseDocument, parsePolicyBody } from './policy-document';
import { ANY_SOURCE, BUILT_IN_DEFAULT_POLICY, POLICY_ID_PATTERN, PolicyDocument, ResolvedPolicy } from './policy.types';
import { ProtectionPolicyEntity } from './protection-policy.entity';
import { ProtectionPolicyRepository } from './protection-policy.repository';

/** How often the in-memory policies are reloaded (ms); injectable so tests and the lead can tune it. */
export const POLICY_REFRESH_INTERVAL_MS = Symbol('POLICY_REFRESH_INTERVAL_MS');
export const DEFAULT_POLICY_REFRESH_INTERVAL_MS = 10_000;
const MAX_INSERT_ATTEMPTS = 5;
const POLICY_KEY = textKey(POLICY_ID_PATTERN);

export interface PolicyVersionSummary {
  version: number;
  sourceId: string;
  createdAt: string;
}

export interface PolicyVersionView extends PolicyDocument {
  policyId: string;
  version: number;
  sourceId: string;
  createdAt: string;
}

export interface PolicyView {
  policyId: string;
  latest: PolicyVersionView;
  /** Newest first. */
  versions: PolicyVersionSummary[];
}

function toResolved(row: ProtectionPolicyEntity, document: PolicyDocument): ResolvedPolicy {
  return {
    policyId: row.policyId,
    version: row.version,
    sourceId: row.sourceId,
    rules: document.rules as Record<string, SpanOperatorConfig> as OperatorMap,
    fieldRules: document.fieldRules ?? {},
    ...(document.description !== undefined ? { description: document.description } : {}),
    createdAt: row.createdAt,
  };
}

function toView(row: ProtectionPolicyEntity): PolicyVersionView {
  return { policyId: row.policyId, version: row.version, sourceId: row.sourceId, createdAt: row.createdAt.toISOString(), ...row.document };
}

/** Newer first; ties by policy id, so the choice never depends on row order. */
function newerFirst(a: ResolvedPolicy, b: ResolvedPolicy): number {
  return (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0) || (a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0);
}

/**
 * Versioned protection policies. Versions are immutable: PUT adds the next one. The newest
 * version of each policy is kept in memory and reloaded periodically, so protecting a record never
 * waits on the database. Until the first load succeeds the pipeline does not protect records
 * (`isLoaded()`): a field rule such as `drop` must never be skipped because the database was slow.
 */
@Injectable()
export class PolicyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PolicyService.name);
  private bySource = new Map<string, ResolvedPolicy>();
  private loaded = false;
  private timer?: NodeJS.Timeout;
  private readonly refreshIntervalMs: number;

  constructor(
    private readonly policies: ProtectionPolicyRepository,
    @Optional() @Inject(POLICY_REFRESH_INTERVAL_MS) refreshIntervalMs?: number,
  ) {
    this.refreshIntervalMs = refreshIntervalMs ?? DEFAULT_POLICY_REFRESH_INTERVAL_MS;
  }

  async onModuleInit(): Promise<void> {
    await this.refreshSafely();
    this.timer = setInterval(() => void this.refreshSafely(), this.refreshIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * The policy for a source: the newest policy naming it, else the newest `*` policy, else the
   * built-in default. Synchronous, from memory. Records carry `policyId` and `version` from it.
   */
  policyFor(sourceId: string): ResolvedPolicy {
    return this.bySource.get(sourceId) ?? this.bySource.get(ANY_SOURCE) ?? BUILT_IN_DEFAULT_POLICY;
  }

  /** Reloads the newest version of every policy. Versions that no longer validate are skipped (logged by id only). */
  async refresh(): Promise<void> {
    const rows = await this.policies.latestVersions();
    const candidates = new Map<string, ResolvedPolicy[]>();
    for (const row of rows) {
      const problems: string[] = [];
      const document = parseDocument({ ...row.document }, problems);
      if (!document) {
        this.logger.warn(`Policy ${row.policyId} version ${row.version} is invalid and ignored: ${problems.length} problem(s)`);
        continue;
      }
      const resolved = toResolved(row, document);
      candidates.set(row.sourceId, [...(candidates.get(row.sourceId) ?? []), resolved]);
    }
    const bySource = new Map<string, ResolvedPolicy>();
    for (const [sourceId, list] of candidates) bySource.set(sourceId, list.sort(newerFirst)[0]);
    this.bySource = bySource;
    this.loaded = true;
  }

  /** Whether the policies have been read from the database at least once. */
  isLoaded(): boolean {
    return this.loaded;
  }

  /** Creates the next version of a policy (version 1 for a new one). Never changes an existing version. */
  async putPolicy(policyId: string, body: unknown): Promise<PolicyVersionView> {
    if (!POLICY_ID_PATTERN.test(policyId)) throw new BadRequestException('policyId must be 1-63 lowercase letters, digits, "_" or "-"');
    const parsed = parsePolicyBody(body);
    if (!parsed.ok) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: parsed.problems });
    const { sourceId, document } = parsed.value;
    if (policyId === BUILT_IN_DEFAULT_POLICY.policyId && sourceId !== ANY_SOURCE) {
      throw new BadRequestException(`The "${BUILT_IN_DEFAULT_POLICY.policyId}" policy always applies to sourceId "${ANY_SOURCE}"`);
    }
    const owner = (await this.policies.latestVersions()).find((row) => row.sourceId === sourceId && row.policyId !== policyId);
    if (owner) {
      throw new ConflictException(`Source "${sourceId}" is already governed by policy "${owner.policyId}"; add a version to that policy instead`);
    }
    for (let attempt = 0; attempt < MAX_INSERT_ATTEMPTS; attempt += 1) {
      const versions = await this.policies.versionsOf(policyId);
      const version = (versions[0]?.version ?? 0) + 1;
      if (await this.policies.insertVersion({ policyId, version, sourceId, document })) {
        await this.refreshSafely();
        const created = (await this.policies.versionsOf(policyId)).find((row) => row.version === version);
        return created ? toView(created) : { policyId, version, sourceId, createdAt: new Date().toISOString(), ...document };
      }
    }
    throw new ConflictException(`Policy "${policyId}" is being changed concurrently; retry`);
  }

  async getPolicy(policyId: string): Promise<PolicyView> {
    const versions = POLICY_ID_PATTERN.test(policyId) ? await this.policies.versionsOf(policyId) : [];
    if (versions.length === 0) throw new NotFoundException(`No policy "${policyId}"`);
    return {
      policyId,
      latest: toView(versions[0]),
      versions: versions.map((row) => ({ version: row.version, sourceId: row.sourceId, createdAt: row.createdAt.toISOString() })),
    };
  }

  /** Every policy with its newest version, by policy id; what a list page needs to offer the versions. */
  /** The newest version of every policy by policy id, a page at a time (`policies:policyId` cursors). */
  async listPolicies(query: PoliciesQuery): Promise<CursorPage<PolicyVersionView>> {
    const scope = `policies:${query.sort}`;
    const after = cursorKey(query.cursor, scope, POLICY_KEY)?.[0] as string | undefined;
    const rows = await this.policies.latestVersionsPage(after, query.limit + 1);
    return cursorPageOf(rows, query.limit, scope, (row) => [row.policyId], toView);
  }

  /** One version exactly as it was stored (versions are immutable), so two can be compared. */
  async getVersion(policyId: string, version: number): Promise<PolicyVersionView> {
    const versions = POLICY_ID_PATTERN.test(policyId) ? await this.policies.versionsOf(policyId) : [];
    const row = versions.find((candidate) => candidate.version === version);
    if (!row) throw new NotFoundException(`No version ${version} of policy "${policyId}"`);
    return toView(row);
  }

  private async refreshSafely(): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      this.logger.warn(`Could not reload protection policies; keeping the ones in memory: ${describeFailure(error)}`);
    }
  }
}
