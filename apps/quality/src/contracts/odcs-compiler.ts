import { contractDatasetValidator, SOURCE_ID_PATTERN, type ContractDataset } from '@atlas/contracts';
import { AGGREGATE_CHECK_TYPE, RUN_CHECK_TYPES, type CheckDefinition, type CompiledContract, type NotEvaluatedElement, type SourceChecks } from '../checks/check-model';
import type { RecordCheckRegistry } from '../checks/record-checker';
import type { AggregateParameters } from '../windows/aggregate-check';
import { ContractDocumentError, type OdcsDocument, type OdcsProperty } from './odcs-document';
import { compilePropertyConstraints, type Compiled, type PendingCheck } from './odcs-property-rules';
import { compilePropertyQuality, compileSchemaQuality } from './odcs-quality-rules';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);

function merge(into: Compiled, from: Compiled): void {
  into.checks.push(...from.checks);
  into.notEvaluated.push(...from.notEvaluated);
}

function compileProperties(properties: OdcsProperty[], parent: string[], pointer: string, into: Compiled): void {
  properties.forEach((property, index) => {
    const field = [...parent, property.name];
    const propertyPointer = `${pointer}/${index}`;
    merge(into, compilePropertyConstraints(property, field, propertyPointer));
    (property.quality ?? []).forEach((rule, ruleIndex) => merge(into, compilePropertyQuality(rule, field, `${propertyPointer}/quality/${ruleIndex}`)));
    if (property.properties) compileProperties(property.properties, field, `${propertyPointer}/properties`, into);
  });
}

/** Primary-key properties in key order: `primaryKeyPosition`, else their place in the contract. */
function primaryKeyProperties(properties: OdcsProperty[]): Array<{ property: OdcsProperty; index: number }> {
  return properties
    .map((property, index) => ({ property, index }))
    .filter(({ property }) => property.primaryKey === true)
    .sort((left, right) => (left.property.primaryKeyPosition ?? left.index) - (right.property.primaryKeyPosition ?? right.index) || left.index - right.index);
}

/** The dataset's shape for sinks (Chart records carry it): top-level properties and the primary key. */
export function datasetOf(properties: OdcsProperty[]): ContractDataset {
  return {
    columns: properties.map((property) => {
      const format = property.logicalTypeOptions?.format;
      return {
        name: property.name,
        ...(property.logicalType ? { logicalType: property.logicalType as NonNullable<ContractDataset['columns'][number]['logicalType']> } : {}),
        ...(typeof format === 'string' && format.length > 0 ? { format } : {}),
        ...(property.required !== undefined ? { required: property.required } : {}),
      };
    }),
    primaryKey: primaryKeyProperties(properties).map(({ property }) => property.name),
  };
}

/** The top-level properties marked `primaryKey` form one key (ordered by `primaryKeyPosition`), unique per source. */
function primaryKeyCheck(properties: OdcsProperty[], pointer: string): PendingCheck | undefined {
  const keys = primaryKeyProperties(properties);
  if (keys.length === 0) return undefined;
  const names = keys.map(({ property }) => property.name);
  return {
    name: `primary key (${names.join(', ')}) is unique`,
    type: 'duplicates',
    field: [],
    level: 'fail',
    parameters: { columns: names.map((name) => [name]), threshold: { mustBe: 0 }, unit: 'rows' },
    origin: `${pointer}/${keys[0].index}/primaryKey`,
    idSuffix: 'primary_key',
  };
}

/** The validity rules of an aggregate check must be runnable like per-record checks (a dangerous regex is refused the same way). */
export function aggregateProblem(definition: CheckDefinition, registry: RecordCheckRegistry): string | undefined {
  for (const rule of (definition.parameters as unknown as AggregateParameters).validity) {
    const problem = registry.problemOf({ ...definition, type: rule.type, parameters: rule.parameters });
    if (problem) return problem;
  }
  return undefined;
}

