import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';

/** The editor's text is YAML or JSON (JSON is YAML: one parser reads both). */
export type ContractFormat = 'yaml' | 'json';

/** A problem of the contract as the quality service names it (a JSON pointer), with its line in the editor's text when found. */
export interface ContractProblem {
  path: string;
  message: string;
  line?: number;
}

export type ParsedContract = { document: unknown } | { problem: ContractProblem };

/** The contract's text in the editor's format: two-space indented either way. */
export function contractText(document: unknown, format: ContractFormat): string {
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { indent: 2 });
}

/**
 * The editor's text as a document, or the first syntax problem with its line. The parser's own
 * message quotes the text around the error; only its first line (what is wrong) is kept.
 */
export function parseContractText(text: string): ParsedContract {
  if (text.trim() === '') return { problem: { path: '/', message: 'The contract is empty', line: 1 } };
  const lineCounter = new LineCounter();
  const parsed = parseDocument(text, { lineCounter, uniqueKeys: true });
  const [error] = parsed.errors;
  if (error) return { problem: { path: '/', message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), line: error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line } };
  return { document: parsed.toJS() as unknown };
}

/** The segments of a JSON pointer (`/schema/0/properties/1/logicalType`), unescaped (RFC 6901). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The 1-based line of the element a JSON pointer names in the text: the line of its key in a
 * mapping, of the item in a sequence; when the element is missing (a required property), the line
 * of the nearest element that exists. Linear in the text.
 */
export function lineOfPointer(text: string, pointer: string): number {
  const lineCounter = new LineCounter();
  const parsed = parseDocument(text, { lineCounter });
  let node: unknown = parsed.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const segment of pointerSegments(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === segment);
      if (!pair) break;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = /^\d+$/.test(segment) ? node.items[Number(segment)] : undefined;
      if (!item) break;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return lineCounter.linePos(offset).line;
}

/** The problems with the line each points at, in line order (problems without a line keep their order, first). */
export function locateProblems(text: string, problems: readonly ContractProblem[]): ContractProblem[] {
  return problems.map((problem) => ({ ...problem, line: problem.line ?? lineOfPointer(text, problem.path) })).sort((left, right) => left.line - right.line);
}

/**
 * The version after the newest: the minor part of the newest `major.minor.patch` raised, patch 0;
 * a version of another form gets `-next`.
 */
export function nextVersion(versions: readonly string[]): string {
  const semantic = versions.flatMap((version) => {
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    return match ? [[Number(match[1]), Number(match[2]), Number(match[3])] as const] : [];
  });
  if (semantic.length === 0) return versions.length === 0 ? '1.0.0' : `${versions[versions.length - 1]}-next`;
  const [major, minor] = semantic.reduce((newest, version) => (version[0] > newest[0] || (version[0] === newest[0] && (version[1] > newest[1] || (version[1] === newest[1] && version[2] > newest[2]))) ? version : newest));
  return `${major}.${minor + 1}.0`;
}

/** The document under another version (the rest unchanged); what is not an object is left as it is. */
export function asNewVersion(document: unknown, version: string): unknown {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return document;
  return { ...(document as Record<string, unknown>), version };
}
