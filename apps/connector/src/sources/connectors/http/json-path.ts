/**
 * The JSON paths an HTTP source config may use: `$` (the document), then `.name` or `[index]`
 * steps (`$.data.items`, `$.meta.next`, `$.results[0].rows`). No wildcards or filters: a path names
 * one value, so following it is linear in its length.
 */
export const JSON_PATH_PATTERN = '^\\$(\\.[A-Za-z0-9_-]{1,128}|\\[[0-9]{1,9}\\])*$';

const STEP = /\.([A-Za-z0-9_-]{1,128})|\[([0-9]{1,9})\]/gy;

export type JsonPathStep = string | number;

/** The steps of a path (`$.a[2].b` → ['a', 2, 'b']); throws on a path outside the grammar above. */
export function parseJsonPath(path: string): JsonPathStep[] {
  if (!path.startsWith('$')) throw new Error(`JSON path ${JSON.stringify(path.slice(0, 40))} must start with $`);
  const steps: JsonPathStep[] = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < path.length) {
    const position = STEP.lastIndex;
    const match = STEP.exec(path);
    if (!match) throw new Error(`JSON path ${JSON.stringify(path.slice(0, 40))} is invalid at character ${position + 1}`);
    steps.push(match[1] ?? Number(match[2]));
  }
  return steps;
}

/** The value at `steps` in `document`, or undefined when a step is missing (own properties only). */
export function valueAtPath(document: unknown, steps: readonly JsonPathStep[]): unknown {
  let current: unknown = document;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return undefined;
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}
