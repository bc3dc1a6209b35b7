/**
 * The demo's SodaCL part: a SodaCL check file posted to the quality contracts API and activated for
 * the source "invoices", six invoices pushed through the pipeline, then what was quarantined per
 * record (with the failed check ids and measured values) and how each window and run-level check
 * ended (pass / warn / fail with its measured value).
 */
import type { Pool } from 'pg';
import { type ClientOptions, gatewayCaller, pushRecords, waitForRuns } from './pipeline-client';

const SODACL = `checks for invoices:
  - missing_count(invoice_id) = 0
  - invalid_count(currency) = 0:
      valid values: [EUR, USD]
  - schema:
      fail:
        when forbidden column present: [card_*]
  - row_count > 10
  - avg(amount):
      warn: when > 100
      fail: when > 1000
      window: 3 records
  - missing_percent(note):
      warn: when > 40%
  - anomaly detection for row_count
`;

const INVOICES = [
  { invoice_id: 1, currency: 'EUR', amount: 10, note: 'ok' },
  { invoice_id: 2, currency: 'GBP', amount: 20, note: null },
  { invoice_id: 3, currency: 'USD', amount: 30, note: 'ok' },
  { currency: 'EUR', amount: 200, note: 'ok' },
  { invoice_id: 5, currency: 'EUR', amount: 150, note: null, card_token: 'tok' },
  { invoice_id: 6, currency: 'USD', amount: 250, note: null },
];

export async function showSodaclContract(database: Pool, options: ClientOptions): Promise<void> {
  const call = gatewayCaller(options);
  try {
    type Created = { notEvaluated: Array<{ path: string; line?: number; reason: string }>; sources: Array<{ checks: unknown[]; windowChecks: unknown[] }> };
    const created = await call<Created>('POST', '/api/v1/contracts', { format: 'sodacl', id: 'invoices-soda', version: '1.0.0', sodacl: SODACL });
    await call('POST', '/api/v1/contracts/invoices-soda/versions/1.0.0/activate');
    console.log(`\nSodaCL contract "invoices-soda" 1.0.0 for source "invoices" (gateway POST /api/v1/contracts {format: "sodacl"}): ${created.sources[0].checks.length} per-record checks, ${created.sources[0].windowChecks.length} window/run checks`);
    for (const element of created.notEvaluated) console.log(`  not evaluated: line ${element.line} ${element.reason}`);
    const { runId } = await pushRecords(options, 'invoices', INVOICES, `demo-sodacl-${Date.now()}`);
    const outcome = await waitForRuns(database, [runId], INVOICES.length, 60000);
    console.log(`  Pushed ${INVOICES.length} invoices (run ${runId}): ${outcome.navigated} to Navigate, ${outcome.quarantined} quarantined`);
    const { rows } = await database.query<{ position_index: number; reasons: Array<{ checkId: string; measuredValue?: unknown }> }>(
      'SELECT position_index, reasons FROM quality.quarantined_records WHERE run_id = $1 ORDER BY position_index',
      [runId],
    );
    for (const row of rows) console.log(`    #${row.position_index} ${row.reasons.map((reason) => `${reason.checkId} (${JSON.stringify(reason.measuredValue)})`).join(', ')}`);
    type Windows = { items: Array<{ checkId: string; window: { kind: string; start: number; end: number }; outcome: string; measuredValue: number | null; closed: boolean; anomaly?: { reason?: string } }> };
    let windows: Windows['items'] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      windows = (await call<Windows>('GET', `/api/v1/quality/runs/${runId}/windows?limit=500`)).items;
      if (windows.length > 0 && windows.every((window) => window.closed)) break;
      await new Promise((resolveSleep) => setTimeout(resolveSleep, 200));
    }
    console.log('  Windows (gateway GET /api/v1/quality/runs/{runId}/windows):');
    for (const window of windows) {
      const span = window.window.kind === 'run' ? 'run' : `records ${window.window.start}-${window.window.end - 1}`;
      // An anomaly detection window says why it was not judged (its series' history is too short).
      const reason = window.anomaly?.reason ? ` (${window.anomaly.reason})` : '';
      console.log(`    ${window.outcome.padEnd(5)} ${window.checkId.padEnd(30)} ${span.padEnd(12)} = ${window.measuredValue === null ? 'n/a' : Number(window.measuredValue.toFixed(2))}${reason}`);
    }
    // The run-level value merges every closed window (an average over the whole run, not of window averages).
    type RunResults = { checks: Array<{ checkId: string; checkType: string; outcome: string; measuredValue: number | null; windowsEvaluated?: number; windowsWarned?: number; windowsFailed?: number }> };
    const results = await call<RunResults>('GET', `/api/v1/quality/runs/${runId}/results`);
    console.log('  Run-level results of the windowed checks (gateway GET /api/v1/quality/runs/{runId}/results):');
    for (const check of results.checks.filter((result) => result.windowsEvaluated !== undefined)) {
      const value = check.measuredValue === null ? 'n/a' : Number(check.measuredValue.toFixed(2));
      console.log(`    run ${check.outcome} ${check.checkId} = ${value} over ${check.windowsEvaluated} windows (${check.windowsWarned ?? 0} warned, ${check.windowsFailed ?? 0} failed)`);
    }
  } catch (error) {
    console.log(`\nSodaCL demo unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
}
