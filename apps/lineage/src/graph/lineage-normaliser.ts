import { isDatasetEvent, isRunEvent, OpenLineageDataset, OpenLineageEvent } from '@atlas/contracts';
import { datasetIdOf, datasetVersionIdOf, jobIdOf, namespaceIdOf } from './graph-ids';
import { JobVersionRow, jobVersionOf } from './job-version';
import { mergeBy } from './merge-rows';

export interface NamespaceRow { namespaceId: string; name: string; firstSeenAt: Date; lastSeenAt: Date }
/** What datasets and jobs both are: a name in a namespace, with a current version. */
interface VersionedNodeRow {
  namespaceId: string;
  namespace: string;
  name: string;
  currentVersionId: string | null;
  currentVersionAt: Date | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}
export interface DatasetRow extends VersionedNodeRow { datasetId: string }
export interface DatasetVersionRow { versionId: string; datasetId: string; fields: unknown[]; createdAt: Date; runId: string | null }
export interface JobRow extends VersionedNodeRow { jobId: string }
export type RunState = 'NEW' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'ABORTED';
export interface RunRow {
  runId: string;
  jobId: string;
  parentRunId: string | null;
  state: RunState;
  stateRank: number;
  stateAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
}
export interface RunDatasetRow { runId: string; direction: 'INPUT' | 'OUTPUT'; datasetId: string; datasetVersionId: string | null; seenAt: Date }
export interface EdgeRow { sourceId: string; targetId: string; firstSeenAt: Date; lastSeenAt: Date; lastRunId: string | null }
export interface ColumnEdgeRow {
  outputDatasetId: string;
  outputField: string;
  inputDatasetId: string;
  inputField: string;
  transformations: unknown[];
  masking: boolean;
  jobId: string | null;
  lastRunId: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** What a batch of events adds to the normalised tables, one row per key (merged within the batch). */
export interface NormalisedLineage {
  namespaces: NamespaceRow[];
  datasets: DatasetRow[];
  datasetVersions: DatasetVersionRow[];
  jobs: JobRow[];
  jobVersions: JobVersionRow[];
  runs: RunRow[];
  runDatasets: RunDatasetRow[];
  edges: EdgeRow[];
  columnEdges: ColumnEdgeRow[];
}

const STATE_OF_EVENT: Record<string, { state: RunState; rank: number }> = {
  START: { state: 'RUNNING', rank: 0 },
  RUNNING: { state: 'RUNNING', rank: 0 },
  COMPLETE: { state: 'COMPLETED', rank: 1 },
  FAIL: { state: 'FAILED', rank: 1 },
  ABORT: { state: 'ABORTED', rank: 1 },
};
const NO_STATE = { state: 'NEW' as const, rank: -1 };

const earliest = (left: Date, right: Date) => (left <= right ? left : right);
const latest = (left: Date, right: Date) => (left >= right ? left : right);
const earliestOrNull = (left: Date | null, right: Date | null) => (left && right ? earliest(left, right) : (left ?? right));

interface Versioned { currentVersionId: string | null; currentVersionAt: Date | null; firstSeenAt: Date; lastSeenAt: Date }

/** Two sightings of one dataset or job: the newest version is current, first and last seen widen. */
function mergeVersioned<Row extends Versioned>(kept: Row, row: Row): Row {
  const newerVersion = row.currentVersionAt !== null && (kept.currentVersionAt === null || row.currentVersionAt > kept.currentVersionAt);
  return {
    ...kept,
    currentVersionId: newerVersion ? row.currentVersionId : kept.currentVersionId,
    currentVersionAt: newerVersion ? row.currentVersionAt : kept.currentVersionAt,
    firstSeenAt: earliest(kept.firstSeenAt, row.firstSeenAt),
    lastSeenAt: latest(kept.lastSeenAt, row.lastSeenAt),
  };
}

/** Whether state `candidate` (rank, time) replaces `current`: terminal beats running beats new, then the later wins. */
export function supersedes(candidate: { stateRank: number; stateAt: Date }, current: { stateRank: number; stateAt: Date }): boolean {
  if (candidate.stateRank !== current.stateRank) return candidate.stateRank > current.stateRank;
  return candidate.stateAt > current.stateAt;
}

interface SchemaField { name?: unknown }

/** The fields of a dataset's schema facet, unless absent or deleted. */
function schemaFieldsOf(dataset: OpenLineageDataset): SchemaField[] | undefined {
  const schema = dataset.facets?.schema as { fields?: unknown; _deleted?: unknown } | undefined;
  if (!schema || schema._deleted === true || !Array.isArray(schema.fields)) return undefined;
  return schema.fields as SchemaField[];
}

interface ColumnLineageInput { namespace: string; name: string; field: string; transformations?: Array<{ masking?: unknown }> }
interface ColumnLineageField { inputFields?: ColumnLineageInput[]; transformationType?: unknown }

/** Turns a batch of validated OpenLineage events into rows of the normalised tables. */
export class LineageNormaliser {
  private readonly namespaces: NamespaceRow[] = [];
  private readonly datasets: DatasetRow[] = [];
  private readonly datasetVersions: DatasetVersionRow[] = [];
  private readonly jobs: JobRow[] = [];
  private readonly jobVersions: JobVersionRow[] = [];
  private readonly runs: RunRow[] = [];
  private readonly runDatasets: RunDatasetRow[] = [];
  private readonly edges: EdgeRow[] = [];
  private readonly columnEdges: ColumnEdgeRow[] = [];
  // A batch names the same namespaces and datasets over and over; each id is a SHA-1.
  private readonly idCache = new Map<string, string>();

