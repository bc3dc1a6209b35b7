import type { ConfigField, FormValues } from './config-form';

const inputId = (field: ConfigField) => `config-${field.name.replace(/\./g, '-')}`;

/** One input of a generated config form, labelled by the field and described by the schema's description and the problem. */
export function ConfigFieldInput({ field, values, problem, onChange }: { field: ConfigField; values: FormValues; problem?: string; onChange: (name: string, value: string | boolean) => void }) {
  const id = inputId(field);
  const describedBy = [field.description ? `${id}-description` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name: field.name, 'aria-describedby': describedBy, 'aria-invalid': problem ? true : undefined };
  const value = values[field.name];
  let input;
  switch (field.kind) {
    case 'boolean':
      input = <input {...common} type="checkbox" checked={value === true} onChange={(event) => onChange(field.name, event.target.checked)} />;
      break;
    case 'choice':
      input = (
        <select {...common} required={field.required} value={String(value)} onChange={(event) => onChange(field.name, event.target.value)}>
          <option value="">{field.defaultValue ? `default (${field.defaultValue})` : field.required ? 'choose…' : 'none'}</option>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
      break;
    case 'json':
      input = <textarea {...common} rows={3} placeholder="JSON" value={String(value)} onChange={(event) => onChange(field.name, event.target.value)} />;
      break;
    default:
      input = (
        <input
          {...common}
          type="text"
          inputMode={field.kind === 'number' ? 'decimal' : undefined}
          required={field.required}
          placeholder={field.defaultValue !== undefined ? `default ${field.defaultValue}` : undefined}
          value={String(value)}
          onChange={(event) => onChange(field.name, event.target.value)}
        />
      );
  }
  return (
    <div className={`form-field${field.kind === 'boolean' ? ' form-field-check' : ''}`}>
      {/* The label names the field only; "required" is the input's own attribute, the star is for the eye. */}
      <span className="field-label">
        <label htmlFor={id}>{field.label}</label>
        {field.required && <span aria-hidden="true"> *</span>}
      </span>
      {input}
      {field.description && (
        <small id={`${id}-description`} className="muted">
          {field.description}
        </small>
      )}
      {problem && (
        <small id={`${id}-problem`} className="field-problem">
          {problem}
        </small>
      )}
    </div>
  );
}
