import { FormEvent, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Problem } from '../components/widgets';
import { configOf, fieldsOf, FormValues, initialValues } from './config-form';
import { ConfigFieldInput } from './config-field-input';
import { Connector, useConnectors, useCreateSource } from './source-queries';

const SOURCE_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The config inputs of one connector type, generated from its spec. */
function ConfigFields({ connector, values, problems, onChange }: { connector: Connector; values: FormValues; problems: Record<string, string>; onChange: (name: string, value: string | boolean) => void }) {
  const fields = useMemo(() => fieldsOf(connector.spec), [connector]);
  const shown = { ...initialValues(fields), ...values };
  return (
    <fieldset className="form-grid">
      <legend>{connector.type} configuration</legend>
      <p className="muted form-wide">{connector.description}</p>
      {fields.map((field) => (
        <ConfigFieldInput key={field.name} field={field} values={shown} problem={problems[field.name]} onChange={onChange} />
      ))}
    </fieldset>
  );
}

/** Create a source: its id, its type, and a config form generated from the type's spec. */
export function NewSourceForm() {
  const connectors = useConnectors();
  const create = useCreateSource();
  const navigate = useNavigate();
  const [type, setType] = useState('file');
  const [values, setValues] = useState<FormValues>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const connector = connectors.data?.find((candidate) => candidate.type === type);

  function chooseType(next: string) {
    setType(next);
    setValues({});
    setProblems({});
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!connector) return;
    const form = new FormData(event.currentTarget);
    const sourceId = String(form.get('sourceId') ?? '').trim();
    const schedule = String(form.get('schedule') ?? '').trim();
    const fields = fieldsOf(connector.spec);
    const result = configOf(fields, { ...initialValues(fields), ...values });
    const found = { ...result.problems, ...(SOURCE_ID.test(sourceId) ? {} : { sourceId: 'Source id must be 1-63 lowercase letters, digits, "_" or "-"' }) };
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    create.mutate({ sourceId, type, config: result.config, ...(schedule ? { schedule } : {}) }, { onSuccess: (source) => navigate(`/sources/${encodeURIComponent(source.sourceId)}`) });
  }

  return (
    <form className="stack-form" onSubmit={submit} aria-label="New source" noValidate>
      <div className="form-grid">
        <div className="form-field">
          <span className="field-label">
            <label htmlFor="new-source-id">Source id</label>
            <span aria-hidden="true"> *</span>
          </span>
          <input id="new-source-id" name="sourceId" required aria-describedby={problems.sourceId ? 'new-source-id-problem' : undefined} aria-invalid={problems.sourceId ? true : undefined} />
          {problems.sourceId && (
            <small id="new-source-id-problem" className="field-problem">
              {problems.sourceId}
            </small>
          )}
        </div>
        <div className="form-field">
          <label htmlFor="new-source-type">Type</label>
          <select id="new-source-type" value={type} onChange={(event) => chooseType(event.target.value)}>
            {(connectors.data ?? []).map((candidate) => (
              <option key={candidate.type} value={candidate.type}>
                {candidate.type}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor="new-source-schedule">Schedule (cron, optional)</label>
          <input id="new-source-schedule" name="schedule" placeholder="0 * * * *" />
        </div>
      </div>
      <Problem error={connectors.error} />
      {connector && <ConfigFields connector={connector} values={values} problems={problems} onChange={(name, value) => setValues((current) => ({ ...current, [name]: value }))} />}
      {Object.keys(problems).length > 0 && (
        <p role="alert" className="error">
          Fix {Object.keys(problems).length === 1 ? 'the field' : `the ${Object.keys(problems).length} fields`} marked below the inputs.
        </p>
      )}
      <Problem error={create.error} />
      <div className="actions">
        <button type="submit" disabled={!connector || create.isPending}>
          {create.isPending ? 'Creating…' : 'Create source'}
        </button>
      </div>
    </form>
  );
}
