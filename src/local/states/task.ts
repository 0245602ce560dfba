/**
 * Task: one unit of work served by a resource handler or a per-state mock,
 * with TimeoutSeconds/HeartbeatSeconds (or their Path/JSONata forms), Retry
 * and Catch. `.waitForTaskToken` resources pause until `sendTaskSuccess` /
 * `sendTaskFailure` on the execution handle (or a mock's response).
 * @see https://states-language.net/spec.html#task-state
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
 */
import type { QueryLanguage, TaskState } from '../../asl/types.js';
import type { CompiledPath, JsonataProgram } from '../expr/index.js';
import { NOT_FOUND } from '../expr/index.js';
import type { CompileContext } from '../internal/compile-context.js';
import { enterState, exitState, stateFailure } from '../internal/lifecycle.js';
import { withRecovery } from '../internal/lifecycle.js';
import type { Node } from '../internal/node.js';
import { compileRecovery } from '../internal/recovery.js';
import type { ResourceInfo } from '../internal/resource-registry.js';
import { resolveHandler, resourceInfo } from '../internal/resource-registry.js';
import type { Exec, Thread } from '../internal/runtime.js';
import { ExecutionAborted, ExecutionTimedOut, contextObject, emit, isPromise, nowOf } from '../internal/runtime.js';
import { compileIo, evalJsonata, finishJsonata, finishJsonPath, lastAssigned, normalizedPath, pathScope, selectPath, StatesBinding } from '../internal/state-io.js';
import { mockResponse } from '../mocks.js';
import type { ResourceHandler, TaskCall } from '../resources.js';
import { TaskFailure } from '../resources.js';

/** AWS's payload limit: 256 KiB of UTF-8. */
const MAX_PAYLOAD_BYTES = 256 * 1024;

type Seconds = { kind: 'none' } | { kind: 'const'; value: number } | { kind: 'path'; path: CompiledPath; src: string } | { kind: 'jsonata'; prog: JsonataProgram };

function compileSeconds(cc: CompileContext, ptr: string, def: TaskState, field: 'TimeoutSeconds' | 'HeartbeatSeconds', ql: QueryLanguage): Seconds {
  const v = def[field];
  const p = def[`${field}Path`];
  if (v !== undefined && p !== undefined) cc.issue(`${ptr}/${field}`, `use either ${field} or ${field}Path, not both`);
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v <= 0) cc.issue(`${ptr}/${field}`, `${field} must be a positive integer`);
    return { kind: 'const', value: v };
  }
  if (typeof v === 'string' && ql === 'JSONata') {
    const prog = cc.jsonata(`${ptr}/${field}`, v);
    return prog === undefined ? { kind: 'none' } : { kind: 'jsonata', prog };
  }
  if (p !== undefined) {
    const path = cc.path(`${ptr}/${field}Path`, p);
    return path === undefined ? { kind: 'none' } : { kind: 'path', path, src: p };
  }
  return { kind: 'none' };
}

function failedEventType(info: ResourceInfo, error: string): { type: 'TaskFailed' | 'TaskTimedOut' | 'LambdaFunctionFailed' | 'LambdaFunctionTimedOut' | 'ActivityFailed' | 'ActivityTimedOut'; key: string } {
  const timedOut = error === 'States.Timeout' || error === 'States.HeartbeatTimeout';
  if (info.kind === 'lambda-function') return timedOut ? { type: 'LambdaFunctionTimedOut', key: 'lambdaFunctionTimedOutEventDetails' } : { type: 'LambdaFunctionFailed', key: 'lambdaFunctionFailedEventDetails' };
  if (info.kind === 'activity') return timedOut ? { type: 'ActivityTimedOut', key: 'activityTimedOutEventDetails' } : { type: 'ActivityFailed', key: 'activityFailedEventDetails' };
  return timedOut ? { type: 'TaskTimedOut', key: 'taskTimedOutEventDetails' } : { type: 'TaskFailed', key: 'taskFailedEventDetails' };
}

/** Normalises a handler throw to an ASL failure (contract: non-TaskFailure → States.TaskFailed). */
function handlerFailure(e: unknown): TaskFailure {
  if (e instanceof TaskFailure) return e;
  return new TaskFailure('States.TaskFailed', e instanceof Error ? e.message : String(e));
}

