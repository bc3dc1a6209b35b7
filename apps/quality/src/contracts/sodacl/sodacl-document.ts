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
  /** The condition of the dataset filter of its section (`checks for orders [daily]:`), when it has one. */
  sectionFilter?: SodaclSectionFilter;
}

/** A dataset filter as a check of a filtered section reads it: its name and `where` condition. */
export interface SodaclSectionFilter {
  name: string;
  condition: string;
}

export interface SodaclDataset {
  name: string;
  /** `daily` for `checks for orders [daily]:`: only the records matching that dataset filter count. */
  filterName?: string;
  path: string;
  line: number;
  checks: SodaclCheckSource[];
}

/** A dataset filter section, `filter orders [daily]:` with `where: <condition>` (Soda's dataset filter). */
export interface SodaclDatasetFilter {
  dataset: string;
  name: string;
  /** The `where` condition as written; checked when the contract is compiled. */
  condition: unknown;
  path: string;
  line: number;
}

/** A top-level section Atlas does not run (`for each dataset`, `profile columns` ...). */
export interface SodaclOtherSection {
  key: string;
  path: string;
  line: number;
}

export interface ParsedSodacl {
  datasets: SodaclDataset[];
  filters: SodaclDatasetFilter[];
  others: SodaclOtherSection[];
}

export const MAX_SODACL_LENGTH = 256 * 1024;
const MAX_PROBLEMS = 20;
const CHECKS_FOR = /^checks for\s+([^[\]]+?)\s*(?:\[([^\]]*)\])?\s*$/;
const FILTER_FOR = /^filter\s+([^[\]]+?)\s*\[([^\]]*)\]\s*$/;
/** A filter's name: it names the checks of its section (`orders[daily].row_count`); Soda refuses spaces in it. */
export const FILTER_NAME = /^[A-Za-z0-9_-]{1,64}$/;

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

/** `filter orders [daily]:` holding `where: <condition>`; the condition is checked by the compiler. */
function filterOf(dataset: string, name: string, value: unknown, at: { path: string; line: number; lineCounter: LineCounter }, problems: ContractProblem[]): SodaclDatasetFilter | undefined {
  const { path, line } = at;
  if (!FILTER_NAME.test(name)) {
    problems.push({ path, line, message: `[${bounded(name)}] is not a filter name: 1-64 letters, digits, "_" or "-"` });
    return undefined;
  }
  const keys = isMap(value) ? value.items.map((item) => (isScalar(item.key) ? String(item.key.value) : '')) : [];
  if (!isMap(value) || keys.length !== 1 || keys[0] !== 'where') {
    problems.push({ path, line, message: 'a dataset filter holds one key, where: <condition> (like where: country = \'FR\')' });
    return undefined;
  }
  return { dataset, name, condition: (value.toJSON() as Record<string, unknown>).where, path: `${path}/where`, line: lineOf(at.lineCounter, value.items[0]) };
}

/**
 * Reads a SodaCL file: every `checks for <dataset>:` (or `checks for <dataset> [<filter>]:`) list
 * with each check's header, configuration, path and line, and every dataset filter
 * (`filter <dataset> [<filter>]:` with `where:`). Other sections are kept to be reported as not evaluated. Problems name the path
 * and line; nothing is returned when there is any.
 */
export function parseSodacl(text: string): { parsed?: ParsedSodacl; problems: ContractProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: ContractProblem[] = document.errors.map((error) => ({ path: '/sodacl', line: lineCounter.linePos(error.pos[0]).line, message: `is not valid YAML: ${error.message.split('\n')[0]}` }));
  if (problems.length > 0) return { problems: problems.slice(0, MAX_PROBLEMS) };
  const root = document.contents;
  if (!isMap(root)) return { problems: [{ path: '/sodacl', line: 1, message: 'must be a mapping of sections ("checks for <dataset>:" ...)' }] };
  const parsed: ParsedSodacl = { datasets: [], filters: [], others: [] };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const path = `/sodacl/${key}`;
    const line = lineOf(lineCounter, pair);
    const filterFor = FILTER_FOR.exec(key);
    if (filterFor) {
      const filter = filterOf(filterFor[1], filterFor[2], pair.value, { path, line, lineCounter }, problems);
      if (filter) parsed.filters.push(filter);
      continue;
    }
    const checksFor = CHECKS_FOR.exec(key);
    if (!checksFor) {
      parsed.others.push({ key, path, line });
      continue;
    }
    if (checksFor[2] !== undefined && !FILTER_NAME.test(checksFor[2])) {
      problems.push({ path, line, message: `[${bounded(checksFor[2])}] is not a filter name: 1-64 letters, digits, "_" or "-"` });
      continue;
    }
    if (!isSeq(pair.value)) {
      problems.push({ path, line, message: 'must be a list of checks ("- row_count > 0")' });
      continue;
    }
    const dataset: SodaclDataset = { name: checksFor[1], ...(checksFor[2] !== undefined ? { filterName: checksFor[2] } : {}), path, line, checks: [] };
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

function bounded(text: string): string {
  return text.length <= 64 ? text : `${text.slice(0, 64)}…`;
}
