import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useDatasetRows } from '../api/queries';
import { useSession } from '../api/session';
import type { Dataset } from '../api/types';
import { Problem } from '../components/widgets';
import { cellText, currentCursor, firstPage, nextPage, previousPage } from './dataset-values';
import { tokensIn } from './reveal';
import { RevealPanel, RevealTarget } from './reveal-panel';

/** A cell; with pii:reveal, each vault token in it gets a Reveal button. */
function Cell({ text, column, recordId, onReveal }: { text: string; column: string; recordId: string; onReveal?: (target: RevealTarget) => void }) {
  const tokens = onReveal ? tokensIn(text) : [];
  if (tokens.length === 0) return <td>{text}</td>;
  return (
    <td>
      {text}{' '}
      {tokens.map((token) => (
        <button key={token} type="button" className="link" onClick={() => onReveal!({ token, column, recordId })} aria-label={`Reveal ${column} of record ${recordId}`}>
          Reveal
        </button>
      ))}
    </td>
  );
}

const ROWS_PAGE = 20;

/** A dataset's typed rows (protected values only), a cursor page at a time in business-key order. */
export function DatasetRowsTable({ dataset }: { dataset: Dataset }) {
  const { can } = useSession();
  const [trail, setTrail] = useState(firstPage);
  const [revealing, setRevealing] = useState<RevealTarget | null>(null);
  const onReveal = can('pii:reveal') ? setRevealing : undefined;
  const rows = useDatasetRows(dataset.datasetId, currentCursor(trail), ROWS_PAGE);
  // A row's record provenance is its run's lineage (lineage:read).
  const provenance = useSession().can('lineage:read');
  const page = trail.cursors.length;
  return (
    <>
      <Problem error={rows.error} />
      {revealing && <RevealPanel key={revealing.token} target={revealing} onClose={() => setRevealing(null)} />}
      {!onReveal && <p className="muted">Tokenized values (tok_…) can be revealed only by accounts granted pii:reveal; yours is not.</p>}
      <div className="table-scroll">
        <table aria-label="Dataset rows">
          <thead>
            <tr>
              {dataset.columns.map((column) => (
                <th scope="col" key={column.name}>
                  {column.name} <span className="column-type">{column.type}</span>
                </th>
              ))}
              {provenance && (
                <th scope="col">
                  <span className="visually-hidden">Provenance</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {(rows.data?.items ?? []).map((row) => (
              <tr key={row.recordId} data-record-id={row.recordId}>
                {dataset.columns.map((column) => (
                  <Cell key={column.name} text={cellText(row.values[column.name])} column={column.name} recordId={row.recordId} onReveal={onReveal} />
                ))}
                {provenance && (
                  <td className="row-actions">
                    <Link to={`/lineage/runs/${encodeURIComponent(row.runId)}/provenance?${new URLSearchParams({ record: row.recordId, dataset: dataset.datasetId })}`} aria-label={`Provenance of record ${row.recordId}`}>
                      provenance
                    </Link>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.data && rows.data.items.length === 0 && <p className="muted">No rows yet.</p>}
      <div className="actions pager">
        <button type="button" disabled={page === 1} onClick={() => setTrail(previousPage)}>
          Previous page
        </button>
        <span className="muted">Page {page}</span>
        <button type="button" disabled={!rows.data?.nextCursor} onClick={() => rows.data?.nextCursor && setTrail(nextPage(trail, rows.data.nextCursor))}>
          Next page
        </button>
      </div>
    </>
  );
}
