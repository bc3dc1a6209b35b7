/**
 * The demo's anomaly detection: a SodaCL contract `anomaly detection for row_count` (minimum
 * history 10) for the source "deliveries", ten runs of a usual volume (5 to 7 records), then one of
 * 40. Each run's row count is judged against the earlier runs of its weekday when its window
 * closes; the last is outside its band. Printed from the gateway's GET /api/v1/quality/anomalies.
 */
import type { Pool } from 'pg';
import { type ClientOptions, gatewayCaller, pushRecords, waitForRuns } from './pipeline-client';

const SODACL = `checks for deliveries:
  - anomaly detection for row_count:
      identity: deliveries-volume
      minimum history: 10
`;
const USUAL_VOLUMES = [5, 6, 5, 7, 6, 5, 6, 5, 6, 5];
const SPIKE_VOLUME = 40;

interface AnomalyPoint {
  runId: string;
  value: number;
  evaluated: boolean;
  anomalous: boolean;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  score: number | null;
  historyPoints: number;
  reason?: string;
}

const rounded = (value: number | null) => (value === null ? 'n/a' : String(Number(value.toFixed(2))));

export async function showAnomalyDetection(database: Pool, options: ClientOptions): Promise<void> {
  const call = gatewayCaller(options);
  try {
    await call('POST', '/api/v1/contracts', { format: 'sodacl', id: 'deliveries-soda', version: '1.0.0', sodacl: SODACL });
    await call('POST', '/api/v1/contracts/deliveries-soda/versions/1.0.0/activate');
    const stamp = Date.now();
    const runIds: string[] = [];
    for (const [index, volume] of [...USUAL_VOLUMES, SPIKE_VOLUME].entries()) {
      const records = Array.from({ length: volume }, (_, position) => ({ delivery: position }));
      const { runId } = await pushRecords(options, 'deliveries', records, `demo-anomaly-${stamp}-${index}`);
      await waitForRuns(database, [runId], volume, 60000);
      runIds.push(runId);
    }
    // The run's window closes with its last record, in the transaction that stores it: judged by now.
    const { items: points } = await call<{ items: AnomalyPoint[] }>('GET', '/api/v1/quality/anomalies?sourceId=deliveries&checkId=deliveries-volume&limit=11');
    const judged = points.filter((point) => runIds.includes(point.runId));
    console.log(`\nAnomaly detection (SodaCL "anomaly detection for row_count", day-of-week seasonality; gateway GET /api/v1/quality/anomalies): ${runIds.length} runs of "deliveries"`);
    const waiting = judged.filter((point) => !point.evaluated).length;
    const quiet = judged.filter((point) => point.evaluated && !point.anomalous).length;
    console.log(`  ${waiting} not evaluated yet (insufficient history), ${quiet} inside their band`);
    for (const point of judged.filter((entry) => entry.anomalous)) {
      console.log(`  anomaly: run ${point.runId} row_count = ${point.value}, expected ${rounded(point.expected)} (band ${rounded(point.lower)}–${rounded(point.upper)}), robust z-score ${rounded(point.score)} over ${point.historyPoints} earlier runs`);
    }
  } catch (error) {
    console.log(`\nAnomaly detection demo unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
}
