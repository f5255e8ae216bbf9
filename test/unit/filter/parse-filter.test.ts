import fc from 'fast-check';

import { ScimError } from '../../../lambdas/scim/errors';
import {
  canonicalFilter,
  COMPARISON_OPERATORS,
  parseFilter,
  printFilter,
  type Filter,
} from '../../../lambdas/scim/filter/parse-filter';

// Names spelled like an operator (`ge`, `pr`, `and`, ...) are left out: the
// grammar's tokens are ambiguous there, no schema attribute is so named, and
// such a filter is answered 400 invalidFilter (tested with the evaluator).
const OPERATOR_WORDS = ['not', 'and', 'or', ...COMPARISON_OPERATORS, 'pr'];
const name = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9_$-]{0,8}$/)
  .filter((candidate) => !OPERATOR_WORDS.includes(candidate.toLowerCase()));
const attrPath = fc.oneof(
  name,
  fc.tuple(name, name).map(([a, b]) => `${a}.${b}`),
  name.map((a) => `urn:ietf:params:scim:schemas:core:2.0:User:${a}`),
);
const compValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
);
const comparison = fc.record({
  op: fc.constantFrom(...COMPARISON_OPERATORS),
  attrPath,
  compValue,
}) as fc.Arbitrary<Filter>;
const presence = attrPath.map((path) => ({ op: 'pr', attrPath: path }) as Filter);

const { filter: filterArbitrary } = fc.letrec<{ filter: Filter; inner: Filter }>(
  (tie) => ({
    inner: fc.oneof(
      { depthSize: 'small' },
      comparison,
      presence,
      fc.record({
        op: fc.constantFrom('and', 'or'),
        filters: fc.array(tie('inner'), { minLength: 2, maxLength: 3 }),
      }) as fc.Arbitrary<Filter>,
      tie('inner').map((inner) => ({ op: 'not', filter: inner }) as Filter),
    ),
    filter: fc.oneof(
      { depthSize: 'small' },
      tie('inner'),
      fc
        .tuple(name, tie('inner'))
        .map(
          ([path, inner]) => ({ op: '[]', attrPath: path, valFilter: inner }) as Filter,
        ),
      fc.record({
        op: fc.constantFrom('and', 'or'),
        filters: fc.array(tie('filter'), { minLength: 2, maxLength: 3 }),
      }) as fc.Arbitrary<Filter>,
    ),
  }),
);

describe('parseFilter', () => {
  it('reads the filters IdPs send', () => {
    expect(parseFilter('userName eq "test.user@okta.local"')).toEqual({
      op: 'eq',
      attrPath: 'userName',
      compValue: 'test.user@okta.local',
    });
    expect(parseFilter('externalId eq jyoung')).toEqual({
      op: 'eq',
      attrPath: 'externalId',
      compValue: 'jyoung',
    });
    expect(parseFilter('id eq 54D382A4-2050 AND manager eq 2819c223-7f76')).toEqual({
      op: 'and',
      filters: [
        { op: 'eq', attrPath: 'id', compValue: '54D382A4-2050' },
        { op: 'eq', attrPath: 'manager', compValue: '2819c223-7f76' },
      ],
    });
  });

  it('keeps both conditions of emails[type eq "work"].value eq on one element', () => {
    expect(parseFilter('emails[type eq "work"].value eq "a@b.c"')).toEqual({
      op: '[]',
      attrPath: 'emails',
      valFilter: {
        op: 'and',
        filters: [
          { op: 'eq', attrPath: 'type', compValue: 'work' },
          { op: 'eq', attrPath: 'value', compValue: 'a@b.c' },
        ],
      },
    });
  });

  it('reads JSON escapes inside quoted values', () => {
    expect(parseFilter('title eq "a\\"b\\\\c\\u00e9"')).toMatchObject({
      compValue: 'a"b\\cé',
    });
  });

  it('answers invalidFilter for malformed filters', () => {
    for (const text of [
      '',
      'userName eq',
      'userName zz "x"',
      'emails[type eq "w"',
      '(a pr',
      'a pr b pr',
      'emails[type eq "w"].',
      'x'.repeat(5000),
    ]) {
      expect(() => parseFilter(text)).toThrow(
        expect.objectContaining({ status: 400, scimType: 'invalidFilter' }),
      );
    }
  });

  it('refuses an attribute spelled like an operator with 400 invalidFilter', () => {
    expect(() => parseFilter('emails[type eq "work" and Ge pr]')).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidFilter' }) as Error,
    );
  });

  it('prints any filter so that it parses back to the same AST', () => {
    fc.assert(
      fc.property(filterArbitrary, (filter) => {
        expect(parseFilter(printFilter(filter))).toEqual(canonicalFilter(filter));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips every filter it accepts through its printer', () => {
    const tokens = fc.constantFrom(
      'userName',
      'emails',
      'eq',
      'pr',
      'and',
      'or',
      'not',
      '(',
      ')',
      '[',
      ']',
      '].value',
      '"x"',
      '12',
      'true',
      ' ',
      'type',
      'co',
    );
    fc.assert(
      fc.property(fc.array(tokens, { maxLength: 12 }), (parts) => {
        let parsed: Filter;
        try {
          parsed = parseFilter(parts.join(' '));
        } catch (error) {
          expect(error).toBeInstanceOf(ScimError);
          return;
        }
        expect(parseFilter(printFilter(parsed))).toEqual(parsed);
      }),
      { numRuns: 2000 },
    );
  });

  it('throws nothing but a ScimError on any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        try {
          parseFilter(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ScimError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
