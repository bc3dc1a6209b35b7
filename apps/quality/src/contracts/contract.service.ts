import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { resolve } from 'node:path';
import { computeChecksum, SOURCE_ID_PATTERN, type JudgeProtectedRecordsRequest, type SourceContractStatus } from '@atlas/contracts';
import { ContractsQuery, CursorPage, cursorKey, cursorPageOf, textKey } from '@atlas/platform';
import type { CompiledContract, NotEvaluatedElement, SourceChecks } from '../checks/check-model';
import { compileContract, contractProblems, type ContractDocument } from './contract-compilation';
import { isSodaclDocument } from './sodacl/sodacl-document';
import { ContractRepository, type DeactivationView } from './contract.repository';
import type { ContractVersionEntity } from './contract-version.entity';
import { ActiveContractRegistry } from './active-contract.registry';
import { readContractFiles, type ContractFile } from './contract-files';
import { dryRun, dryRunProtected, type DryRunView } from './contract-dry-run';
import type { HeldReplayView } from './held-replay-requests';
import { QualityEnvironment } from '../quality-environment';
import { ReferenceTablesService } from '../references/reference-tables.service';
import { ContractDocumentError, CONTRACT_ID_PATTERN, CONTRACT_VERSION_PATTERN, type ContractProblem } from './odcs-document';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
const CONTRACT_KEY = textKey(CONTRACT_ID_PATTERN);

export interface CompiledView {
  sources: SourceChecks[];
  notEvaluated: NotEvaluatedElement[];
}

export interface ValidationView extends Partial<CompiledView> {
  valid: boolean;
  problems: ContractProblem[];
}

export interface ContractVersionView extends CompiledView {
  contractId: string;
  version: string;
  status: string;
  origin: string;
  createdAt: string;
  /** Sources this version checks right now. */
  activeFor: string[];
  document: object;
}

/** An activation: the version, and the replays of its sources' held records (progress: GET /api/v1/quarantine/held-replays/{replayId}). */
export interface ActivationView extends ContractVersionView {
  heldReplays: HeldReplayView[];
}

export interface ContractSummary {
  contractId: string;
  versions: Array<{ version: string; origin: string; createdAt: string }>;
  active: Array<{ sourceId: string; version: string; activatedAt: string }>;
}

function compiledView(compiled: CompiledContract): CompiledView {
  return { sources: compiled.sources, notEvaluated: compiled.notEvaluated };
}

/** Validates and compiles a posted document, or throws 400 listing every problem with its path. */
export function compileOrRefuse(body: unknown): { document: ContractDocument; compiled: CompiledContract } {
  const problems = contractProblems(body);
  const format = isSodaclDocument(body) ? 'SodaCL' : 'ODCS v3.1';
  if (problems.length > 0) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'contract_invalid', message: `The contract is not valid ${format}`, problems });
  try {
    return { document: body as ContractDocument, compiled: compileContract(body as ContractDocument) };
  } catch (error) {
    if (error instanceof ContractDocumentError) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'contract_invalid', message: error.message, problems: error.problems });
    throw error;
  }
}

/** Versioned contracts: create, validate, activate, list and read. Versions are immutable. */
@Injectable()
export class ContractService implements OnModuleInit {
  private readonly logger = new Logger(ContractService.name);

  constructor(
    private readonly contracts: ContractRepository,
    private readonly registry: ActiveContractRegistry,
    private readonly environment: QualityEnvironment,
    private readonly references: ReferenceTablesService,
  ) {}

  /** Contract files are read (an invalid one stops start-up, naming the file and path), then seeded before the first load. */
  async onModuleInit(): Promise<void> {
    const directory = resolve(this.environment.QUALITY_CONTRACTS_DIR);
    const files = readContractFiles(directory);
    this.logger.log(`Read ${files.length} data contract file(s) from ${directory}`);
    await this.registry.start(() => this.seedFromFiles(files));
  }

