import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import openLineageSchema from './openlineage/openlineage-2-0-2.schema.json';
import { FACET_SCHEMA_DOCUMENTS, FacetLocation, STANDARD_FACETS } from './openlineage-facets';
import { PayloadValidator, ValidationResult } from './payload-validator';

/** OpenLineage 2-0-2 events, as the spec defines them (optional parts optional). */
export type Facets = Record<string, unknown>;

export interface OpenLineageDataset {
  namespace: string;
  name: string;
  facets?: Facets;
  inputFacets?: Facets;
  outputFacets?: Facets;
}

interface BaseEvent {
  eventTime: string;
  producer: string;
  schemaURL: string;
}

export interface OpenLineageRunEvent extends BaseEvent {
  eventType?: 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';
  run: { runId: string; facets?: Facets };
  job: { namespace: string; name: string; facets?: Facets };
  inputs?: OpenLineageDataset[];
  outputs?: OpenLineageDataset[];
}

export interface OpenLineageJobEvent extends BaseEvent {
  job: { namespace: string; name: string; facets?: Facets };
  inputs?: OpenLineageDataset[];
  outputs?: OpenLineageDataset[];
}

export interface OpenLineageDatasetEvent extends BaseEvent {
  dataset: OpenLineageDataset;
}

export type OpenLineageEvent = OpenLineageRunEvent | OpenLineageJobEvent | OpenLineageDatasetEvent;
export type OpenLineageEventKind = 'RunEvent' | 'DatasetEvent' | 'JobEvent';

export function isRunEvent(event: OpenLineageEvent): event is OpenLineageRunEvent {
  return 'run' in event;
}

export function isDatasetEvent(event: OpenLineageEvent): event is OpenLineageDatasetEvent {
  return 'dataset' in event && !('job' in event);
}

export function eventKindOf(event: OpenLineageEvent): OpenLineageEventKind {
  if (isRunEvent(event)) return 'RunEvent';
  return isDatasetEvent(event) ? 'DatasetEvent' : 'JobEvent';
}

/** One way an event breaks the spec: where in the event, and which schema keyword it broke (absolute URI + JSON pointer). */
export interface OpenLineageViolation {
  instancePath: string;
  schemaPath: string;
  message: string;
}

export type OpenLineageValidationResult = { valid: true; value: OpenLineageEvent; kind: OpenLineageEventKind } | { valid: false; violations: OpenLineageViolation[] };

const CORE_SCHEMA_ID = openLineageSchema.$id;
const MAX_VIOLATIONS = 5;

// A separate instance with `verbose`, so each error carries the schema object it broke: that object is
// mapped back to its absolute location (Ajv's own schemaPath is relative to whichever $ref it followed).
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false, verbose: true }));
const schemaLocations = new Map<object, string>();

function recordLocations(node: unknown, pointer: string, documentId: string): void {
  if (node === null || typeof node !== 'object') return;
  if (!Array.isArray(node)) schemaLocations.set(node, `${documentId}#${pointer}`);
  for (const [key, child] of Object.entries(node)) recordLocations(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, documentId);
}

for (const document of [openLineageSchema, ...FACET_SCHEMA_DOCUMENTS] as Array<{ $id: string }>) {
  ajv.addSchema(document);
  recordLocations(document, '', document.$id);
}

const definitionOf = (documentId: string, definition: string): ValidateFunction => ajv.getSchema(`${documentId}#/$defs/${definition}`)!;
const validateAnyEvent = ajv.getSchema(CORE_SCHEMA_ID)!;
const EVENT_VALIDATORS: Record<OpenLineageEventKind, ValidateFunction> = {
  RunEvent: definitionOf(CORE_SCHEMA_ID, 'RunEvent'),
  DatasetEvent: definitionOf(CORE_SCHEMA_ID, 'DatasetEvent'),
  JobEvent: definitionOf(CORE_SCHEMA_ID, 'JobEvent'),
};
const FACET_VALIDATORS = new Map<string, ValidateFunction>(
  STANDARD_FACETS.map((facet) => [`${facet.location}:${facet.key}`, definitionOf(facet.schema.$id, facet.definition)]),
);

function violationsOf(errors: ErrorObject[] | null | undefined, pathPrefix: string): OpenLineageViolation[] {
  const all = errors ?? [];
  // anyOf/oneOf only repeat that a branch below failed; the branch's own errors say what is wrong.
  const specific = all.filter((error) => error.keyword !== 'anyOf' && error.keyword !== 'oneOf');
  return (specific.length > 0 ? specific : all).map((error) => ({
    instancePath: `${pathPrefix}${error.instancePath}` || '/',
    schemaPath: `${schemaLocations.get(error.parentSchema as object) ?? CORE_SCHEMA_ID}/${error.keyword}`,
    message: error.message ?? 'is invalid',
  }));
}

