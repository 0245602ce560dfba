/**
 * Which fields each state type may have, and which fields belong to one query language.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
 * @internal
 */
import type { StateType } from '../types.js';

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const IO = ['InputPath', 'OutputPath', 'Output'];
const FLOW = ['Next', 'End'];
const ERRORS = ['Retry', 'Catch'];

/** Fields allowed per state type (in either query language). @internal */
export const STATE_FIELDS: Readonly<Record<StateType, ReadonlySet<string>>> = {
  Task: new Set([...COMMON, ...IO, ...FLOW, ...ERRORS, 'Assign', 'Resource', 'Parameters', 'ResultSelector', 'ResultPath',
    'Arguments', 'TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath', 'Credentials']),
  Pass: new Set([...COMMON, ...IO, ...FLOW, 'Assign', 'Result', 'ResultPath', 'Parameters']),
  Wait: new Set([...COMMON, ...IO, ...FLOW, 'Assign', 'Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath']),
  Succeed: new Set([...COMMON, ...IO]),
  Fail: new Set([...COMMON, 'Error', 'ErrorPath', 'Cause', 'CausePath']),
  Choice: new Set([...COMMON, ...IO, 'Assign', 'Choices', 'Default']),
  Parallel: new Set([...COMMON, ...IO, ...FLOW, ...ERRORS, 'Assign', 'Branches', 'Parameters', 'Arguments', 'ResultSelector', 'ResultPath']),
  Map: new Set([...COMMON, ...IO, ...FLOW, ...ERRORS, 'Assign', 'ItemProcessor', 'Iterator', 'ItemsPath', 'Items', 'ItemSelector',
    'Parameters', 'ItemReader', 'ItemBatcher', 'ResultWriter', 'ResultSelector', 'ResultPath', 'MaxConcurrency', 'MaxConcurrencyPath',
    'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath', 'ToleratedFailureCount', 'ToleratedFailureCountPath', 'Label']),
};

/** The state types, for membership tests. @internal */
export const STATE_TYPES: ReadonlySet<string> = new Set(Object.keys(STATE_FIELDS));

/** Fields only a JSONPath state may have. @internal */
export const JSONPATH_ONLY: ReadonlySet<string> = new Set([
  'InputPath', 'OutputPath', 'Parameters', 'ResultSelector', 'ResultPath', 'ItemsPath', 'Result',
  'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'SecondsPath', 'TimestampPath', 'ErrorPath', 'CausePath',
  'MaxConcurrencyPath', 'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath',
]);

/** Fields only a JSONata state may have. @internal */
export const JSONATA_ONLY: ReadonlySet<string> = new Set(['Arguments', 'Output', 'Items']);

/** The replacement to suggest for a field of the other query language. @internal */
export const LANGUAGE_HINT: Readonly<Record<string, string>> = {
  InputPath: 'use Arguments/Output expressions on $states.input',
  OutputPath: 'use Output',
  Parameters: 'use Arguments',
  ResultSelector: 'use Output',
  ResultPath: 'use Output',
  ItemsPath: 'use Items',
  Result: 'use Output',
  Arguments: 'use Parameters',
  Output: 'use ResultSelector/ResultPath/OutputPath',
  Items: 'use ItemsPath',
};