  /** Judges posted records with a stored version, storing and publishing nothing. */
  async dryRun(contractId: string, version: string, body: unknown): Promise<DryRunView> {
    const stored = await this.findOrFail(contractId, version);
    return dryRun(compileContract(stored.document as ContractDocument), body, (checker) => this.references.prepareForDryRun(checker));
  }

  /** Judges a source's last N Explore records, protected by pii-detection, as the stream would: storing and publishing nothing. */
  async dryRunProtected(request: JudgeProtectedRecordsRequest): Promise<DryRunView> {
    const stored = await this.findOrFail(request.contractId, request.version);
    return dryRunProtected(compileContract(stored.document as ContractDocument), request, (checker) => this.references.prepareForDryRun(checker));
  }

  validate(body: unknown): ValidationView {
    try {
      const { compiled } = compileOrRefuse(body);
      return { valid: true, problems: [], ...compiledView(compiled) };
    } catch (error) {
      if (error instanceof BadRequestException) return { valid: false, problems: (error.getResponse() as { problems: ContractProblem[] }).problems };
      throw error;
    }
  }

  /** Stores a new version: `created` false when the same document was stored before; 409 when that version holds another document. */
  async createVersion(body: unknown, origin = 'api'): Promise<{ created: boolean; view: ContractVersionView }> {
    const { document, compiled } = compileOrRefuse(body);
    const documentChecksum = computeChecksum(document);
    const created = await this.contracts.insertVersion({ contractId: document.id, version: document.version, document, documentChecksum, origin });
    const stored = await this.contracts.findVersion(document.id, document.version);
    if (!stored) throw new ConflictException(`Contract "${document.id}" version ${document.version} is being written concurrently; retry`);
    if (!created && stored.documentChecksum !== documentChecksum) {
      throw new ConflictException(`Contract "${document.id}" already has a different version ${document.version}; versions never change, so give the new one another version`);
    }
    return { created, view: await this.viewOf(stored, compiled) };
  }

  async getVersion(contractId: string, version: string): Promise<ContractVersionView> {
    const stored = await this.findOrFail(contractId, version);
    return this.viewOf(stored, compileContract(stored.document as ContractDocument));
  }

  private async findOrFail(contractId: string, version: string): Promise<ContractVersionEntity> {
    const stored = CONTRACT_ID_PATTERN.test(contractId) && CONTRACT_VERSION_PATTERN.test(version) ? await this.contracts.findVersion(contractId, version) : null;
    if (!stored) throw new NotFoundException(`No version ${version} of contract "${contractId}"`);
    return stored;
  }

  async getContract(contractId: string): Promise<ContractSummary> {
    const [summary] = CONTRACT_ID_PATTERN.test(contractId) ? await this.summariesOf([contractId]) : [];
    if (!summary) throw new NotFoundException(`No contract "${contractId}"`);
    return summary;
  }

  /** Stored contracts by id, each with its versions and where it is active, a page at a time (`contracts:contractId` cursors). */
  async list(query: ContractsQuery): Promise<CursorPage<ContractSummary>> {
    const scope = `contracts:${query.sort}`;
    const after = cursorKey(query.cursor, scope, CONTRACT_KEY)?.[0] as string | undefined;
    const contractIds = await this.contracts.contractIds(after, query.limit + 1);
    return cursorPageOf(await this.summariesOf(contractIds), query.limit, scope, (summary) => [summary.contractId], (summary) => summary);
  }

  private async summariesOf(contractIds: string[]): Promise<ContractSummary[]> {
    if (contractIds.length === 0) return [];
    const [versions, active] = await Promise.all([this.contracts.listVersions(contractIds), this.contracts.activeRows(contractIds)]);
    const byId = new Map<string, ContractSummary>();
    for (const row of versions) {
      const summary = byId.get(row.contractId) ?? { contractId: row.contractId, versions: [], active: [] };
      summary.versions.push({ version: row.version, origin: row.origin, createdAt: row.createdAt.toISOString() });
      byId.set(row.contractId, summary);
    }
    for (const row of active) byId.get(row.contractId)?.active.push({ sourceId: row.sourceId, version: row.version, activatedAt: row.activatedAt.toISOString() });
    return contractIds.flatMap((contractId) => byId.get(contractId) ?? []);
  }

