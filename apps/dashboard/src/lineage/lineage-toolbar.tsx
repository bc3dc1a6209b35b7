import { FormEvent } from 'react';
import { fromLocalInput, LineageSearch, MAX_LEVELS, toLocalInput } from './lineage-search';

interface Props {
  search: LineageSearch;
  onChange(next: LineageSearch): void;
}

/** One direction's depth: shown, and changed one level at a time. */
function Levels({ direction, value, onChange }: { direction: 'upstream' | 'downstream'; value: number; onChange(next: number): void }) {
  return (
    <span className="levels" role="group" aria-label={`Levels ${direction}`}>
      <span className="levels-label">
        {direction === 'upstream' ? 'Upstream' : 'Downstream'}: <output data-testid={`levels-${direction}`}>{value}</output>
      </span>
      <button type="button" className="secondary" aria-label={`One level fewer ${direction}`} disabled={value === 0} onClick={() => onChange(value - 1)}>
        −
      </button>
      <button type="button" className="secondary" aria-label={`One more level ${direction}`} disabled={value === MAX_LEVELS} onClick={() => onChange(value + 1)}>
        +
      </button>
    </span>
  );
}

/** Where to start, how far to walk each way, when, with or without columns, graph or list. */
export function LineageToolbar({ search, onChange }: Props) {
  function open(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const node = String(new FormData(event.currentTarget).get('node') ?? '').trim();
    if (node) onChange({ ...search, node });
  }
  function travel(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange({ ...search, asOf: fromLocalInput(String(new FormData(event.currentTarget).get('asOf') ?? '')) });
  }
  return (
    <>
      <form className="toolbar" onSubmit={open}>
        <label className="inline grow">
          Node{' '}
          <input name="node" key={search.node} defaultValue={search.node ?? ''} placeholder="job:{namespace}:{name} or dataset:{namespace}:{name}" />
        </label>
        <button type="submit">Open</button>
        <span className="segmented" role="group" aria-label="View">
          <button type="button" aria-pressed={search.view === 'graph'} onClick={() => onChange({ ...search, view: 'graph' })}>
            Graph
          </button>
          <button type="button" aria-pressed={search.view === 'list'} onClick={() => onChange({ ...search, view: 'list' })}>
            List
          </button>
        </span>
      </form>
      {search.node && (
        <div className="toolbar">
          <Levels direction="upstream" value={search.up} onChange={(up) => onChange({ ...search, up })} />
          <Levels direction="downstream" value={search.down} onChange={(down) => onChange({ ...search, down })} />
          <label className="inline">
            <input type="checkbox" checked={search.columns} onChange={(event) => onChange({ ...search, columns: event.target.checked })} /> Columns
          </label>
          <form className="inline" onSubmit={travel} aria-label="Time travel">
            <label className="inline">
              As of <input type="datetime-local" name="asOf" key={search.asOf ?? 'now'} defaultValue={toLocalInput(search.asOf)} />
            </label>
            <button type="submit" className="secondary">
              Show
            </button>
            {search.asOf && (
              <button type="button" className="link" onClick={() => onChange({ ...search, asOf: null })}>
                Back to now
              </button>
            )}
          </form>
        </div>
      )}
      {search.asOf && (
        <p className="note" role="status">
          The graph as it was on <time dateTime={search.asOf}>{new Date(search.asOf).toLocaleString()}</time>: edges, datasets and jobs first seen by then.
        </p>
      )}
    </>
  );
}
