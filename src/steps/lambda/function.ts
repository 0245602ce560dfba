/**
 * Lambda functions as typed references: a function the pipeline deploys (a
 * user file or one of our packaged handlers) or one that already exists. The
 * reference carries the handler's event and result types, so the `lambda`
 * step can type its payload and its output.
 */
import { logicalArn } from '../naming.js';
import type { Environment } from '../naming.js';
import type { Deployable, LambdaHandler } from '../step.js';

/** Any Lambda handler: `(event, context?, callback?) => result | Promise<result>`. */
export type AnyHandler = (event: never, ...rest: never[]) => unknown;

/** The event type of a handler type (`Handler<In, Out>` from `aws-lambda`, or `(event: In) => Promise<Out>`). */
export type HandlerInput<H> = H extends (event: infer E, ...rest: infer _R) => unknown ? E : never;

/** The result type of a handler type: its awaited return value, without the `void` of callback-style handlers. */
export type HandlerOutput<H> = H extends (...args: infer _A) => infer R ? Exclude<Awaited<R>, void> : never;

/** Where the function comes from. */
export type LambdaSource =
  | {
      readonly kind: 'deploy';
      readonly handler: LambdaHandler;
      readonly memoryMb?: number;
      readonly timeoutSeconds?: number;
      readonly environment?: { readonly [name: string]: string };
    }
  | { readonly kind: 'existing'; readonly arn: string };

/**
 * A typed reference to a Lambda function taking events of type `In` and
 * returning `Out`. Plain data; build one with {@link lambdaFunction} or
 * {@link existingLambda}.
 */
export interface LambdaFunction<In, Out> {
  readonly kind: 'lambda-function';
  /** Logical id: names the deployed function (`resourceName(env, 'lambda', id)`). */
  readonly id: string;
  readonly source: LambdaSource;
  /** @internal phantom types; never present at runtime. */
  readonly types?: { readonly input: (event: In) => void; readonly output: Out };
}

/** Options of {@link lambdaFunction}. */
export interface LambdaFunctionOptions {
  /** The handler's source file (bundled by the deployer), relative to the pipeline file. */
  readonly entry: string;
  /** The exported handler's name. @default 'handler' */
  readonly export?: string;
  /** Memory in MB (128-10240). @default the deployer's default (512) */
  readonly memoryMb?: number;
  /** Timeout in seconds (1-900). @default the deployer's default (300) */
  readonly timeoutSeconds?: number;
  /** Environment variables. @default none */
  readonly environment?: { readonly [name: string]: string };
}

const LOGICAL_ID = /^[A-Za-z][A-Za-z0-9-]{0,47}$/;

/** @internal Checks a logical id given to a step or resource; throws a TypeError naming `where`. */
export function checkLogicalId(where: string, id: unknown): void {
  if (typeof id !== 'string' || !LOGICAL_ID.test(id)) {
    throw new TypeError(`${where}: id must start with a letter and hold only letters, digits and '-' (at most 48), got ${JSON.stringify(id)}`);
  }
}

/** @internal A valid logical id derived from an AWS name (for resources that already exist). */
export function logicalIdFrom(name: string): string {
  const id = name.replace(/[^A-Za-z0-9-]/g, '-');
  return (/^[A-Za-z]/.test(id) ? id : `x-${id}`).slice(0, 48);
}

function checkLimits(where: string, options: { readonly memoryMb?: number; readonly timeoutSeconds?: number }): void {
  const { memoryMb, timeoutSeconds } = options;
  if (memoryMb !== undefined && (!Number.isInteger(memoryMb) || memoryMb < 128 || memoryMb > 10_240)) {
    throw new RangeError(`${where}: memoryMb must be a whole number from 128 to 10240, got ${String(memoryMb)}`);
  }
  if (timeoutSeconds !== undefined && (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 900)) {
    throw new RangeError(`${where}: timeoutSeconds must be a whole number from 1 to 900, got ${String(timeoutSeconds)}`);
  }
}

/**
 * A Lambda function the pipeline deploys from a user file, typed by its handler.
 * @example
 * import type { handler } from './enrich.js';
 * const enrich = lambdaFunction<typeof handler>('enrich', { entry: './enrich.ts' });
 */
export function lambdaFunction<H extends AnyHandler>(id: string, options: LambdaFunctionOptions): LambdaFunction<HandlerInput<H>, HandlerOutput<H>> {
  checkLogicalId('lambdaFunction()', id);
  if (typeof options?.entry !== 'string' || options.entry === '') {
    throw new TypeError(`lambdaFunction('${id}'): entry must be the path of the handler's source file`);
  }
  checkLimits(`lambdaFunction('${id}')`, options);
  const handler: LambdaHandler = options.export === undefined ? { entry: options.entry } : { entry: options.entry, export: options.export };
  return {
    kind: 'lambda-function',
    id,
    source: {
      kind: 'deploy',
      handler,
      ...(options.memoryMb !== undefined ? { memoryMb: options.memoryMb } : {}),
      ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
      ...(options.environment !== undefined ? { environment: { ...options.environment } } : {}),
    },
  };
}

/** @internal A deployed function running one of our packaged handlers. */
export function packagedFunction<In, Out>(
  id: string,
  pkg: 'csv-validate' | 's3-trigger',
  options: Omit<LambdaFunctionOptions, 'entry' | 'export'> = {},
): LambdaFunction<In, Out> {
  checkLogicalId(`${pkg} function`, id);
  checkLimits(`${pkg} function '${id}'`, options);
  return {
    kind: 'lambda-function',
    id,
    source: {
      kind: 'deploy',
      handler: { package: pkg },
      ...(options.memoryMb !== undefined ? { memoryMb: options.memoryMb } : {}),
      ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
      ...(options.environment !== undefined ? { environment: { ...options.environment } } : {}),
    },
  };
}

const FUNCTION_ARN = /^arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}$/;

/**
 * A Lambda function that already exists, by ARN (unqualified: versions and
 * aliases are granted through `:*`). Its types are declared, not checked.
 * @example const score = existingLambda<{ id: string }, { score: number }>('arn:aws:lambda:eu-west-1:123456789012:function:score');
 */
export function existingLambda<In, Out>(arn: string): LambdaFunction<In, Out> {
  if (typeof arn !== 'string' || !FUNCTION_ARN.test(arn)) {
    throw new TypeError(`existingLambda(): expected an unqualified function ARN like arn:aws:lambda:us-east-1:123456789012:function:name, got ${JSON.stringify(arn)}`);
  }
  return { kind: 'lambda-function', id: logicalIdFrom(arn.slice(arn.lastIndexOf(':') + 1)), source: { kind: 'existing', arn } };
}

/** The (unqualified) ARN of a function in an environment. */
export function functionArn(fn: LambdaFunction<never, unknown>, env: Environment): string {
  return fn.source.kind === 'existing' ? fn.source.arn : logicalArn(env, 'lambda', fn.id);
}

/** The deployables of a function reference: one Lambda, or nothing for an existing function. */
export function functionDeployables(fn: LambdaFunction<never, unknown>): readonly Deployable[] {
  const s = fn.source;
  if (s.kind === 'existing') return [];
  return [{
    kind: 'lambda',
    id: fn.id,
    handler: s.handler,
    ...(s.environment !== undefined ? { environment: s.environment } : {}),
    ...(s.memoryMb !== undefined ? { memoryMb: s.memoryMb } : {}),
    ...(s.timeoutSeconds !== undefined ? { timeoutSeconds: s.timeoutSeconds } : {}),
  }];
}
