import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

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
