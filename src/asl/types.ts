/**
 * TypeScript types of the Amazon States Language (ASL), both query languages.
 *
 * Field names follow the specification exactly (PascalCase). These types describe
 * what the compiler emits and what the interpreter accepts; the validator
 * (`validate.ts`) checks the rules the type system cannot (reachability, targets,
 * fields per query language, path syntax).
 *
 * @see https://states-language.net/spec.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html
 */

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** The two query languages of ASL. `JSONPath` is the default. */
export type QueryLanguage = 'JSONPath' | 'JSONata';

/** A JSONata expression string: `{% ... %}`. */
export type JsonataExpression = `{%${string}%}`;

/**
 * A payload template (Parameters, ResultSelector, ItemSelector): keys ending in `.$`
 * hold a path or an intrinsic function call.
 */
export type PayloadTemplate = { [key: string]: JsonValue };

/** Fields common to every state. */
export interface StateBase {
  readonly Comment?: string;
  readonly QueryLanguage?: QueryLanguage;
}

/** Fields of states that transition: exactly one of `Next` and `End`. */
export interface Transitions {
  readonly Next?: string;
  readonly End?: true;
}

/** JSONPath input/output processing fields. */
export interface JsonPathIo {
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
}

/** JSONata output and variable fields. */
export interface JsonataIo {
  readonly Output?: JsonValue;
}

/** Variables assignment (both query languages). */
export interface Assignable {
  readonly Assign?: { readonly [name: string]: JsonValue };
}

/** Values of `JitterStrategy`. */
export type JitterStrategy = 'FULL' | 'NONE';

/** A Retrier. @see https://states-language.net/spec.html#retrying-after-error */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  /** @default 1 */
  readonly IntervalSeconds?: number;
  /** @default 3 */
  readonly MaxAttempts?: number;
  /** @default 2.0 */
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  /** @default 'NONE' */
  readonly JitterStrategy?: JitterStrategy;
  readonly Comment?: string;
}

/** A Catcher. @see https://states-language.net/spec.html#fallback-states */
export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  /** JSONPath only. */
  readonly ResultPath?: string | null;
  /** JSONata only. */
  readonly Output?: JsonValue;
  readonly Assign?: { readonly [name: string]: JsonValue };
  readonly Comment?: string;
}

