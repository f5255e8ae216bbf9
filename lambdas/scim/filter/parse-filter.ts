import {
  parseFilter as parseTokens,
  Tokens,
  type Token,
} from 'scim2-parse-filter/lib/src/parser';
import type { Filter } from 'scim2-parse-filter';

import { badRequest } from '../errors';

export type { Filter } from 'scim2-parse-filter';

/** Filters longer than this are refused before parsing: no IdP sends one. */
export const MAX_FILTER_LENGTH = 4096;

/** The comparison operators of RFC 7644 §3.4.2.2 (`pr` takes no value, so it is not one here). */
export const COMPARISON_OPERATORS: readonly string[] = [
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'lt',
  'ge',
  'le',
];
const COMPARISONS = new Set(COMPARISON_OPERATORS);
const JSON_WORDS = new Set(['true', 'false', 'null']);

/**
 * Parses a filter (RFC 7644 §3.4.2.2) into scim2-parse-filter's AST.
 *
 * Our own tokenizer feeds the library's parser, because three of the
 * library's readings are wrong for IdP traffic:
 * - quoted strings are read as JSON strings (the library mangles
 *   backslash escapes);
 * - an unquoted value (`externalId eq jyoung`, Entra's 2016 docs; `id eq
 *   54D3... and manager eq 2819...`) is read as a string;
 * - `emails[type eq "work"].value eq "x"` becomes the value path
 *   `emails[(type eq "work") and value eq "x"]`, so both conditions hold on
 *   the same element (the library splits them into two independent ones).
 *
 * Nested `and`/`or` of the same operator are flattened, so the AST is
 * canonical and prints back to itself. Any failure is 400 invalidFilter.
 */
export function parseFilter(text: string): Filter {
  if (text.length > MAX_FILTER_LENGTH) {
    throw badRequest(
      'invalidFilter',
      `The filter is ${text.length} characters long; at most ${MAX_FILTER_LENGTH} are accepted`,
    );
  }

  if (text.trim() === '') {
    throw badRequest(
      'invalidFilter',
      'The filter is empty; leave the parameter out to list everything, or write one such as userName eq "ann@example.com"',
    );
  }

  let filter: Filter;
  try {
    const tokens = joinValuePathSubAttributes(quoteBareValues(tokenize(text)));
    const list = new Tokens([...tokens, { type: 'EOT', literal: '' }]);
    filter = parseTokens(list);
    if (list.peek().type !== 'EOT') {
      throw new Error(`unexpected "${list.peek().literal}" after the end of the filter`);
    }
  } catch (error) {
    throw badRequest(
      'invalidFilter',
      `The filter could not be parsed (${error instanceof Error ? error.message : 'syntax error'}); write it as in RFC 7644 §3.4.2.2, e.g. userName eq "ann@example.com"`,
    );
  }
  return canonicalFilter(filter);
}

/** Prints an AST back as filter text that {@link parseFilter} reads to the same AST. */
export function printFilter(filter: Filter): string {
  switch (filter.op) {
    case 'and':
    case 'or':
      return filter.filters
        .map((child) =>
          isLogical(child) ? `(${printFilter(child)})` : printFilter(child),
        )
        .join(` ${filter.op} `);
    case 'not':
      return `not (${printFilter(filter.filter)})`;
    case '[]':
      return `${filter.attrPath}[${printFilter(filter.valFilter)}]`;
    case 'pr':
      return `${filter.attrPath} pr`;
    default:
      return `${filter.attrPath} ${filter.op} ${JSON.stringify(filter.compValue)}`;
  }
}

function isLogical(filter: Filter): boolean {
  return filter.op === 'and' || filter.op === 'or';
}

