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

/** The container of an Atlas service's Deployment in the base (only the fields the checks read are typed). */
export interface ServiceContainer {
  args: string[];
  env?: Array<{ name: string; value?: string }>;
  resources: { limits: { memory: string } };
}

export function serviceContainer(root: string, service: string): ServiceContainer {
  const [deployment] = ofKind(readManifests(root, `base/${service}/deployment.yaml`), 'Deployment');
  return (deployment.spec.template as { spec: { containers: ServiceContainer[] } }).spec.containers[0];
}

/** A Kubernetes memory quantity in Mi or Gi, in MiB. */
export function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`memory quantity ${quantity} is not in Mi or Gi`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}
