import { useSourceProfile } from '../api/queries';
import type { FieldProfile } from '../api/types';
import { Problem } from '../components/widgets';
import { percent, topValueLabel } from './dataset-values';

const BAR_WIDTH = 90;
const TOP_VALUES_SHOWN = 3;

/** A small horizontal bar for a share of 0..1; the number beside it says the same for screen readers. */
function ShareBar({ share }: { share: number }) {
  const width = Math.round(Math.min(1, Math.max(0, share)) * BAR_WIDTH);
  return (
    <svg className="share-bar" width={BAR_WIDTH} height={8} aria-hidden="true" focusable="false">
      <rect className="share-bar-track" width={BAR_WIDTH} height={8} rx={2} />
      <rect className="share-bar-fill" width={width} height={8} rx={2} />
    </svg>
  );
}

function TopValues({ field, records }: { field: FieldProfile; records: number }) {
  if (field.topValues.length === 0) return <span className="muted">none repeated</span>;
  return (
    <ul className="top-values">
      {field.topValues.slice(0, TOP_VALUES_SHOWN).map((entry) => (
        <li key={topValueLabel(entry)}>
          <span className="top-value-label">{topValueLabel(entry)}</span>
          <ShareBar share={records > 0 ? entry.count / records : 0} />
          <span className="number">{entry.count}</span>
        </li>
      ))}
    </ul>
  );
}

/** The source's profile (its latest run): per field the inferred type, null rate, distinct estimate and top values. */
export function ProfileTable({ sourceId }: { sourceId: string }) {
  const profile = useSourceProfile(sourceId);
  if (profile.error) return <Problem error={profile.error} />;
  if (!profile.data) return <p className="muted">Loading…</p>;
  const { fields, records } = profile.data;
  return (
    <>
      <p className="muted" data-testid="profile-records">
        {records} records profiled in the latest run.
      </p>
      <div className="table-scroll">
        <table aria-label="Field profile">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Type</th>
              <th scope="col">Null rate</th>
              <th scope="col" className="number">Distinct (estimate)</th>
              <th scope="col">Top values</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field.name} data-field={field.name}>
                <th scope="row">{field.name}</th>
                <td>{field.inferredType}</td>
                <td className="share">
                  <ShareBar share={field.nullRate} />
                  <span className="number" data-testid={`null-rate-${field.name}`}>
                    {percent(field.nullRate)}
                  </span>
                </td>
                <td className="number" data-testid={`distinct-${field.name}`}>
                  {field.distinctEstimate}
                </td>
                <td>
                  <TopValues field={field} records={records} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
