import { compileExpression } from './expression-evaluator';
import { ExpressionError, fieldsOf, MAX_EXPRESSION_LENGTH, parseExpression } from './expression-syntax';

function evaluate(text: string, payload: Record<string, unknown>): unknown {
  return compileExpression(parseExpression(text))(payload);
}

function problemOf(text: string): string {
  try {
    parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) return error.message;
    throw error;
  }
  return 'no problem';
}

describe('Atlas expressions', () => {
  it('compares fields: numbers numerically, ISO dates as text, through timestamp() across formats', () => {
    expect(evaluate('end_date >= start_date', { start_date: '2026-01-10', end_date: '2026-01-31' })).toBe(true);
    expect(evaluate('end_date >= start_date', { start_date: '2026-02-10', end_date: '2026-01-31' })).toBe(false);
    expect(evaluate("timestamp(shipped_at) > timestamp(ordered_at)", { ordered_at: '2026-01-10T10:00:00+02:00', shipped_at: '2026-01-10T09:30:00Z' })).toBe(true);
    expect(evaluate('amount > 9', { amount: 10 })).toBe(true);
    expect(evaluate("amount > '9'", { amount: 10 })).toBeNull();
  });

  it('does arithmetic with numbers equal within a relative 1e-9 (0.1 * 3 = 0.3)', () => {
    expect(evaluate('amount = quantity * unit_price', { amount: 0.3, quantity: 3, unit_price: 0.1 })).toBe(true);
    expect(evaluate('amount = quantity * unit_price', { amount: 0.31, quantity: 3, unit_price: 0.1 })).toBe(false);
    expect(evaluate('total - discount + 2 * 3 = 16', { total: 12, discount: 2 })).toBe(true);
    expect(evaluate('-amount < 0 and amount % 2 = 1', { amount: 7 })).toBe(true);
    expect(evaluate('ratio / divisor > 1', { ratio: 1, divisor: 0 })).toBeNull();
  });

  it('follows SQL three-valued logic, with implies as (not a) or b', () => {
    const rule = "country = 'DE' implies iban is not null";
    expect(evaluate(rule, { country: 'DE', iban: 'DE89370400440532013000' })).toBe(true);
    expect(evaluate(rule, { country: 'DE' })).toBe(false);
    expect(evaluate(rule, { country: 'FR' })).toBe(true);
    expect(evaluate(rule, { iban: null })).toBeNull();
    expect(evaluate('a > 1 and b > 1', { a: 0 })).toBe(false);
    expect(evaluate('a > 1 or b > 1', { a: 2 })).toBe(true);
    expect(evaluate('a > 1 or b > 1', { a: 0 })).toBeNull();
    expect(evaluate('not (a > 1)', { a: 0 })).toBe(true);
    expect(evaluate('not (a > 1)', {})).toBeNull();
  });

  it('reads in, not in, between, is null, nested fields, quoted names and functions', () => {
    expect(evaluate("status in ('new', 'paid')", { status: 'paid' })).toBe(true);
    expect(evaluate("status not in ('new', 'paid')", { status: 'paid' })).toBe(false);
    expect(evaluate("status not in ('new', null)", { status: 'paid' })).toBeNull();
    expect(evaluate('age between 18 and 65', { age: 65 })).toBe(true);
    expect(evaluate('age not between 18 and 65', { age: 17 })).toBe(true);
    expect(evaluate("customer.address.country = 'DE'", { customer: { address: { country: 'DE' } } })).toBe(true);
    expect(evaluate('"unit price" * "order-quantity" = 20', { 'unit price': 4, 'order-quantity': 5 })).toBe(true);
    expect(evaluate("length(trim(code)) = 3 and upper(code) = 'ABC' and lower('X') = 'x'", { code: 'abc' })).toBe(true);
    expect(evaluate('length(tags) <= 2', { tags: ['a', 'b', 'c'] })).toBe(false);
    expect(evaluate('abs(delta) < 1 and round(price, 2) = 1.23', { delta: -0.5, price: 1.234 })).toBe(true);
    expect(evaluate("coalesce(nickname, name) = 'Ada'", { name: 'Ada' })).toBe(true);
    expect(evaluate("note = 'it''s'", { note: "it's" })).toBe(true);
    expect(evaluate('customer is null', { customer: { id: 1 } })).toBe(false);
    expect(evaluate('__proto__ is null', {})).toBe(true);
  });

  it('lists the fields it reads, once each', () => {
    expect([...fieldsOf(parseExpression('a.b > c and c < coalesce(d, 1)')).keys()]).toEqual(['a.b', 'c', 'd']);
  });

  it('names the character of each problem', () => {
    expect(problemOf('end_date >= ')).toBe('at character 13: the expression ends too early');
    expect(problemOf('(a > 1')).toBe('at character 7: expected ")" before the end');
    expect(problemOf("a = 'open")).toBe('at character 5: a string is not closed');
    expect(problemOf('a > 1 b')).toBe('at character 7: unexpected "b"');
    expect(problemOf('a ; b')).toBe('at character 3: ";" is not part of the language');
    expect(problemOf('eval(a)')).toBe('at character 1: "eval" is not a function (length, lower, upper, trim, abs, round, coalesce, timestamp)');
    expect(problemOf('length(a, b) > 1')).toBe('at character 1: length takes 1 argument');
    expect(problemOf('amount + 1')).toBe('at character 1: must be a condition (true or false), like end_date >= start_date');
    expect(problemOf('status in (a)')).toBe('at character 13: the list after "in" holds literal values only');
    expect(problemOf('a = in')).toBe('at character 5: "in" is a keyword; quote a field of that name: "in"');
    expect(problemOf('   ')).toBe('at character 1: is empty');
    expect(problemOf('a'.repeat(MAX_EXPRESSION_LENGTH + 1))).toBe(`at character 1: is longer than ${MAX_EXPRESSION_LENGTH} characters`);
    expect(problemOf(`${'('.repeat(40)}a${')'.repeat(40)}`)).toBe('at character 34: nests deeper than 32 levels');
  });

  it('reads a long expression in time linear in its length', () => {
    const terms = Array.from({ length: 120 }, (_, index) => `f${index} = ${index}`).join(' and ');
    const payload = Object.fromEntries(Array.from({ length: 120 }, (_, index) => [`f${index}`, index]));
    expect(terms.length).toBeLessThan(MAX_EXPRESSION_LENGTH);
    expect(evaluate(terms, payload)).toBe(true);
  });
});