/** Retry and Catch fields (Task, Parallel, Map). */
export interface ErrorHandling {
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

/** Task credentials: a role to assume for the call. */
export interface TaskCredentials {
  readonly RoleArn?: string;
  readonly 'RoleArn.$'?: string;
}

/** A Task state. */
export interface TaskState extends StateBase, Transitions, JsonPathIo, JsonataIo, Assignable, ErrorHandling {
  readonly Type: 'Task';
  readonly Resource: string;
  /** JSONPath only. */
  readonly Parameters?: PayloadTemplate;
  /** JSONPath only. */
  readonly ResultSelector?: PayloadTemplate;
  /** JSONPath only. */
  readonly ResultPath?: string | null;
  /** JSONata only. */
  readonly Arguments?: JsonValue;
  readonly TimeoutSeconds?: number | JsonataExpression;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number | JsonataExpression;
  readonly HeartbeatSecondsPath?: string;
  readonly Credentials?: TaskCredentials | JsonValue;
}

/** A Pass state. */
export interface PassState extends StateBase, Transitions, JsonPathIo, JsonataIo, Assignable {
  readonly Type: 'Pass';
  /** JSONPath only. */
  readonly Result?: JsonValue;
  /** JSONPath only. */
  readonly ResultPath?: string | null;
  /** JSONPath only. */
  readonly Parameters?: PayloadTemplate;
}

/** A Wait state: exactly one of the four time fields. */
export interface WaitState extends StateBase, Transitions, JsonPathIo, JsonataIo, Assignable {
  readonly Type: 'Wait';
  readonly Seconds?: number | JsonataExpression;
  readonly Timestamp?: string;
  readonly SecondsPath?: string;
  readonly TimestampPath?: string;
}

/** A Succeed state. */
export interface SucceedState extends StateBase, JsonPathIo, JsonataIo {
  readonly Type: 'Succeed';
}

/** A Fail state. */
export interface FailState extends StateBase {
  readonly Type: 'Fail';
  readonly Error?: string;
  readonly ErrorPath?: string;
  readonly Cause?: string;
  readonly CausePath?: string;
}

/** Comparison operators of a JSONPath Choice rule. */
export type ChoiceComparisonOperator =
  | 'StringEquals' | 'StringEqualsPath' | 'StringLessThan' | 'StringLessThanPath'
  | 'StringGreaterThan' | 'StringGreaterThanPath' | 'StringLessThanEquals' | 'StringLessThanEqualsPath'
  | 'StringGreaterThanEquals' | 'StringGreaterThanEqualsPath' | 'StringMatches'
  | 'NumericEquals' | 'NumericEqualsPath' | 'NumericLessThan' | 'NumericLessThanPath'
  | 'NumericGreaterThan' | 'NumericGreaterThanPath' | 'NumericLessThanEquals' | 'NumericLessThanEqualsPath'
  | 'NumericGreaterThanEquals' | 'NumericGreaterThanEqualsPath'
  | 'BooleanEquals' | 'BooleanEqualsPath'
  | 'TimestampEquals' | 'TimestampEqualsPath' | 'TimestampLessThan' | 'TimestampLessThanPath'
  | 'TimestampGreaterThan' | 'TimestampGreaterThanPath' | 'TimestampLessThanEquals' | 'TimestampLessThanEqualsPath'
  | 'TimestampGreaterThanEquals' | 'TimestampGreaterThanEqualsPath'
  | 'IsNull' | 'IsPresent' | 'IsNumeric' | 'IsString' | 'IsBoolean' | 'IsTimestamp';

/** Every Choice comparison operator, in the spec's order. */
export const CHOICE_COMPARISON_OPERATORS: readonly ChoiceComparisonOperator[] = [
  'StringEquals', 'StringEqualsPath', 'StringLessThan', 'StringLessThanPath',
  'StringGreaterThan', 'StringGreaterThanPath', 'StringLessThanEquals', 'StringLessThanEqualsPath',
  'StringGreaterThanEquals', 'StringGreaterThanEqualsPath', 'StringMatches',
  'NumericEquals', 'NumericEqualsPath', 'NumericLessThan', 'NumericLessThanPath',
  'NumericGreaterThan', 'NumericGreaterThanPath', 'NumericLessThanEquals', 'NumericLessThanEqualsPath',
  'NumericGreaterThanEquals', 'NumericGreaterThanEqualsPath',
  'BooleanEquals', 'BooleanEqualsPath',
  'TimestampEquals', 'TimestampEqualsPath', 'TimestampLessThan', 'TimestampLessThanPath',
  'TimestampGreaterThan', 'TimestampGreaterThanPath', 'TimestampLessThanEquals', 'TimestampLessThanEqualsPath',
  'TimestampGreaterThanEquals', 'TimestampGreaterThanEqualsPath',
  'IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp',
];

/** A JSONPath data-test expression: `Variable` plus exactly one comparison operator. */
export type ChoiceComparison = {
  readonly Variable: string;
} & { readonly [K in ChoiceComparisonOperator]?: JsonValue };

/** A JSONPath boolean expression. */
export type ChoiceBoolean =
  | { readonly And: readonly ChoiceRuleExpression[] }
  | { readonly Or: readonly ChoiceRuleExpression[] }
  | { readonly Not: ChoiceRuleExpression };

/** A nested JSONPath choice expression (no `Next`). */
export type ChoiceRuleExpression = ChoiceComparison | ChoiceBoolean;

/** A top-level JSONPath choice rule: an expression plus `Next`. */
export type JsonPathChoiceRule = ChoiceRuleExpression & {
  readonly Next: string;
  readonly Comment?: string;
  readonly Assign?: { readonly [name: string]: JsonValue };
};

/** A JSONata choice rule. */
export interface JsonataChoiceRule {
  readonly Condition: JsonataExpression | boolean;
  readonly Next: string;
  readonly Comment?: string;
  readonly Assign?: { readonly [name: string]: JsonValue };
  readonly Output?: JsonValue;
}

/** A top-level choice rule in either query language. */
export type ChoiceRule = JsonPathChoiceRule | JsonataChoiceRule;

/** A Choice state. */
export interface ChoiceState extends StateBase, JsonPathIo, JsonataIo, Assignable {
  readonly Type: 'Choice';
  readonly Choices: readonly ChoiceRule[];
  readonly Default?: string;
}

/** A Parallel state. */
export interface ParallelState extends StateBase, Transitions, JsonPathIo, JsonataIo, Assignable, ErrorHandling {
  readonly Type: 'Parallel';
  readonly Branches: readonly StateMachineFragment[];
  readonly Parameters?: PayloadTemplate;
  readonly Arguments?: JsonValue;
  readonly ResultSelector?: PayloadTemplate;
  readonly ResultPath?: string | null;
}

/** Map `ItemProcessor.ProcessorConfig`. */
export interface ProcessorConfig {
  readonly Mode?: 'INLINE' | 'DISTRIBUTED';
  readonly ExecutionType?: 'STANDARD' | 'EXPRESS';
}

/** Map `ItemProcessor`: a nested state machine with its processing mode. */
export interface ItemProcessor extends StateMachineFragment {
  readonly ProcessorConfig?: ProcessorConfig;
}

/** `ItemReader.ReaderConfig`. */
export interface ReaderConfig {
  readonly InputType?: 'CSV' | 'JSON' | 'JSONL' | 'MANIFEST' | 'PARQUET';
  readonly CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
  readonly CSVHeaders?: readonly string[];
  readonly CSVDelimiter?: 'COMMA' | 'PIPE' | 'SEMICOLON' | 'SPACE' | 'TAB';
  readonly MaxItems?: number;
  readonly MaxItemsPath?: string;
}

/** A distributed Map's `ItemReader`. */
export interface ItemReader {
  readonly Resource: string;
  readonly ReaderConfig?: ReaderConfig;
  readonly Parameters?: PayloadTemplate;
  readonly Arguments?: JsonValue;
}

/** `ItemBatcher`: groups items into batches of `{ Items: [...], BatchInput }`. */
export interface ItemBatcher {
  readonly MaxItemsPerBatch?: number;
  readonly MaxItemsPerBatchPath?: string;
  readonly MaxInputBytesPerBatch?: number;
  readonly MaxInputBytesPerBatchPath?: string;
  readonly BatchInput?: JsonValue;
}

/** A distributed Map's `ResultWriter`. */
export interface ResultWriter {
  readonly Resource: string;
  readonly Parameters?: PayloadTemplate;
  readonly Arguments?: JsonValue;
  readonly WriterConfig?: { readonly OutputType?: 'JSON' | 'JSONL'; readonly Transformation?: 'NONE' | 'COMPACT' | 'FLATTEN' };
}

/** A Map state. */
export interface MapState extends StateBase, Transitions, JsonPathIo, JsonataIo, Assignable, ErrorHandling {
  readonly Type: 'Map';
  readonly ItemProcessor?: ItemProcessor;
  /** Legacy form of ItemProcessor (AWS also accepts a ProcessorConfig inside it). */
  readonly Iterator?: ItemProcessor;
  readonly ItemsPath?: string;
  /** JSONata only. */
  readonly Items?: JsonValue;
  readonly ItemSelector?: PayloadTemplate | JsonValue;
  /** Legacy form of ItemSelector. */
  readonly Parameters?: PayloadTemplate;
  readonly ItemReader?: ItemReader;
  readonly ItemBatcher?: ItemBatcher;
  readonly ResultWriter?: ResultWriter;
  readonly ResultSelector?: PayloadTemplate;
  readonly ResultPath?: string | null;
  readonly MaxConcurrency?: number | JsonataExpression;
  readonly MaxConcurrencyPath?: string;
  readonly ToleratedFailurePercentage?: number | JsonataExpression;
  readonly ToleratedFailurePercentagePath?: string;
  readonly ToleratedFailureCount?: number | JsonataExpression;
  readonly ToleratedFailureCountPath?: string;
  readonly Label?: string;
}

/** Any state. */
export type State =
  | TaskState | PassState | WaitState | SucceedState | FailState
  | ChoiceState | ParallelState | MapState;

/** The `Type` names of the states. */
export type StateType = State['Type'];

/** A nested state machine (Parallel branch, Map processor). */
export interface StateMachineFragment {
  readonly StartAt: string;
  readonly States: { readonly [name: string]: State };
  readonly Comment?: string;
}

/** A top-level ASL document. */
export interface AslDocument extends StateMachineFragment {
  readonly QueryLanguage?: QueryLanguage;
  readonly TimeoutSeconds?: number;
  readonly Version?: string;
}

/** The predefined error names of the runtime. @see https://states-language.net/spec.html#appendix-a */
export type StatesErrorName =
  | 'States.ALL' | 'States.DataLimitExceeded' | 'States.ExceedToleratedFailureThreshold'
  | 'States.HeartbeatTimeout' | 'States.Http.Socket' | 'States.IntrinsicFailure'
  | 'States.ItemReaderFailed' | 'States.NoChoiceMatched' | 'States.ParameterPathFailure'
  | 'States.Permissions' | 'States.ResultPathMatchFailure' | 'States.ResultWriterFailed'
  | 'States.Runtime' | 'States.TaskFailed' | 'States.Timeout' | 'States.BranchFailed'
  | 'States.QueryEvaluationError';

/** Every predefined `States.*` error name. */
export const STATES_ERROR_NAMES: readonly StatesErrorName[] = [
  'States.ALL', 'States.DataLimitExceeded', 'States.ExceedToleratedFailureThreshold',
  'States.HeartbeatTimeout', 'States.Http.Socket', 'States.IntrinsicFailure',
  'States.ItemReaderFailed', 'States.NoChoiceMatched', 'States.ParameterPathFailure',
  'States.Permissions', 'States.ResultPathMatchFailure', 'States.ResultWriterFailed',
  'States.Runtime', 'States.TaskFailed', 'States.Timeout', 'States.BranchFailed',
  'States.QueryEvaluationError',
];

/** The 18 intrinsic functions. @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html */
export const INTRINSIC_FUNCTIONS = [
  'States.Format', 'States.StringToJson', 'States.JsonToString', 'States.Array',
  'States.ArrayPartition', 'States.ArrayContains', 'States.ArrayRange', 'States.ArrayGetItem',
  'States.ArrayLength', 'States.ArrayUnique', 'States.Base64Encode', 'States.Base64Decode',
  'States.Hash', 'States.JsonMerge', 'States.MathRandom', 'States.MathAdd',
  'States.StringSplit', 'States.UUID',
] as const;

/** An intrinsic function name. */
export type IntrinsicFunctionName = (typeof INTRINSIC_FUNCTIONS)[number];
