import { useRef, useState } from 'react';
import { ApiError } from '../api/api-client';
import { useSession } from '../api/session';
import { Panel, Problem } from '../components/widgets';
import { useSaveContract, useValidateContract, type ContractVersionView, type ValidationView } from './contract-queries';
import { contractText, locateProblems, parseContractText, type ContractFormat, type ContractProblem } from './contract-text';

/** What the editor starts from: a stored version's document under a new version, or a source's draft. */
export interface EditorStart {
  document: unknown;
  /** Says where the text came from ("version 1.1.0 of …", "the draft of …"). */
  origin: string;
}

/** The line of the editor's text where `line` (1-based) starts, as a character offset. */
function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return offset;
}

function checkCount(view: ValidationView): number {
  return (view.sources ?? []).reduce((sum, source) => sum + source.checks.length + source.runChecks.length + source.windowChecks.length, 0);
}

/**
 * Edits a new contract version as YAML or JSON: Validate asks the quality service (stores nothing)
 * and shows each problem at its line; Save stores the version, inactive until activated (contracts:write).
 */
export function ContractEditor({ start, onSaved }: { start: EditorStart; onSaved: (saved: ContractVersionView) => void }) {
  const { can } = useSession();
  const [format, setFormat] = useState<ContractFormat>('yaml');
  const [text, setText] = useState(() => contractText(start.document, 'yaml'));
  const [problems, setProblems] = useState<ContractProblem[]>([]);
  const textArea = useRef<HTMLTextAreaElement>(null);
  const validate = useValidateContract();
  const save = useSaveContract();

  const parsedOrShow = (): { document: unknown } | null => {
    const parsed = parseContractText(text);
    if ('problem' in parsed) {
      setProblems([parsed.problem]);
      return null;
    }
    return parsed;
  };
  const onValidate = () => {
    validate.reset();
    setProblems([]);
    const parsed = parsedOrShow();
    if (parsed) validate.mutate(parsed.document, { onSuccess: (view) => setProblems(locateProblems(text, view.problems)) });
  };
  const onSave = () => {
    validate.reset();
    setProblems([]);
    const parsed = parsedOrShow();
    if (!parsed) return;
    save.mutate(parsed.document, {
      onSuccess: onSaved,
      onError: (error) => error instanceof ApiError && setProblems(locateProblems(text, error.problems)),
    });
  };
  const switchFormat = (next: ContractFormat) => {
    const parsed = parseContractText(text);
    if ('problem' in parsed) return setProblems([parsed.problem]);
    setFormat(next);
    setText(contractText(parsed.document, next));
    setProblems([]);
  };
  const goToLine = (line: number) => {
    const area = textArea.current;
    if (!area) return;
    const from = offsetOfLine(text, line);
    const to = text.indexOf('\n', from);
    area.focus();
    area.setSelectionRange(from, to < 0 ? text.length : to);
  };

  return (
    <Panel
      title="Edit a new version"
      actions={
        <div className="segmented" role="group" aria-label="Format">
          {(['yaml', 'json'] as const).map((option) => (
            <button key={option} type="button" aria-pressed={format === option} onClick={() => switchFormat(option)}>
              {option.toUpperCase()}
            </button>
          ))}
        </div>
      }
    >
      <p className="muted">Starts from {start.origin}. Give it a new version, then validate, save, dry-run and activate it.</p>
      <label className="form-field" htmlFor="contract-text">
        Contract ({format.toUpperCase()})
      </label>
      <textarea
        id="contract-text"
        ref={textArea}
        className="code-editor"
        rows={22}
        spellCheck={false}
        value={text}
        aria-invalid={problems.length > 0}
        aria-describedby={problems.length > 0 ? 'contract-problems' : undefined}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="actions editor-actions">
        <button type="button" className="secondary" disabled={validate.isPending} onClick={onValidate}>
          {validate.isPending ? 'Validating…' : 'Validate'}
        </button>
        {can('contracts:write') && (
          <button type="button" disabled={save.isPending} onClick={onSave}>
            {save.isPending ? 'Saving…' : 'Save version'}
          </button>
        )}
      </div>
      {problems.length > 0 && (
        <div id="contract-problems" role="alert" className="problems">
          <p>
            {problems.length} problem{problems.length === 1 ? '' : 's'}:
          </p>
          <ul aria-label="Contract problems">
            {problems.map((problem, index) => (
              <li key={index} data-path={problem.path}>
                <button type="button" className="link" onClick={() => goToLine(problem.line ?? 1)}>
                  Line {problem.line ?? 1}
                </button>{' '}
                <code>{problem.path}</code> {problem.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {validate.data?.valid && (
        <p role="status" className="check-ok" data-testid="validation-result">
          Valid: {checkCount(validate.data)} checks for {(validate.data.sources ?? []).map((source) => source.sourceId).join(', ') || 'no source'}
          {(validate.data.notEvaluated ?? []).length > 0 ? `; ${validate.data.notEvaluated!.length} elements Atlas does not evaluate` : ''}.
        </p>
      )}
      <Problem error={validate.error} />
      {save.error instanceof ApiError && save.error.problems.length > 0 ? null : <Problem error={save.error} />}
    </Panel>
  );
}
