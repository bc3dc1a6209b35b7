import { useSession } from '../api/session';
import { Panel, Problem } from '../components/widgets';
import { useQuarantinedRecord, useReplay } from './quarantine-queries';
import { reasonText, replayOutcomeText } from './quarantine-reasons';

/** One quarantined record: where it came from, why it was stopped, its masked payload, and (quarantine:replay) a replay. */
export function QuarantineRecordPanel({ recordId, onClose }: { recordId: string; onClose: () => void }) {
  const { can } = useSession();
  const record = useQuarantinedRecord(recordId);
  const replay = useReplay();
  const data = record.data;
  return (
    <Panel
      title="Quarantined record"
      actions={
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      }
    >
      <Problem error={record.error} />
      {data && (
        <>
          <dl className="facts">
            <dt>Dataset</dt>
            <dd>{data.sourceId}</dd>
            <dt>Position in run</dt>
            <dd data-testid="record-position">{data.positionIndex}</dd>
            <dt>Run</dt>
            <dd>
              <code>{data.runId}</code>
            </dd>
            <dt>Status</dt>
            <dd data-testid="record-status">{data.status}</dd>
            <dt>Judged by</dt>
            <dd>
              {data.contractId} {data.contractVersion}
            </dd>
            <dt>Replays</dt>
            <dd>{data.replayCount}</dd>
          </dl>
          <h3>Failed checks</h3>
          <ul className="reasons" aria-label="Failed checks">
            {data.reasons.map((reason, index) => (
              <li key={index}>{reasonText(reason)}</li>
            ))}
          </ul>
          {data.notEvaluated.length > 0 && (
            <>
              <h3>Not evaluated</h3>
              <ul className="reasons">
                {data.notEvaluated.map((reason, index) => (
                  <li key={index}>{reasonText(reason)}</li>
                ))}
              </ul>
            </>
          )}
          <h3>Payload (masked)</h3>
          {data.protection && (
            <p className="muted">
              Protected by policy {data.protection.policyId} version {data.protection.policyVersion}: {data.protection.protectedFields.map((field) => `${field.field} (${field.entityType}, ${field.operator})`).join(', ') || 'nothing found'}.
            </p>
          )}
          {/* Focusable, so the keyboard can scroll a wide payload. */}
          <div className="config" role="region" aria-label="Masked payload" tabIndex={0}>
            <pre data-testid="record-payload">{JSON.stringify(data.payload, null, 2)}</pre>
          </div>
          {can('quarantine:replay') && data.status === 'quarantined' && (
            <div className="actions replay">
              <button type="button" disabled={replay.isPending} onClick={() => replay.mutate(recordId)}>
                {replay.isPending ? 'Replaying…' : 'Replay with the current contract'}
              </button>
            </div>
          )}
          <Problem error={replay.error} />
          {replay.data && (
            <p role="status" data-testid="replay-result">
              {replayOutcomeText(replay.data.outcome, replay.data.contractVersion)}
            </p>
          )}
        </>
      )}
    </Panel>
  );
}
