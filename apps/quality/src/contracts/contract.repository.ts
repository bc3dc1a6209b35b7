import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { ActiveContractEntity } from './active-contract.entity';
import { ContractVersionEntity } from './contract-version.entity';
import { heldCondition, requestHeldReplays, type HeldReplayView } from './held-replay-requests';

/** Activation result: done (with the replays of its sources' held records), or the sources another contract governs (nothing was changed). */
export type ActivationOutcome = { activated: true; heldReplays: HeldReplayView[] } | { activated: false; conflicts: ActiveContractEntity[] };

/** A deactivation: the version that governed the source, when, and how many unfinished replays of its held records it stopped. */
export interface DeactivationView {
  sourceId: string;
  contractId: string;
  contractVersion: string;
  deactivatedAt: string;
  supersededReplays: number;
}

/** An active contract with its document, for the in-memory registry. */
export interface ActiveContractDocument {
  sourceId: string;
  contractId: string;
  version: string;
  document: Record<string, unknown>;
}

@Injectable()
export class ContractRepository {
  constructor(
    @InjectRepository(ContractVersionEntity) private readonly versions: Repository<ContractVersionEntity>,
    @InjectRepository(ActiveContractEntity) private readonly active: Repository<ActiveContractEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Inserts a version; false when (contract, version) already exists. Never updates. */
  async insertVersion(row: Omit<ContractVersionEntity, 'createdAt'>): Promise<boolean> {
    const result = await this.versions.createQueryBuilder().insert().into(ContractVersionEntity).values(row).orIgnore().returning('contract_id').execute();
    return Array.isArray(result.raw) && result.raw.length > 0;
  }

  findVersion(contractId: string, version: string): Promise<ContractVersionEntity | null> {
    return this.versions.findOne({ where: { contractId, version } });
  }

  /** Every version of one contract, newest first. */
  versionsOf(contractId: string): Promise<ContractVersionEntity[]> {
    return this.versions.find({ where: { contractId }, order: { createdAt: 'DESC', version: 'DESC' } });
  }

  /** Every version of every contract without documents, by contract then newest first. */
  listVersions(contractIds: string[]): Promise<Pick<ContractVersionEntity, 'contractId' | 'version' | 'origin' | 'createdAt'>[]> {
    return this.versions.find({ select: { contractId: true, version: true, origin: true, createdAt: true }, where: { contractId: In(contractIds) }, order: { contractId: 'ASC', createdAt: 'DESC' } });
  }

  /** The ids of stored contracts in id order after `afterContractId`: the keyset of the contract list. */
  async contractIds(afterContractId: string | undefined, limit: number): Promise<string[]> {
    const rows: Array<{ contract_id: string }> = await this.dataSource.query(
      'SELECT DISTINCT contract_id FROM quality.contract_versions WHERE ($1::text IS NULL OR contract_id > $1) ORDER BY contract_id LIMIT $2',
      [afterContractId ?? null, limit],
    );
    return rows.map((row) => row.contract_id);
  }

  /** The source's active contract row, if any. */
  activeFor(sourceId: string): Promise<ActiveContractEntity | null> {
    return this.active.findOne({ where: { sourceId } });
  }

  /** Records of the source held now for want of an active contract (the partial index on held rows). */
  async heldRecordCount(sourceId: string): Promise<number> {
    const rows: Array<{ held: number }> = await this.dataSource.query(`SELECT count(*)::int AS held FROM quality.quarantined_records q WHERE q.source_id = $1 AND ${heldCondition('q')}`, [sourceId]);
    return rows[0].held;
  }

  /** The active rows (of these contracts only, when given), by source. */
  activeRows(contractIds?: string[]): Promise<ActiveContractEntity[]> {
    return this.active.find({ where: contractIds ? { contractId: In(contractIds) } : {}, order: { sourceId: 'ASC' } });
  }

  async activeDocuments(): Promise<ActiveContractDocument[]> {
    const rows: Array<{ source_id: string; contract_id: string; version: string; document: Record<string, unknown> }> = await this.dataSource.query(
      `SELECT a.source_id, a.contract_id, a.version, v.document
         FROM quality.active_contracts a JOIN quality.contract_versions v USING (contract_id, version)`,
    );
    return rows.map((row) => ({ sourceId: row.source_id, contractId: row.contract_id, version: row.version, document: row.document }));
  }

  /**
   * Makes a version govern its sources, in one transaction serialised by an advisory lock: refused
   * when another contract governs one of them; sources the contract no longer names are released.
   * With `onlyIfInactive` (start-up seeding) a contract that already governs anything is left alone.
   * Each source activated gets a replay of its held records, committed with the activation.
   */
  activate(contractId: string, version: string, sourceIds: string[], activatedBy: string, onlyIfInactive = false): Promise<ActivationOutcome> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('quality.active_contracts'))`);
      const rows = await manager.find(ActiveContractEntity, {});
      if (onlyIfInactive && rows.some((row) => row.contractId === contractId)) return { activated: true, heldReplays: [] };
      const conflicts = rows.filter((row) => row.contractId !== contractId && sourceIds.includes(row.sourceId));
      if (conflicts.length > 0) return { activated: false, conflicts };
      if (onlyIfInactive) {
        // Seeding never undoes a deactivation made through the API.
        const deactivated: Array<{ source_id: string }> = await manager.query(`SELECT source_id FROM quality.contract_deactivations WHERE source_id = ANY($1::text[])`, [sourceIds]);
        sourceIds = sourceIds.filter((sourceId) => !deactivated.some((row) => row.source_id === sourceId));
        if (sourceIds.length === 0) return { activated: true, heldReplays: [] };
      } else {
        await manager.query(`DELETE FROM quality.contract_deactivations WHERE source_id = ANY($1::text[])`, [sourceIds]);
      }
      await manager.query(`DELETE FROM quality.active_contracts WHERE contract_id = $1 AND NOT (source_id = ANY($2::text[]))`, [contractId, sourceIds]);
      for (const sourceId of sourceIds) {
        await manager.query(
          `INSERT INTO quality.active_contracts (source_id, contract_id, version, activated_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (source_id) DO UPDATE SET version = EXCLUDED.version, activated_by = EXCLUDED.activated_by, activated_at = now()`,
          [sourceId, contractId, version, activatedBy],
        );
      }
      return { activated: true, heldReplays: await requestHeldReplays(manager, contractId, version, sourceIds, activatedBy) };
    });
  }

  /**
   * Stops the source's contract from governing it (its next records are held again), under the
   * activation's advisory lock: records the deactivation and supersedes the unfinished replays of its
   * held records (the version that was to judge them no longer governs it). Null when no contract
   * governs the source.
   */
  deactivate(sourceId: string, deactivatedBy: string): Promise<DeactivationView | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('quality.active_contracts'))`);
      // TypeORM answers a bare DELETE … RETURNING with [rows, count].
      const [removed]: [Array<{ contract_id: string; version: string }>, number] = await manager.query(
        `DELETE FROM quality.active_contracts WHERE source_id = $1 RETURNING contract_id, version`,
        [sourceId],
      );
      if (removed.length === 0) return null;
      const [{ contract_id: contractId, version }] = removed;
      const [{ deactivated_at: deactivatedAt }]: Array<{ deactivated_at: string }> = await manager.query(
        `INSERT INTO quality.contract_deactivations (source_id, contract_id, contract_version, deactivated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (source_id) DO UPDATE SET contract_id = EXCLUDED.contract_id, contract_version = EXCLUDED.contract_version,
           deactivated_by = EXCLUDED.deactivated_by, deactivated_at = now()
         RETURNING to_char(deactivated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS deactivated_at`,
        [sourceId, contractId, version, deactivatedBy],
      );
      const [, supersededReplays]: [unknown[], number] = await manager.query(
        `UPDATE quality.held_replays SET state = 'superseded', finished_at = now(), lease_until = NULL
          WHERE source_id = $1 AND state IN ('pending', 'running')`,
        [sourceId],
      );
      return { sourceId, contractId, contractVersion: version, deactivatedAt, supersededReplays };
    });
  }
}
