import { Static, Type } from '@sinclair/typebox';
import { v5 as uuidv5 } from 'uuid';
import { createPayloadValidator } from './payload-validator';
import { SOURCE_ID_PATTERN } from './record-envelope';

/**
 * "Ingestion run R has exactly N records on topic T": published once a run's writer on T is done
 * (the source at the end of a run, each stage when its run of R completes). The stage reading T
 * completes its own run of R when it has handled N records of R: a source that cannot know its
 * total in advance (a connector run reading a file) and a stage that keeps records back (quality's
 * quarantine) tell the next stage how many to expect this way.
 */
export const RunRecordCountSchema = Type.Object(
  {
    runId: Type.String({ format: 'uuid' }),
    sourceId: Type.String({ pattern: SOURCE_ID_PATTERN }),
    topic: Type.String({ minLength: 1, maxLength: 249 }),
    recordCount: Type.Integer({ minimum: 0 }),
    /** The job that wrote them (`ingest.<source>`, `connector.explore`, ...). */
    writtenBy: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type RunRecordCount = Static<typeof RunRecordCountSchema>;

export const runRecordCountValidator = createPayloadValidator<RunRecordCount>(RunRecordCountSchema);

const STAGE_RUN_OF_INGESTION_NAMESPACE = '9a7d3c52-1f4e-4b8a-a6d0-3e5b7c9f1a24';

/**
 * The run of a pipeline stage over one ingestion run: one per (stage job, ingestion run), derived,
 * so a restarted or replicated stage reports into the same run.
 */
export function stageRunIdOf(jobName: string, ingestionRunId: string): string {
  return uuidv5(`${jobName}:${ingestionRunId}`, STAGE_RUN_OF_INGESTION_NAMESPACE);
}
