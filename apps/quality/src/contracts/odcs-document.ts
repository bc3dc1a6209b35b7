import Ajv2019, { type ErrorObject } from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import odcsSchema from './odcs/odcs-json-schema-v3.1.0.json';

/** One problem of a contract, at a JSON pointer into it (`/schema/0/properties/2/logicalType`). */
export interface ContractProblem {
  path: string;
  message: string;
  /** The line in the contract's text (1-based), when it was posted as text (SodaCL). */
  line?: number;
}

export class ContractDocumentError extends Error {
  constructor(
    message: string,
    readonly problems: ContractProblem[] = [],
  ) {
    super(message);
  }
}

/** The parts of an ODCS document Atlas reads; the JSON Schema has vouched for their shapes. */
export interface OdcsDocument {
  apiVersion: string;
  kind: string;
  id: string;
  version: string;
  status: string;
  schema?: OdcsSchemaObject[];
  slaProperties?: unknown[];
  [other: string]: unknown;
}

export interface OdcsSchemaObject {
  name: string;
  properties?: OdcsProperty[];
  quality?: OdcsQuality[];
  relationships?: unknown[];
}

export interface OdcsProperty {
  name: string;
  logicalType?: string;
  logicalTypeOptions?: Record<string, unknown>;
  required?: boolean;
  unique?: boolean;
  primaryKey?: boolean;
  primaryKeyPosition?: number;
  properties?: OdcsProperty[];
  items?: unknown;
  quality?: OdcsQuality[];
  relationships?: unknown[];
}

export interface OdcsQuality {
  id?: string;
  name?: string;
  type?: string;
  metric?: string;
  rule?: string;
  engine?: string;
  severity?: string;
  dimension?: string;
  unit?: string;
  arguments?: Record<string, unknown>;
  mustBe?: unknown;
  mustNotBe?: unknown;
  mustBeGreaterThan?: number;
  mustBeGreaterOrEqualTo?: number;
  mustBeLessThan?: number;
  mustBeLessOrEqualTo?: number;
  mustBeBetween?: number[];
  mustNotBeBetween?: number[];
}

/** Contract ids and versions appear in URLs and table keys, so Atlas bounds their alphabet. */
export const CONTRACT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const CONTRACT_VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const MAX_PROBLEMS = 20;

const validateOdcs = addFormats(new Ajv2019({ allErrors: true, strict: false })).compile(odcsSchema);

function problemOf(error: ErrorObject): ContractProblem | undefined {
  // "must match then schema" only repeats the errors found inside the branch.
  if (error.keyword === 'if') return undefined;
  const path = error.instancePath || '/';
  if (error.keyword === 'unevaluatedProperties' || error.keyword === 'additionalProperties') {
    const property = (error.params as { unevaluatedProperty?: string; additionalProperty?: string }).unevaluatedProperty ?? (error.params as { additionalProperty?: string }).additionalProperty;
    return { path: `${error.instancePath}/${property}`, message: 'is not a property ODCS v3.1 allows here' };
  }
  if (error.keyword === 'required') return { path: `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`, message: 'is required' };
  if (error.keyword === 'enum') return { path, message: `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ')}` };
  return { path, message: error.message ?? 'is invalid' };
}

/** Every problem of a document against the ODCS v3.1.0 JSON Schema and Atlas' limits on ids; empty when valid. */
export function odcsProblems(document: unknown): ContractProblem[] {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return [{ path: '/', message: 'must be an ODCS document (an object)' }];
  const problems: ContractProblem[] = [];
  if (!validateOdcs(document)) {
    const seen = new Set<string>();
    for (const error of validateOdcs.errors ?? []) {
      const problem = problemOf(error);
      const key = problem && `${problem.path} ${problem.message}`;
      if (problem && !seen.has(key!)) {
        seen.add(key!);
        problems.push(problem);
      }
    }
  }
  const { id, version } = document as Record<string, unknown>;
  if (typeof id === 'string' && !CONTRACT_ID_PATTERN.test(id)) problems.push({ path: '/id', message: 'must be 1-128 letters, digits, ".", "_", ":" or "-" (Atlas uses it in URLs)' });
  if (typeof version === 'string' && !CONTRACT_VERSION_PATTERN.test(version)) problems.push({ path: '/version', message: 'must be 1-64 letters, digits, ".", "_", "+" or "-"' });
  return problems.slice(0, MAX_PROBLEMS);
}

export function describeProblems(problems: ContractProblem[]): string {
  return problems.map((problem) => `${problem.path} ${problem.message}`).join('; ');
}

/** Parses and validates one contract file; `origin` names it in the error. */
export function parseOdcsYaml(text: string, origin: string): OdcsDocument {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new ContractDocumentError(`${origin} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const problems = odcsProblems(document);
  if (problems.length > 0) throw new ContractDocumentError(`${origin} is not a valid ODCS v3.1 contract: ${describeProblems(problems)}`, problems);
  return document as OdcsDocument;
}
