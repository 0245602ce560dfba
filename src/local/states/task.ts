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
import { enterState, exitState, stateFailure, withRecovery } from '../internal/lifecycle.js';
import type { Node } from '../internal/node.js';
import { compileRecovery } from '../internal/recovery.js';
import type { ResourceInfo } from '../internal/resource-registry.js';
import { resourceInfo } from '../internal/resource-registry.js';
import { awaitWithTimeouts, exceedsPayloadLimit, handlerFailure, LazyCall } from '../internal/task-call.js';
import { plainJson } from '../internal/plain-json.js';
import { invokeHandler, invokeMock } from '../internal/task-invoke.js';
import type { Thread } from '../internal/runtime.js';
import { ExecutionAborted, ExecutionTimedOut, emit, isPromise, nowOf } from '../internal/runtime.js';
import { compileIo, evalJsonata, finishJsonata, finishJsonPath, lastAssigned, normalizedPath, pathScope, selectPath, StatesBinding } from '../internal/state-io.js';
import { TaskFailure } from '../resources.js';


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

let tokenSeq = 0;

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
  // Credentials.RoleArn may be a path (`RoleArn.$`) or a JSONata expression; evaluated per call.
  const credsPath = ql === 'JSONPath' && def.Credentials !== undefined ? cc.template(`${ptr}/Credentials`, def.Credentials) : undefined;
  const credsData = ql === 'JSONata' && def.Credentials !== undefined ? cc.jsonata(`${ptr}/Credentials`, def.Credentials) : undefined;

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
      const creds = credsPath === undefined ? undefined : credsPath(pathScope(t, name, eff, io.usesContext), name);
      return callAndFinish(t, info, input, args, to, hb, undefined, creds);
    }
    const states = new StatesBinding(t, name, input);
    const args = io.args === undefined ? input : evalJsonata(io.args, states, t);
    const to = seconds(timeout, 'TimeoutSeconds', t, input, states);
    const hb = seconds(heartbeat, 'HeartbeatSeconds', t, input, states);
    const creds = credsData === undefined ? undefined : evalJsonata(credsData, states, t);
    if (isPromise(args) || isPromise(to) || isPromise(hb) || isPromise(creds)) {
      return Promise.all([args, to, hb, creds]).then(([a, x, y, c]) => callAndFinish(t, info, input, a, x, y, states, c));
    }
    return callAndFinish(t, info, input, args, to, hb, states, creds);
  };

  const callAndFinish = (t: Thread, info: ResourceInfo, input: unknown, args: unknown, to: number | undefined, hb: number | undefined, states: StatesBinding | undefined, creds: unknown): unknown => {
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
    // JSONata builds objects without a prototype; JSONPath never does (and skips the walk).
    const call = new LazyCall(t, info.arn, name, ql === 'JSONata' ? plainJson(args) : args, creds);
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
      const idleMs = info.pattern === 'waitForTaskToken' && exec.mocks?.[name] === undefined ? exec.virtualIdleMs : exec.virtualTaskIdleMs;
      return awaitWithTimeouts(t, r, to === undefined ? undefined : to * 1000, hb === undefined ? undefined : hb * 1000, beat, call, idleMs)
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
