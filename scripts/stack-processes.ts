/**
 * The local stack's processes as /proc shows them: the broker, the PostgreSQL cluster and the five
 * services, with resident memory and CPU time. Shared by the pipeline benchmarks.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  parentPid: number;
  residentKib: number;
  /** User + system CPU time in clock ticks (/proc/<pid>/stat fields 14 and 15). */
  cpuTicks: number;
  commandLine: string;
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
      const resident = /VmRSS:\s+(\d+)/.exec(status);
      const parent = /PPid:\s+(\d+)/.exec(status);
      // The command name in parentheses may hold spaces: the fields after it are split from its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuTicks = Number(fields[11]) + Number(fields[12]);
      result.push({ pid: Number(entry), parentPid: Number(parent?.[1] ?? 0), residentKib: Number(resident?.[1] ?? 0), cpuTicks, commandLine });
    } catch {
      // The process ended while we were reading it.
    }
  }
  return result;
}

/** The stack's processes grouped by role: `kafka`, `postgres` (every process of the cluster) and each service by name. */
export function stackGroups(all: ProcessInfo[] = processes()): Map<string, ProcessInfo[]> {
  const groups = new Map<string, ProcessInfo[]>();
  const add = (name: string, info: ProcessInfo) => groups.set(name, [...(groups.get(name) ?? []), info]);
  const postmasterPids = new Set(all.filter((info) => /postgres\s+-D\s+\S*atlas/.test(info.commandLine)).map((info) => info.pid));
  for (const info of all) {
    const service = /dist\/apps\/([a-z-]+)\/src\/main\.js/.exec(info.commandLine);
    if (service) add(service[1], info);
    else if (info.commandLine.includes('kafka.Kafka') && info.commandLine.includes('.atlas')) add('kafka', info);
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
