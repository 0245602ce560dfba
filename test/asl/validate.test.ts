import { describe, expect, it } from 'vitest';
import { AslValidationError, validateAsl, validateAslOrThrow, type AslIssue } from '../../src/asl/index.js';

/** Every issue of a document (an empty list when it is valid). */
function issuesOf(doc: unknown): AslIssue[] {
  const result = validateAsl(doc);
  return result.isOk() ? [] : result.error;
}

/** A one-fragment document from its states; the first state is StartAt. */
function machine(states: Record<string, unknown>, top: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...top, StartAt: Object.keys(states)[0], States: states };
}

/** A document whose only state is `state`. */
function single(state: Record<string, unknown>, top: Record<string, unknown> = {}): Record<string, unknown> {
  return machine({ S: state }, top);
}

const pass = { Type: 'Pass', End: true } as const;
const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } as const;

describe('validateAsl: document shape', () => {
  it('a valid document is returned unchanged and typed', () => {
    const doc = machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } });
    const result = validateAsl(doc);
    expect(result.isOk()).toBe(true);
    expect(result._unsafeUnwrap()).toBe(doc);
  });

  it('a document that is not an object is rejected at the root pointer', () => {
    expect(issuesOf([1])).toStrictEqual([
      { kind: 'not-an-object', pointer: '', message: 'An ASL document must be a JSON object with StartAt and States, not an array' },
    ]);
  });

  it('a document without StartAt is reported', () => {
    expect(issuesOf({ States: { A: pass } })).toStrictEqual([
      { kind: 'missing-field', pointer: '', message: 'The state machine has no StartAt; name the first state to run' },
    ]);
  });

  it('a StartAt naming no state is reported with the known names', () => {
    expect(issuesOf({ StartAt: 'Nope', States: { A: pass } })).toStrictEqual([
      { kind: 'unknown-start', pointer: '/StartAt', message: 'StartAt "Nope" names no state of the state machine (states here: "A")' },
    ]);
  });

  it('an unknown top-level field is reported', () => {
    expect(issuesOf(single(pass, { Timeout: 5 }))).toStrictEqual([
      { kind: 'unknown-field', pointer: '/Timeout', message: 'The state machine has unknown field "Timeout"' },
    ]);
  });

  it('an invalid top-level QueryLanguage is reported', () => {
    expect(issuesOf(single(pass, { QueryLanguage: 'JMESPath' }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/QueryLanguage', message: 'QueryLanguage must be "JSONPath" or "JSONata", got "JMESPath"' },
    ]);
  });

  it('JSON pointers escape "/" and "~" in state names', () => {
    expect(issuesOf(machine({ 'a/b~c': { Type: 'Pass' } }))).toStrictEqual([
      { kind: 'missing-transition', pointer: '/States/a~1b~0c', message: 'State "a/b~c" has neither Next nor End; add "Next": "<state>" or "End": true' },
    ]);
  });

  it('every problem is reported, not just the first', () => {
    const issues = issuesOf(machine({ A: { Type: 'Pass', Next: 'X' }, B: { Type: 'Wait', End: true }, C: { Type: 'Nope' } }));
    expect(issues.map((i) => [i.kind, i.pointer])).toStrictEqual([
      ['exclusive-fields', '/States/B'],
      ['unknown-state-type', '/States/C/Type'],
      ['unknown-target', '/States/A/Next'],
      ['unreachable-state', '/States/B'],
      ['unreachable-state', '/States/C'],
    ]);
  });
});

