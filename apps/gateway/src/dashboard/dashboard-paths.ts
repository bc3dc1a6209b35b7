/** Paths the server answers itself: the dashboard never shadows them (not even with its client-route fallback). */
export const SERVER_PATH_PREFIXES = ['/api', '/health', '/metrics', '/docs'] as const;

/** Whether a request path belongs to the API, the probes, the metrics or the API docs rather than to the dashboard. */
export function isServerPath(path: string): boolean {
  return SERVER_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Whether a GET to a path the server does not own should get the dashboard's index.html: a client
 * route (`/lineage`, `/sources/orders`) has no file extension; a missing `/assets/x.js` stays a 404.
 */
export function isClientRoute(path: string): boolean {
  if (isServerPath(path)) return false;
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  return !lastSegment.includes('.');
}
