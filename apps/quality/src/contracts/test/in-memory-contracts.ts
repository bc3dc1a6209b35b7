import type { ActiveContractEntity } from '../active-contract.entity';
import type { ContractVersionEntity } from '../contract-version.entity';
import type { ActivationOutcome, ActiveContractDocument, ContractRepository, DeactivationView } from '../contract.repository';

/** Byte order, as the keyset compares ids. */
function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** ContractRepository's behaviour in memory, for unit tests of the service, registry and controller. */
export class InMemoryContracts {
  readonly versions: ContractVersionEntity[] = [];
  readonly active = new Map<string, ActiveContractEntity>();
  /** Held records per source: each activation answers a pending replay of them. */
  readonly held = new Map<string, number>();
  /** Sources deactivated through the API (and not activated since): seeding leaves them alone. */
  readonly deactivated = new Map<string, { contractId: string; version: string; deactivatedBy: string }>();
  /** Unfinished replays per source: a deactivation supersedes them. */
  readonly unfinishedReplays = new Map<string, number>();
  private clock = Date.UTC(2026, 10, 29);

  asRepository(): ContractRepository {
    const repository: Omit<ContractRepository, 'versions' | 'active' | 'dataSource'> = {
      insertVersion: async (row) => {
        if (this.versions.some((each) => each.contractId === row.contractId && each.version === row.version)) return false;
        this.versions.push({ ...row, document: structuredClone(row.document), createdAt: new Date((this.clock += 1000)) });
        return true;
      },
      findVersion: async (contractId, version) => this.versions.find((each) => each.contractId === contractId && each.version === version) ?? null,
      versionsOf: async (contractId) => this.versions.filter((each) => each.contractId === contractId).reverse(),
      listVersions: async (contractIds) =>
        this.versions.filter((each) => contractIds.includes(each.contractId)).sort((a, b) => compareText(a.contractId, b.contractId) || b.createdAt.getTime() - a.createdAt.getTime()),
      contractIds: async (after, limit) => [...new Set(this.versions.map((each) => each.contractId))].filter((id) => after === undefined || id > after).sort(compareText).slice(0, limit),
      activeFor: async (sourceId) => this.active.get(sourceId) ?? null,
      heldRecordCount: async (sourceId) => this.held.get(sourceId) ?? 0,
      activeRows: async (contractIds) => [...this.active.values()].filter((row) => !contractIds || contractIds.includes(row.contractId)).sort((a, b) => a.sourceId.localeCompare(b.sourceId)),
      activeDocuments: async (): Promise<ActiveContractDocument[]> =>
        [...this.active.values()].map((row) => ({
          sourceId: row.sourceId,
          contractId: row.contractId,
          version: row.version,
          document: this.versions.find((each) => each.contractId === row.contractId && each.version === row.version)!.document as Record<string, unknown>,
        })),
      activate: async (contractId, version, sourceIds, activatedBy, onlyIfInactive = false): Promise<ActivationOutcome> => {
        const rows = [...this.active.values()];
        if (onlyIfInactive && rows.some((row) => row.contractId === contractId)) return { activated: true, heldReplays: [] };
        const conflicts = rows.filter((row) => row.contractId !== contractId && sourceIds.includes(row.sourceId));
        if (conflicts.length > 0) return { activated: false, conflicts };
        if (onlyIfInactive) sourceIds = sourceIds.filter((sourceId) => !this.deactivated.has(sourceId));
        else for (const sourceId of sourceIds) this.deactivated.delete(sourceId);
        if (sourceIds.length === 0) return { activated: true, heldReplays: [] };
        for (const row of rows) if (row.contractId === contractId && !sourceIds.includes(row.sourceId)) this.active.delete(row.sourceId);
        for (const sourceId of sourceIds) this.active.set(sourceId, { sourceId, contractId, version, activatedBy, activatedAt: new Date((this.clock += 1000)) });
        const requestedAt = new Date(this.clock).toISOString();
        const heldReplays = sourceIds.map((sourceId, index) => {
          const held = this.held.get(sourceId) ?? 0;
          return { replayId: `00000000-0000-4000-8000-${String(this.clock + index).padStart(12, '0')}`, sourceId, contractId, contractVersion: version, state: 'pending' as const, heldAtRequest: held, heldNow: held, judged: 0, released: 0, stillQuarantined: 0, notReplayable: 0, attempts: 0, requestedAt, startedAt: null, finishedAt: null, lastError: null };
        });
        return { activated: true, heldReplays };
      },
      deactivate: async (sourceId, deactivatedBy): Promise<DeactivationView | null> => {
        const row = this.active.get(sourceId);
        if (!row) return null;
        this.active.delete(sourceId);
        this.deactivated.set(sourceId, { contractId: row.contractId, version: row.version, deactivatedBy });
        const supersededReplays = this.unfinishedReplays.get(sourceId) ?? 0;
        this.unfinishedReplays.delete(sourceId);
        return { sourceId, contractId: row.contractId, contractVersion: row.version, deactivatedAt: new Date((this.clock += 1000)).toISOString(), supersededReplays };
      },
    };
    return repository as ContractRepository;
  }
}

/** An ODCS document for the unit tests: source `orders`, amount ≥ 0 (≤ maximum when given), status from a list. */
export function ordersContract(version: string, maximum?: number): Record<string, unknown> {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders-contract',
    version,
    status: 'active',
    schema: [
      {
        name: 'orders',
        properties: [
          { name: 'order_id', logicalType: 'integer', required: true },
          { name: 'amount', logicalType: 'number', logicalTypeOptions: { minimum: 0, ...(maximum !== undefined ? { maximum } : {}) } },
          { name: 'status', logicalType: 'string', quality: [{ id: 'order-status', name: 'Known order status', metric: 'invalidValues', arguments: { validValues: ['new', 'shipped'] }, mustBe: 0 }] },
          { name: 'order_ref', logicalType: 'string', unique: true },
        ],
      },
    ],
  };
}
