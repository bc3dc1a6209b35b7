/** Demo: the typed Navigate table of a source, through the gateway (columns from its contract, masked rows). */
import { ClientOptions } from './pipeline-client';

interface DatasetDetail {
  table: string;
  primaryKey: string[];
  columns: Array<{ name: string; type: string }>;
  contractId: string;
  contractVersion: string;
  rowCount: number;
  conflicts: { total: number; recent: Array<{ reason: string }> };
}

export async function showTypedDataset(options: ClientOptions, datasetId: string): Promise<void> {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${options.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${options.apiKey}` } });
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  };
  try {
    const detail = await get<DatasetDetail>(`/api/v1/datasets/${datasetId}`);
    console.log(`\nTyped Navigate table ${detail.table} (gateway GET /api/v1/datasets/${datasetId}; shaped by contract ${detail.contractId}@${detail.contractVersion}):`);
    console.log(`  key: ${detail.primaryKey.length > 0 ? detail.primaryKey.join(', ') : 'record id (the contract declares no primaryKey)'}; ${detail.rowCount} row(s); ${detail.conflicts.total} conflict(s)`);
    console.log(`  columns: ${detail.columns.map((column) => `${column.name} ${column.type}`).join(', ')}`);
    for (const conflict of detail.conflicts.recent.slice(0, 3)) console.log(`  kept out: ${conflict.reason}`);
    const page = await get<{ items: Array<{ values: Record<string, unknown> }>; nextCursor: string | null }>(`/api/v1/datasets/${datasetId}/rows?limit=3`);
    console.log(`  first rows (GET /api/v1/datasets/${datasetId}/rows, masked values only; next page by cursor):`);
    for (const item of page.items) console.log(`    ${JSON.stringify(item.values)}`);
  } catch (error) {
    console.log(`\nTyped Navigate table unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
}