  /**
   * Makes a stored version check its sources' records (on every replica within the refresh interval;
   * here at once) and requests the replay of their held records through it.
   */
  async activate(contractId: string, version: string, activatedBy: string): Promise<ActivationView> {
    const view = await this.getVersion(contractId, version);
    const sourceIds = view.sources.map((source) => source.sourceId).filter((sourceId) => SOURCE_ID.test(sourceId));
    if (sourceIds.length === 0) throw new BadRequestException(`Contract "${contractId}" version ${version} names no Atlas source (schema object names must match ${SOURCE_ID_PATTERN})`);
    const outcome = await this.contracts.activate(contractId, version, sourceIds, activatedBy);
    if (!outcome.activated) {
      const taken = outcome.conflicts.map((row) => `"${row.sourceId}" (contract "${row.contractId}")`).join(', ');
      throw new ConflictException(`Sources already governed by another contract: ${taken}; give them a version of that contract instead`);
    }
    await this.registry.refresh();
    return { ...(await this.getVersion(contractId, version)), heldReplays: outcome.heldReplays };
  }

  /** What governs the source: its active contract (null: its records are held) and how many of its records are held now. */
  async sourceStatus(sourceId: string): Promise<SourceContractStatus> {
    const [active, heldRecords] = await Promise.all([this.contracts.activeFor(sourceId), this.contracts.heldRecordCount(sourceId)]);
    return {
      sourceId,
      activeContract: active ? { contractId: active.contractId, version: active.version, activatedAt: active.activatedAt.toISOString() } : null,
      heldRecords,
    };
  }

  /**
   * Stops the source's contract from checking its records (on every replica within the refresh
   * interval; here at once): its next records are held with `no_active_contract` until a version is
   * activated again, which replays them. Records already judged stay as they were.
   */
  async deactivate(sourceId: string, deactivatedBy: string): Promise<DeactivationView> {
    const deactivation = SOURCE_ID.test(sourceId) ? await this.contracts.deactivate(sourceId, deactivatedBy) : null;
    if (!deactivation) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'no_active_contract', message: 'No contract is active for this source' });
    await this.registry.refresh();
    this.logger.log(`Contract "${deactivation.contractId}" version ${deactivation.contractVersion} deactivated for source ${sourceId}`);
    return deactivation;
  }

  /**
   * Start-up seeding: every contract file becomes a stored version (idempotent) and is activated
   * if its contract governs nothing yet. Later versions are managed through the API; a file whose
   * version was stored with another document is reported and left out.
   */
  async seedFromFiles(files: ContractFile[]): Promise<void> {
    for (const { file, document } of files) {
      try {
        await this.createVersion(document, `file:${file}`);
      } catch (error) {
        if (!(error instanceof ConflictException)) throw error;
        this.logger.warn(`${file}: ${error.message}`);
        continue;
      }
      const sourceIds = (document.schema ?? []).map((schemaObject) => schemaObject.name).filter((sourceId) => SOURCE_ID.test(sourceId));
      if (sourceIds.length === 0) continue;
      const outcome = await this.contracts.activate(document.id, document.version, sourceIds, 'file', true);
      if (!outcome.activated) this.logger.warn(`${file}: not activated, its sources are governed by other contracts (${outcome.conflicts.map((row) => row.sourceId).join(', ')})`);
    }
    this.logger.log(`Seeded ${files.length} data contract file(s)`);
  }

  private async viewOf(stored: ContractVersionEntity, compiled: CompiledContract): Promise<ContractVersionView> {
    const active = (await this.contracts.activeRows()).filter((row) => row.contractId === stored.contractId && row.version === stored.version);
    return {
      contractId: stored.contractId,
      version: stored.version,
      status: compiled.status,
      origin: stored.origin,
      createdAt: stored.createdAt.toISOString(),
      activeFor: active.map((row) => row.sourceId),
      ...compiledView(compiled),
      document: stored.document,
    };
  }
}