/** Check ids: the rule's own id, else `<source>.<field>.<type>`; a repeated id gets `#2`, `#3` ... */
export function identify(sourceId: string, pending: PendingCheck[], taken: Set<string>): CheckDefinition[] {
  return pending.map(({ ruleId, idSuffix, ...check }) => {
    const base = ruleId ?? [sourceId, ...check.field, idSuffix ?? check.type].join('.');
    let id = base;
    for (let suffix = 2; taken.has(id); suffix++) id = `${base}#${suffix}`;
    taken.add(id);
    return { id, ...check };
  });
}

/**
 * Compiles a valid ODCS document into the internal check model: each schema object governs the
 * source of its name. Checks whose parameters Atlas cannot run (an unsupported format, a
 * dangerous pattern) are moved to `notEvaluated` with the reason, like every element it does not enforce.
 */
export function compileOdcsContract(document: OdcsDocument, registry: RecordCheckRegistry): CompiledContract {
  const notEvaluated: NotEvaluatedElement[] = [];
  const sources: SourceChecks[] = [];
  const names = new Set<string>();
  const taken = new Set<string>();
  (document.schema ?? []).forEach((schemaObject, index) => {
    const pointer = `/schema/${index}`;
    if (names.has(schemaObject.name)) throw new ContractDocumentError(`${pointer}/name: two schema objects are named "${schemaObject.name}"`, [{ path: `${pointer}/name`, message: `repeats "${schemaObject.name}"; each schema object governs one source` }]);
    names.add(schemaObject.name);
    const compiled: Compiled = { checks: [], notEvaluated: [] };
    compileProperties(schemaObject.properties ?? [], [], `${pointer}/properties`, compiled);
    (schemaObject.quality ?? []).forEach((rule, ruleIndex) => merge(compiled, compileSchemaQuality(rule, `${pointer}/quality/${ruleIndex}`)));
    (schemaObject.relationships ?? []).forEach((_relationship, relationshipIndex) =>
      compiled.notEvaluated.push({ path: `${pointer}/relationships/${relationshipIndex}`, element: 'relationships', reason: 'relationships are not enforced; a reference check is written type: custom, engine: atlas, implementation: {reference: "table(column)"}' }),
    );
    const primaryKey = primaryKeyCheck(schemaObject.properties ?? [], `${pointer}/properties`);
    if (primaryKey) compiled.checks.push(primaryKey);
    const checks: CheckDefinition[] = [];
    const runChecks: CheckDefinition[] = [];
    const windowChecks: CheckDefinition[] = [];
    for (const definition of identify(schemaObject.name, compiled.checks, taken)) {
      if (RUN_CHECK_TYPES.has(definition.type)) {
        runChecks.push(definition);
        continue;
      }
      const isAggregate = definition.type === AGGREGATE_CHECK_TYPE;
      const problem = isAggregate ? aggregateProblem(definition, registry) : registry.problemOf(definition);
      if (problem) compiled.notEvaluated.push({ path: definition.origin, element: definition.type, reason: problem });
      else (isAggregate ? windowChecks : checks).push(definition);
    }
    if (!SOURCE_ID.test(schemaObject.name)) {
      notEvaluated.push({ path: `${pointer}/name`, element: 'schema', reason: `"${schemaObject.name}" is not an Atlas source id (${SOURCE_ID_PATTERN}); no record will be checked by it` });
    }
    notEvaluated.push(...compiled.notEvaluated);
    const dataset = contractDatasetValidator.validate(datasetOf(schemaObject.properties ?? []));
    if (!dataset.valid) {
      notEvaluated.push({ path: `${pointer}/properties`, element: 'dataset', reason: `the dataset's shape is beyond what Chart records carry (${dataset.reason}); its records reach no typed Navigate table` });
    }
    sources.push({ sourceId: schemaObject.name, checks, runChecks, windowChecks, ...(dataset.valid ? { dataset: dataset.value } : {}) });
  });
  (document.slaProperties ?? []).forEach((_sla, index) => notEvaluated.push({ path: `/slaProperties/${index}`, element: 'slaProperties', reason: 'service levels are not enforced yet' }));
  return { contractId: document.id, contractVersion: document.version, status: document.status, sources, notEvaluated };
}