  static normalise(events: readonly OpenLineageEvent[]): NormalisedLineage {
    const normaliser = new LineageNormaliser();
    for (const event of events) normaliser.add(event);
    return normaliser.result();
  }

  private add(event: OpenLineageEvent): void {
    const at = new Date(event.eventTime);
    if (isDatasetEvent(event)) {
      this.addDataset(event.dataset, at, null, null);
      return;
    }
    const job = this.addJob(event.job.namespace, event.job.name, at);
    const jobId = job.jobId;
    const version = jobVersionOf(event, jobId, at);
    if (version) {
      this.jobVersions.push(version);
      job.currentVersionId = version.versionId;
      job.currentVersionAt = at;
    }
    const runId = isRunEvent(event) ? event.run.runId : null;
    if (isRunEvent(event)) {
      const { state, rank } = (event.eventType && STATE_OF_EVENT[event.eventType]) || NO_STATE;
      const parent = event.run.facets?.parent as { run?: { runId?: unknown } } | undefined;
      const parentRunId = typeof parent?.run?.runId === 'string' ? parent.run.runId : null;
      this.runs.push({
        runId: event.run.runId,
        jobId,
        parentRunId,
        state,
        stateRank: rank,
        stateAt: at,
        startedAt: event.eventType === 'START' ? at : null,
        endedAt: rank === 1 ? at : null,
        createdAt: at,
      });
    }
    for (const [direction, datasets] of [['INPUT', event.inputs ?? []], ['OUTPUT', event.outputs ?? []]] as const) {
      for (const dataset of datasets) {
        const { datasetId, versionId } = this.addDataset(dataset, at, runId, jobId);
        this.edges.push(direction === 'INPUT' ? { sourceId: datasetId, targetId: jobId, firstSeenAt: at, lastSeenAt: at, lastRunId: runId } : { sourceId: jobId, targetId: datasetId, firstSeenAt: at, lastSeenAt: at, lastRunId: runId });
        if (runId) this.runDatasets.push({ runId, direction, datasetId, datasetVersionId: versionId, seenAt: at });
      }
    }
  }

  private cachedId(key: string, compute: () => string): string {
    let id = this.idCache.get(key);
    if (id === undefined) this.idCache.set(key, (id = compute()));
    return id;
  }

  private addNamespace(name: string, at: Date): string {
    const namespaceId = this.cachedId(JSON.stringify(['namespace', name]), () => namespaceIdOf(name));
    this.namespaces.push({ namespaceId, name, firstSeenAt: at, lastSeenAt: at });
    return namespaceId;
  }

  private addJob(namespace: string, name: string, at: Date): JobRow {
    const row: JobRow = { jobId: jobIdOf(namespace, name), namespaceId: this.addNamespace(namespace, at), namespace, name, currentVersionId: null, currentVersionAt: null, firstSeenAt: at, lastSeenAt: at };
    this.jobs.push(row);
    return row;
  }

  private addDataset(dataset: OpenLineageDataset, at: Date, runId: string | null, jobId: string | null): { datasetId: string; versionId: string | null } {
    const row = this.addDatasetReference(dataset.namespace, dataset.name, at);
    const datasetId = row.datasetId;
    const fields = schemaFieldsOf(dataset);
    let versionId: string | null = null;
    if (fields) {
      versionId = datasetVersionIdOf(datasetId, JSON.stringify(fields));
      this.datasetVersions.push({ versionId, datasetId, fields, createdAt: at, runId });
      row.currentVersionId = versionId;
      row.currentVersionAt = at;
    }
    this.addColumnLineage(dataset, datasetId, at, runId, jobId);
    return { datasetId, versionId };
  }

