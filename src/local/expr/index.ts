/**
 * The interpreter's expression layer: JSONPath reference paths, ResultPath, payload
 * templates, intrinsic functions, Choice rules and JSONata — each compiled once into
 * closures that the runner calls per execution without parsing.
 *
 * Imports: `../resources.js` (TaskFailure), `../../asl/` types, and the `jsonata` and
 * `neverthrow` packages. Deviations from AWS are marked `differs from AWS` in the sources.
 */
export { NOT_FOUND, type NotFound, type Scope } from './scope.js';
export { compilePath, type CompiledPath } from './path.js';
export { compileResultPath, type ResultPathApply } from './result-path.js';
export { compilePayloadTemplate, compileValueExpression, type PayloadEval } from './payload-template.js';
export { compileIntrinsic, isIntrinsicText, type IntrinsicEval } from './intrinsic.js';
export { compileChoiceRule, compileStringMatches, type ChoicePredicate } from './choice-rule.js';
export { parseTimestamp, compareTimestamps, timestampToMillis, type Timestamp } from './timestamp.js';
export { stateFailureCause, jsonText } from './failure.js';
export { compileJsonata, isJsonataExpression, type JsonataProgram, type JsonataBindings } from './jsonata.js';
