import { DeadLetter, deadLetterValidator } from './dead-letter';
import { PayloadValidator } from './payload-validator';
import { OpenLineageEvent, openLineageEventValidator } from './openlineage-event';
import {
  PiiFindingsMessage,
  piiFindingsMessageValidator,
  ChartRecordEnvelope,
  chartRecordEnvelopeValidator,
  ProtectedRecordEnvelope,
  protectedRecordEnvelopeValidator,
  RawRecord,
  rawRecordValidator,
  RecordEnvelope,
  recordEnvelopeValidator,
} from './record-envelope';
import { RunRecordCount, runRecordCountValidator } from './run-record-count';
import { TOPICS } from './topics';

/** The payload type of each consumed topic, and the validator every consumer applies before its handler. */
export interface TopicPayloads {
  [TOPICS.RAW_RECORDS]: RawRecord;
  [TOPICS.INGEST_RECORDS]: RecordEnvelope;
  [TOPICS.EXPLORE_RECORDS]: RecordEnvelope;
  [TOPICS.PROTECTED_RECORDS]: ProtectedRecordEnvelope;
  [TOPICS.CHART_RECORDS]: ChartRecordEnvelope;
  [TOPICS.PII_FINDINGS]: PiiFindingsMessage;
  [TOPICS.LINEAGE_EVENTS]: OpenLineageEvent;
  [TOPICS.RUN_RECORD_COUNTS]: RunRecordCount;
  [TOPICS.DEAD_LETTER]: DeadLetter;
}

export type ConsumedTopic = keyof TopicPayloads;

export const TOPIC_VALIDATORS: { [Topic in ConsumedTopic]: PayloadValidator<TopicPayloads[Topic]> } = {
  [TOPICS.RAW_RECORDS]: rawRecordValidator,
  [TOPICS.INGEST_RECORDS]: recordEnvelopeValidator,
  [TOPICS.EXPLORE_RECORDS]: recordEnvelopeValidator,
  [TOPICS.PROTECTED_RECORDS]: protectedRecordEnvelopeValidator,
  [TOPICS.CHART_RECORDS]: chartRecordEnvelopeValidator,
  [TOPICS.PII_FINDINGS]: piiFindingsMessageValidator,
  [TOPICS.LINEAGE_EVENTS]: openLineageEventValidator,
  [TOPICS.RUN_RECORD_COUNTS]: runRecordCountValidator,
  [TOPICS.DEAD_LETTER]: deadLetterValidator,
};

export function isConsumedTopic(topic: string): topic is ConsumedTopic {
  return Object.prototype.hasOwnProperty.call(TOPIC_VALIDATORS, topic);
}
