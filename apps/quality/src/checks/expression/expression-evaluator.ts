import type { BinaryOperator, ExpressionNode, ExpressionValue, FunctionName } from './expression-syntax';

/** Evaluates a compiled expression on one record's payload. */
export type CompiledExpression = (payload: Record<string, unknown>) => ExpressionValue;

/**
 * Numbers are equal within a relative 1e-9: `amount = quantity * unit_price` holds for 0.1 * 3 = 0.3,
 * as it would in SQL's exact decimals, which JSON numbers are not.
 */
function numbersEqual(left: number, right: number): boolean {
  return left === right || Math.abs(left - right) <= 1e-9 * Math.max(1, Math.abs(left), Math.abs(right));
}

function fieldValue(payload: Record<string, unknown>, path: readonly string[]): ExpressionValue {
  let current: unknown = payload;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) return null;
    current = (current as Record<string, unknown>)[key];
  }
  // Only scalars take part in conditions; an object or array is unknown (its length is `length(x)`).
  return typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean' ? current : null;
}

/** -1, 0, 1, or null (unknown) when the values are not two numbers, two strings or two booleans. */
function compare(left: ExpressionValue, right: ExpressionValue): number | null {
  if (left === null || right === null || typeof left !== typeof right) return null;
  if (typeof left === 'number') return numbersEqual(left, right as number) ? 0 : left < (right as number) ? -1 : 1;
  if (typeof left === 'boolean') return left === right ? 0 : left ? 1 : -1;
  return left === right ? 0 : left < (right as string) ? -1 : 1;
}

function truth(value: ExpressionValue): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** SQL's three-valued logic: unknown (null) and false is false, unknown or true is true. */
function logical(operator: 'and' | 'or' | 'implies', left: CompiledExpression, right: CompiledExpression): CompiledExpression {
  if (operator === 'and') {
    return (payload) => {
      const first = truth(left(payload));
      if (first === false) return false;
      const second = truth(right(payload));
      return second === false ? false : first === null || second === null ? null : true;
    };
  }
  // a implies b = (not a) or b.
  const negateLeft = operator === 'implies';
  return (payload) => {
    let first = truth(left(payload));
    if (negateLeft && first !== null) first = !first;
    if (first === true) return true;
    const second = truth(right(payload));
    return second === true ? true : first === null || second === null ? null : false;
  };
}

function arithmetic(operator: '+' | '-' | '*' | '/' | '%', left: CompiledExpression, right: CompiledExpression): CompiledExpression {
  return (payload) => {
    const first = left(payload);
    const second = right(payload);
    if (operator === '+' && typeof first === 'string' && typeof second === 'string') return first + second;
    if (typeof first !== 'number' || typeof second !== 'number') return null;
    let result: number;
    if (operator === '+') result = first + second;
    else if (operator === '-') result = first - second;
    else if (operator === '*') result = first * second;
    else if (second === 0) return null;
    else result = operator === '/' ? first / second : first % second;
    return Number.isFinite(result) ? result : null;
  };
}

function comparison(operator: '=' | '!=' | '<' | '<=' | '>' | '>=', left: CompiledExpression, right: CompiledExpression): CompiledExpression {
  const holds: (order: number) => boolean =
    operator === '=' ? (order) => order === 0 : operator === '!=' ? (order) => order !== 0 : operator === '<' ? (order) => order < 0 : operator === '<=' ? (order) => order <= 0 : operator === '>' ? (order) => order > 0 : (order) => order >= 0;
  return (payload) => {
    const order = compare(left(payload), right(payload));
    return order === null ? null : holds(order);
  };
}

