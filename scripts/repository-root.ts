import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository root: the nearest ancestor of `from` with a package.json, so scripts find
 * `../shared` whether they run from scripts/, dist/scripts/ or another build folder.
 */
export function repositoryRoot(from: string): string {
  let directory = from;
  while (!existsSync(resolve(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) return resolve(from, '..');
    directory = parent;
  }
  return directory;
}

/** A file of the shared reference data beside the checkout (`../shared/data/...`). */
export function sharedDataFile(from: string, ...segments: string[]): string {
  return resolve(repositoryRoot(from), '..', 'shared', 'data', ...segments);
}

/**
 * The services under apps/: each NestJS app with a `src/main.ts` (the dashboard under apps/ is a
 * browser app the gateway serves, not a service), sorted.
 */
export function serviceApps(root: string): string[] {
  return readdirSync(join(root, 'apps'))
    .filter((app) => existsSync(join(root, 'apps', app, 'src', 'main.ts')))
    .sort();
}
