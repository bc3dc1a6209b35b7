import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@atlas/testing';
import { startServiceProfiles } from './service-cpu-profiles';

// A real Node process started as `./atlas up` starts a service (--inspect-port=0, stderr to its log),
// busy in a function of its own, profiled through its inspector.
describe('CPU profiles of running services', () => {
  let directory: string;
  let child: ChildProcess;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'atlas-cpu-profiles-'));
    const log = openSync(join(directory, 'busy.log'), 'a');
    // It starts spinning once the test says so (the file `go` exists): code V8 optimised before the
    // profiler started may be attributed to its caller, which would make the check below depend on timing.
    const program = [
      `const go = ${JSON.stringify(join(directory, 'go'))};`,
      'function spinForAWhile() { let total = 0; const end = Date.now() + 5; while (Date.now() < end) for (let step = 0; step < 1000; step++) total += Math.sqrt(step + total); return total; }',
      "const wait = setInterval(() => { if (require('node:fs').existsSync(go)) { clearInterval(wait); setInterval(spinForAWhile, 10); } }, 20);",
    ].join('\n');
    // A module file, as a service's main.js is: `require` is the module's own, not a global.
    writeFileSync(join(directory, 'busy-service.js'), program);
    child = spawn(process.execPath, ['--inspect-port=0', join(directory, 'busy-service.js')], { stdio: ['ignore', log, log] });
  });

  afterEach(() => {
    child.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });

  it('profiles each service over the span, writes its .cpuprofile, summarises it and closes the inspector again', async () => {
    await new Promise((resolveStart) => setTimeout(resolveStart, 300));
    const profiles = await startServiceProfiles(new Map([['busy', child.pid!]]), directory, join(directory, 'profiles'));
    writeFileSync(join(directory, 'go'), '');
    await new Promise((resolveSpan) => setTimeout(resolveSpan, 600));
    const summaries = await profiles.stop();

    const file = join(directory, 'profiles', 'busy.cpuprofile');
    expect(summaries.busy.file).toBe(file);
    expect(existsSync(file)).toBe(true);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { samples: number[] }).samples.length).toBeGreaterThan(100);
    expect(summaries.busy.profiledMs).toBeGreaterThanOrEqual(550);
    // Busy about half the time (5 ms of every 10), nearly all of it in the spinning function.
    expect(summaries.busy.busyShare).toBeGreaterThan(0.2);
    expect(summaries.busy.functions[0].function).toBe(`spinForAWhile ${join(directory, 'busy-service.js')}:2`);
    // The inspector's port is closed again, and the service lives on.
    const log = readFileSync(join(directory, 'busy.log'), 'utf8');
    const port = /Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(log)?.[1];
    expect(port).toBeDefined();
    const portOpen = () => fetch(`http://127.0.0.1:${port}/json/list`).then(() => true, () => false);
    await waitFor(async () => !(await portOpen()), { timeoutMs: 5000, intervalMs: 50, description: "the inspector's port to close" });
    expect(await portOpen()).toBe(false);
    await new Promise((resolveWait) => setTimeout(resolveWait, 300));
    expect([child.exitCode, child.signalCode]).toEqual([null, null]);
    expect(readFileSync(join(directory, 'busy.log'), 'utf8')).not.toMatch(/Error/);
  });

  it('profiles the same service again once its inspector has closed', async () => {
    writeFileSync(join(directory, 'go'), '');
    await new Promise((resolveStart) => setTimeout(resolveStart, 300));
    const busyShares: number[] = [];
    for (let round = 0; round < 2; round++) {
      const profiles = await startServiceProfiles(new Map([['busy', child.pid!]]), directory, join(directory, `profiles-${round}`));
      await new Promise((resolveSpan) => setTimeout(resolveSpan, 300));
      busyShares.push((await profiles.stop()).busy.busyShare);
      await new Promise((resolveClose) => setTimeout(resolveClose, 1500));
    }
    expect(busyShares.every((share) => share > 0.2)).toBe(true);
    expect(readFileSync(join(directory, 'busy.log'), 'utf8').match(/Debugger listening on/g)).toHaveLength(2);
    expect([child.exitCode, child.signalCode]).toEqual([null, null]);
  });

  it('says which process announced no inspector', async () => {
    const plain = spawn(process.execPath, ['-e', 'process.on("SIGUSR1", () => {}); setInterval(() => {}, 1000);'], { stdio: ['ignore', openSync(join(directory, 'plain.log'), 'a'), 'ignore'] });
    try {
      await new Promise((resolveStart) => setTimeout(resolveStart, 300));
      await expect(startServiceProfiles(new Map([['plain', plain.pid!]]), directory, join(directory, 'profiles'), 500)).rejects.toThrow(
        `process ${plain.pid} announced no inspector in ${join(directory, 'plain.log')}`,
      );
    } finally {
      plain.kill('SIGKILL');
    }
  });
});
