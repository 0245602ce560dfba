import { describe, expect, it } from 'vitest';
import { compileChoiceRule } from '../../../src/local/expr/index.js';
import { errOf, failureOf, okOf, scopeOf } from './helpers/scope.js';

const input = { s: 'abc', n: 5, b: true, nul: null, t: '2012-10-09T19:00:55Z', t2: '2012-10-09T20:00:55+01:00', other: 'abd', five: 5, file: 'log-2024.txt' };
const s = scopeOf(input, {}, { limit: 5 });
const test = (rule: Record<string, unknown>, scope = s) => okOf(compileChoiceRule({ Next: 'X', ...rule }))(scope, 'Choose', 2);

describe('compileChoiceRule: comparisons', () => {
  it('StringEquals matches an equal string only', () => {
    expect(test({ Variable: '$.s', StringEquals: 'abc' })).toBe(true);
    expect(test({ Variable: '$.n', StringEquals: '5' })).toBe(false);
  });
  it('String ordering compares by code units', () => {
    expect(test({ Variable: '$.s', StringLessThan: 'abd' })).toBe(true);
    expect(test({ Variable: '$.s', StringGreaterThanEquals: 'abc' })).toBe(true);
    expect(test({ Variable: '$.s', StringLessThanPath: '$.other' })).toBe(true);
  });
  it('NumericEquals is false for a value of another type', () => {
    expect(test({ Variable: '$.n', NumericEquals: 5 })).toBe(true);
    expect(test({ Variable: '$.s', NumericEquals: 5 })).toBe(false);
  });
  it('Numeric orderings', () => {
    expect(test({ Variable: '$.n', NumericGreaterThan: 4.5 })).toBe(true);
    expect(test({ Variable: '$.n', NumericLessThanEquals: 5 })).toBe(true);
    expect(test({ Variable: '$.n', NumericLessThan: 5 })).toBe(false);
  });
  it('…Path operators compare with a second path, variables included', () => {
    expect(test({ Variable: '$.n', NumericEqualsPath: '$.five' })).toBe(true);
    expect(test({ Variable: '$.n', NumericEqualsPath: '$limit' })).toBe(true);
  });
  it('BooleanEquals and BooleanEqualsPath', () => {
    expect(test({ Variable: '$.b', BooleanEquals: true })).toBe(true);
    expect(test({ Variable: '$.nul', BooleanEquals: false })).toBe(false);
  });
  it('Timestamp operators compare instants, offsets included', () => {
    expect(test({ Variable: '$.t', TimestampEquals: '2012-10-09T19:00:55Z' })).toBe(true);
    expect(test({ Variable: '$.t', TimestampEqualsPath: '$.t2' })).toBe(true);
    expect(test({ Variable: '$.t', TimestampLessThan: '2012-10-09T19:00:55.000000001Z' })).toBe(true);
    expect(test({ Variable: '$.s', TimestampGreaterThan: '2012-10-09T19:00:55Z' })).toBe(false);
  });
  it('StringMatches: * matches any run of characters', () => {
    expect(test({ Variable: '$.file', StringMatches: 'log-*.txt' })).toBe(true);
    expect(test({ Variable: '$.file', StringMatches: '*.csv' })).toBe(false);
  });
  it('StringMatches: \\* is a literal star and \\\\ a literal backslash', () => {
    const sc = scopeOf({ a: 'x*y', b: 'xzy', c: 'a\\b' });
    expect(test({ Variable: '$.a', StringMatches: 'x\\*y' }, sc)).toBe(true);
    expect(test({ Variable: '$.b', StringMatches: 'x\\*y' }, sc)).toBe(false);
    expect(test({ Variable: '$.c', StringMatches: 'a\\\\b' }, sc)).toBe(true);
  });
});

