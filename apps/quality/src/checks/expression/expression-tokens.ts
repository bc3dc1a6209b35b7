/** The tokens of the Atlas expression language (expression-syntax.ts), read in one pass over the text. */

/** A problem of an expression, with the 1-based character where it is. */
export class ExpressionError extends Error {
  constructor(
    readonly position: number,
    readonly problem: string,
  ) {
    super(`at character ${position}: ${problem}`);
  }
}

export type TokenKind = 'number' | 'string' | 'name' | 'quoted_name' | 'symbol' | 'end';
export interface Token {
  kind: TokenKind;
  text: string;
  value?: number | string;
  position: number;
}

const SYMBOLS = ['<=', '>=', '!=', '<>', '==', '=', '<', '>', '+', '-', '*', '/', '%', '(', ')', ',', '.'];
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const character = text[index];
    if (character === ' ' || character === '\t' || character === '\n' || character === '\r') {
      index += 1;
      continue;
    }
    const position = index + 1;
    if (character === "'" || character === '"') {
      // SQL quoting: 'text' is a string, "a name" a field name; a doubled quote stands for itself.
      let value = '';
      let end = index + 1;
      for (;;) {
        const next = text.indexOf(character, end);
        if (next < 0) throw new ExpressionError(position, `${character === "'" ? 'a string' : 'a quoted name'} is not closed`);
        value += text.slice(end, next);
        if (text[next + 1] === character) {
          value += character;
          end = next + 2;
          continue;
        }
        index = next + 1;
        break;
      }
      tokens.push({ kind: character === "'" ? 'string' : 'quoted_name', text: value, value, position });
      continue;
    }
    NUMBER.lastIndex = index;
    const number = /[0-9.]/.test(character) ? NUMBER.exec(text) : null;
    if (number) {
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), position });
      index += number[0].length;
      continue;
    }
    NAME.lastIndex = index;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], position });
      index += name[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => text.startsWith(candidate, index));
    if (!symbol) throw new ExpressionError(position, `"${character}" is not part of the language`);
    tokens.push({ kind: 'symbol', text: symbol === '<>' ? '!=' : symbol === '==' ? '=' : symbol, position });
    index += symbol.length;
  }
  tokens.push({ kind: 'end', text: '', position: text.length + 1 });
  return tokens;
}
