/**
 * Where a V8 CPU profile (the `.cpuprofile` of `node --cpu-prof`, the inspector's Profiler.stop) spent
 * its samples: by area (a package under node_modules, an Atlas app or lib, Node's core, garbage
 * collection) and by function, self time only, as shares of the busy samples (all but idle).
 */

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  startTime: number;
  endTime: number;
}

export interface CpuProfileSummary {
  /** Milliseconds profiled, and the share of them the process was busy (not idle). */
  profiledMs: number;
  busyShare: number;
  /** Self time by area and by function, each a share of the busy samples, largest first. */
  areas: Array<{ area: string; share: number }>;
  functions: Array<{ function: string; share: number }>;
}

const IDLE = '(idle)';

/** The area a frame's code belongs to, read off its URL (or V8's pseudo-frames). */
export function areaOf(functionName: string, url: string): string {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)' || url === '') return 'V8 and native code';
  // The innermost package: a dependency's own node_modules names the one that runs.
  const packagePath = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (packagePath) return packagePath[1];
  if (url.startsWith('node:')) return 'Node core';
  const atlas = /\/dist\/((?:apps|libs|scripts)\/[^/]+)/.exec(url);
  return atlas ? `atlas ${atlas[1]}` : url;
}

function frameName(functionName: string, url: string, lineNumber: number): string {
  if (url === '') return functionName || '(native code)';
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|dist)\//, '');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

function topShares(counts: Map<string, number>, busy: number, limit: number): Array<[string, number]> {
  return [...counts]
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
    .slice(0, limit)
    .map(([name, count]) => [name, Number((count / busy).toFixed(3))]);
}

export function summariseCpuProfile(profile: CpuProfile, limit = 12): CpuProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const frame = nodes.get(id);
    if (!frame || frame.functionName === IDLE) continue;
    busy++;
    const area = areaOf(frame.functionName, frame.url);
    byArea.set(area, (byArea.get(area) ?? 0) + 1);
    const name = frameName(frame.functionName, frame.url, frame.lineNumber);
    byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
  }
  const divisor = Math.max(busy, 1);
  return {
    profiledMs: Math.round((profile.endTime - profile.startTime) / 1000),
    busyShare: Number((busy / Math.max(profile.samples.length, 1)).toFixed(3)),
    areas: topShares(byArea, divisor, limit).map(([area, share]) => ({ area, share })),
    functions: topShares(byFunction, divisor, limit).map(([name, share]) => ({ function: name, share })),
  };
}
