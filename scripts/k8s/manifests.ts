import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as written in the repository (only the fields the checks read are typed). */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}

/** The objects of one multi-document YAML file under k8s/, in order; fails on a YAML error. */
export function readManifests(root: string, path: string): Manifest[] {
  return parseAllDocuments(readFileSync(join(root, 'k8s', path), 'utf8')).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`k8s/${path}: ${document.errors[0].message}`);
    const value = document.toJS() as Manifest | null;
    return value ? [value] : [];
  });
}

export function ofKind(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter((manifest) => manifest.kind === kind);
}
