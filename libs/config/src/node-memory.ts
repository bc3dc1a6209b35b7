import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How one service's Node process is bounded: V8 flags, and environment for glibc's allocator. */
export interface NodeMemorySettings {
  flags: string[];
  environment: Record<string, string>;
}

export const NODE_MEMORY_FILE = join('deploy', 'node-memory.conf');

const FLAG = /^--[a-z][a-z-]*=\d+$/;
const ENVIRONMENT_ENTRY = /^([A-Z][A-Z0-9_]*)=(\d+)$/;

/**
 * Parses deploy/node-memory.conf: one line per service, its name then V8 flags (`--name=number`) and
 * environment entries (`NAME=number`); `#` starts a comment. Every one of `services` must have exactly
 * one line and no other may appear, so a typo fails here rather than running unbounded. Without
 * `services` every line is still parsed, but any name is taken and none is required (for a tool
 * that starts one service).
 */
export function parseNodeMemorySettings(text: string, services?: readonly string[]): Map<string, NodeMemorySettings> {
  const settings = new Map<string, NodeMemorySettings>();
  text.split('\n').forEach((line, index) => {
    const tokens = line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) return;
    const [service, ...rest] = tokens;
    const where = `${NODE_MEMORY_FILE} line ${index + 1}`;
    if (services && !services.includes(service)) throw new Error(`${where}: unknown service '${service}'`);
    if (settings.has(service)) throw new Error(`${where}: ${service} is listed twice`);
    const entry: NodeMemorySettings = { flags: [], environment: {} };
    for (const token of rest) {
      const environmentEntry = ENVIRONMENT_ENTRY.exec(token);
      if (FLAG.test(token)) entry.flags.push(token);
      else if (environmentEntry) entry.environment[environmentEntry[1]] = environmentEntry[2];
      else throw new Error(`${where}: '${token}' is neither --flag=number nor NAME=number`);
    }
    settings.set(service, entry);
  });
  const missing = (services ?? []).filter((service) => !settings.has(service));
  if (missing.length > 0) throw new Error(`${NODE_MEMORY_FILE}: no line for ${missing.join(', ')}`);
  return settings;
}

export function readNodeMemorySettings(repositoryRoot: string, services: readonly string[]): Map<string, NodeMemorySettings> {
  return parseNodeMemorySettings(readFileSync(join(repositoryRoot, NODE_MEMORY_FILE), 'utf8'), services);
}

/** One service's settings, for a tool that starts only that service (no other service's line is required). */
export function readServiceNodeMemorySettings(repositoryRoot: string, service: string): NodeMemorySettings {
  const settings = parseNodeMemorySettings(readFileSync(join(repositoryRoot, NODE_MEMORY_FILE), 'utf8')).get(service);
  if (settings === undefined) throw new Error(`${NODE_MEMORY_FILE}: no line for ${service}`);
  return settings;
}