describe('validateAsl: transitions', () => {
  it('an unreachable state is reported', () => {
    expect(issuesOf(machine({ A: pass, B: pass }))).toStrictEqual([
      { kind: 'unreachable-state', pointer: '/States/B', message: 'State "B" is unreachable: no Next, Default, Choice or Catch path leads to it from StartAt "A"; link it or remove it' },
    ]);
  });

  it('states reached only through Choice, Default and Catch are reachable', () => {
    expect(issuesOf(machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'T' }], Default: 'D' },
      T: { ...task, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }] },
      D: { Type: 'Succeed' },
      F: { Type: 'Fail' },
    }))).toStrictEqual([]);
  });

  it('a state with neither Next nor End is reported', () => {
    expect(issuesOf(single({ Type: 'Pass' }))).toStrictEqual([
      { kind: 'missing-transition', pointer: '/States/S', message: 'State "S" has neither Next nor End; add "Next": "<state>" or "End": true' },
    ]);
  });

  it('a state with both Next and End is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Pass', Next: 'T', End: true }, T: pass }))).toStrictEqual([
      { kind: 'conflicting-transition', pointer: '/States/S', message: 'State "S" has both Next and End; keep exactly one' },
    ]);
  });

  it('End must be true', () => {
    expect(issuesOf(machine({ S: { Type: 'Pass', Next: 'T', End: false }, T: pass }))).toStrictEqual([
      { kind: 'conflicting-transition', pointer: '/States/S', message: 'State "S" has both Next and End; keep exactly one' },
      { kind: 'invalid-value', pointer: '/States/S/End', message: 'State "S": End must be true, got false; use Next to continue' },
    ]);
  });

  it('Next on a Succeed state is reported', () => {
    expect(issuesOf(single({ Type: 'Succeed', Next: 'S' }))).toStrictEqual([
      { kind: 'transition-on-terminal', pointer: '/States/S/Next', message: 'State "S" has Next but a Succeed state ends the execution; remove Next' },
    ]);
  });

  it('End on a Fail state is reported', () => {
    expect(issuesOf(single({ Type: 'Fail', End: true }))).toStrictEqual([
      { kind: 'transition-on-terminal', pointer: '/States/S/End', message: 'State "S" has End but a Fail state ends the execution; remove End' },
    ]);
  });

  it('Next on a Choice state is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'T' }], Next: 'T' }, T: pass }))).toStrictEqual([
      { kind: 'transition-on-terminal', pointer: '/States/S/Next', message: 'State "S" has Next but a Choice state transitions through its Choices and Default; remove Next' },
    ]);
  });

  it('an unknown Next target is reported', () => {
    expect(issuesOf(single({ Type: 'Pass', Next: 'Load' }))).toStrictEqual([
      { kind: 'unknown-target', pointer: '/States/S/Next', message: 'Next of state "S" is "Load", which names no state of the state machine; transitions cannot leave or enter a Parallel branch or Map processor (states here: "S")' },
    ]);
  });

  it('an unknown Default target is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'T' }], Default: 'Gone' }, T: pass }))).toStrictEqual([
      { kind: 'unknown-target', pointer: '/States/S/Default', message: 'Default of state "S" is "Gone", which names no state of the state machine; transitions cannot leave or enter a Parallel branch or Map processor (states here: "S", "T")' },
    ]);
  });

  it('an unknown Choice rule target is reported', () => {
    expect(issuesOf(single({ Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'Gone' }] }))[0]).toStrictEqual(
      { kind: 'unknown-target', pointer: '/States/S/Choices/0/Next', message: 'Choices[0].Next of state "S" is "Gone", which names no state of the state machine; transitions cannot leave or enter a Parallel branch or Map processor (states here: "S")' },
    );
  });

  it('an unknown Catch target is reported', () => {
    expect(issuesOf(single({ ...task, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Gone' }] }))).toStrictEqual([
      { kind: 'unknown-target', pointer: '/States/S/Catch/0/Next', message: 'Catch[0].Next of state "S" is "Gone", which names no state of the state machine; transitions cannot leave or enter a Parallel branch or Map processor (states here: "S")' },
    ]);
  });

  it('a Parallel branch cannot transition to a state outside it', () => {
    expect(issuesOf(machine({
      P: { Type: 'Parallel', Branches: [{ StartAt: 'B1', States: { B1: { Type: 'Pass', Next: 'After' } } }], Next: 'After' },
      After: pass,
    }))).toStrictEqual([
      { kind: 'unknown-target', pointer: '/States/P/Branches/0/States/B1/Next', message: 'Next of state "B1" is "After", which names no state of the Parallel branch; transitions cannot leave or enter a Parallel branch or Map processor (states here: "B1")' },
    ]);
  });

  it('a Map processor cannot transition to a state outside it', () => {
    expect(issuesOf(machine({
      M: { Type: 'Map', ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', Next: 'Done' } } }, Next: 'Done' },
      Done: pass,
    }))).toStrictEqual([
      { kind: 'unknown-target', pointer: '/States/M/ItemProcessor/States/I/Next', message: 'Next of state "I" is "Done", which names no state of the Map ItemProcessor; transitions cannot leave or enter a Parallel branch or Map processor (states here: "I")' },
    ]);
  });

  it('a duplicate state name in a nested fragment is reported', () => {
    expect(issuesOf(single({ Type: 'Parallel', Branches: [{ StartAt: 'S', States: { S: pass } }], End: true }))).toStrictEqual([
      { kind: 'duplicate-state-name', pointer: '/States/S/Branches/0/States/S', message: 'State name "S" is already used at /States/S; state names must be unique across the whole state machine, including Parallel branches and Map processors' },
    ]);
  });
});

describe('validateAsl: state types and fields', () => {
  it('an unknown Type is reported', () => {
    expect(issuesOf(single({ Type: 'Sleep', End: true }))).toStrictEqual([
      { kind: 'unknown-state-type', pointer: '/States/S/Type', message: 'State "S" has unknown Type "Sleep"; use one of Task, Pass, Wait, Choice, Parallel, Map, Succeed, Fail' },
    ]);
  });

  it('a missing Type is reported', () => {
    expect(issuesOf(single({ End: true }))).toStrictEqual([
      { kind: 'missing-field', pointer: '/States/S', message: 'State "S" has no Type; use one of Task, Pass, Wait, Choice, Parallel, Map, Succeed, Fail' },
    ]);
  });

  it('a field that does not belong to the state type is reported', () => {
    expect(issuesOf(single({ Type: 'Pass', Resource: 'arn:x', End: true }))).toStrictEqual([
      { kind: 'unknown-field', pointer: '/States/S/Resource', message: 'State "S": field "Resource" does not belong to a Pass state' },
    ]);
  });

  it('a Task without Resource is reported', () => {
    expect(issuesOf(single({ Type: 'Task', End: true }))).toStrictEqual([
      { kind: 'missing-field', pointer: '/States/S', message: 'State "S" is a Task without Resource; add the ARN of the service or integration to call' },
    ]);
  });

  it('HeartbeatSeconds must be smaller than TimeoutSeconds', () => {
    expect(issuesOf(single({ ...task, TimeoutSeconds: 10, HeartbeatSeconds: 10 }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/HeartbeatSeconds', message: 'State "S": HeartbeatSeconds (10) must be smaller than TimeoutSeconds (10)' },
    ]);
  });

  it('TimeoutSeconds and TimeoutSecondsPath exclude each other', () => {
    expect(issuesOf(single({ ...task, TimeoutSeconds: 10, TimeoutSecondsPath: '$.t' }))).toStrictEqual([
      { kind: 'exclusive-fields', pointer: '/States/S/TimeoutSecondsPath', message: 'State "S" has both TimeoutSeconds and TimeoutSecondsPath; keep only one' },
    ]);
  });
});

describe('validateAsl: query languages', () => {
  it('a JSONPath-only field in a JSONata state is reported', () => {
    expect(issuesOf(single({ ...task, Parameters: { a: 1 } }, { QueryLanguage: 'JSONata' }))).toStrictEqual([
      { kind: 'wrong-query-language', pointer: '/States/S/Parameters', message: 'State "S": Parameters is a JSONPath field but the state uses JSONata; use Arguments' },
    ]);
  });

  it('a JSONata-only field in a JSONPath state is reported', () => {
    expect(issuesOf(single({ ...task, Arguments: { a: 1 } }))).toStrictEqual([
      { kind: 'wrong-query-language', pointer: '/States/S/Arguments', message: 'State "S": Arguments is a JSONata field but the state uses JSONPath; use Parameters' },
    ]);
  });

  it('a state inherits the top-level QueryLanguage', () => {
    expect(issuesOf(single({ Type: 'Pass', OutputPath: '$.a', End: true }, { QueryLanguage: 'JSONata' }))).toStrictEqual([
      { kind: 'wrong-query-language', pointer: '/States/S/OutputPath', message: 'State "S": OutputPath is a JSONPath field but the state uses JSONata; use Output' },
    ]);
  });

  it('a JSONata state may override a JSONPath document', () => {
    expect(issuesOf(single({ Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.a %}', End: true }))).toStrictEqual([]);
  });

  it('a JSONPath state inside a JSONata document is reported', () => {
    expect(issuesOf(single({ Type: 'Pass', QueryLanguage: 'JSONPath', End: true }, { QueryLanguage: 'JSONata' }))).toStrictEqual([
      { kind: 'wrong-query-language', pointer: '/States/S/QueryLanguage', message: 'State "S" uses JSONPath but the state machine\'s QueryLanguage is JSONata; a JSONata state machine cannot contain JSONPath states (set the top-level QueryLanguage to JSONPath and mark the JSONata states instead)' },
    ]);
  });

  it('a Variable-style choice rule in a JSONata state is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Variable: '$.a', Next: 'T' }] }, T: pass }, { QueryLanguage: 'JSONata' }))).toStrictEqual([
      { kind: 'wrong-query-language', pointer: '/States/S/Choices/0/Variable', message: 'State "S": Choices[0]: "Variable" belongs to JSONPath choice rules but the state uses JSONata; write the test as Condition: "{% … %}"' },
    ]);
  });

  it('a Condition in a JSONPath choice rule is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Condition: '{% true %}', Next: 'T' }] }, T: pass }))).toStrictEqual([
      { kind: 'wrong-query-language', pointer: '/States/S/Choices/0/Condition', message: 'State "S": Choices[0]: "Condition" belongs to JSONata choice rules but the state uses JSONPath; use Variable with a comparison operator' },
    ]);
  });

  it('a Catch ResultPath in a JSONata state is reported', () => {
    expect(issuesOf(machine({ S: { ...task, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.e', Next: 'T' }] }, T: pass }, { QueryLanguage: 'JSONata' }))).toStrictEqual([
      { kind: 'wrong-query-language', pointer: '/States/S/Catch/0/ResultPath', message: 'State "S": Catch[0]: ResultPath is a JSONPath field but the state uses JSONata; use Output' },
    ]);
  });

  it('a JSONata rule without Condition is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Choices: [{ Next: 'T' }] }, T: pass }, { QueryLanguage: 'JSONata' }))).toStrictEqual([
      { kind: 'missing-field', pointer: '/States/S/Choices/0', message: 'State "S": Choices[0] has no Condition; a JSONata rule tests "{% <boolean expression> %}"' },
    ]);
  });
});

