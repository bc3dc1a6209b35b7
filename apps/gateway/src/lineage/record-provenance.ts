import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { NavigateRowProvenance } from '@atlas/contracts';
import { servicePath, UpstreamAnswer } from '../internal-services/internal-service-client';
import { InternalServices } from '../internal-services/internal-services';

/** The parts of the lineage service's run provenance (GET /api/v1/lineage/runs/{runId}/provenance) a row's provenance uses. */
export interface RunProvenanceAnswer {
  source: Record<string, unknown> | null;
  stages: Array<Record<string, unknown>>;
  qualityChecks: Array<{ assertion: string; success: boolean; column?: string }>;
  maskingPolicies: Array<{ column: string; policyId: string; policyVersion: number }>;
}

/** The parts of quality's contract version (GET /api/v1/contracts/{id}/versions/{version}) a row's provenance uses. */
export interface ContractVersionAnswer {
  sources: Array<{ sourceId: string; checks: Array<{ id: string; name: string; field: string[]; level: 'fail' | 'warn' }> }>;
}

/** One record check of the row's contract version: `passed` is null when the run had records failing it and which ones is not kept. */
export interface RecordCheckOutcome {
  checkId: string;
  name: string;
  field: string;
  level: 'fail' | 'warn';
  passed: boolean | null;
}

export interface RecordProvenance extends NavigateRowProvenance {
  protection: NavigateRowProvenance['protection'] & { maskedColumns: string[] };
  contract: NavigateRowProvenance['contract'] & { checks: RecordCheckOutcome[] | null };
  /** The run of the source (root run) and each stage's run of the row's ingestion run, from the run-level lineage; null and [] when lineage has not heard of the run. */
  source: Record<string, unknown> | null;
  stages: Array<Record<string, unknown>>;
}

/**
 * A Navigate row's provenance: its own columns (source, position, run, policy and contract
 * versions, trace id) joined with its run's lineage and its contract version's checks. A row in
 * Navigate passed every `fail` check of its version (it would have been quarantined otherwise); a
 * `warn` check passed when no record of the run failed it, and is unknown (null) otherwise, since
 * results are kept per run, not per record. The masked columns are those its policy version masked
 * in the run.
 */
export function recordProvenanceOf(row: NavigateRowProvenance, run: RunProvenanceAnswer | undefined, contract: ContractVersionAnswer | undefined): RecordProvenance {
  const failedInRun = new Set((run?.qualityChecks ?? []).filter((assertion) => !assertion.success).map((assertion) => assertion.assertion));
  const checks = contract?.sources.find((source) => source.sourceId === row.sourceId)?.checks ?? [];
  const maskedColumns = (run?.maskingPolicies ?? [])
    .filter((policy) => policy.policyId === row.protection.policyId && policy.policyVersion === row.protection.policyVersion)
    .map((policy) => policy.column);
  return {
    ...row,
    protection: { ...row.protection, maskedColumns: [...new Set(maskedColumns)].sort() },
    contract: {
      ...row.contract,
      checks: contract
        ? checks.map((check) => ({
            checkId: check.id,
            name: check.name,
            field: check.field.join('.'),
            level: check.level,
            passed: check.level === 'fail' || !failedInRun.has(check.id) ? true : null,
          }))
        : null,
    },
    source: run?.source ?? null,
    stages: run?.stages ?? [],
  };
}

/** The answer's body, or undefined when the service says 404 (lineage not yet told of the run, a contract version unknown to quality). */
async function unlessNotFound(call: Promise<UpstreamAnswer>): Promise<unknown> {
  try {
    return (await call).body;
  } catch (error) {
    if (error instanceof HttpException && error.getStatus() === HttpStatus.NOT_FOUND) return undefined;
    throw error;
  }
}

/** Asks the connector for the row (by record id, or by dataset and key), then lineage and quality for its run and contract version, at once. */
@Injectable()
export class RecordProvenanceService {
  constructor(private readonly services: InternalServices) {}

  provenanceOf(recordId: string): Promise<RecordProvenance> {
    return this.provenanceOfRow(servicePath`/api/v1/navigate/records/${recordId}/provenance`);
  }

  /** The row of a typed dataset whose business key has these values (text, in key order; the record id for a dataset without a key). */
  provenanceOfKey(datasetId: string, key: readonly string[]): Promise<RecordProvenance> {
    return this.provenanceOfRow(servicePath`/api/v1/datasets/${datasetId}/rows/provenance` + `?${new URLSearchParams(key.map((value): [string, string] => ['key', value])).toString()}`);
  }

  private async provenanceOfRow(path: string): Promise<RecordProvenance> {
    const row = (await this.services.connector.call({ path })).body as NavigateRowProvenance;
    const [run, contract] = await Promise.all([
      unlessNotFound(this.services.lineage.call({ path: servicePath`/api/v1/lineage/runs/${row.runId}/provenance` })),
      unlessNotFound(this.services.quality.call({ path: servicePath`/api/v1/contracts/${row.contract.contractId}/versions/${row.contract.contractVersion}` })),
    ]);
    return recordProvenanceOf(row, run as RunProvenanceAnswer | undefined, contract as ContractVersionAnswer | undefined);
  }
}
