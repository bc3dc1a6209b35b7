/**
 * The Atlas expression language: a small SQL-like condition over the fields of one record, for
 * checks across fields (`end_date >= start_date`, `amount = quantity * unit_price`,
 * `country = 'DE' implies iban is not null`). Read by hand, in one pass over the text (linear,
 * nesting bounded), into a syntax tree; nothing is ever run as code (no eval, no Function).
 */

import { ExpressionError, tokenize, type Token } from './expression-tokens';

export { ExpressionError } from './expression-tokens';

export type ExpressionValue = string | number | boolean | null;

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or' | 'implies';

export type ExpressionNode =
  | { kind: 'literal'; value: ExpressionValue }
  | { kind: 'field'; path: string[] }
  | { kind: 'not'; operand: ExpressionNode }
  | { kind: 'negate'; operand: ExpressionNode }
  | { kind: 'binary'; operator: BinaryOperator; left: ExpressionNode; right: ExpressionNode }
  | { kind: 'is_null'; operand: ExpressionNode; negated: boolean }
  | { kind: 'in'; operand: ExpressionNode; values: ExpressionValue[]; negated: boolean }
  | { kind: 'between'; operand: ExpressionNode; low: ExpressionNode; high: ExpressionNode; negated: boolean }
  | { kind: 'call'; name: FunctionName; arguments: ExpressionNode[] };

/** The functions of the language, with how many arguments each takes. */
export const FUNCTIONS = {
  length: [1, 1],
  lower: [1, 1],
  upper: [1, 1],
  trim: [1, 1],
  abs: [1, 1],
  round: [1, 2],
  coalesce: [1, 16],
  timestamp: [1, 1],
} as const satisfies Record<string, readonly [number, number]>;
export type FunctionName = keyof typeof FUNCTIONS;

export const MAX_EXPRESSION_LENGTH = 2000;
const MAX_NESTING = 32;
const MAX_IN_VALUES = 1000;

const KEYWORDS = new Set(['and', 'or', 'not', 'implies', 'is', 'null', 'in', 'between', 'true', 'false']);

/** Recursive descent, one token of look-ahead; precedence from loosest: implies, or, and, not, comparison, + -, * / %, unary minus. */
class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): ExpressionNode {
    const node = this.implication();
    const token = this.peek();
    if (token.kind !== 'end') throw new ExpressionError(token.position, `unexpected "${token.text}"`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.tokens[this.index + offset];
    return token !== undefined && token.kind === 'name' && token.text.toLowerCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.index += 1;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw new ExpressionError(this.peek().position, `expected "${word}"`);
  }

  private acceptSymbol(symbol: string): boolean {
    const token = this.peek();
    if (token.kind !== 'symbol' || token.text !== symbol) return false;
    this.index += 1;
    return true;
  }