describe('validateAsl: Retry and Catch', () => {
  it('States.ALL must be alone in ErrorEquals', () => {
    expect(issuesOf(single({ ...task, Retry: [{ ErrorEquals: ['Lambda.ServiceException', 'States.ALL'] }] }))).toStrictEqual([
      { kind: 'states-all-not-last', pointer: '/States/S/Retry/0/ErrorEquals/1', message: 'State "S": Retry[0]: "States.ALL" must appear alone in ErrorEquals; move the other error names to an earlier retrier' },
    ]);
  });

  it('a retrier on States.ALL must be the last retrier', () => {
    expect(issuesOf(single({ ...task, Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['States.Timeout'] }] }))).toStrictEqual([
      { kind: 'states-all-not-last', pointer: '/States/S/Retry/0', message: 'State "S": Retry[0] handles "States.ALL" but is not the last retrier; move it to the end of Retry' },
    ]);
  });

  it('a catcher on States.ALL must be the last catcher', () => {
    expect(issuesOf(machine({ S: { ...task, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'T' }, { ErrorEquals: ['X'], Next: 'T' }] }, T: pass }))).toStrictEqual([
      { kind: 'states-all-not-last', pointer: '/States/S/Catch/0', message: 'State "S": Catch[0] handles "States.ALL" but is not the last catcher; move it to the end of Catch' },
    ]);
  });

  it('an empty ErrorEquals is reported', () => {
    expect(issuesOf(single({ ...task, Retry: [{ ErrorEquals: [] }] }))).toStrictEqual([
      { kind: 'empty-list', pointer: '/States/S/Retry/0/ErrorEquals', message: 'State "S": Retry[0].ErrorEquals is empty; list at least one error name' },
    ]);
  });

  it('MaxAttempts below 0 is reported', () => {
    expect(issuesOf(single({ ...task, Retry: [{ ErrorEquals: ['X'], MaxAttempts: -1 }] }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/Retry/0/MaxAttempts', message: 'State "S": Retry[0].MaxAttempts must be an integer from 0 to 99999999, got -1' },
    ]);
  });

  it('MaxAttempts 0 is allowed', () => {
    expect(issuesOf(single({ ...task, Retry: [{ ErrorEquals: ['X'], MaxAttempts: 0 }] }))).toStrictEqual([]);
  });

  it('BackoffRate below 1 is reported', () => {
    expect(issuesOf(single({ ...task, Retry: [{ ErrorEquals: ['X'], BackoffRate: 0.5 }] }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/Retry/0/BackoffRate', message: 'State "S": Retry[0].BackoffRate must be a number >= 1.0, got 0.5' },
    ]);
  });

  it('IntervalSeconds below 1 is reported', () => {
    expect(issuesOf(single({ ...task, Retry: [{ ErrorEquals: ['X'], IntervalSeconds: 0 }] }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/Retry/0/IntervalSeconds', message: 'State "S": Retry[0].IntervalSeconds must be an integer from 1 to 99999999, got 0' },
    ]);
  });

  it('MaxDelaySeconds below 1 is reported', () => {
    expect(issuesOf(single({ ...task, Retry: [{ ErrorEquals: ['X'], MaxDelaySeconds: 0 }] }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/Retry/0/MaxDelaySeconds', message: 'State "S": Retry[0].MaxDelaySeconds must be an integer from 1 to 31622399, got 0' },
    ]);
  });

  it('an unknown JitterStrategy is reported', () => {
    expect(issuesOf(single({ ...task, Retry: [{ ErrorEquals: ['X'], JitterStrategy: 'PARTIAL' }] }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/Retry/0/JitterStrategy', message: 'State "S": Retry[0].JitterStrategy must be "FULL" or "NONE", got "PARTIAL"' },
    ]);
  });

  it('Retry on a Pass state is an unknown field', () => {
    expect(issuesOf(single({ ...pass, Retry: [] }))).toStrictEqual([
      { kind: 'unknown-field', pointer: '/States/S/Retry', message: 'State "S": field "Retry" does not belong to a Pass state' },
    ]);
  });

  it('a catcher without Next is reported', () => {
    expect(issuesOf(single({ ...task, Catch: [{ ErrorEquals: ['States.ALL'] }] }))).toStrictEqual([
      { kind: 'missing-field', pointer: '/States/S/Catch/0', message: 'State "S": Catch[0] has no Next; a catcher must name the state to go to' },
    ]);
  });
});

describe('validateAsl: Wait, Choice, Fail', () => {
  it('a Wait with none of its time fields is reported', () => {
    expect(issuesOf(single({ Type: 'Wait', End: true }))).toStrictEqual([
      { kind: 'exclusive-fields', pointer: '/States/S', message: 'Wait state "S" needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath; it has none of them' },
    ]);
  });

  it('a Wait with two time fields is reported', () => {
    expect(issuesOf(single({ Type: 'Wait', Seconds: 5, SecondsPath: '$.s', End: true }))).toStrictEqual([
      { kind: 'exclusive-fields', pointer: '/States/S', message: 'Wait state "S" needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath; it has Seconds and SecondsPath' },
    ]);
  });

  it('a Wait Timestamp must be an ISO-8601 date-time', () => {
    expect(issuesOf(single({ Type: 'Wait', Timestamp: 'tomorrow', End: true }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/Timestamp', message: 'State "S": Timestamp must be an ISO-8601 date-time string such as "2026-01-31T12:00:00Z", got "tomorrow"' },
    ]);
  });

  it('a Choice without Choices is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Default: 'T' }, T: pass }))).toStrictEqual([
      { kind: 'missing-field', pointer: '/States/S', message: 'State "S" is a Choice state without Choices; add at least one rule' },
    ]);
  });

  it('a Choice with an empty Choices list is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Choices: [], Default: 'T' }, T: pass }))).toStrictEqual([
      { kind: 'empty-list', pointer: '/States/S/Choices', message: 'State "S": Choices is empty; a Choice state needs at least one rule' },
    ]);
  });

  it('a choice rule without a comparison operator is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Choices: [{ Variable: '$.a', Next: 'T' }] }, T: pass }))).toStrictEqual([
      { kind: 'invalid-choice-rule', pointer: '/States/S/Choices/0', message: 'State "S": Choices[0] has no comparison operator; add exactly one (e.g. StringEquals, NumericLessThan, IsPresent) or And/Or/Not' },
    ]);
  });

  it('a choice rule with two comparison operators is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Choices: [{ Variable: '$.a', StringEquals: 'x', IsPresent: true, Next: 'T' }] }, T: pass }))).toStrictEqual([
      { kind: 'invalid-choice-rule', pointer: '/States/S/Choices/0', message: 'State "S": Choices[0] has 2 comparison operators (StringEquals, IsPresent); a rule holds exactly one, combine rules with And/Or' },
    ]);
  });

  it('a nested rule with two operators is reported at its own pointer', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Choices: [{ And: [{ Variable: '$.a', IsNull: true }, { Variable: '$.b', IsNull: true, IsString: true }], Next: 'T' }] }, T: pass }))).toStrictEqual([
      { kind: 'invalid-choice-rule', pointer: '/States/S/Choices/0/And/1', message: 'State "S": Choices[0].And[1] has 2 comparison operators (IsNull, IsString); a rule holds exactly one, combine rules with And/Or' },
    ]);
  });

  it('a comparison without Variable is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Choices: [{ NumericEquals: 1, Next: 'T' }] }, T: pass }))).toStrictEqual([
      { kind: 'missing-field', pointer: '/States/S/Choices/0', message: 'State "S": Choices[0] uses NumericEquals but has no Variable; add the JSONPath of the value to test' },
    ]);
  });

  it('a comparison operand of the wrong type is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Choices: [{ Variable: '$.a', NumericEquals: '1', Next: 'T' }] }, T: pass }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/Choices/0/NumericEquals', message: 'State "S": Choices[0].NumericEquals compares with a number, not a string' },
    ]);
  });

  it('a Fail state with both Error and ErrorPath is reported', () => {
    expect(issuesOf(single({ Type: 'Fail', Error: 'E', ErrorPath: '$.e' }))).toStrictEqual([
      { kind: 'exclusive-fields', pointer: '/States/S/ErrorPath', message: 'State "S" has both Error and ErrorPath; keep only one' },
    ]);
  });

  it('a Fail state with both Cause and CausePath is reported', () => {
    expect(issuesOf(single({ Type: 'Fail', Cause: 'c', CausePath: '$.c' }))).toStrictEqual([
      { kind: 'exclusive-fields', pointer: '/States/S/CausePath', message: 'State "S" has both Cause and CausePath; keep only one' },
    ]);
  });
});

