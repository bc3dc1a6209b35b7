import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOdcsYaml, type OdcsDocument } from './odcs-document';

export interface ContractFile {
  file: string;
  document: OdcsDocument;
}

/** Every `*.odcs.yaml` of the folder, validated; an invalid file throws, naming it and the path of each problem. */
export function readContractFiles(directory: string): ContractFile[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.odcs.yaml'))
    .sort()
    .map((file) => ({ file, document: parseOdcsYaml(readFileSync(join(directory, file), 'utf8'), file) }));
}