/** Waits for an async task with timeouts: virtual time fires them once the process is idle. */
function awaitWithTimeouts(t: Thread, p: Promise<unknown>, timeoutMs: number | undefined, heartbeatMs: number | undefined, beat: { last: number; since: boolean }, ac: { abort(): void }): Promise<unknown> {
  const exec = t.exec;
  const start = nowOf(t);
  return new Promise((resolve, reject) => {
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      exec.control.signal().removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (done) return;
      finish();
      ac.abort();
      reject(exec.control.stopped);
    };
    exec.control.signal().addEventListener('abort', onAbort, { once: true });
    p.then((v) => {
      if (done) return;
      finish();
      resolve(v);
    }, (e: unknown) => {
      if (done) return;
      finish();
      reject(e);
    });
    if (timeoutMs === undefined && heartbeatMs === undefined) return;
    const fire = (error: string, at: number): void => {
      if (done) return;
      finish();
      if (exec.virtual) t.time = Math.max(t.time, at);
      ac.abort();
      reject(new TaskFailure(error));
    };
    if (exec.virtual) {
      // differs from AWS: virtual time cannot know when an async handler "would"
      // finish; once it has been pending for virtualIdleMs of real time, virtual
      // time jumps to the first deadline (TimeoutSeconds or HeartbeatSeconds).
      const check = (): void => {
        timer = setTimeout(() => {
          if (done) return;
          if (beat.since) {
            beat.since = false;
            check();
            return;
          }
          const tDeadline = timeoutMs === undefined ? Infinity : start + timeoutMs;
          const hDeadline = heartbeatMs === undefined ? Infinity : beat.last + heartbeatMs;
          if (tDeadline <= hDeadline) fire('States.Timeout', tDeadline);
          else fire('States.HeartbeatTimeout', hDeadline);
        }, exec.virtualIdleMs);
      };
      check();
      return;
    }
    const arm = (): void => {
      const now = exec.clock.now();
      const tLeft = timeoutMs === undefined ? Infinity : start + timeoutMs - now;
      const hLeft = heartbeatMs === undefined ? Infinity : beat.last + heartbeatMs - now;
      const left = Math.min(tLeft, hLeft);
      timer = setTimeout(() => {
        if (done) return;
        if (beat.since) {
          beat.since = false;
          arm();
          return;
        }
        fire(tLeft <= hLeft ? 'States.Timeout' : 'States.HeartbeatTimeout', exec.clock.now());
      }, Math.max(0, left));
    };
    arm();
  });
}

let tokenSeq = 0;

/**
 * Is the JSON text of a value over AWS's 256 KiB payload quota? Sums an upper
 * bound (3 UTF-8 bytes per UTF-16 unit) first, so small results are never
 * serialised.
 */
export function exceedsPayloadLimit(v: unknown): boolean {
  if (payloadBudget(v, MAX_PAYLOAD_BYTES) >= 0) return false;
  const text = JSON.stringify(v);
  return text !== undefined && Buffer.byteLength(text) > MAX_PAYLOAD_BYTES;
}

/** What is left of `budget` after an upper bound of `x`'s JSON size (negative: maybe over). */
function payloadBudget(x: unknown, budget: number): number {
  if (typeof x === 'string') return budget - x.length * 3 - 2;
  if (x === null || typeof x !== 'object') return budget - 24;
  budget -= 2;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length && budget >= 0; i++) budget = payloadBudget(x[i], budget);
    return budget;
  }
  for (const k in x) {
    budget = payloadBudget((x as Record<string, unknown>)[k], budget - k.length * 3 - 4);
    if (budget < 0) return budget;
  }
  return budget;
}

