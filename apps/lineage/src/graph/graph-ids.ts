import { createHash } from 'node:crypto';

export const GRAPH_ID_NAMESPACE = '2b1f6c3e-9d4a-4f7b-8e25-6a0c1d3b5f79';
const NAMESPACE_BYTES = Buffer.from(GRAPH_ID_NAMESPACE.replace(/-/g, ''), 'hex');

/**
 * RFC 9562 UUIDv5 (SHA-1 of namespace and name), as the uuid package computes it but about ten
 * times faster: ingest derives several ids per event, and the package re-parses the namespace each call.
 */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE_BYTES).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export type NodeKind = 'dataset' | 'job';

// JSON keeps the parts apart: `a:b` + `c` and `a` + `b:c` are different entities.
const idOf = (...parts: string[]) => uuidV5(JSON.stringify(parts));

export const namespaceIdOf = (namespace: string) => idOf('namespace', namespace);
export const datasetIdOf = (namespace: string, name: string) => idOf('dataset', namespace, name);
export const jobIdOf = (namespace: string, name: string) => idOf('job', namespace, name);
export const datasetVersionIdOf = (datasetId: string, canonicalFields: string) => idOf('dataset-version', datasetId, canonicalFields);
export const jobVersionIdOf = (jobId: string, canonicalDefinition: string) => idOf('job-version', jobId, canonicalDefinition);

export interface NodeReference {
  kind: NodeKind;
  namespace: string;
  name: string;
}

/** Marquez's node id: `dataset:{namespace}:{name}` or `job:{namespace}:{name}`. */
export function formatNodeId(node: NodeReference): string {
  return `${node.kind}:${node.namespace}:${node.name}`;
}

// An OpenLineage namespace is `scheme://authority` (the authority may carry `:port`) or a plain name
// without colons; the name is everything after the colon that ends it.
const URI_NAMESPACE = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/:]*(?::\d+)?(?:\/[^:]*)?):(.+)$/s;
const PLAIN_NAMESPACE = /^([^:]+):(.+)$/s;

/** Parses a Marquez node id, or returns undefined when it is not one. */
export function parseNodeId(nodeId: string): NodeReference | undefined {
  const kindEnd = nodeId.indexOf(':');
  const kind = nodeId.slice(0, kindEnd);
  if (kind !== 'dataset' && kind !== 'job') return undefined;
  const rest = nodeId.slice(kindEnd + 1);
  const match = URI_NAMESPACE.exec(rest) ?? PLAIN_NAMESPACE.exec(rest);
  return match ? { kind, namespace: match[1], name: match[2] } : undefined;
}

export function graphIdOf(node: NodeReference): string {
  return node.kind === 'dataset' ? datasetIdOf(node.namespace, node.name) : jobIdOf(node.namespace, node.name);
}