describe('compileChoiceRule: type tests', () => {
  it('IsPresent tells whether the path selects something, null included', () => {
    expect(test({ Variable: '$.nul', IsPresent: true })).toBe(true);
    expect(test({ Variable: '$.missing', IsPresent: true })).toBe(false);
    expect(test({ Variable: '$.missing', IsPresent: false })).toBe(true);
  });
  it('IsNull, IsNumeric, IsString, IsBoolean test the JSON type', () => {
    expect(test({ Variable: '$.nul', IsNull: true })).toBe(true);
    expect(test({ Variable: '$.n', IsNumeric: true })).toBe(true);
    expect(test({ Variable: '$.s', IsString: true })).toBe(true);
    expect(test({ Variable: '$.b', IsBoolean: true })).toBe(true);
    expect(test({ Variable: '$.s', IsNumeric: false })).toBe(true);
  });
  it('IsTimestamp accepts only ISO-8601 date-times with a zone', () => {
    expect(test({ Variable: '$.t', IsTimestamp: true })).toBe(true);
    expect(test({ Variable: '$.s', IsTimestamp: true })).toBe(false);
  });
  it('type tests on a missing path are false whatever the expected value', () => {
    expect(test({ Variable: '$.missing', IsNull: true })).toBe(false);
    expect(test({ Variable: '$.missing', IsNull: false })).toBe(false);
  });
});

describe('compileChoiceRule: boolean operators', () => {
  it('And needs every rule', () => expect(test({ And: [{ Variable: '$.n', NumericEquals: 5 }, { Variable: '$.s', StringEquals: 'x' }] })).toBe(false));
  it('Or needs one rule', () => expect(test({ Or: [{ Variable: '$.n', NumericEquals: 4 }, { Variable: '$.s', StringEquals: 'abc' }] })).toBe(true));
  it('Not inverts', () => expect(test({ Not: { Variable: '$.missing', IsPresent: true } })).toBe(true));
  it('And short-circuits before a missing path is read', () => expect(test({ And: [{ Variable: '$.missing', IsPresent: true }, { Variable: '$.missing', StringEquals: 'x' }] })).toBe(false));
});

describe('compileChoiceRule: failures', () => {
  it('comparing a missing path fails with States.Runtime', async () => {
    expect(await failureOf(() => test({ Variable: '$.missing', StringEquals: 'x' }))).toEqual({
      error: 'States.Runtime',
      cause: "An error occurred while executing the state 'Choose' (entered at the event id #2). Invalid path '$.missing': The choice state's condition path references an invalid value.",
    });
  });
  it('a rule without an operator is rejected', () => expect(errOf(compileChoiceRule({ Variable: '$.a', Next: 'X' }))).toBe('Choice rule at the rule must have exactly one comparison operator, found none'));
  it('a rule with two operators is rejected', () => expect(errOf(compileChoiceRule({ Variable: '$.a', IsNull: true, IsString: true }))).toContain('found IsNull, IsString'));
  it('an operand of the wrong type is rejected', () => {
    expect(errOf(compileChoiceRule({ Variable: '$.a', NumericEquals: '1' }))).toBe(`'NumericEquals' at the rule must be a number, got "1"`);
    expect(errOf(compileChoiceRule({ Variable: '$.a', TimestampEquals: 'yesterday' }))).toContain('must be an ISO-8601 timestamp string');
    expect(errOf(compileChoiceRule({ Variable: '$.a', IsNull: 'yes' }))).toBe("'IsNull' at the rule must be true or false");
  });
  it('an unknown field is rejected', () => expect(errOf(compileChoiceRule({ Variable: '$.a', StringEqual: 'x' }))).toContain("unknown field 'StringEqual'"));
  it('nested errors name where they are', () => expect(errOf(compileChoiceRule({ And: [{ Not: { Variable: 'bad', IsNull: true } }] }))).toContain('the rule/And/0/Not'));
  it('an empty And is rejected', () => expect(errOf(compileChoiceRule({ And: [] }))).toBe("'And' at the rule must be a non-empty array of rules"));
});