/** A TaskCall whose signal and context are built only when a handler reads them. */
class LazyCall implements TaskCall {
  readonly resource: string;
  readonly stateName: string;
  readonly input: unknown;
  readonly attempt: number;
  readonly taskToken?: string;
  readonly credentials?: unknown;
  readonly #t: Thread;
  #ac: AbortController | undefined;
  constructor(t: Thread, resource: string, stateName: string, input: unknown, credentials: unknown) {
    this.#t = t;
    this.resource = resource;
    this.stateName = stateName;
    this.input = input;
    this.attempt = t.retryCount;
    if (t.taskToken !== undefined) this.taskToken = t.taskToken;
    if (credentials !== undefined) this.credentials = credentials;
  }
  get signal(): AbortSignal {
    this.#ac ??= new AbortController();
    return this.#ac.signal;
  }
  get context(): unknown {
    return contextObject(this.#t, this.stateName);
  }
  now(): number {
    return nowOf(this.#t);
  }
  /** Aborts the call's signal (timeouts, stop). */
  abort(): void {
    this.#ac?.abort();
  }
}

/** Compiles a Task state. @internal */
export function compileTask(cc: CompileContext, ptr: string, name: string, def: TaskState, ql: QueryLanguage): Node {
  if (typeof def.Resource !== 'string' || def.Resource === '') cc.issue(`${ptr}/Resource`, 'a Task state needs a Resource ARN');
  const io = compileIo(cc, ptr, def as unknown as Record<string, unknown>, ql, { parameters: true, resultSelector: true, resultPath: true, arguments: true });
  const rec = compileRecovery(cc, ptr, name, def, ql, 'TaskStateExited');
  const timeout = compileSeconds(cc, ptr, def, 'TimeoutSeconds', ql);
  const heartbeat = compileSeconds(cc, ptr, def, 'HeartbeatSeconds', ql);
  const infoCache = new Map<string, ResourceInfo>();
  // AWS issues a task token to callback (.waitForTaskToken) and job (.sync) integrations;
  // for .sync it only matters when the state reads $$.Task.Token.
  const usesToken = (def.Resource ?? '').endsWith('.waitForTaskToken') || (/\.sync(:\d+)?$/.test(def.Resource ?? '') && io.usesContext);
  let next: Node | null = null;

  const seconds = (s: Seconds, field: string, t: Thread, eff: unknown, states: StatesBinding | undefined): number | undefined | Promise<number | undefined> => {
    switch (s.kind) {
      case 'none': return undefined;
      case 'const': return s.value;
      case 'path': {
        const v = s.path.get(pathScope(t, name, eff, io.usesContext));
        if (v === NOT_FOUND) throw new TaskFailure('States.Runtime', `Invalid path '${s.src}' : No results for path: ${normalizedPath(s.src)}`);
        if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new TaskFailure('States.Runtime', `The ${field}Path field refers to value ${JSON.stringify(v)} which is not a valid positive integer: ${s.src}`);
        return v;
      }
      case 'jsonata': {
        const v = evalJsonata(s.prog, states!, t);
        const check = (x: unknown): number => {
          if (typeof x !== 'number' || !Number.isInteger(x) || x <= 0) {
            throw new TaskFailure('States.QueryEvaluationError', `The JSONata expression specified for the field '${field}' returned an unexpected result type. Expected 'integer', but was '${typeof x}' for value: ${JSON.stringify(x)}`);
          }
          return x;
        };
        return isPromise(v) ? v.then(check) : check(v);
      }
    }
  };

  /** One attempt: compute the effective input, call, record, finish the pipeline. */
  const attempt = (t: Thread, input: unknown): unknown => {
    const exec = t.exec;
    const resource = def.Resource;
    let info = infoCache.get(exec.region);
    if (info === undefined) {
      info = resourceInfo(resource, exec.region);
      infoCache.set(exec.region, info);
    }
    if (usesToken) t.taskToken = `${exec.executionName}:${name}:${++tokenSeq}`;
    if (ql === 'JSONPath') {
      const eff = selectPath(io.inputPath, input, t, name, io.usesContext);
      const args = io.parameters === undefined ? eff : io.parameters(pathScope(t, name, eff, io.usesContext), name);
      const to = seconds(timeout, 'TimeoutSeconds', t, eff, undefined) as number | undefined;
      const hb = seconds(heartbeat, 'HeartbeatSeconds', t, eff, undefined) as number | undefined;
      return callAndFinish(t, info, input, args, to, hb, undefined);
    }
    const states = new StatesBinding(t, name, input);
    const args = io.args === undefined ? input : evalJsonata(io.args, states, t);
    const to = seconds(timeout, 'TimeoutSeconds', t, input, states);
    const hb = seconds(heartbeat, 'HeartbeatSeconds', t, input, states);
    if (isPromise(args) || isPromise(to) || isPromise(hb)) {
      return Promise.all([args, to, hb]).then(([a, x, y]) => callAndFinish(t, info, input, a, x, y, states));
    }
    return callAndFinish(t, info, input, args, to, hb, states);
  };

  const callAndFinish = (t: Thread, info: ResourceInfo, input: unknown, args: unknown, to: number | undefined, hb: number | undefined, states: StatesBinding | undefined): unknown => {
    const exec = t.exec;
    const history = exec.history !== null;
    // Scheduled / Started
    if (info.kind === 'lambda-function') {
      emit(t, 'LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', history ? (to === undefined ? { resource: info.arn, input: args } : { resource: info.arn, input: args, timeoutInSeconds: to }) : null);
      emit(t, 'LambdaFunctionStarted', null, null);
    } else if (info.kind === 'activity') {
      emit(t, 'ActivityScheduled', 'activityScheduledEventDetails', history ? { resource: info.arn, input: args, ...(to === undefined ? {} : { timeoutInSeconds: to }), ...(hb === undefined ? {} : { heartbeatInSeconds: hb }) } : null);
      emit(t, 'ActivityStarted', 'activityStartedEventDetails', history ? { workerName: 'statecraft-local' } : null);
    } else {
      emit(t, 'TaskScheduled', 'taskScheduledEventDetails', history ? {
        resourceType: info.resourceType, resource: info.resource, region: info.region, parameters: args,
        ...(to === undefined ? {} : { timeoutInSeconds: to }), ...(hb === undefined ? {} : { heartbeatInSeconds: hb }),
      } : null);
      emit(t, 'TaskStarted', 'taskStartedEventDetails', history ? { resourceType: info.resourceType, resource: info.resource } : null);
    }
    const call = new LazyCall(t, info.arn, name, args, def.Credentials);
    const mock = exec.mocks?.[name];
    let r: unknown;
    try {
      r = mock !== undefined ? invokeMock(exec, mock, call, info, t) : invokeHandler(exec, info, call, t);
    } catch (e) {
      return onFail(t, info, e);
    }
    if (isPromise(r) || to !== undefined || hb !== undefined) {
      const beat = { last: nowOf(t), since: false };
      if (t.taskToken !== undefined && exec.hasTokens()) {
        const pending = exec.tokens.get(t.taskToken);
        if (pending !== undefined) (pending as { beat?: typeof beat }).beat = beat;
      }
      if (!isPromise(r)) return onResult(t, info, input, states, r);
      return awaitWithTimeouts(t, r, to === undefined ? undefined : to * 1000, hb === undefined ? undefined : hb * 1000, beat, call)
        .then((v) => onResult(t, info, input, states, v), (e: unknown) => onFail(t, info, e));
    }
    return onResult(t, info, input, states, r);
  };

  /** Records the failed attempt (…Failed / …TimedOut) and rethrows it as an ASL failure. */
  const onFail = (t: Thread, info: ResourceInfo, e: unknown): never => {
    const f = handlerFailure(e);
    if (f instanceof ExecutionAborted || f instanceof ExecutionTimedOut) throw f;
    if (t.exec.history !== null) {
      const ev = failedEventType(info, f.error);
      const details = info.kind === 'service'
        ? { resourceType: info.resourceType, resource: info.resource, error: f.error, ...(f.cause === undefined ? {} : { cause: f.cause }) }
        : { error: f.error, ...(f.cause === undefined ? {} : { cause: f.cause }) };
      emit(t, ev.type, ev.key, details);
    } else t.prev = ++t.exec.eventCounter;
    throw f;
  };

  /** Records the result (…Succeeded) and runs the output pipeline. */
  const onResult = (t: Thread, info: ResourceInfo, input: unknown, states: StatesBinding | undefined, result: unknown): unknown => {
    if (exceedsPayloadLimit(result)) {
      onFail(t, info, new TaskFailure('States.DataLimitExceeded', `The state/task '${info.arn}' returned a result with a size exceeding the maximum number of bytes service limit.`));
    }
    if (t.exec.history === null) t.prev = ++t.exec.eventCounter;
    else if (info.kind === 'lambda-function') emit(t, 'LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails', { output: result });
    else if (info.kind === 'activity') emit(t, 'ActivitySucceeded', 'activitySucceededEventDetails', { output: result });
    else emit(t, 'TaskSucceeded', 'taskSucceededEventDetails', { resourceType: info.resourceType, resource: info.resource, output: result });
    return finish(t, input, result, states);
  };

  const finish = (t: Thread, input: unknown, result: unknown, states: StatesBinding | undefined): unknown => {
    if (ql === 'JSONPath') {
      const output = finishJsonPath(io, t, name, input, result, true);
      exitState(t, name, 'TaskStateExited', output, lastAssigned());
      t.next = next;
      return output;
    }
    states!['result'] = result;
    const out = finishJsonata(io, t, states!, result);
    const done = (o: unknown): unknown => {
      exitState(t, name, 'TaskStateExited', o);
      t.next = next;
      return o;
    };
    return isPromise(out) ? out.then(done) : done(out);
  };

  /** One attempt, with failures of the state's own evaluation worded as AWS does. */
  const guardedAttempt = (t: Thread, input: unknown): unknown => {
    try {
      const r = attempt(t, input);
      return isPromise(r) ? r.catch((e: unknown) => { throw stateFailure(t, name, e); }) : r;
    } catch (e) {
      throw stateFailure(t, name, e);
    }
  };

  return {
    name,
    type: 'Task',
    link(lookup) {
      if (def.Next !== undefined) next = lookup(def.Next);
      rec.link(lookup);
    },
    run(t: Thread, input: unknown): unknown {
      enterState(t, name, 'TaskStateEntered', input);
      return withRecovery(t, name, rec, input, guardedAttempt);
    },
  };
}

/** Calls the mock of a state; for `.waitForTaskToken` the response is the callback's result. */
function invokeMock(exec: Exec, mock: NonNullable<Exec['mocks']>[string], call: TaskCall, info: ResourceInfo, t: Thread): unknown {
  let n = 0;
  if (typeof mock !== 'function') {
    n = exec.mockCounters.get(call.stateName) ?? 0;
    exec.mockCounters.set(call.stateName, n + 1);
  }
  if (info.pattern === 'request-response') {
    try {
      const r = mockResponse(mock, n, call);
      return isPromise(r) ? r.catch((e: unknown) => { throw mockFailure(e); }) : r;
    } catch (e) {
      throw mockFailure(e);
    }
  }
  const submit = (): void => {
    emit(t, 'TaskSubmitted', 'taskSubmittedEventDetails', exec.history !== null ? { resourceType: info.resourceType, resource: info.resource, output: {} } : null);
  };
  let r: unknown;
  try {
    r = mockResponse(mock, n, call);
  } catch (e) {
    submit();
    throw mockFailure(e);
  }
  if (isPromise(r)) return r.then((v) => { submit(); return v; }, (e: unknown) => { submit(); throw mockFailure(e); });
  submit();
  return r;
}

/** A mock function may throw a plain Error: its `name` is the ASL error and its `message` the cause. */
function mockFailure(e: unknown): unknown {
  if (e instanceof TaskFailure || !(e instanceof Error)) return e;
  return new TaskFailure(e.name, e.message);
}

/** Calls the registered handler; `.waitForTaskToken` then waits for the callback. */
function invokeHandler(exec: Exec, info: ResourceInfo, call: TaskCall, t: Thread): unknown {
  const handler: ResourceHandler | undefined = resolveHandler(exec.resources, info, call.input, exec.account);
  if (info.pattern === 'waitForTaskToken') {
    const token = call.taskToken!;
    const waiting = new Promise<unknown>((resolve, reject) => {
      exec.tokens.set(token, {
        stateName: call.stateName,
        settle(o) {
          exec.tokens.delete(token);
          if (o.ok) resolve(o.output);
          else reject(new TaskFailure(o.error, o.cause));
        },
        heartbeat() {
          const b = (this as { beat?: { last: number; since: boolean } }).beat;
          if (b !== undefined) {
            b.last = nowOf(t);
            b.since = true;
          }
        },
      });
    });
    const submitted = handler === undefined ? {} : handler(call);
    const afterSubmit = (out: unknown): Promise<unknown> => {
      emit(t, 'TaskSubmitted', 'taskSubmittedEventDetails', exec.history !== null ? { resourceType: info.resourceType, resource: info.resource, output: out ?? {} } : null);
      exec.onTaskToken?.(token, call);
      return waiting;
    };
    const cleanup = (e: unknown): never => {
      exec.tokens.delete(token);
      throw e;
    };
    return isPromise(submitted) ? submitted.then(afterSubmit, cleanup) : afterSubmit(submitted).catch(cleanup);
  }
  if (handler === undefined && info.resourceType === 'states' && info.resource.startsWith('startExecution') && exec.startChild !== undefined) {
    const child = startSubExecution(exec, info, call, t);
    if (child !== undefined) return child;
  }
  if (handler === undefined) {
    throw new TaskFailure('States.TaskFailed', `No resource handler is registered for '${info.arn}' (state '${call.stateName}'): register one with the 'resources' option, or mock the state with the 'mocks' option.`);
  }
  const r = handler(call);
  if (info.pattern === 'sync') {
    const submit = (v: unknown): unknown => {
      emit(t, 'TaskSubmitted', 'taskSubmittedEventDetails', exec.history !== null ? { resourceType: info.resourceType, resource: info.resource, output: v } : null);
      return v;
    };
    return isPromise(r) ? r.then(submit) : submit(r);
  }
  return r;
}

/**
 * Built-in `states:startExecution` over the `stateMachines` option: request-response
 * returns `{ ExecutionArn, StartDate }`; `.sync:2` waits and returns the execution
 * description with Input/Output as JSON values, `.sync` with them as JSON text; a
 * failed child fails the task with States.TaskFailed and the description as cause.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
 */
function startSubExecution(exec: Exec, info: ResourceInfo, call: TaskCall, t: Thread): unknown {
  const p = (call.input ?? {}) as { StateMachineArn?: unknown; Input?: unknown; Name?: unknown };
  if (typeof p.StateMachineArn !== 'string') throw new TaskFailure('States.Runtime', `states:startExecution in state '${call.stateName}' needs a StateMachineArn`);
  let input: unknown = p.Input ?? {};
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      throw new TaskFailure('StepFunctions.InvalidExecutionInputException', `Invalid State Machine Execution Input: '${input}'`);
    }
  }
  const startMs = nowOf(t);
  const child = exec.startChild!(p.StateMachineArn, input, typeof p.Name === 'string' ? p.Name : undefined, startMs);
  if (child === undefined) return undefined;
  const startDate = startMs;
  if (info.pattern === 'request-response') {
    child.result.catch(() => undefined);
    return { ExecutionArn: child.arn, StartDate: startDate };
  }
  const text = info.resource.endsWith('.sync');
  emit(t, 'TaskSubmitted', 'taskSubmittedEventDetails', exec.history !== null ? { resourceType: info.resourceType, resource: info.resource, output: { ExecutionArn: child.arn, StartDate: startDate } } : null);
  return child.result.then((r) => {
    if (exec.virtual && r.stopMs > t.time) t.time = r.stopMs;
    const description = {
      ExecutionArn: child.arn,
      Input: text ? JSON.stringify(input) : input,
      InputDetails: { Included: true },
      Name: child.name,
      StartDate: startDate,
      StateMachineArn: p.StateMachineArn,
      Status: r.status,
      StopDate: r.stopMs,
    };
    if (r.status === 'SUCCEEDED') {
      return { ...description, Output: text ? JSON.stringify(r.output) : r.output, OutputDetails: { Included: true } };
    }
    throw new TaskFailure('States.TaskFailed', JSON.stringify({
      ...(r.cause === undefined ? {} : { Cause: r.cause }), ...(r.error === undefined ? {} : { Error: r.error }), ...description,
    }));
  });
}
