import { Link } from 'react-router-dom';
import { useQuarantine } from '../api/queries';
import { Problem } from '../components/widgets';
import { reasonText } from '../quality/quarantine-reasons';

const REJECTED_PAGE = 50;

/**
 * The source's rows its contract rejected (quarantined), with their position in the run and why.
 * Rows that could not be read at all are dead-lettered: counted per run above, their bytes sealed.
 */
export function RejectedRows({ sourceId }: { sourceId: string }) {
  const rejected = useQuarantine(sourceId, REJECTED_PAGE);
  const records = rejected.data?.items ?? [];
  return (
    <>
      <Problem error={rejected.error} />
      {rejected.data && records.length === 0 && <p className="muted">No rejected rows.</p>}
      {records.length > 0 && (
        <div className="table-scroll">
          <table aria-label="Rejected rows">
            <thead>
              <tr>
                <th scope="col" className="number">Position</th>
                <th scope="col">Run</th>
                <th scope="col">Reasons</th>
                <th scope="col">
                  <span className="visually-hidden">Inspect</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {records.map((record) => (
                <tr key={record.recordId} data-record-id={record.recordId}>
                  <td className="number">{record.positionIndex}</td>
                  <td>
                    <code>{record.runId.slice(0, 8)}</code>
                  </td>
                  <td>
                    <ul className="reasons">
                      {record.reasons.map((reason, index) => (
                        <li key={index}>{reasonText(reason)}</li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <Link to={`/quality?source=${encodeURIComponent(sourceId)}&record=${encodeURIComponent(record.recordId)}`} aria-label={`Inspect the row at position ${record.positionIndex}`}>
                      Inspect
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">Position: the row's place in its run, from 0. Rows that could not be read at all are dead-lettered: counted per run, their contents sealed.</p>
    </>
  );
}
