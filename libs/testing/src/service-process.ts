import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { NodeMemorySettings, readNodeMemorySettings } from '@atlas/config';
import { waitFor } from './wait-for';

export const SERVICE_NAMES = ['gateway', 'connector', 'pii-detection', 'quality', 'lineage'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const REPOSITORY_ROOT = resolve(__dirname, '../../..');
/** ATLAS_API_KEYS of the test stack: a client key, accepted by the gateway only (engineer's permissions). */
export const TEST_API_KEY = 'test-api-key-0123456789abcdef';
/** ATLAS_SERVICE_API_KEYS of the test stack: the service credential the services' own ports accept (the gateway calls with it; it refuses it from clients). */
export const TEST_SERVICE_API_KEY = 'test-service-key-0123456789abcdef';
export const TEST_DETOKENIZE_API_KEY = 'test-detokenize-key-0123456789abcdef';
export const TEST_ADMIN_API_KEY = 'test-pii-admin-key-0123456789abcdef';
/** ATLAS_SUBJECT_API_KEYS of the test stack: subjects:manage on the services' internal data-subject routes. */
export const TEST_SUBJECT_API_KEY = 'test-subject-key-0123456789abcdef';
/** The gateway's first admin in the test stack (ATLAS_ADMIN_EMAIL / ATLAS_ADMIN_PASSWORD). */
export const TEST_ADMIN_EMAIL = 'admin@atlas.test';
export const TEST_ADMIN_PASSWORD = 'test-admin-password-0123456789';
/** GATEWAY_TOKEN_SIGNING_KEY of the test stack (raw bytes), so tests can forge expired tokens. */
export const TEST_TOKEN_SIGNING_KEY = Buffer.alloc(32, 9);

export interface ServiceProcessOptions {
  name: ServiceName;
  httpPort: number;
  environment: Record<string, string>;
  logDirectory: string;
}

/** One Atlas service run from the build output, as it runs in production: its own OS process. */
export class ServiceProcess {
  private child?: ChildProcess;
  private log?: WriteStream;
  private exit?: Promise<number | null>;
  // Bounded as deployed (deploy/node-memory.conf), so what a test measures of its memory is what runs.
  private readonly memory: NodeMemorySettings;

  constructor(private readonly options: ServiceProcessOptions) {
    this.memory = readNodeMemorySettings(REPOSITORY_ROOT, SERVICE_NAMES).get(options.name)!;
  }

  get name(): ServiceName {
    return this.options.name;
  }

  /** The running process's id (for its resident memory in /proc), none while stopped. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.options.httpPort}`;
  }

  start(): void {
    if (this.child) throw new Error(`${this.name} already runs`);
    mkdirSync(this.options.logDirectory, { recursive: true });
    this.log = createWriteStream(join(this.options.logDirectory, `${this.name}.log`), { flags: 'a' });
    const entry = join(REPOSITORY_ROOT, 'dist', 'apps', this.name, 'src', 'main.js');
    const child = spawn(process.execPath, ['--enable-source-maps', '--disable-warning=TimeoutNegativeWarning', ...this.memory.flags, entry], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, ...this.memory.environment, ...this.options.environment, HTTP_PORT: String(this.options.httpPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.exit = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    this.child = child;
  }

  async waitUntilReady(timeoutMs = 60000): Promise<void> {
    await waitFor(
      async () => {
        if (!this.child || this.child.exitCode !== null) throw new Error(`${this.name} exited with ${this.child?.exitCode}`);
        const response = await fetch(`${this.baseUrl}/health/ready`).catch(() => undefined);
        return response?.status === 200;
      },
      { timeoutMs, intervalMs: 250, description: `${this.name} to be ready` },
    );
  }

  /** Stops the process; SIGKILL simulates a crash (no graceful shutdown, no offset commit). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 15000);
      await this.exit;
      clearTimeout(killer);
    }
    this.child = undefined;
    this.log?.end();
  }

  async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.stop(signal);
    this.start();
    await this.waitUntilReady();
  }
}

/** The whole pipeline, one process per service, against the real broker and database. */
export class PipelineStack {
  readonly services: Record<ServiceName, ServiceProcess>;

  constructor(basePort: number, environment: Record<string, string>, logDirectory: string) {
    // The gateway serves the services' internal APIs, so it is told where each listens.
    const origin = (name: ServiceName) => `http://127.0.0.1:${basePort + SERVICE_NAMES.indexOf(name)}`;
    // A test may point the gateway elsewhere (e.g. through a proxy injecting faults): its environment wins.
    const withServices = {
      CONNECTOR_URL: origin('connector'),
      PII_DETECTION_URL: origin('pii-detection'),
      QUALITY_URL: origin('quality'),
      LINEAGE_URL: origin('lineage'),
      ...environment,
    };
    const entries = SERVICE_NAMES.map((name, index) => [
      name,
      new ServiceProcess({ name, httpPort: basePort + index, environment: withServices, logDirectory }),
    ]);
    this.services = Object.fromEntries(entries) as Record<ServiceName, ServiceProcess>;
  }

  async start(): Promise<void> {
    for (const service of Object.values(this.services)) service.start();
    await Promise.all(Object.values(this.services).map((service) => service.waitUntilReady(90000)));
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.services).map((service) => service.stop()));
  }
}