  private addDatasetReference(namespace: string, name: string, at: Date): DatasetRow {
    const datasetId = this.cachedId(JSON.stringify(['dataset', namespace, name]), () => datasetIdOf(namespace, name));
    const row: DatasetRow = { datasetId, namespaceId: this.addNamespace(namespace, at), namespace, name, currentVersionId: null, currentVersionAt: null, firstSeenAt: at, lastSeenAt: at };
    this.datasets.push(row);
    return row;
  }

  private addColumnLineage(dataset: OpenLineageDataset, outputDatasetId: string, at: Date, runId: string | null, jobId: string | null): void {
    const facet = dataset.facets?.columnLineage as { fields?: Record<string, ColumnLineageField>; _deleted?: unknown } | undefined;
    if (!facet || facet._deleted === true || !facet.fields) return;
    for (const [outputField, lineage] of Object.entries(facet.fields)) {
      // transformationType MASKED is the deprecated way of saying masking: true.
      const maskedByType = lineage.transformationType === 'MASKED';
      for (const input of lineage.inputFields ?? []) {
        const transformations = input.transformations ?? [];
        this.columnEdges.push({
          outputDatasetId,
          outputField,
          inputDatasetId: this.addDatasetReference(input.namespace, input.name, at).datasetId,
          inputField: input.field,
          transformations,
          masking: maskedByType || transformations.some((transformation) => transformation.masking === true),
          jobId,
          lastRunId: runId,
          firstSeenAt: at,
          lastSeenAt: at,
        });
      }
    }
  }

  private result(): NormalisedLineage {
    return {
      namespaces: mergeBy(this.namespaces, (row) => row.namespaceId, (kept, row) => ({ ...kept, firstSeenAt: earliest(kept.firstSeenAt, row.firstSeenAt), lastSeenAt: latest(kept.lastSeenAt, row.lastSeenAt) })),
      datasets: mergeBy(this.datasets, (row) => row.datasetId, mergeVersioned),
      datasetVersions: mergeBy(this.datasetVersions, (row) => row.versionId, (kept, row) => (row.createdAt < kept.createdAt ? row : kept)),
      jobs: mergeBy(this.jobs, (row) => row.jobId, mergeVersioned),
      jobVersions: mergeBy(this.jobVersions, (row) => row.versionId, (kept, row) => (row.createdAt < kept.createdAt ? row : kept)),
      runs: mergeBy(this.runs, (row) => row.runId, (kept, row) => {
        const winner = supersedes(row, kept) ? row : kept;
        return {
          ...kept,
          parentRunId: kept.parentRunId ?? row.parentRunId,
          state: winner.state,
          stateRank: winner.stateRank,
          stateAt: winner.stateAt,
          startedAt: earliestOrNull(kept.startedAt, row.startedAt),
          endedAt: earliestOrNull(kept.endedAt, row.endedAt),
          createdAt: earliest(kept.createdAt, row.createdAt),
        };
      }),
      runDatasets: mergeBy(this.runDatasets, (row) => `${row.runId}:${row.direction}:${row.datasetId}`, (kept, row) =>
        row.datasetVersionId !== null && (kept.datasetVersionId === null || row.seenAt > kept.seenAt) ? row : kept,
      ),
      edges: mergeBy(this.edges, (row) => `${row.sourceId}:${row.targetId}`, (kept, row) => ({
        ...kept,
        firstSeenAt: earliest(kept.firstSeenAt, row.firstSeenAt),
        lastSeenAt: latest(kept.lastSeenAt, row.lastSeenAt),
        lastRunId: row.lastSeenAt > kept.lastSeenAt ? row.lastRunId : kept.lastRunId,
      })),
      columnEdges: mergeBy(this.columnEdges, (row) => JSON.stringify([row.outputDatasetId, row.outputField, row.inputDatasetId, row.inputField]), (kept, row) => ({
        ...(row.lastSeenAt > kept.lastSeenAt ? row : kept),
        firstSeenAt: earliest(kept.firstSeenAt, row.firstSeenAt),
        lastSeenAt: latest(kept.lastSeenAt, row.lastSeenAt),
      })),
    };
  }
}
