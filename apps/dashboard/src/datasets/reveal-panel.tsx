import { FormEvent, useState } from 'react';
import { Problem } from '../components/widgets';
import { REVEAL_REASON_MAX_LENGTH, reasonProblem } from './reveal';
import { useReveal } from './reveal-query';

export interface RevealTarget {
  token: string;
  column: string;
  recordId: string;
}

/** Reveal one tokenized value: asks why, says that it is audited, shows the value until closed. */
export function RevealPanel({ target, onClose }: { target: RevealTarget; onClose: () => void }) {
  const reveal = useReveal();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = reasonProblem(reason);
    setProblem(found);
    if (!found) reveal.mutate({ token: target.token, reason });
  }

  return (
    <section className="reveal-box" aria-labelledby="reveal-title">
      <div className="panel-head">
        <h3 id="reveal-title">Reveal a value</h3>
        <button type="button" className="secondary" onClick={onClose}>
          {reveal.data ? 'Hide the value' : 'Cancel'}
        </button>
      </div>
      <p>
        Column <strong>{target.column}</strong> of record <code>{target.recordId}</code> holds the token <code>{target.token}</code>.
      </p>
      <p className="notice" role="note">
        Revealing is audited: your account, the token, the time and your reason are recorded in the audit log.
      </p>
      {!reveal.data && (
        <form className="stack-form" onSubmit={submit} aria-label="Reveal a value" noValidate>
          <div className="form-field">
            <label htmlFor="reveal-reason">Why do you need this value?</label>
            <textarea id="reveal-reason" rows={2} maxLength={REVEAL_REASON_MAX_LENGTH} value={reason} onChange={(event) => setReason(event.target.value)} aria-describedby={problem ? 'reveal-reason-problem' : undefined} aria-invalid={problem ? true : undefined} />
            {problem && (
              <small id="reveal-reason-problem" className="field-problem">
                {problem}
              </small>
            )}
          </div>
          <div className="actions">
            <button type="submit" disabled={reveal.isPending}>
              {reveal.isPending ? 'Revealing…' : 'Reveal'}
            </button>
          </div>
        </form>
      )}
      <Problem error={reveal.error} />
      {reveal.data && (
        <p>
          {reveal.data.entityType}:{' '}
          <output className="revealed" data-testid="revealed-value">
            {reveal.data.value}
          </output>
        </p>
      )}
    </section>
  );
}
