/**
 * User Timing marks and measures of the lineage view, read by the browser bench
 * (scripts/bench-dashboard-lineage.ts) from `performance.getEntriesByName`:
 * - `lineage-layout`: the ELK layout in the worker, with the graph's conversion both ways;
 * - `lineage-first-paint`: from the graph's answer to the first frame that shows it (layout included).
 */
export const LINEAGE_LAYOUT_MEASURE = 'lineage-layout';
export const LINEAGE_FIRST_PAINT_MEASURE = 'lineage-first-paint';
const ANSWERED = 'lineage-answered';
const LAYOUT_STARTED = 'lineage-layout-started';

/** The graph's answer arrived: first paint is measured from here (once per answer). */
export function markAnswered(): void {
  performance.mark(ANSWERED);
}

/** Wraps a layout so its duration lands in the `lineage-layout` measure. */
export async function timedLayout<T>(layout: () => Promise<T>): Promise<T> {
  performance.mark(LAYOUT_STARTED);
  const result = await layout();
  performance.measure(LINEAGE_LAYOUT_MEASURE, LAYOUT_STARTED);
  return result;
}

/** Called when a drawn graph is committed: the frame after next has painted it. */
export function markPainted(): void {
  if (performance.getEntriesByName(ANSWERED, 'mark').length === 0) return;
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (performance.getEntriesByName(ANSWERED, 'mark').length === 0) return;
      performance.measure(LINEAGE_FIRST_PAINT_MEASURE, ANSWERED);
      performance.clearMarks(ANSWERED);
    }, 0),
  );
}
