import { Link, useParams } from 'react-router-dom';
import { useRunActions, useRuns, useScores, useSource } from '../api/queries';
import { useSession } from '../api/session';
import { RunsTable } from '../components/runs-table';
import { Metric, Panel, Problem } from '../components/widgets';
import { formatScore, isActive } from '../format';
import { sourcePipelineNodeId } from '../lineage/lineage-model';
import { CheckConnection } from '../sources/check-connection';
import { RejectedRows } from '../sources/rejected-rows';
import { UploadPanel } from '../sources/upload-panel';

export function SourcePage() {
  const sourceId = useParams().sourceId ?? '';
  const { can } = useSession();
  const source = useSource(sourceId);
  const runs = useRuns(sourceId, 25);
  const [score] = useScores([sourceId]);
  const { start } = useRunActions();
  const active = (runs.data?.items ?? []).some(isActive);
  return (
    <>
      <p className="crumbs">
        <Link to="/sources">Sources and runs</Link> /
      </p>
      <h1>{sourceId}</h1>
      <div className="toolbar">
        {/* A push source's runs are opened by its pushes: the connector refuses to start one. */}
        {can('sources:write') && source.data?.type !== 'push' && (
          <button type="button" disabled={start.isPending || active} onClick={() => start.mutate(sourceId)}>
            Start run
          </button>
        )}
        {can('lineage:read') && <Link to={`/lineage?node=${encodeURIComponent(sourcePipelineNodeId(sourceId))}`}>Lineage</Link>}
        {can('quality:read') && <Link to={`/quality?source=${encodeURIComponent(sourceId)}`}>Quality</Link>}
      </div>
      <Problem error={start.error} />
      {can('sources:read') && (
        <Panel title="Configuration">
          <Problem error={source.error} />
          {source.data && (
            <dl className="metrics">
              <Metric id="source-type" label="Type" value={source.data.type} />
              <Metric id="source-schedule" label="Schedule" value={source.data.schedule ?? 'manual'} />
              {can('quality:read') && <Metric id="source-score" label="Quality score" value={score?.data ? formatScore(score.data.dataset.score) : '—'} />}
            </dl>
          )}
          {source.data && <pre className="config">{JSON.stringify(source.data.config, null, 2)}</pre>}
          {source.data && can('sources:write') && <CheckConnection sourceId={sourceId} />}
        </Panel>
      )}
      {can('sources:write') && source.data?.type === 'file' && (
        <Panel title="Upload a file">
          <UploadPanel sourceId={sourceId} />
        </Panel>
      )}
      <Panel title="Runs">
        <Problem error={runs.error} />
        <RunsTable runs={runs.data?.items ?? []} showSource={false} />
      </Panel>
      {can('quarantine:read') && (
        <Panel title="Rejected rows">
          <RejectedRows sourceId={sourceId} />
        </Panel>
      )}
    </>
  );
}
