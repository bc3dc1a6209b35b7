import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useSession } from '../api/session';
import type { ProvenanceRun, RunProvenance } from '../api/types';
import { Panel, Problem, StateBadge } from '../components/widgets';
import { formatCount } from '../format';

const jobNodeId = (job: { namespace: string; name: string }) => `job:${job.namespace}:${job.name}`;
const datasets = (list: ProvenanceRun['inputs']) => list.map((dataset) => `${dataset.name}${dataset.rowCount === undefined ? '' : ` (${formatCount(dataset.rowCount)})`}`).join(', ');

/**
 * A Navigate row's record provenance: the row names its ingestion run, and the run's lineage says the
 * rest (GET /api/v1/lineage/runs/{runId}/provenance): the source and its positions, each stage's run,
 * the checks the row passed and the policy versions that masked its columns.
 */
export function ProvenancePage() {
  const runId = useParams().runId ?? '';
  const [parameters] = useSearchParams();
  const record = parameters.get('record');
  const dataset = parameters.get('dataset');
  const { client } = useSession();
  const provenance = useQuery({ queryKey: ['provenance', runId], queryFn: () => client.get<RunProvenance>(`/api/v1/lineage/runs/${encodeURIComponent(runId)}/provenance`) });
  const answer = provenance.data;
  return (
    <>
      <p className="crumbs">
        {dataset ? <Link to={`/datasets?dataset=${encodeURIComponent(dataset)}`}>{dataset}</Link> : <Link to="/lineage">Lineage</Link>} /
      </p>
      <h1>Record provenance</h1>
      <dl className="provenance-facts">
        {record && (
          <div>
            <dt>Record</dt>
            <dd data-testid="provenance-record">{record}</dd>
          </div>
        )}
        <div>
          <dt>Ingestion run</dt>
          <dd data-testid="provenance-run">{runId}</dd>
        </div>
        {answer?.source && (
          <>
            <div>
              <dt>Source</dt>
              <dd>
                <Link to={`/lineage?node=${encodeURIComponent(jobNodeId(answer.source.job))}`}>{answer.source.job.name}</Link> <StateBadge state={answer.source.state ?? 'unknown'} />
              </dd>
            </div>
            {answer.source.sourceRange && (
              <div>
                <dt>Source positions</dt>
                <dd data-testid="provenance-range">
                  {answer.source.sourceRange.first} … {answer.source.sourceRange.last}
                </dd>
              </div>
            )}
          </>
        )}
      </dl>
      <Problem error={provenance.error} />
      {provenance.isPending && <p className="muted">Loading…</p>}
      {answer && (
        <>
          <Panel title="Stages">
            <div className="table-scroll">
              <table aria-label="Stage runs">
                <thead>
                  <tr>
                    <th scope="col">Stage</th>
                    <th scope="col">State</th>
                    <th scope="col" className="number">
                      Records
                    </th>
                    <th scope="col">Read</th>
                    <th scope="col">Wrote</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.stages.map((stage) => (
                    <tr key={stage.runId} data-stage={stage.job.name}>
                      <th scope="row">
                        <Link to={`/lineage?node=${encodeURIComponent(jobNodeId(stage.job))}`}>{stage.job.name}</Link>
                        {stage.errorMessage && <div className="error">{stage.errorMessage}</div>}
                      </th>
                      <td>
                        <StateBadge state={stage.state ?? 'unknown'} />
                      </td>
                      <td className="number">
                        {stage.recordCount === null ? '—' : formatCount(stage.recordCount)}
                        {stage.deadLetteredCount ? ` (${formatCount(stage.deadLetteredCount)} dead-lettered)` : ''}
                      </td>
                      <td>{datasets(stage.inputs) || '—'}</td>
                      <td>{datasets(stage.outputs) || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Panel>
          <div className="columns">
            <Panel title="Checks passed">
              {answer.qualityChecks.length === 0 ? (
                <p className="muted">No checks were reported for this run.</p>
              ) : (
                <ul className="reasons" aria-label="Quality checks">
                  {answer.qualityChecks.map((check) => (
                    <li key={`${check.assertion}|${check.column ?? ''}`}>
                      {check.assertion}
                      {check.column ? ` (${check.column})` : ''}: {check.success ? 'passed' : 'failed for some records of the run'}
                    </li>
                  ))}
                </ul>
              )}
            </Panel>
            <Panel title="Masked columns">
              {answer.maskingPolicies.length === 0 ? (
                <p className="muted">{answer.maskedColumns.length === 0 ? 'No column was masked in this run.' : answer.maskedColumns.join(', ')}</p>
              ) : (
                <ul className="reasons" aria-label="Masking policies">
                  {answer.maskingPolicies.map((policy) => (
                    <li key={`${policy.column}|${policy.policyId}|${policy.policyVersion}`} data-column={policy.column}>
                      {policy.column}: policy {policy.policyId} version {policy.policyVersion}
                    </li>
                  ))}
                </ul>
              )}
            </Panel>
          </div>
        </>
      )}
    </>
  );
}
