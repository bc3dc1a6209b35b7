export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  description: string;
}

/** Polls until the check returns true; the last error or value is reported when time runs out. */
export async function waitFor(check: () => Promise<boolean> | boolean, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = '';
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
      lastProblem = 'condition not met';
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, options.intervalMs ?? 200));
  }
  throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.description} (${lastProblem})`);
}
