import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import odcsSchema from './odcs/odcs-json-schema-v3.1.0.json';

export interface RuleViolation {
  rule: 'not_null';
  field: string;
  message: string;
}

/** The rules Atlas enforces for one source, read from the ODCS schema object named after it. */
export interface DataContract {
  contractId: string;
  contractVersion: string;
  sourceId: string;
  requiredFields: string[];
}

interface OdcsProperty {
  name: string;
  required?: boolean;
}

interface OdcsDocument {
  id: string;
  version: string;
  status?: string;
  schema?: Array<{ name: string; properties?: OdcsProperty[] }>;
}

const validateOdcs = addFormats(new Ajv2019({ allErrors: true, strict: false })).compile(odcsSchema);

export class DataContractError extends Error {}

/** Parses one ODCS document; every schema object becomes the contract of the source of that name. */
export function parseDataContracts(text: string, origin: string): DataContract[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new DataContractError(`${origin} is not valid YAML: ${(error as Error).message}`);
  }
  if (!validateOdcs(document)) {
    const problems = (validateOdcs.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '/'} ${error.message}`);
    throw new DataContractError(`${origin} is not a valid ODCS v3.1 contract: ${problems.join('; ')}`);
  }
  const contract = document as unknown as OdcsDocument;
  return (contract.schema ?? []).map((schemaObject) => ({
    contractId: contract.id,
    contractVersion: contract.version,
    sourceId: schemaObject.name,
    requiredFields: (schemaObject.properties ?? []).filter((property) => property.required === true).map((property) => property.name),
  }));
}

export function loadDataContracts(directory: string): Map<string, DataContract> {
  const contracts = new Map<string, DataContract>();
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.odcs.yaml')).sort()) {
    for (const contract of parseDataContracts(readFileSync(join(directory, file), 'utf8'), file)) {
      if (contracts.has(contract.sourceId)) {
        throw new DataContractError(`${file}: source "${contract.sourceId}" already has a contract`);
      }
      contracts.set(contract.sourceId, contract);
    }
  }
  return contracts;
}

/** Not-null: the field must be present and neither null nor an empty string. */
export function checkRecord(contract: DataContract, payload: Record<string, unknown>): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const field of contract.requiredFields) {
    const value = payload[field];
    if (value === undefined || value === null || value === '') {
      violations.push({ rule: 'not_null', field, message: `${field} is required but is ${value === undefined ? 'missing' : JSON.stringify(value)}` });
    }
  }
  return violations;
}
