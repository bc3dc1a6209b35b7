import { useState } from 'react';
import { useClassifications, useClassify } from '../api/queries';
import { useSession } from '../api/session';
import type { ColumnClass, ColumnClassification } from '../api/types';
import { Panel, Problem } from '../components/widgets';

const CLASSES: ColumnClass[] = ['personal', 'free_text', 'identifier', 'non_personal'];

/** Confirm keeps the sampler's answer as the user's decision; Override stores another class. Only for pii:admin. */
function DecisionControls({ column }: { column: ColumnClassification }) {
  const classify = useClassify();
  const [columnClass, setColumnClass] = useState<ColumnClass>(column.class);
  const [entityType, setEntityType] = useState(column.entityType ?? '');
  const decide = (decision: { class: ColumnClass; entityType: string | null }) => classify.mutate({ sourceId: column.sourceId, field: column.field, ...decision });
  const label = `for ${column.field}`;
  return (
    <div className="actions">
      {column.decidedBy === 'sampler' && (
        <button type="button" aria-label={`Confirm ${label}`} disabled={classify.isPending} onClick={() => decide({ class: column.class, entityType: column.entityType })}>
          Confirm
        </button>
      )}
      <select aria-label={`Class ${label}`} value={columnClass} onChange={(event) => setColumnClass(event.target.value as ColumnClass)}>
        {CLASSES.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      {columnClass === 'personal' && <input aria-label={`Entity type ${label}`} value={entityType} size={14} onChange={(event) => setEntityType(event.target.value.toUpperCase())} />}
      <button type="button" aria-label={`Override ${label}`} disabled={classify.isPending} onClick={() => decide({ class: columnClass, entityType: columnClass === 'personal' ? entityType : null })}>
        Override
      </button>
      <Problem error={classify.error} />
    </div>
  );
}

export function ClassificationsPanel({ sourceIds, selected, onSelect }: { sourceIds: string[]; selected: string | null; onSelect: (sourceId: string) => void }) {
  const { can } = useSession();
  const classifications = useClassifications(selected);
  const columns = classifications.data?.items ?? [];
  return (
    <Panel
      title="Column classifications"
      actions={
        <label className="inline">
          Dataset{' '}
          <select value={selected ?? ''} onChange={(event) => onSelect(event.target.value)}>
            {selected === null && <option value="">choose…</option>}
            {sourceIds.map((sourceId) => (
              <option key={sourceId} value={sourceId}>
                {sourceId}
              </option>
            ))}
          </select>
        </label>
      }
    >
      <Problem error={classifications.error} />
      {selected === null && <p className="muted">Choose a dataset.</p>}
      {classifications.data && columns.length === 0 && <p className="muted">No column of {selected} has been classified yet.</p>}
      {columns.length > 0 && (
        <div className="table-scroll">
          <table aria-label="Column classifications">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Class</th>
                <th scope="col">Entity type</th>
                <th scope="col" className="number">Confidence</th>
                <th scope="col" className="number">Values with findings</th>
                <th scope="col">Decided by</th>
                {can('pii:admin') && <th scope="col">Decision</th>}
              </tr>
            </thead>
            <tbody>
              {columns.map((column) => (
                <tr key={column.field} data-field={column.field}>
                  <td>{column.field}</td>
                  <td data-testid={`class-${column.field}`}>{column.class}</td>
                  <td>{column.entityType ?? ''}</td>
                  <td className="number">{(column.confidence * 100).toFixed(0)}%</td>
                  <td className="number">
                    {column.evidence.valuesWithFindings} of {column.evidence.sampledValues}
                  </td>
                  <td data-testid={`decided-${column.field}`}>{column.decidedBy}</td>
                  {can('pii:admin') && (
                    <td>
                      <DecisionControls key={`${column.class}:${column.entityType}:${column.updatedAt}`} column={column} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
