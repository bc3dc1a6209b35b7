import { ReactNode } from 'react';
import { ApiError } from '../api/api-client';
import type { RunState } from '../api/types';

export function Metric({ id, label, value, hint }: { id: string; label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="metric">
      <dt>{label}</dt>
      <dd data-testid={`metric-${id}`}>{value}</dd>
      {/* A definition list holds only dt and dd (axe: definition-list): the hint is a second dd. */}
      {hint && <dd className="hint">{hint}</dd>}
    </div>
  );
}

export function StateBadge({ state }: { state: RunState | string }) {
  return <span className={`badge badge-${state}`}>{state}</span>;
}

export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof ApiError ? `${error.message} (${error.code})` : 'The gateway did not answer.';
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}

export function Panel({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="panel" aria-labelledby={id}>
      <div className="panel-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
