/**
 * Serving one Task call: a per-state mock, a registered handler (with the
 * `.waitForTaskToken` callback protocol and `.sync` naming), or the built-in
 * `states:startExecution` over registered state machines.
 */
import { mockResponse } from '../mocks.js';
import type { ResourceHandler, TaskCall } from '../resources.js';
import { TaskFailure } from '../resources.js';
import type { ResourceInfo } from './resource-registry.js';
import { resolveHandler } from './resource-registry.js';
import type { Exec, Thread } from './runtime.js';
import { emit, isPromise, nowOf } from './runtime.js';

/** Calls the mock of a state; for `.waitForTaskToken` the response is the callback's result. @internal */
export function invokeMock(exec: Exec, mock: NonNullable<Exec['mocks']>[string], call: TaskCall, info: ResourceInfo, t: Thread): unknown {
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

/** Calls the registered handler; `.waitForTaskToken` then waits for the callback. @internal */
export function invokeHandler(exec: Exec, info: ResourceInfo, call: TaskCall, t: Thread): unknown {
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