function call(name: FunctionName, args: CompiledExpression[], rawFirst: (payload: Record<string, unknown>) => unknown): CompiledExpression {
  const [first, second] = args;
  switch (name) {
    case 'length':
      return (payload) => {
        const value = rawFirst(payload);
        return typeof value === 'string' || Array.isArray(value) ? value.length : null;
      };
    case 'lower':
    case 'upper':
    case 'trim':
      return (payload) => {
        const value = first(payload);
        if (typeof value !== 'string') return null;
        return name === 'lower' ? value.toLowerCase() : name === 'upper' ? value.toUpperCase() : value.trim();
      };
    case 'abs':
      return (payload) => {
        const value = first(payload);
        return typeof value === 'number' ? Math.abs(value) : null;
      };
    case 'round':
      return (payload) => {
        const value = first(payload);
        const digits = second ? second(payload) : 0;
        if (typeof value !== 'number' || typeof digits !== 'number' || !Number.isInteger(digits) || digits < 0 || digits > 15) return null;
        const scale = 10 ** digits;
        return Math.round(value * scale) / scale;
      };
    case 'coalesce':
      return (payload) => {
        for (const argument of args) {
          const value = argument(payload);
          if (value !== null) return value;
        }
        return null;
      };
    case 'timestamp':
      // ISO-8601 dates and times of any precision or offset, as epoch milliseconds, so they compare across formats.
      return (payload) => {
        const value = first(payload);
        if (typeof value !== 'string') return null;
        const milliseconds = Date.parse(value);
        return Number.isNaN(milliseconds) ? null : milliseconds;
      };
  }
}

/** A field's value as it is (an object or list too), for `length(list)` and `is null`; any other node's value. */
function rawOf(node: ExpressionNode): (payload: Record<string, unknown>) => unknown {
  if (node.kind !== 'field') return compileExpression(node);
  const path = node.path;
  return (payload) => {
    let current: unknown = payload;
    for (const key of path) {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) return null;
      current = (current as Record<string, unknown>)[key];
    }
    return current;
  };
}

/** Turns a syntax tree into nested closures once per contract version: the stream walks no tree. */
export function compileExpression(node: ExpressionNode): CompiledExpression {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'field': {
      const path = node.path;
      if (path.length === 1) {
        const key = path[0];
        return (payload) => {
          const value = Object.hasOwn(payload, key) ? payload[key] : null;
          return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
        };
      }
      return (payload) => fieldValue(payload, path);
    }
    case 'not': {
      const operand = compileExpression(node.operand);
      return (payload) => {
        const value = truth(operand(payload));
        return value === null ? null : !value;
      };
    }
    case 'negate': {
      const operand = compileExpression(node.operand);
      return (payload) => {
        const value = operand(payload);
        return typeof value === 'number' ? -value : null;
      };
    }
    case 'is_null': {
      const operand = rawOf(node.operand);
      const negated = node.negated;
      return (payload) => {
        const value = operand(payload);
        return (value === null || value === undefined) !== negated;
      };
    }
    case 'in': {
      const operand = compileExpression(node.operand);
      const values = node.values;
      const negated = node.negated;
      return (payload) => {
        const value = operand(payload);
        if (value === null) return null;
        const found = values.some((candidate) => compare(value, candidate) === 0);
        // SQL: x not in (.., null) is unknown when x is not found.
        if (!found && values.includes(null)) return null;
        return found !== negated;
      };
    }
    case 'between': {
      const operand = compileExpression(node.operand);
      const low = compileExpression(node.low);
      const high = compileExpression(node.high);
      const negated = node.negated;
      return (payload) => {
        const value = operand(payload);
        const above = compare(value, low(payload));
        const below = compare(value, high(payload));
        if (above === null || below === null) return null;
        return (above >= 0 && below <= 0) !== negated;
      };
    }
    case 'binary': {
      const left = compileExpression(node.left);
      const right = compileExpression(node.right);
      const operator: BinaryOperator = node.operator;
      if (operator === 'and' || operator === 'or' || operator === 'implies') return logical(operator, left, right);
      if (operator === '+' || operator === '-' || operator === '*' || operator === '/' || operator === '%') return arithmetic(operator, left, right);
      return comparison(operator, left, right);
    }
    case 'call':
      return call(node.name, node.arguments.map(compileExpression), rawOf(node.arguments[0]));
  }
}
