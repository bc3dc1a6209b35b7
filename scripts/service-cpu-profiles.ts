/**
 * CPU profiles of the running stack's services over a span the caller chooses (bench:e2e --cpu-profile).
 * `node --cpu-prof` writes its profile only when the process exits normally, which a service stopped by
 * a signal does not, and it would profile start-up too. So each service's inspector is opened the way
 * `kill -USR1` opens it (`./atlas up` starts the services with --inspect-port=0: a free loopback port,
 * announced in the service's log), V8's sampling profiler runs over the span, and the inspector is
 * closed again. The `.cpuprofile` files open as flame charts in Chrome DevTools (Performance) or speedscope.
 */
import { mkdirSync, openSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summariseCpuProfile, type CpuProfile, type CpuProfileSummary } from './cpu-profile-summary';

const ANNOUNCE_TIMEOUT_MS = 10_000;
const COMMAND_TIMEOUT_MS = 60_000;
/**
 * Closes the inspector's port a second after the call. The console's `require` exists only while the
 * expression runs, so the module is taken now. The delay lets this client disconnect first: closing
 * with a session still attached waits for it on the service's main thread.
 */
const CLOSE_INSPECTOR = "(() => { const inspector = require('node:inspector'); setTimeout(() => inspector.close(), 1000).unref(); })()";

class InspectorSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter || message.id === undefined) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }

  static open(url: string): Promise<InspectorSession> {
    return new Promise((resolveOpen, rejectOpen) => {
      const socket = new WebSocket(url);
      socket.addEventListener('open', () => resolveOpen(new InspectorSession(socket)), { once: true });
      socket.addEventListener('error', () => rejectOpen(new Error(`could not connect to the inspector at ${url}`)), { once: true });
    });
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolveCall, rejectCall) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        rejectCall(new Error(`${method} got no answer in ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (result) => (clearTimeout(timer), resolveCall(result as T)),
        reject: (error) => (clearTimeout(timer), rejectCall(error)),
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Closes the connection; calls still waiting for an answer fail. */
  close(): void {
    this.socket.close();
    for (const waiter of this.pending.values()) waiter.reject(new Error('the inspector connection was closed'));
    this.pending.clear();
  }
}

function readFrom(file: string, offset: number): string {
  const descriptor = openSync(file, 'r');
  try {
    const length = Math.max(0, statSync(file).size - offset);
    const buffer = Buffer.alloc(length);
    readSync(descriptor, buffer, 0, length, offset);
    return buffer.toString('utf8');
  } finally {
    closeSync(descriptor);
  }
}

/** Opens the inspector of the service `pid` (logging to `logFile`) and returns the URL it announced. */
async function openInspector(pid: number, logFile: string, timeoutMs: number): Promise<string> {
  const offset = statSync(logFile).size;
  process.kill(pid, 'SIGUSR1');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const announced = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(readFrom(logFile, offset));
    if (announced) return announced[1];
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`process ${pid} announced no inspector in ${logFile} within ${timeoutMs} ms (was it started by ./atlas up, with --inspect-port=0?)`);
}

export interface ServiceProfiles {
  /** Stops every profiler, writes `<directory>/<service>.cpuprofile`, closes the inspectors and summarises. */
  stop(): Promise<Record<string, CpuProfileSummary & { file: string }>>;
}

/** Starts V8's sampling profiler in each service (name → pid); its log is `<logDirectory>/<name>.log`. */
export async function startServiceProfiles(
  services: Map<string, number>,
  logDirectory: string,
  directory: string,
  announceTimeoutMs = ANNOUNCE_TIMEOUT_MS,
): Promise<ServiceProfiles> {
  mkdirSync(directory, { recursive: true });
  const sessions = new Map<string, InspectorSession>();
  try {
    for (const [name, pid] of services) {
      const session = await InspectorSession.open(await openInspector(pid, join(logDirectory, `${name}.log`), announceTimeoutMs));
      sessions.set(name, session);
      await session.send('Profiler.enable');
      await session.send('Profiler.start');
    }
  } catch (error) {
    for (const session of sessions.values()) session.close();
    throw error;
  }
  return {
    async stop() {
      const summaries: Record<string, CpuProfileSummary & { file: string }> = {};
      for (const [name, session] of sessions) {
        const { profile } = await session.send<{ profile: CpuProfile }>('Profiler.stop');
        const file = join(directory, `${name}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        summaries[name] = { file, ...summariseCpuProfile(profile) };
        await session.send('Runtime.evaluate', { expression: CLOSE_INSPECTOR, includeCommandLineAPI: true });
        session.close();
      }
      return summaries;
    },
  };
}