  private expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw new ExpressionError(this.peek().position, `expected "${symbol}"${this.peek().kind === 'end' ? ' before the end' : ''}`);
  }

  private nested<T>(parse: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_NESTING) throw new ExpressionError(this.peek().position, `nests deeper than ${MAX_NESTING} levels`);
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private implication(): ExpressionNode {
    const left = this.disjunction();
    // Right-associative: a implies b implies c = a implies (b implies c).
    if (!this.acceptKeyword('implies')) return left;
    return { kind: 'binary', operator: 'implies', left, right: this.nested(() => this.implication()) };
  }

  private disjunction(): ExpressionNode {
    let left = this.conjunction();
    while (this.acceptKeyword('or')) left = { kind: 'binary', operator: 'or', left, right: this.conjunction() };
    return left;
  }

  private conjunction(): ExpressionNode {
    let left = this.negation();
    while (this.acceptKeyword('and')) left = { kind: 'binary', operator: 'and', left, right: this.negation() };
    return left;
  }

  private negation(): ExpressionNode {
    if (this.acceptKeyword('not')) return { kind: 'not', operand: this.nested(() => this.negation()) };
    return this.comparison();
  }

  private comparison(): ExpressionNode {
    const left = this.additive();
    const token = this.peek();
    if (token.kind === 'symbol' && ['=', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      this.index += 1;
      return { kind: 'binary', operator: token.text as BinaryOperator, left, right: this.additive() };
    }
    if (this.acceptKeyword('is')) {
      const negated = this.acceptKeyword('not');
      this.expectKeyword('null');
      return { kind: 'is_null', operand: left, negated };
    }
    const negated = this.isKeyword('not') && (this.isKeyword('in', 1) || this.isKeyword('between', 1));
    if (negated) this.index += 1;
    if (this.acceptKeyword('in')) return { kind: 'in', operand: left, values: this.literalList(), negated };
    if (this.acceptKeyword('between')) {
      const low = this.additive();
      this.expectKeyword('and');
      return { kind: 'between', operand: left, low, high: this.additive(), negated };
    }
    return left;
  }

  private literalList(): ExpressionValue[] {
    this.expectSymbol('(');
    const values: ExpressionValue[] = [];
    do {
      const node = this.unary();
      if (node.kind !== 'literal') throw new ExpressionError(this.peek().position, 'the list after "in" holds literal values only');
      values.push(node.value);
      if (values.length > MAX_IN_VALUES) throw new ExpressionError(this.peek().position, `a list after "in" holds at most ${MAX_IN_VALUES} values`);
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return values;
  }

  private additive(): ExpressionNode {
    let left = this.multiplicative();
    for (let token = this.peek(); token.kind === 'symbol' && (token.text === '+' || token.text === '-'); token = this.peek()) {
      this.index += 1;
      left = { kind: 'binary', operator: token.text, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): ExpressionNode {
    let left = this.unary();
    for (let token = this.peek(); token.kind === 'symbol' && (token.text === '*' || token.text === '/' || token.text === '%'); token = this.peek()) {
      this.index += 1;
      left = { kind: 'binary', operator: token.text, left, right: this.unary() };
    }
    return left;
  }

  private unary(): ExpressionNode {
    if (!this.acceptSymbol('-')) return this.primary();
    const operand = this.nested(() => this.unary());
    return operand.kind === 'literal' && typeof operand.value === 'number' ? { kind: 'literal', value: -operand.value } : { kind: 'negate', operand };
  }

  private primary(): ExpressionNode {
    const token = this.peek();
    this.index += 1;
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: token.value as number };
      case 'string':
        return { kind: 'literal', value: token.value as string };
      case 'quoted_name':
        return this.fieldFrom(token.text);
      case 'symbol':
        if (token.text === '(') {
          const inner = this.nested(() => this.implication());
          this.expectSymbol(')');
          return inner;
        }
        throw new ExpressionError(token.position, `unexpected "${token.text}"`);
      case 'end':
        throw new ExpressionError(token.position, 'the expression ends too early');
      case 'name':
        return this.named(token);
    }
  }

  private named(token: Token): ExpressionNode {
    const word = token.text.toLowerCase();
    if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' };
    if (word === 'null') return { kind: 'literal', value: null };
    if (KEYWORDS.has(word)) throw new ExpressionError(token.position, `"${token.text}" is a keyword; quote a field of that name: "${token.text}"`);
    if (!this.acceptSymbol('(')) return this.fieldFrom(token.text);
    if (!Object.hasOwn(FUNCTIONS, word)) throw new ExpressionError(token.position, `"${token.text}" is not a function (${Object.keys(FUNCTIONS).join(', ')})`);
    const name = word as FunctionName;
    const args: ExpressionNode[] = [];
    if (!this.acceptSymbol(')')) {
      do args.push(this.nested(() => this.implication()));
      while (this.acceptSymbol(','));
      this.expectSymbol(')');
    }
    const [least, most] = FUNCTIONS[name];
    if (args.length < least || args.length > most) throw new ExpressionError(token.position, `${name} takes ${least === most ? least : `${least} to ${most}`} argument${most === 1 ? '' : 's'}`);
    return { kind: 'call', name, arguments: args };
  }

  /** A field path: `customer.address.city`, each part a name or a "quoted name". */
  private fieldFrom(first: string): ExpressionNode {
    const path = [first];
    while (this.acceptSymbol('.')) {
      const token = this.peek();
      if (token.kind !== 'name' && token.kind !== 'quoted_name') throw new ExpressionError(token.position, 'expected a field name after "."');
      this.index += 1;
      path.push(token.text);
    }
    return { kind: 'field', path };
  }
}

const CONDITIONS: ReadonlySet<ExpressionNode['kind']> = new Set(['not', 'is_null', 'in', 'between']);
const LOGICAL_OR_COMPARISON: ReadonlySet<string> = new Set(['=', '!=', '<', '<=', '>', '>=', 'and', 'or', 'implies']);

/** Whether a node can be true or false: a comparison, a logical operation, a field or function (checked when evaluated), a boolean literal. */
function canBeCondition(node: ExpressionNode): boolean {
  if (CONDITIONS.has(node.kind) || node.kind === 'field' || node.kind === 'call') return true;
  if (node.kind === 'binary') return LOGICAL_OR_COMPARISON.has(node.operator);
  return node.kind === 'literal' && typeof node.value === 'boolean';
}

/** Parses a condition; an ExpressionError names the character of the first problem. */
export function parseExpression(text: string): ExpressionNode {
  if (text.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(1, `is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  if (text.trim() === '') throw new ExpressionError(1, 'is empty');
  const node = new Parser(tokenize(text)).parse();
  if (!canBeCondition(node)) throw new ExpressionError(1, 'must be a condition (true or false), like end_date >= start_date');
  return node;
}

/** The fields an expression reads, in order of first use, as dotted paths. */
export function fieldsOf(node: ExpressionNode, into: Map<string, string[]> = new Map()): Map<string, string[]> {
  switch (node.kind) {
    case 'field':
      into.set(node.path.join('.'), node.path);
      break;
    case 'not':
    case 'negate':
    case 'is_null':
    case 'in':
      fieldsOf(node.operand, into);
      break;
    case 'between':
      fieldsOf(node.operand, into);
      fieldsOf(node.low, into);
      fieldsOf(node.high, into);
      break;
    case 'binary':
      fieldsOf(node.left, into);
      fieldsOf(node.right, into);
      break;
    case 'call':
      for (const argument of node.arguments) fieldsOf(argument, into);
      break;
    case 'literal':
      break;
  }
  return into;
}