describe('validateAsl: paths and expressions', () => {
  it('a malformed InputPath is reported', () => {
    expect(issuesOf(single({ ...pass, InputPath: 'a.b' }))).toStrictEqual([
      { kind: 'invalid-path', pointer: '/States/S/InputPath', message: 'State "S": InputPath: JSONPath "a.b" must start with "$" (got "a")' },
    ]);
  });

  it('an unclosed bracket in a path is reported', () => {
    expect(issuesOf(single({ ...pass, OutputPath: '$.a[0' }))).toStrictEqual([
      { kind: 'invalid-path', pointer: '/States/S/OutputPath', message: 'State "S": OutputPath: JSONPath "$.a[0" unclosed "[" at offset 3' },
    ]);
  });

  it('a ResultPath must be a reference path', () => {
    expect(issuesOf(single({ ...pass, ResultPath: '$.items[*].x' }))).toStrictEqual([
      { kind: 'invalid-path', pointer: '/States/S/ResultPath', message: 'State "S": ResultPath: JSONPath reference path "$.items[*].x" wildcard at offset 8 is not allowed in a reference path' },
    ]);
  });

  it('paths may use filters, slices, deep scan, the context object and variables', () => {
    expect(issuesOf(single({ ...pass, Parameters: {
      'a.$': "$.items[?(@.price > 10 && @.name == 'x)')].id", 'b.$': '$.list[1:3]', 'c.$': '$..id', 'd.$': '$$.Execution.Id',
      'e.$': '$myVar.field', 'f.$': "$['odd key'][0]", 'g.$': '$.arr.length()',
    }, ResultPath: '$.out[0].x' }))).toStrictEqual([]);
  });

  it('a ".$" key whose value is not a string is reported', () => {
    expect(issuesOf(single({ ...pass, Parameters: { 'count.$': 3 } }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/Parameters/count.$', message: 'State "S": Parameters: "count.$" ends in ".$", so its value must be a path or intrinsic call string, not a number; drop the ".$" suffix for a literal value' },
    ]);
  });

  it('a malformed path in a nested payload template is reported', () => {
    expect(issuesOf(single({ ...task, Parameters: { Payload: { list: [{ 'k.$': '$.a..' }] } } }))).toStrictEqual([
      { kind: 'invalid-path', pointer: '/States/S/Parameters/Payload/list/0/k.$', message: 'State "S": Parameters: "k.$": JSONPath "$.a.." expected a field name after ".." at offset 5' },
    ]);
  });

  it('an unknown intrinsic function is reported', () => {
    expect(issuesOf(single({ ...pass, Parameters: { 'a.$': 'States.Concat($.a, $.b)' } }))).toStrictEqual([
      { kind: 'invalid-intrinsic', pointer: '/States/S/Parameters/a.$', message: 'State "S": Parameters: "a.$": intrinsic call "States.Concat($.a, $.b)": unknown intrinsic function "States.Concat" (known: States.Format, States.Array, States.MathAdd, … see the AWS intrinsic functions list)' },
    ]);
  });

  it('an intrinsic call with unbalanced parentheses is reported', () => {
    expect(issuesOf(single({ ...pass, Parameters: { 'a.$': "States.Format('{}', States.MathAdd($.a, 1)" } }))).toStrictEqual([
      { kind: 'invalid-intrinsic', pointer: '/States/S/Parameters/a.$', message: 'State "S": Parameters: "a.$": intrinsic call "States.Format(\'{}\', States.MathAdd($.a, 1)": unbalanced parentheses: "(" of States.Format is never closed' },
    ]);
  });

  it('an intrinsic call with an unterminated string is reported', () => {
    expect(issuesOf(single({ ...pass, Parameters: { 'a.$': "States.Format('{}, $.a)" } }))).toStrictEqual([
      { kind: 'invalid-intrinsic', pointer: '/States/S/Parameters/a.$', message: 'State "S": Parameters: "a.$": intrinsic call "States.Format(\'{}, $.a)": unterminated string literal at offset 14' },
    ]);
  });

  it('well-formed intrinsic calls pass, with escapes, nesting and every literal kind', () => {
    expect(issuesOf(single({ ...pass, Parameters: {
      'a.$': "States.Format('it\\'s {} \\{x\\}', States.ArrayGetItem(States.Array(1, -2.5, null, true), 0))",
      'b.$': 'States.UUID()', 'c.$': "States.ArrayPartition($.items[?(@.x, 1)], 2)",
    } }))).toStrictEqual([]);
  });

  it('Assign values with ".$" are checked in JSONPath states', () => {
    expect(issuesOf(single({ ...pass, Assign: { 'v.$': 'States.Nope()' } }))[0]?.pointer).toBe('/States/S/Assign/v.$');
  });

  it('an invalid variable name in Assign is reported (JSONPath strips ".$")', () => {
    expect(issuesOf(single({ ...pass, Assign: { 'ok.$': '$.a', '2nd.$': '$.b', 'has-dash': 1 } }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/Assign/2nd.$', message: 'State "S": Assign: "2nd" is not a valid variable name; use a letter or "_" followed by letters, digits or "_" (at most 80 characters)' },
      { kind: 'invalid-value', pointer: '/States/S/Assign/has-dash', message: 'State "S": Assign: "has-dash" is not a valid variable name; use a letter or "_" followed by letters, digits or "_" (at most 80 characters)' },
    ]);
  });

  it('an invalid variable name in a JSONata catcher Assign is reported', () => {
    expect(issuesOf(machine({ S: { ...task, Catch: [{ ErrorEquals: ['States.ALL'], Assign: { 'a b': '{% 1 %}' }, Next: 'T' }] }, T: pass }, { QueryLanguage: 'JSONata' }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/Catch/0/Assign/a b', message: 'State "S": Catch[0].Assign: "a b" is not a valid variable name; use a letter or "_" followed by letters, digits or "_" (at most 80 characters)' },
    ]);
  });

  it('a malformed JSONata expression is reported', () => {
    expect(issuesOf(single({ Type: 'Pass', Output: { total: '{% $sum(items.price %}' }, End: true }, { QueryLanguage: 'JSONata' }))).toStrictEqual([
      { kind: 'invalid-jsonata', pointer: '/States/S/Output/total', message: 'State "S": Output: JSONata expression "{% $sum(items.price %}" does not parse: Expected ")" before end of expression (at character 18)' },
    ]);
  });

  it('a JSONata expression without its closing "%}" is reported', () => {
    expect(issuesOf(single({ ...task, Arguments: { a: '{% $states.input' } }, { QueryLanguage: 'JSONata' }))).toStrictEqual([
      { kind: 'invalid-jsonata', pointer: '/States/S/Arguments/a', message: 'State "S": Arguments: "{% $states.input" opens a JSONata expression with "{%" but does not end with "%}"' },
    ]);
  });

  it('a malformed JSONata Condition is reported', () => {
    expect(issuesOf(machine({ S: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.a = %}', Next: 'T' }] }, T: pass }, { QueryLanguage: 'JSONata' }))[0]).toMatchObject(
      { kind: 'invalid-jsonata', pointer: '/States/S/Choices/0/Condition' },
    );
  });

  it('JSONata strings in a JSONPath state are literals', () => {
    expect(issuesOf(single({ ...pass, Result: { a: '{% not ( parsed %}' } }))).toStrictEqual([]);
  });
});

describe('validateAsl: Map and Parallel', () => {
  it('a Map without ItemProcessor is reported', () => {
    expect(issuesOf(single({ Type: 'Map', End: true }))).toStrictEqual([
      { kind: 'missing-field', pointer: '/States/S', message: 'Map state "S" has no ItemProcessor; add { ProcessorConfig, StartAt, States } for the per-item workflow' },
    ]);
  });

  it('a Map with both ItemProcessor and Iterator is reported', () => {
    expect(issuesOf(single({ Type: 'Map', ItemProcessor: { StartAt: 'I', States: { I: pass } }, Iterator: { StartAt: 'J', States: { J: pass } }, End: true }))).toStrictEqual([
      { kind: 'exclusive-fields', pointer: '/States/S/Iterator', message: 'Map state "S" has both ItemProcessor and Iterator (its legacy name); keep ItemProcessor' },
    ]);
  });

  it('an unknown ProcessorConfig Mode is reported', () => {
    expect(issuesOf(single({ Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'PARALLEL' }, StartAt: 'I', States: { I: pass } }, End: true }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/ItemProcessor/ProcessorConfig/Mode', message: 'Map state "S": ProcessorConfig.Mode must be "INLINE" or "DISTRIBUTED", got "PARALLEL"' },
    ]);
  });

  it('an ItemReader on an INLINE Map is reported', () => {
    expect(issuesOf(single({ Type: 'Map', ItemReader: { Resource: 'arn:aws:states:::s3:getObject' }, ItemProcessor: { StartAt: 'I', States: { I: pass } }, End: true }))).toStrictEqual([
      { kind: 'distributed-only', pointer: '/States/S/ItemReader', message: 'Map state "S": ItemReader is only allowed in a DISTRIBUTED Map; set ItemProcessor.ProcessorConfig.Mode to "DISTRIBUTED" or remove ItemReader' },
    ]);
  });

  it('a DISTRIBUTED Map may have an ItemReader', () => {
    expect(issuesOf(single({
      Type: 'Map', ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: { 'Bucket.$': '$.bucket', Key: 'k' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'I', States: { I: pass } }, End: true,
    }))).toStrictEqual([]);
  });

  it('ToleratedFailurePercentage above 100 is reported', () => {
    expect(issuesOf(single({ Type: 'Map', ToleratedFailurePercentage: 150, ItemProcessor: { StartAt: 'I', States: { I: pass } }, End: true }))).toStrictEqual([
      { kind: 'invalid-value', pointer: '/States/S/ToleratedFailurePercentage', message: 'Map state "S": ToleratedFailurePercentage must be a number from 0 to 100, got 150' },
    ]);
  });

  it('a Parallel state without Branches is reported', () => {
    expect(issuesOf(single({ Type: 'Parallel', End: true }))).toStrictEqual([
      { kind: 'missing-field', pointer: '/States/S', message: 'Parallel state "S" has no Branches; add at least one branch { StartAt, States }' },
    ]);
  });

  it('a Parallel state with an empty Branches list is reported', () => {
    expect(issuesOf(single({ Type: 'Parallel', Branches: [], End: true }))).toStrictEqual([
      { kind: 'empty-list', pointer: '/States/S/Branches', message: 'Parallel state "S": Branches is empty; add at least one branch' },
    ]);
  });

  it('problems inside a branch carry the full pointer', () => {
    expect(issuesOf(single({ Type: 'Parallel', Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass' } } }], End: true }))).toStrictEqual([
      { kind: 'missing-transition', pointer: '/States/S/Branches/0/States/B', message: 'State "B" has neither Next nor End; add "Next": "<state>" or "End": true' },
    ]);
  });
});

describe('validateAslOrThrow', () => {
  it('returns a valid document', () => {
    const doc = single(pass);
    expect(validateAslOrThrow(doc)).toBe(doc);
  });

  it('throws an AslValidationError carrying every issue', () => {
    const doc = machine({ A: { Type: 'Pass' }, B: pass });
    let caught: unknown;
    try { validateAslOrThrow(doc); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(AslValidationError);
    const error = caught as AslValidationError;
    expect(error.issues.map((i) => i.kind)).toStrictEqual(['missing-transition', 'unreachable-state']);
    expect(error.message).toBe([
      'Invalid ASL document (2 issues):',
      '  /States/A: State "A" has neither Next nor End; add "Next": "<state>" or "End": true',
      '  /States/B: State "B" is unreachable: no Next, Default, Choice or Catch path leads to it from StartAt "A"; link it or remove it',
    ].join('\n'));
  });
});
