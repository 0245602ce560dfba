/**
 * The graph a pipeline builds: plain readonly data (nodes in chain order, sub-
 * chains for branches and handlers, step references). No back-pointers, no I/O.
 * The compiler walks it; nothing here knows ASL field names.
 */
import type { QueryLanguage } from '../asl/types.js';
import type { AnyStep } from '../steps/step.js';
import type { Condition, RefNode, Template } from '../steps/expr/index.js';
import type { Duration } from './duration.js';
import type { Placement, RetryOptions } from './options.js';

/** A retry policy as recorded. */
export type RetryData = RetryOptions<string>;

/** A catch handler as recorded. */
export interface CatchData {
  readonly on: readonly string[];
  readonly handler: ChainData;
  /** The handler continues with the protected node's next state instead of ending the execution. */
  readonly rejoin: boolean;
}

/** Fields shared by nodes that can fail and be retried/caught. */
export interface Guarded {
  readonly placement: Placement;
  readonly retry: readonly RetryData[];
  readonly catch: readonly CatchData[];
  /** Saga compensation registered with `.compensate()` right after this node. */
  readonly compensation?: { readonly step: AnyStep; readonly retry: readonly RetryData[] };
}

/** Fields shared by all nodes. */
export interface NodeBase {
  /** Explicit state name (`name` option). */
  readonly name?: string;
  readonly comment?: string;
}

/** A step (integration or pass/wait flow step). */
export interface StepNode extends NodeBase, Guarded {
  readonly kind: 'step';
  readonly step: AnyStep;
  readonly timeout?: Duration;
  readonly heartbeat?: Duration;
}

/** A choice: rules in order, then the optional `otherwise` branch (else: continue). */
export interface ChoiceNode extends NodeBase {
  readonly kind: 'choice';
  readonly rules: readonly { readonly condition: Condition; readonly branch: ChainData }[];
  readonly otherwise?: ChainData;
}

/** A parallel state: the output is the array of branch outputs. */
export interface ParallelNode extends NodeBase, Guarded {
  readonly kind: 'parallel';
  readonly branches: readonly ChainData[];
}

/** A distributed Map's CSV source in S3. */
export interface CsvSourceData {
  readonly bucket: string;
  readonly key: Template;
  /** Column names (given header) — `undefined` when the header is the file's first row. */
  readonly headers?: readonly string[];
  readonly delimiter?: 'COMMA' | 'PIPE' | 'SEMICOLON' | 'SPACE' | 'TAB';
  readonly maxItems?: number;
}

/** Map options as recorded. */
export interface MapSettings {
  readonly maxConcurrency?: number;
  readonly toleratedFailurePercentage?: number;
  readonly toleratedFailureCount?: number;
  readonly label?: string;
  readonly executionType?: 'STANDARD' | 'EXPRESS';
  readonly batchSize?: number;
}

/** A map: inline over an array field, or distributed over a CSV object in S3. */
export interface MapNode extends NodeBase, Guarded {
  readonly kind: 'map';
  readonly source: { readonly kind: 'items'; readonly items: RefNode } | { readonly kind: 'csv'; readonly csv: CsvSourceData };
  readonly processor: ChainData;
  readonly settings: MapSettings;
}

/** A Succeed state. */
export interface SucceedNode extends NodeBase {
  readonly kind: 'succeed';
}

/** A Fail state. */
export interface FailNode extends NodeBase {
  readonly kind: 'fail';
  readonly error: string;
  readonly cause?: Template;
}

/** Any node. */
export type Node = StepNode | ChoiceNode | ParallelNode | MapNode | SucceedNode | FailNode;

/** What a chain does after compensations ran. */
export type AfterCompensation = 'fail' | 'succeed';

/** A chain: nodes in order. A pipeline is a named chain. */
export interface ChainData {
  readonly name: string;
  readonly nodes: readonly Node[];
  /** The query language the chain was declared for (`undefined`: portable). */
  readonly queryLanguage: QueryLanguage | undefined;
  readonly afterCompensation: AfterCompensation;
  /** Optional ASL `Comment` of the document. */
  readonly comment: string | undefined;
  /** Optional `TimeoutSeconds` of the document. */
  readonly timeout: Duration | undefined;
}

/** True when the chain ends in a Succeed or Fail (it does not fall through). */
export function isTerminal(chain: ChainData): boolean {
  const last = chain.nodes[chain.nodes.length - 1];
  return last !== undefined && (last.kind === 'succeed' || last.kind === 'fail');
}
