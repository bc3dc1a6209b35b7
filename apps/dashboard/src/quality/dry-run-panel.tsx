import { useState } from 'react';
import type { CursorPage, DatasetRow } from '../api/types';
import { useSession } from '../api/session';
import { Panel, Problem } from '../components/widgets';
import { useDryRun, type ContractVersionView } from './contract-queries';
import { parseSample, summarizeDryRun } from './dry-run-summary';

/** Most dataset rows one sample loads (the datasets API's page). */
const MAX_LOADED_ROWS = 200;
/** Most Explore records one dry-run judges (the API's bound). */
const MAX_EXPLORE_RECORDS = 1000;

/**
 * Judges a sample with a stored version, storing and publishing nothing: the dataset's rows (as
 * quality judged them: protected values) or pasted records. Shows each check's outcome over the
 * sample and its failing records.
 */
export function DryRunPanel({ version }: { version: ContractVersionView }) {
  const { client, can } = useSession();
  const sources = version.sources.map((source) => source.sourceId);
  const [sourceId, setSourceId] = useState(sources[0] ?? '');
  const [rowCount, setRowCount] = useState(50);
  const [exploreCount, setExploreCount] = useState(100);
  const [sampleText, setSampleText] = useState('');
  /** The record ids of loaded dataset rows, by index, while the text is what was loaded. */
  const [loaded, setLoaded] = useState<{ text: string; recordIds: string[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const dryRun = useDryRun();

  const loadRows = async () => {
    setLoadError(null);
    try {
      const page = await client.get<CursorPage<DatasetRow>>(`/api/v1/datasets/${encodeURIComponent(sourceId)}/rows?limit=${rowCount}`);
      const text = JSON.stringify(page.items.map((row) => row.values), null, 1);
      setSampleText(text);
      setLoaded({ text, recordIds: page.items.map((row) => row.recordId) });
    } catch (error) {
      setLoadError(error);
    }
  };
  const run = () => {
    dryRun.reset();
    const parsed = parseSample(sampleText);
    if ('problem' in parsed) return setProblem(parsed.problem);
    setProblem(null);
    dryRun.mutate({ contractId: version.contractId, version: version.version, sourceId, records: parsed.records });
  };
  // The raw rows never reach the page: the gateway has them protected, and quality judges them as the stream would.
  const runOnExplore = () => {
    dryRun.reset();
    setProblem(null);
    dryRun.mutate({ contractId: version.contractId, version: version.version, sourceId, explore: { last: exploreCount } });
  };
  const fromExplore = dryRun.data?.explore !== undefined;
  const sampleIds = !fromExplore && loaded && loaded.text === sampleText ? loaded.recordIds : [];
  const checks = dryRun.data ? summarizeDryRun(dryRun.data, sampleIds) : [];

  return (
    <Panel title={`Dry-run version ${version.version}`}>
      <p className="muted">Nothing is stored or published. Loaded rows hold protected values (tokens where personal data was); the dry-run evaluates every check on them as they are.</p>
      <div className="toolbar">
        <label className="inline">
          Dataset
          <select value={sourceId} onChange={(event) => setSourceId(event.target.value)}>
            {sources.map((source) => (
              <option key={source}>{source}</option>
            ))}
          </select>
        </label>
        {can('datasets:read') && (
          <>
            <label className="inline">
              Rows
              <input type="number" min={1} max={MAX_LOADED_ROWS} value={rowCount} onChange={(event) => setRowCount(Math.min(MAX_LOADED_ROWS, Math.max(1, Number(event.target.value) || 1)))} />
            </label>
            <button type="button" className="secondary" onClick={() => void loadRows()}>
              Load the dataset's rows
            </button>
          </>
        )}
      </div>
      <Problem error={loadError} />
      <label className="form-field" htmlFor="dry-run-sample">
        Sample (a JSON array of records, or one JSON object a line)
      </label>
      <textarea id="dry-run-sample" className="code-editor" rows={8} spellCheck={false} value={sampleText} aria-invalid={problem !== null} onChange={(event) => setSampleText(event.target.value)} />
      <div className="actions editor-actions">
        <button type="button" disabled={dryRun.isPending || sourceId === ''} onClick={run}>
          {dryRun.isPending ? 'Judging…' : 'Dry-run'}
        </button>
        <label className="inline">
          Last
          <input type="number" min={1} max={MAX_EXPLORE_RECORDS} value={exploreCount} onChange={(event) => setExploreCount(Math.min(MAX_EXPLORE_RECORDS, Math.max(1, Number(event.target.value) || 1)))} />
          Explore rows
        </label>
        <button type="button" className="secondary" disabled={dryRun.isPending || sourceId === ''} onClick={runOnExplore}>
          Judge the last Explore rows
        </button>
      </div>
      <p className="muted">The last Explore rows are protected by the source's current policy before they are judged, exactly as the stream judges them; their values are never shown.</p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <Problem error={dryRun.error} />
      {dryRun.data && (
        <>
          <p role="status" data-testid="dry-run-summary">
            {dryRun.data.summary.records} records: {dryRun.data.summary.valid} valid, {dryRun.data.summary.quarantined} would be quarantined, {dryRun.data.summary.warned} with warnings.
          </p>
          {dryRun.data.explore && (
            <p className="muted" data-testid="dry-run-explore">
              Judged the last {dryRun.data.explore.records} Explore rows ({dryRun.data.explore.last} asked for{dryRun.data.explore.truncated ? '; the oldest left out, too large together' : ''}), protected by policy{' '}
              {dryRun.data.explore.policyId} version {dryRun.data.explore.policyVersion}.
            </p>
          )}
          <div className="table-scroll">
            <table aria-label="Dry-run checks">
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Field</th>
                  <th scope="col">Level</th>
                  <th scope="col" className="number">Passed</th>
                  <th scope="col" className="number">Failed</th>
                  <th scope="col" className="number">Not evaluated</th>
                  <th scope="col">Failing records</th>
                </tr>
              </thead>
              <tbody>
                {checks.map((check) => (
                  <tr key={check.checkId} data-check-id={check.checkId} className={check.failed > 0 ? `outcome-${check.level}` : undefined}>
                    <td>{check.checkName}</td>
                    <td>{check.field}</td>
                    <td>{check.level}</td>
                    <td className="number">{check.passed}</td>
                    <td className="number">{check.failed}</td>
                    <td className="number">{check.notEvaluated}</td>
                    <td className="samples">{check.failingSamples.join(', ')}{check.failed > check.failingSamples.length ? ' …' : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {dryRun.data.windows.length > 0 && (
            <div className="table-scroll">
              <table aria-label="Dry-run aggregate checks">
                <thead>
                  <tr>
                    <th scope="col">Aggregate check</th>
                    <th scope="col">Metric</th>
                    <th scope="col" className="number">Value</th>
                    <th scope="col" className="number">Rows</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {dryRun.data.windows.map((window) => (
                    <tr key={window.checkId}>
                      <td>{window.checkId}</td>
                      <td>{window.metric}</td>
                      <td className="number">{window.measuredValue ?? '—'}</td>
                      <td className="number">{window.rows}</td>
                      <td>{window.outcome}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Panel>
  );
}
