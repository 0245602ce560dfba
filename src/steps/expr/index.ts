/**
 * The typed state proxy and what is built on it: parameter templates
 * (`record`, `fmt`, `jsonata`, `renderParameters`) and choice conditions
 * (`s.count.gt(10)`, `and`, `or`, `not`). Imports only `asl` types.
 */
export { stateProxy, contextProxy, refAt, isRef, refNodeOf } from './ref.js';
export type {
  Ref, RefOf, RefNode, RefRoot, ContextObject, ContextRef,
  AnyRefOps, StringRefOps, NumberRefOps, BooleanRefOps,
} from './ref.js';
export { jsonPathOf, jsonataOf, pathOf } from './path.js';
export { and, or, not, conditionToJsonPath, conditionToJsonata, renderCondition, globToJsonataRegex } from './condition.js';
export type { Condition, ComparisonOp, ComparisonType, TypeTest } from './condition.js';
export { fmt, jsonata, lit, toTemplate, record, renderTemplate, renderField, renderPayload, renderParameters, jsonataExpressionOf, isJsonataExpr } from './template.js';
export type { Formatted, JsonataExpr, TemplateInput, TemplateFor, Template, RenderedValue } from './template.js';
export { RenderError } from './render-error.js';