function kindOf(value: Record<string, unknown>): OpenLineageEventKind | undefined {
  if ('run' in value) return 'RunEvent';
  if ('dataset' in value && !('job' in value)) return 'DatasetEvent';
  return 'job' in value ? 'JobEvent' : undefined;
}

type FacetPlace = { location: FacetLocation; facets: unknown; path: string };

function facetPlacesOf(event: Record<string, unknown>): FacetPlace[] {
  const places: FacetPlace[] = [];
  const run = event.run as { facets?: unknown } | undefined;
  const job = event.job as { facets?: unknown } | undefined;
  if (run) places.push({ location: 'RunFacet', facets: run.facets, path: '/run/facets' });
  if (job) places.push({ location: 'JobFacet', facets: job.facets, path: '/job/facets' });
  const dataset = event.dataset as { facets?: unknown } | undefined;
  if (dataset) places.push({ location: 'DatasetFacet', facets: dataset.facets, path: '/dataset/facets' });
  for (const direction of ['inputs', 'outputs'] as const) {
    const datasets = (event[direction] ?? []) as Array<Record<string, unknown>>;
    datasets.forEach((entry, index) => {
      places.push({ location: 'DatasetFacet', facets: entry.facets, path: `/${direction}/${index}/facets` });
      if (direction === 'inputs') places.push({ location: 'InputDatasetFacet', facets: entry.inputFacets, path: `/inputs/${index}/inputFacets` });
      else places.push({ location: 'OutputDatasetFacet', facets: entry.outputFacets, path: `/outputs/${index}/outputFacets` });
    });
  }
  return places;
}

/** Standard facets are checked against their own schema; unknown (custom) facets only against BaseFacet, as the core schema does. */
function facetViolations(event: Record<string, unknown>): OpenLineageViolation[] {
  const violations: OpenLineageViolation[] = [];
  for (const place of facetPlacesOf(event)) {
    if (place.facets === null || typeof place.facets !== 'object') continue;
    for (const [key, facet] of Object.entries(place.facets)) {
      const validate = FACET_VALIDATORS.get(`${place.location}:${key}`);
      // A facet marked deleted carries no content to check.
      if (!validate || (facet as { _deleted?: unknown })?._deleted === true) continue;
      if (!validate(facet)) violations.push(...violationsOf(validate.errors, `${place.path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
      if (violations.length >= MAX_VIOLATIONS) return violations;
    }
  }
  return violations;
}

/** Validates a value as an OpenLineage 2-0-2 RunEvent, DatasetEvent or JobEvent, with its standard facets. */
export function validateOpenLineageEvent(value: unknown): OpenLineageValidationResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { valid: false, violations: [{ instancePath: '/', schemaPath: `${CORE_SCHEMA_ID}#/type`, message: 'must be object' }] };
  }
  const event = value as Record<string, unknown>;
  const kind = kindOf(event);
  if (!kind) {
    return {
      valid: false,
      violations: [{ instancePath: '/', schemaPath: `${CORE_SCHEMA_ID}#/oneOf`, message: 'must be a RunEvent (run and job), a DatasetEvent (dataset) or a JobEvent (job)' }],
    };
  }
  const validate = EVENT_VALIDATORS[kind];
  if (!validate(event)) return { valid: false, violations: violationsOf(validate.errors, '').slice(0, MAX_VIOLATIONS) };
  // An event can fit two definitions (a `dataset` beside a `job`): the spec's oneOf refuses it.
  if (!validateAnyEvent(event)) {
    return { valid: false, violations: [{ instancePath: '/', schemaPath: `${CORE_SCHEMA_ID}#/oneOf`, message: 'must match exactly one of RunEvent, DatasetEvent and JobEvent' }] };
  }
  const facets = facetViolations(event);
  if (facets.length > 0) return { valid: false, violations: facets.slice(0, MAX_VIOLATIONS) };
  return { valid: true, value: event as unknown as OpenLineageEvent, kind };
}

/** `<instance path> <message> (schema <absolute schema path>)`, one per violation; never a value of the event. */
export function describeViolations(violations: readonly OpenLineageViolation[]): string {
  return violations.map((violation) => `${violation.instancePath} ${violation.message} (schema ${violation.schemaPath})`).join('; ');
}

/** The lineage topic's contract: any OpenLineage event; the reason of a refusal names the schema path. */
export const openLineageEventValidator: PayloadValidator<OpenLineageEvent> = {
  validate(value: unknown): ValidationResult<OpenLineageEvent> {
    const result = validateOpenLineageEvent(value);
    return result.valid ? { valid: true, value: result.value } : { valid: false, reason: `not a valid OpenLineage event: ${describeViolations(result.violations)}` };
  },
};
