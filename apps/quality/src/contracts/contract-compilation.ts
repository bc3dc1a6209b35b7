import type { CompiledContract } from '../checks/check-model';
import { createRecordCheckFactories } from '../checks/default-record-checks';
import { RecordCheckRegistry, SourceContractChecker } from '../checks/record-checker';
import { compileOdcsContract } from './odcs-compiler';
import type { OdcsDocument } from './odcs-document';

export const RECORD_CHECKS = new RecordCheckRegistry(createRecordCheckFactories());

export function compileContract(document: OdcsDocument): CompiledContract {
  return compileOdcsContract(document, RECORD_CHECKS);
}

/** The stream checker of one source of a compiled contract. */
export function checkerFor(contract: CompiledContract, sourceId: string): SourceContractChecker | undefined {
  const source = contract.sources.find((candidate) => candidate.sourceId === sourceId);
  if (!source) return undefined;
  return new SourceContractChecker(
    contract.contractId,
    contract.contractVersion,
    sourceId,
    source.checks.map((definition) => RECORD_CHECKS.create(definition)),
    source.runChecks,
    source.dataset,
  );
}
