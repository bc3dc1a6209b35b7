/** The lineage page's state in its URL (shareable, and back/forward walk it), as Marquez keeps it. */
export interface LineageSearch {
  node: string | null;
  view: 'graph' | 'list';
  /** Levels walked up and down from the node, each set on its own. */
  up: number;
  down: number;
  /** ISO date-time: the graph as it was then. */
  asOf: string | null;
  columns: boolean;
}

export const MAX_LEVELS = 20;

function levels(text: string | null): number {
  const value = Number(text ?? '1');
  return Number.isInteger(value) && value >= 0 && value <= MAX_LEVELS ? value : 1;
}

function isoTime(text: string | null): string | null {
  if (!text) return null;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

export function readLineageSearch(parameters: URLSearchParams): LineageSearch {
  return {
    node: parameters.get('node'),
    view: parameters.get('view') === 'list' ? 'list' : 'graph',
    up: levels(parameters.get('up')),
    down: levels(parameters.get('down')),
    asOf: isoTime(parameters.get('asOf')),
    columns: parameters.get('columns') === '1',
  };
}

/** Only what differs from the defaults, so a plain link stays `/lineage?node=…`. */
export function writeLineageSearch(search: LineageSearch): Record<string, string> {
  return {
    ...(search.node ? { node: search.node } : {}),
    ...(search.view === 'list' ? { view: 'list' } : {}),
    ...(search.up !== 1 ? { up: String(search.up) } : {}),
    ...(search.down !== 1 ? { down: String(search.down) } : {}),
    ...(search.asOf ? { asOf: search.asOf } : {}),
    ...(search.columns ? { columns: '1' } : {}),
  };
}

/** A `datetime-local` input's value (local time, minutes) for an ISO time, and back. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const time = new Date(iso);
  const local = new Date(time.getTime() - time.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}
