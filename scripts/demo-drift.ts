/**
 * The demo's drift and segments part: a SodaCL contract with a distribution check, a row count per
 * carrier (group by) and a filtered average, then two runs of a fresh "shipments" source: the
 * second run's weights have moved, so its drift check (a Kolmogorov–Smirnov test, Soda's default for
 * a continuous column, measuring the p-value) fails against the first run's window: p < 0.05.
 */
import type { Pool } from 'pg';
import { type ClientOptions, gatewayCaller, pushRecords, waitForRuns } from './pipeline-client';

const REFERENCE_RUN = [
  { carrier: 'DHL', weight: 10 },
  { carrier: 'DHL', weight: 20 },
  { carrier: 'UPS', weight: 30 },
  { carrier: 'UPS', weight: 12 },
];
const DRIFTED_RUN = [
  { carrier: 'DHL', weight: 110 },
  { carrier: 'DHL', weight: 120 },
  { carrier: 'DHL', weight: 125 },
  { carrier: 'UPS', weight: 130 },
];

export type WindowView = {
  checkId: string;
  closed: boolean;
  outcome: string;
  measuredValue: number | null;
  segment?: { field: string; value: unknown };
  filter?: string;
  drift?: { method: string; statistic?: number; reference?: { windows: number; used: Array<{ runId: string }> } };
};

/** A hypothesis test's value is its p-value, shown with its statistic (KS D, χ²); other values rounded. */
function valueText(window: WindowView): string {
  if (window.measuredValue === null) return 'n/a';
  const statistic = window.drift?.statistic;
  if (statistic === undefined) return String(Number(window.measuredValue.toFixed(2)));
  const name = window.drift!.method === 'ks' ? 'KS statistic D' : 'chi-square statistic';
  return `p-value ${Number(window.measuredValue.toPrecision(3))} (${name} = ${Number(statistic.toFixed(3))})`;
}

/** One window as the demo prints it. */
export function windowLine(window: WindowView): string {
  const scope = window.segment ? ` [${window.segment.field} = ${JSON.stringify(window.segment.value)}]` : window.filter ? ` [filter ${window.filter}]` : '';
  const used = window.drift?.reference?.used ?? [];
  const reference = !window.drift ? '' : used.length === 0 ? ' (no earlier window to compare with yet)' : ` (${window.drift.method} against ${used.length} earlier window: run ${used.map((earlier) => earlier.runId).join(', ')})`;
  return `    ${window.outcome.padEnd(13)} ${window.checkId}${scope} = ${valueText(window)}${reference}`;
}

export async function showDriftAndSegments(database: Pool, options: ClientOptions): Promise<void> {
  const call = gatewayCaller(options);
  const source = `shipments-${Date.now().toString(36)}`;
  const sodacl = `checks for ${source}:
  - distribution_difference(weight) > 0.05
  - row_count > 1:
      group by: carrier
  - avg(weight) < 25:
      filter: carrier = 'DHL'
`;
  try {
    await call('POST', '/api/v1/contracts', { format: 'sodacl', id: `${source}-soda`, version: '1.0.0', sodacl });
    await call('POST', `/api/v1/contracts/${source}-soda/versions/1.0.0/activate`);
    console.log(`\nDistribution drift, segments and filters (SodaCL "distribution_difference(weight) > 0.05": fails when the KS test's p-value is below 0.05, "row_count > 1" with "group by: carrier", "avg(weight) < 25" with "filter: carrier = 'DHL'"), source ${source}:`);
    for (const [index, records] of [REFERENCE_RUN, DRIFTED_RUN].entries()) {
      const { runId } = await pushRecords(options, source, records, `${source}-${index}`);
      await waitForRuns(database, [runId], records.length, 60000);
      let windows: WindowView[] = [];
      for (let attempt = 0; attempt < 100; attempt++) {
        windows = (await call<{ items: WindowView[] }>('GET', `/api/v1/quality/runs/${runId}/windows?limit=500`)).items;
        if (windows.length > 0 && windows.every((window) => window.closed)) break;
        await new Promise((resolveSleep) => setTimeout(resolveSleep, 200));
      }
      console.log(`  run ${index + 1} (${runId}, weights ${records.map((record) => record.weight).join(', ')}; GET /api/v1/quality/runs/{runId}/windows):`);
      for (const window of windows) console.log(windowLine(window));
    }
  } catch (error) {
    console.log(`\nDrift demo unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
}
