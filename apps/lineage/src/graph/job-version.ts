import { Facets, isRunEvent, OpenLineageDataset, OpenLineageJobEvent, OpenLineageRunEvent } from '@atlas/contracts';
import { jobVersionIdOf } from './graph-ids';

export interface JobVersionRow {
  versionId: string;
  jobId: string;
  /** `namespace:name` of each input and output, sorted. */
  inputs: string[];
  outputs: string[];
  /** The job facets that say what it does, without their `_producer`/`_schemaURL`. */
  facets: Facets;
  createdAt: Date;
  runId: string | null;
}

/** What defines a job version (as in Marquez): its code, its SQL, its type, and what it reads and writes. */
const VERSION_FACETS = ['sourceCode', 'sourceCodeLocation', 'sql', 'jobType'];
/** Events that state a job in full: a run's end (its inputs and outputs are all known) or a JobEvent. */
const DEFINING_EVENT_TYPES = new Set(['COMPLETE', 'FAIL', 'ABORT']);

const namesOf = (datasets: OpenLineageDataset[] | undefined) => [...new Set((datasets ?? []).map((dataset) => `${dataset.namespace}:${dataset.name}`))].sort();

/** JSON with object keys sorted at every level, so the same facets always give the same version. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object).sort().map((key) => `${JSON.stringify(key)}:${sortedJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

function definingFacets(facets: Facets | undefined): Facets {
  const kept: Facets = {};
  for (const name of VERSION_FACETS) {
    const facet = facets?.[name] as Record<string, unknown> | undefined;
    if (!facet || typeof facet !== 'object' || facet._deleted === true) continue;
    kept[name] = Object.fromEntries(Object.entries(facet).filter(([key]) => key !== '_producer' && key !== '_schemaURL'));
  }
  return kept;
}

/** The job version an event defines, or undefined when it states the job only in part (START, RUNNING, OTHER). */
export function jobVersionOf(event: OpenLineageRunEvent | OpenLineageJobEvent, jobId: string, at: Date): JobVersionRow | undefined {
  if (isRunEvent(event) && !DEFINING_EVENT_TYPES.has(event.eventType ?? '')) return undefined;
  const inputs = namesOf(event.inputs);
  const outputs = namesOf(event.outputs);
  const facets = definingFacets(event.job.facets);
  const versionId = jobVersionIdOf(jobId, sortedJson({ inputs, outputs, facets }));
  return { versionId, jobId, inputs, outputs, facets, createdAt: at, runId: isRunEvent(event) ? event.run.runId : null };
}
