/**
 * The DSL layer: the immutable typed pipeline builder. It builds a plain-data
 * graph; it does no I/O and emits no JSON. Imports: steps, asl.
 */
import './wrappers.js';

export { pipeline, Pipeline } from './pipeline.js';
export type { WhenCondition } from './pipeline.js';
export { ChoiceBuilder } from './choice.js';
export type { Chain, EndedChain, AnyChain, ChainInput, ChainOutput, ChainErrors } from './chain.js';
export type { Duration } from './duration.js';
export { isDuration, durationSeconds } from './duration.js';
export type { RetryOptions, ErrorName, Placement, PlacementOptions, Placed, PlacedBy, CatchInput, CaughtError, WildcardErrorName, Uncaught } from './options.js';
export type {
  Branch, BranchOutput, BranchErrors, HandlerErrors, RejoinOutput, CatchOptions, RejoiningCatchOptions, CatchEntry, CatchList, RejoinBranch, GuardOptions, StepOptions, MapOptions, CsvSource, CsvRow,
  PassResultOptions, PassSetOptions, WaitOptions, FailOptions, PipelineOptions, NodeOptions, TemplateInputFor,
  TemplateOutput, PortableTemplateInput, TypedPlacement,
} from './types.js';
export type { S3Methods, ChainOptions } from './wrappers.js';
export type { ChainData, Node } from './graph.js';
