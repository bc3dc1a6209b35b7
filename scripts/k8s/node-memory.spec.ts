import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readNodeMemorySettings, readServiceNodeMemorySettings } from '@atlas/config';
import { SERVICE_NAMES } from '@atlas/testing';
import { repositoryRoot } from '../repository-root';
import { mebibytes, serviceContainer } from './manifests';

const ROOT = repositoryRoot(__dirname);
const settings = readNodeMemorySettings(ROOT, SERVICE_NAMES);

function flagValue(flags: string[], name: string): number {
  const flag = flags.find((candidate) => candidate.startsWith(`--${name}=`));
  if (!flag) throw new Error(`no --${name}`);
  return Number(flag.split('=')[1]);
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { command: string[]; environment: Record<string, string | number> }>;
};

describe('Node memory bounds (deploy/node-memory.conf) as deployed', () => {
  // On the command line, not in NODE_OPTIONS: Node refuses most V8 flags there (--heap-growing-percent among them).
  it.each(SERVICE_NAMES)('%s: its Kubernetes container passes the same flags before its entry point, and the same allocator environment', (service) => {
    const { flags, environment } = settings.get(service)!;
    const container = serviceContainer(ROOT, service);
    expect(container.args).toEqual([...flags, `dist/apps/${service}/src/main.js`]);
    const containerEnvironment = Object.fromEntries((container.env ?? []).map((entry) => [entry.name, entry.value]));
    expect(containerEnvironment.NODE_OPTIONS).toBeUndefined();
    for (const [name, value] of Object.entries(environment)) expect([name, containerEnvironment[name]]).toEqual([name, value]);
  });

  it.each(SERVICE_NAMES)('%s: docker-compose.yml passes the same flags and allocator environment', (service) => {
    const { flags, environment } = settings.get(service)!;
    const { command, environment: composeEnvironment } = compose.services[service];
    expect(command).toEqual([...flags, `dist/apps/${service}/src/main.js`]);
    expect(composeEnvironment.NODE_OPTIONS).toBeUndefined();
    for (const [name, value] of Object.entries(environment)) expect([name, String(composeEnvironment[name])]).toEqual([name, value]);
  });

  it.each(SERVICE_NAMES)('%s: Node starts with its flags', (service) => {
    const result = spawnSync(process.execPath, [...settings.get(service)!.flags, '-e', '0'], { encoding: 'utf8' });
    expect([result.status, result.stderr]).toEqual([0, '']);
  });

  it.each(SERVICE_NAMES)('%s: a tool starting this service alone reads the same settings', (service) => {
    expect(readServiceNodeMemorySettings(ROOT, service)).toEqual(settings.get(service));
  });

  it('a tool asking for a service the file does not list is refused', () => {
    expect(() => readServiceNodeMemorySettings(ROOT, 'dashboard')).toThrow('deploy/node-memory.conf: no line for dashboard');
  });

  // V8's old generation plus its young one (three semi-spaces at most) must leave a quarter of the pod's
  // limit to code, buffers and native memory, or the kernel kills the pod before V8 collects.
  it.each(SERVICE_NAMES)('%s: the heap bounds leave a quarter of the pod memory limit free', (service) => {
    const { flags } = settings.get(service)!;
    const heap = flagValue(flags, 'max-old-space-size') + 3 * flagValue(flags, 'max-semi-space-size');
    expect(heap).toBeLessThanOrEqual(0.75 * mebibytes(serviceContainer(ROOT, service).resources.limits.memory));
  });
});
