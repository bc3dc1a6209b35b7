/**
 * The local stack's processes as /proc shows them: the broker, the PostgreSQL cluster and the five
 * services, with resident memory and CPU time. Shared by the pipeline benchmarks.
 * Only this checkout's stack counts: other checkouts' services and brokers may run on the same machine.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ProcessInfo {
  pid: number;
  parentPid: number;
  residentKib: number;
  /**
   * User + system CPU time in clock ticks (/proc/<pid>/stat fields 14 and 15), plus that of its ended
   * children (16 and 17): PostgreSQL's backends come and go with the pools' connections.
   */
  cpuTicks: number;
  commandLine: string;
  /** The process's working directory ('' when unreadable). */
  workingDirectory: string;
}

/** Which stack to count: services started from `checkout` (its dist/), broker and PostgreSQL under `stateDirectory`. */
export interface StackLocation {
  checkout: string;
  stateDirectory: string;
}

/** This checkout (the working directory, as `./atlas` runs the benches) and its state directory (ATLAS_STATE_DIR or .atlas). */
export function currentStack(environment: NodeJS.ProcessEnv = process.env, checkout: string = process.cwd()): StackLocation {
  return { checkout, stateDirectory: resolve(checkout, environment.ATLAS_STATE_DIR ?? '.atlas') };
}

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every mainstream architecture). */
export const CLOCK_TICKS_PER_SECOND = 100;

export function processes(): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      let workingDirectory = '';
      try {
        workingDirectory = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        // Another user's process: its directory is not ours to read, nor is it our stack.
      }
      const resident = /VmRSS:\s+(\d+)/.exec(status);
      const parent = /PPid:\s+(\d+)/.exec(status);
      // The command name in parentheses may hold spaces: the fields after it are split from its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuTicks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      result.push({ pid: Number(entry), parentPid: Number(parent?.[1] ?? 0), residentKib: Number(resident?.[1] ?? 0), cpuTicks, commandLine, workingDirectory });
    } catch {
      // The process ended while we were reading it.
    }
  }
  return result;
}

/** The stack's processes grouped by role: `kafka`, `postgres` (every process of the cluster) and each service by name. */
export function stackGroups(all: ProcessInfo[] = processes(), stack: StackLocation = currentStack()): Map<string, ProcessInfo[]> {
  const groups = new Map<string, ProcessInfo[]>();
  const add = (name: string, info: ProcessInfo) => groups.set(name, [...(groups.get(name) ?? []), info]);
  const postgresData = `-D ${stack.stateDirectory}/postgres/`;
  const postmasterPids = new Set(all.filter((info) => /(^|\/)postgres\s/.test(info.commandLine) && info.commandLine.includes(postgresData)).map((info) => info.pid));
  for (const info of all) {
    // `node dist/apps/<name>/src/main.js` started in the checkout, or the same path given in full.
    const service = /(^|\s)(\S*)dist\/apps\/([a-z-]+)\/src\/main\.js/.exec(info.commandLine);
    if (service) {
      const directory = service[2] === '' ? info.workingDirectory : resolve(info.workingDirectory, service[2]);
      if (directory === stack.checkout) add(service[3], info);
    } else if (info.commandLine.includes('kafka.Kafka') && info.commandLine.includes(`${stack.stateDirectory}/kafka/`)) add('kafka', info);
    else if (postmasterPids.has(info.pid) || postmasterPids.has(info.parentPid)) add('postgres', info);
  }
  return groups;
}

const sumOf = (selected: ProcessInfo[], field: 'residentKib' | 'cpuTicks') => selected.reduce((total, info) => total + info[field], 0);

/** Resident memory of the broker, the PostgreSQL cluster (all its processes) and the services. */
export function stackMemory(): Record<string, number> {
  const groups = stackGroups();
  const mib = (selected: ProcessInfo[]) => Math.round(sumOf(selected, 'residentKib') / 1024);
  const services = [...groups].filter(([name]) => name !== 'kafka' && name !== 'postgres').flatMap(([, members]) => members);
  const kafka = groups.get('kafka') ?? [];
  const postgres = groups.get('postgres') ?? [];
  return { kafkaMib: mib(kafka), postgresMib: mib(postgres), servicesMib: mib(services), serviceProcesses: services.length, totalMib: mib([...kafka, ...postgres, ...services]) };
}

/** Per group: resident MiB and CPU ticks so far. */
export function stackUsage(): Map<string, { residentMib: number; cpuTicks: number }> {
  const usage = new Map<string, { residentMib: number; cpuTicks: number }>();
  for (const [name, members] of stackGroups()) usage.set(name, { residentMib: Math.round(sumOf(members, 'residentKib') / 1024), cpuTicks: sumOf(members, 'cpuTicks') });
  return usage;
}
