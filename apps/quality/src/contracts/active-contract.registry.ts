import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { describeFailure } from '@atlas/kafka';
import type { SourceContractChecker } from '../checks/record-checker';
import { checkerFor, compileContract, type ContractDocument } from './contract-compilation';
import { ContractRepository } from './contract.repository';
import { ContractDocumentError } from './odcs-document';

/** How often the active contracts are reloaded (ms), so every replica follows an activation. */
export const CONTRACT_REFRESH_INTERVAL_MS = Symbol('CONTRACT_REFRESH_INTERVAL_MS');
export const DEFAULT_CONTRACT_REFRESH_INTERVAL_MS = 5_000;

/**
 * The active contract of every source, compiled for the stream and kept in memory, so checking a
 * record never waits on the database. Reloaded periodically and right after an activation on this
 * replica; a version is compiled once (versions never change). `beforeFirstLoad` runs before the
 * first successful load (start-up seeding of contract files), and the stream waits for both.
 */
@Injectable()
export class ActiveContractRegistry implements OnModuleDestroy {
  private readonly logger = new Logger(ActiveContractRegistry.name);
  private bySource = new Map<string, SourceContractChecker>();
  private compiled = new Map<string, SourceContractChecker>();
  private loaded = false;
  private timer?: NodeJS.Timeout;
  private beforeFirstLoad?: () => Promise<void>;
  readonly refreshIntervalMs: number;

  constructor(
    private readonly contracts: ContractRepository,
    @Optional() @Inject(CONTRACT_REFRESH_INTERVAL_MS) refreshIntervalMs?: number,
  ) {
    this.refreshIntervalMs = refreshIntervalMs ?? DEFAULT_CONTRACT_REFRESH_INTERVAL_MS;
  }

  /** Starts the periodic reload; `beforeFirstLoad` (seeding) must succeed before contracts count as loaded. */
  async start(beforeFirstLoad?: () => Promise<void>): Promise<void> {
    this.beforeFirstLoad = beforeFirstLoad;
    await this.refreshSafely();
    this.timer = setInterval(() => void this.refreshSafely(), this.refreshIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  forSource(sourceId: string): SourceContractChecker | undefined {
    return this.bySource.get(sourceId);
  }

  isLoaded(): boolean {
    return this.loaded;
  }

  async refresh(): Promise<void> {
    if (this.beforeFirstLoad) {
      await this.beforeFirstLoad();
      this.beforeFirstLoad = undefined;
    }
    const rows = await this.contracts.activeDocuments();
    const bySource = new Map<string, SourceContractChecker>();
    const compiled = new Map<string, SourceContractChecker>();
    for (const row of rows) {
      const key = JSON.stringify([row.contractId, row.version, row.sourceId]);
      let checker = this.compiled.get(key);
      if (!checker) {
        try {
          checker = checkerFor(compileContract(row.document as ContractDocument), row.sourceId);
        } catch (error) {
          const why = error instanceof ContractDocumentError ? error.message : describeFailure(error);
          this.logger.warn(`Contract ${row.contractId} version ${row.version} does not compile and is ignored: ${why}`);
        }
      }
      if (!checker) continue;
      compiled.set(key, checker);
      bySource.set(row.sourceId, checker);
    }
    this.bySource = bySource;
    this.compiled = compiled;
    this.loaded = true;
  }

  private async refreshSafely(): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      this.logger.warn(`Could not reload the active data contracts; keeping the ones in memory: ${describeFailure(error)}`);
    }
  }
}
