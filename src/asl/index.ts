/**
 * `statecraft` ASL layer: TypeScript types of the Amazon States Language (both query
 * languages) and the structural validator.
 *
 * Imports nothing of ours (only `neverthrow` and `jsonata`); every other layer may use it.
 */
export type {
  JsonValue, JsonObject, QueryLanguage, JsonataExpression, PayloadTemplate, StateBase, Transitions, JsonPathIo,
  JsonataIo, Assignable, JitterStrategy, Retrier, Catcher, ErrorHandling, TaskCredentials, TaskState, PassState,
  WaitState, SucceedState, FailState, ChoiceComparisonOperator, ChoiceComparison, ChoiceBoolean, ChoiceRuleExpression,
  JsonPathChoiceRule, JsonataChoiceRule, ChoiceRule, ChoiceState, ParallelState, ProcessorConfig, ItemProcessor,
  ReaderConfig, ItemReader, ItemBatcher, ResultWriter, MapState, State, StateType, StateMachineFragment, AslDocument,
  StatesErrorName, IntrinsicFunctionName,
} from './types.js';
export { CHOICE_COMPARISON_OPERATORS, STATES_ERROR_NAMES, INTRINSIC_FUNCTIONS } from './types.js';
export type { AslIssue, AslIssueKind } from './issues.js';
export { AslValidationError } from './issues.js';
export { validateAsl, validateAslOrThrow } from './validate.js';
