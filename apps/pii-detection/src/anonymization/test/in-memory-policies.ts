import { ProtectionPolicyEntity } from '../policies/protection-policy.entity';
import { ProtectionPolicyRepository } from '../policies/protection-policy.repository';

/** In-memory ProtectionPolicyRepository with the same semantics (immutable rows, insert-or-ignore). */
export class InMemoryPolicies {
  readonly rows: ProtectionPolicyEntity[] = [];
  private clock = Date.parse('2026-01-01T00:00:00Z');

  readonly latestVersions = jest.fn(async () => {
    const latest = new Map<string, ProtectionPolicyEntity>();
    for (const row of this.rows) if ((latest.get(row.policyId)?.version ?? 0) < row.version) latest.set(row.policyId, row);
    return [...latest.values()].sort((a, b) => (a.policyId < b.policyId ? -1 : 1));
  });
  readonly latestVersionsPage = jest.fn(async (afterPolicyId: string | undefined, limit: number) =>
    (await this.latestVersions()).filter((row) => afterPolicyId === undefined || row.policyId > afterPolicyId).slice(0, limit),
  );
  readonly versionsOf = jest.fn(async (policyId: string) => this.rows.filter((row) => row.policyId === policyId).sort((a, b) => b.version - a.version));
  readonly insertVersion = jest.fn(async (row: Omit<ProtectionPolicyEntity, 'createdAt'>) => {
    if (this.rows.some((existing) => existing.policyId === row.policyId && existing.version === row.version)) return false;
    this.add(row);
    return true;
  });

  add(row: Omit<ProtectionPolicyEntity, 'createdAt'>): ProtectionPolicyEntity {
    this.clock += 1000;
    const stored = { ...row, createdAt: new Date(this.clock) };
    this.rows.push(stored);
    return stored;
  }

  asRepository(): ProtectionPolicyRepository {
    return this as unknown as ProtectionPolicyRepository;
  }
}

export const DEFAULT_ROW = { policyId: 'default', version: 1, sourceId: '*', document: { rules: { DEFAULT: { operator: 'replace' as const } } } };