/** Splits filter text into the library's tokens. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;

  while (index < text.length) {
    const char = text.charAt(index);
    if (/\s/.test(char)) {
      index++;
    } else if (char === '"') {
      const end = closingQuote(text, index);
      const literal = text.slice(index, end + 1);
      JSON.parse(literal);
      tokens.push({ type: 'Quoted', literal });
      index = end + 1;
    } else if (char === '(' || char === ')' || char === '[') {
      tokens.push({ type: 'Bracket', literal: char });
      index++;
    } else if (char === ']') {
      const dotted = text.charAt(index + 1) === '.';
      tokens.push({ type: 'Bracket', literal: dotted ? '].' : ']' });
      index += dotted ? 2 : 1;
    } else {
      const match = /^[^\s()[\]"]+/.exec(text.slice(index));
      const word = match?.[0] ?? char;
      const isNumber = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(word);
      tokens.push({ type: isNumber ? 'Number' : 'Word', literal: word });
      index += word.length;
    }
  }
  return tokens;
}

function closingQuote(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    const char = text.charAt(index);
    if (char === '\\') index++;
    else if (char === '"') return index;
  }
  throw new Error('a quoted value is not closed');
}

/** `externalId eq jyoung`: a bare word after a comparison operator is a string. */
function quoteBareValues(tokens: Token[]): Token[] {
  return tokens.map((token, index) => {
    const operator = tokens[index - 1];
    const attribute = tokens[index - 2];
    const isValue =
      token.type === 'Word' &&
      operator?.type === 'Word' &&
      COMPARISONS.has(operator.literal.toLowerCase()) &&
      attribute?.type === 'Word' &&
      !JSON_WORDS.has(token.literal);
    return isValue ? { type: 'Quoted', literal: JSON.stringify(token.literal) } : token;
  });
}

/**
 * Rewrites `attr[F].sub op value` as `attr[(F) and sub op value]`: both
 * conditions must hold on one element (how Entra means
 * `emails[type eq "work"].value eq "x"`).
 */
function joinValuePathSubAttributes(tokens: Token[]): Token[] {
  const output: Token[] = [];
  const opens: number[] = [];

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (token.type === 'Bracket' && token.literal === '[') {
      opens.push(output.length);
      output.push(token);
      continue;
    }
    if (token.type !== 'Bracket' || !token.literal.startsWith(']')) {
      output.push(token);
      continue;
    }

    const open = opens.pop();
    if (open === undefined) throw new Error('"]" without "["');
    if (token.literal === ']') {
      output.push(token);
      continue;
    }

    const subAttribute = tokens[index + 1];
    const operator = tokens[index + 2];
    if (subAttribute?.type !== 'Word' || operator?.type !== 'Word') {
      throw new Error('a value path must be followed by a sub-attribute comparison');
    }
    const isPresence = operator.literal.toLowerCase() === 'pr';
    const value = tokens[index + 3];
    if (!isPresence && (value === undefined || value.type === 'Bracket')) {
      throw new Error(`${subAttribute.literal} ${operator.literal} needs a value`);
    }

    output.splice(open + 1, 0, { type: 'Bracket', literal: '(' });
    output.push(
      { type: 'Bracket', literal: ')' },
      { type: 'Word', literal: 'and' },
      subAttribute,
      operator,
      ...(isPresence ? [] : [value as Token]),
      { type: 'Bracket', literal: ']' },
    );
    index += isPresence ? 2 : 3;
  }
  return output;
}

/**
 * Flattens `a and (b and c)` into one `and` (and the same for `or`),
 * recursively: the form {@link parseFilter} answers with.
 */
export function canonicalFilter(filter: Filter): Filter {
  switch (filter.op) {
    case 'and':
    case 'or': {
      const op = filter.op;
      const children = filter.filters
        .map(canonicalFilter)
        .flatMap((child) =>
          child.op === op ? (child as typeof filter).filters : [child],
        );
      return { op, filters: children };
    }
    case 'not':
      return { op: 'not', filter: canonicalFilter(filter.filter) };
    case '[]':
      return {
        op: '[]',
        attrPath: filter.attrPath,
        valFilter: canonicalFilter(filter.valFilter),
      };
    default:
      return filter;
  }
}
