import type { CompiledContract } from '../checks/check-model';
import { createRecordCheckFactories } from '../checks/default-record-checks';
import { RecordCheckRegistry, SourceContractChecker } from '../checks/record-checker';
import { AggregateCheck, type AggregateParameters } from '../windows/aggregate-check';
import { compileOdcsContract } from './odcs-compiler';
import { odcsProblems, type ContractProblem, type OdcsDocument } from './odcs-document';
import { compileSodaclContract, sodaclProblems } from './sodacl/sodacl-compiler';
import { isSodaclDocument, type SodaclContractDocument } from './sodacl/sodacl-document';

export const RECORD_CHECKS = new RecordCheckRegistry(createRecordCheckFactories());

/** A stored contract version: an ODCS document, or a SodaCL file with its identity (`format: sodacl`). */
export type ContractDocument = OdcsDocument | SodaclContractDocument;

/** Both formats compile to the one internal model (checks/check-model.ts). */
export function compileContract(document: ContractDocument): CompiledContract {
  return isSodaclDocument(document) ? compileSodaclContract(document as SodaclContractDocument, RECORD_CHECKS) : compileOdcsContract(document as OdcsDocument, RECORD_CHECKS);
}

/** Every problem of a posted contract in its format, each with its path (and line for SodaCL); empty when valid. */
export function contractProblems(body: unknown): ContractProblem[] {
  return isSodaclDocument(body) ? sodaclProblems(body, RECORD_CHECKS) : odcsProblems(body);
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
    source.windowChecks.map(
      (definition) =>
        new AggregateCheck(
          definition,
          (definition.parameters as unknown as AggregateParameters).validity.map((rule) => RECORD_CHECKS.create({ ...definition, type: rule.type, parameters: rule.parameters })),
        ),
    ),
    source.dataset,
  );
}
