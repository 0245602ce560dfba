/**
 * `compile`: a pure, deterministic function from a pipeline graph to an ASL
 * document (or the list of problems). The same pipeline and options always give
 * byte-identical JSON.
 */
import { err } from 'neverthrow';
import type { Result } from 'neverthrow';
import type { AslDocument, QueryLanguage } from '../asl/types.js';
import { validateAsl } from '../asl/validate.js';
import type { AnyChain } from '../dsl/chain.js';
import { durationSeconds } from '../dsl/duration.js';
import { defaultEnvironment } from '../steps/naming.js';
import type { Environment } from '../steps/naming.js';
import { Emitter } from './internal/emitter.js';
import { allSteps } from './internal/walk.js';
import { CompileError } from './issues.js';
import type { CompileIssue } from './issues.js';

/** Options of {@link compile}. */
export interface CompileOptions {
  /** The query language of the document. @default the pipeline's declared language, else 'JSONPath' */
  readonly queryLanguage?: QueryLanguage;
  /**
   * The environment ARNs and names derive from.
   * @default { partition: 'aws', region: 'us-east-1', account: '000000000000', app: <pipeline name>, stage: 'dev' }
   */
  readonly env?: Partial<Environment>;
}

/** True when `x` is a pipeline (or any built chain). */
export function isPipeline(x: unknown): x is AnyChain {
  if (typeof x !== 'object' || x === null || (x as { kind?: unknown }).kind !== 'chain') return false;
  const data = (x as { data?: unknown }).data;
  return typeof data === 'object' && data !== null && Array.isArray((data as { nodes?: unknown }).nodes);
}

/** The environment of a compilation: the defaults completed with `env`. */
export function environmentOf(pipeline: AnyChain, env: Partial<Environment> = {}): Environment {
  return defaultEnvironment(pipeline.data.name, env);
}

function checkStepIds(pipeline: AnyChain, issues: CompileIssue[]): void {
  const seen = new Map<string, string>();
  for (const step of allSteps(pipeline.data)) {
    for (const d of step.deployables) {
      const key = `${d.kind}:${d.id}`;
      const json = JSON.stringify(d);
      const before = seen.get(key);
      if (before === undefined) seen.set(key, json);
      else if (before !== json) {
        issues.push({
          kind: 'duplicate-step-id',
          path: `${pipeline.data.name} > ${d.kind} '${d.id}'`,
          message: `two steps declare a ${d.kind} '${d.id}' with different settings; give one of them another id`,
        });
      }
    }
  }
}

/**
 * Compiles a pipeline to an ASL document, or returns every problem found.
 * Every document returned has passed the ASL validator.
 * @example
 * const result = compile(etl, { queryLanguage: 'JSONata' });
 * if (result.isOk()) console.log(JSON.stringify(result.value, null, 2));
 */
export function compile(pipeline: AnyChain, opts: CompileOptions = {}): Result<AslDocument, CompileIssue[]> {
  if (!isPipeline(pipeline)) {
    return err([{ kind: 'invalid-fragment', path: '', message: 'compile() expects a pipeline built with pipeline(...)' }]);
  }
  const data = pipeline.data;
  const declared = data.queryLanguage;
  const ql: QueryLanguage = opts.queryLanguage ?? declared ?? 'JSONPath';
  if (declared !== undefined && declared !== ql) {
    return err([{
      kind: 'query-language',
      path: data.name,
      message: `pipeline '${data.name}' is declared for ${declared} (pipeline.${declared === 'JSONata' ? 'jsonata' : 'jsonPath'}()); compile it with queryLanguage: '${declared}'`,
    }]);
  }
  const env = environmentOf(pipeline, opts.env);
  const emitter = new Emitter(ql, env, data.afterCompensation);
  const sink: Parameters<Emitter['chain']>[2] = [];
  const start = emitter.chain(data, undefined, sink, '', 'root');
  const issues = [...emitter.issues];
  checkStepIds(pipeline, issues);
  const timeout = data.timeout === undefined ? undefined : durationSeconds(data.timeout);
  const doc: AslDocument = {
    ...(data.comment === undefined ? {} : { Comment: data.comment }),
    QueryLanguage: ql,
    StartAt: start,
    States: Object.fromEntries(sink),
    ...(timeout === undefined ? {} : { TimeoutSeconds: timeout }),
  };
  if (issues.length > 0) return err(issues);
  return validateAsl(doc).mapErr((list) =>
    list.map((i): CompileIssue => ({ kind: 'invalid-asl', path: i.pointer, message: i.message })),
  );
}

/**
 * {@link compile} that throws a {@link CompileError} carrying every issue.
 */
export function compileOrThrow(pipeline: AnyChain, opts: CompileOptions = {}): AslDocument {
  const result = compile(pipeline, opts);
  if (result.isOk()) return result.value;
  const [first, ...rest] = result.error;
  if (first === undefined) throw new Error('invariant: compile failed without issues');
  throw new CompileError([first, ...rest]);
}

/** The compiled document as canonical JSON text (2-space indent, trailing newline). */
export function toAslJson(doc: AslDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

