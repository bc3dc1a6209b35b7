import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { CONTRACT_ID_PATTERN, CONTRACT_VERSION_PATTERN, type ContractProblem } from '../odcs-document';

/** A SodaCL contract as posted to the contracts API and stored as a version: identity plus the YAML text. */
export interface SodaclContractDocument {
  format: 'sodacl';
  id: string;
  version: string;
  status?: string;
  /** The SodaCL file, kept as text so problems can name its lines. */
  sodacl: string;
}

/** One check of a `checks for <dataset>:` list, as written. */
export interface SodaclCheckSource {
  /** `missing_count(email) < 5`, `schema`, `freshness(updated_at) < 1d` ... */
  header: string;
  /** The check's configuration (`missing values`, `valid format`, `warn`, `fail`, `name` ...). */
  config: Record<string, unknown>;
  /** `/sodacl/checks for orders/2`: where it is, with its line (1-based). */
  path: string;
  line: number;
}

export interface SodaclDataset {
  name: string;
  path: string;
  line: number;
  checks: SodaclCheckSource[];
}

/** A top-level section Atlas does not run (`for each dataset`, `filter`, `profile columns` ...). */
export interface SodaclOtherSection {
  key: string;
  path: string;
  line: number;
}

export interface ParsedSodacl {
  datasets: SodaclDataset[];
  others: SodaclOtherSection[];
}

export const MAX_SODACL_LENGTH = 256 * 1024;
const MAX_PROBLEMS = 20;
const CHECKS_FOR = /^checks for\s+(.+?)\s*$/;

export function isSodaclDocument(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && (body as Record<string, unknown>).format === 'sodacl';
}

/** Problems of the envelope (id, version, status, the text); the YAML itself is read by parseSodacl. */
export function sodaclEnvelopeProblems(body: Record<string, unknown>): ContractProblem[] {
  const problems: ContractProblem[] = [];
  const allowed = new Set(['format', 'id', 'version', 'status', 'sodacl']);
  for (const key of Object.keys(body)) if (!allowed.has(key)) problems.push({ path: `/${key}`, message: 'is not a property of a SodaCL contract (format, id, version, status, sodacl)' });
  if (typeof body.id !== 'string' || !CONTRACT_ID_PATTERN.test(body.id)) problems.push({ path: '/id', message: 'is required: 1-128 letters, digits, ".", "_", ":" or "-"' });
  if (typeof body.version !== 'string' || !CONTRACT_VERSION_PATTERN.test(body.version)) problems.push({ path: '/version', message: 'is required: 1-64 letters, digits, ".", "_", "+" or "-"' });
  if (body.status !== undefined && (typeof body.status !== 'string' || !/^[a-z]{1,32}$/.test(body.status))) problems.push({ path: '/status', message: 'must be a lowercase word (proposed, draft, active, deprecated, retired)' });
  if (typeof body.sodacl !== 'string' || body.sodacl.trim() === '') problems.push({ path: '/sodacl', message: 'is required: the SodaCL checks file as text' });
  else if (body.sodacl.length > MAX_SODACL_LENGTH) problems.push({ path: '/sodacl', message: `must be at most ${MAX_SODACL_LENGTH} characters` });
  return problems;
}

function lineOf(lineCounter: LineCounter, node: Node | Pair | null | undefined): number {
  const range = isPair(node) ? (node.key as Node | null)?.range : (node as Node | null | undefined)?.range;
  return range ? lineCounter.linePos(range[0]).line : 1;
}

function checkOf(item: unknown, path: string, lineCounter: LineCounter, problems: ContractProblem[]): SodaclCheckSource | undefined {
  const line = lineOf(lineCounter, item as Node);
  if (isScalar(item) && typeof item.value === 'string') return { header: item.value, config: {}, path, line };
  if (isMap(item) && item.items.length === 1 && isScalar(item.items[0].key) && typeof item.items[0].key.value === 'string') {
    const pair = item.items[0];
    const header = (pair.key as { value: string }).value;
    const value = pair.value;
    if (value === null || (isScalar(value) && value.value === null)) return { header, config: {}, path, line };
    if (!isMap(value)) {
      problems.push({ path, line, message: `the configuration of "${header}" must be a mapping (name, warn, fail, valid format ...)` });
      return undefined;
    }
    return { header, config: (value as YAMLMap).toJSON() as Record<string, unknown>, path, line };
  }
  problems.push({ path, line, message: 'a check is a line ("row_count > 0") or a line ending with ":" followed by its configuration' });
  return undefined;
}

/**
 * Reads a SodaCL file: every `checks for <dataset>:` list with each check's header, configuration,
 * path and line. Other sections are kept to be reported as not evaluated. Problems name the path
 * and line; nothing is returned when there is any.
 */
export function parseSodacl(text: string): { parsed?: ParsedSodacl; problems: ContractProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: ContractProblem[] = document.errors.map((error) => ({ path: '/sodacl', line: lineCounter.linePos(error.pos[0]).line, message: `is not valid YAML: ${error.message.split('\n')[0]}` }));
  if (problems.length > 0) return { problems: problems.slice(0, MAX_PROBLEMS) };
  const root = document.contents;
  if (!isMap(root)) return { problems: [{ path: '/sodacl', line: 1, message: 'must be a mapping of sections ("checks for <dataset>:" ...)' }] };
  const parsed: ParsedSodacl = { datasets: [], others: [] };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const path = `/sodacl/${key}`;
    const line = lineOf(lineCounter, pair);
    const checksFor = CHECKS_FOR.exec(key);
    if (!checksFor) {
      parsed.others.push({ key, path, line });
      continue;
    }
    if (!isSeq(pair.value)) {
      problems.push({ path, line, message: 'must be a list of checks ("- row_count > 0")' });
      continue;
    }
    const dataset: SodaclDataset = { name: checksFor[1], path, line, checks: [] };
    pair.value.items.forEach((item, index) => {
      const check = checkOf(item, `${path}/${index}`, lineCounter, problems);
      if (check) dataset.checks.push(check);
    });
    parsed.datasets.push(dataset);
  }
  if (problems.length > 0) return { problems: problems.slice(0, MAX_PROBLEMS) };
  if (parsed.datasets.length === 0) return { problems: [{ path: '/sodacl', line: 1, message: 'has no "checks for <dataset>:" section' }] };
  return { parsed, problems: [] };
}
