// Benchmark adapter for the speed anchor, aws-local-stepfunctions (a devDependency used
// only by the benchmark). Protocol and interface: ../../../shared/bench/README.md.
//
// - The StateMachine is built once per definition object (WeakMap), with validation on.
// - Task states call taskMocks[stateName](effectiveInput) via taskResourceLocalHandlers.
// - Every Wait state and every state with a Retry gets a zero override, so waits and
//   back-off take no real time.
// - A failed execution is a result ({ status: 'FAILED', error, cause }), not a throw.
import { readFileSync } from 'node:fs';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';

// aws-local-stepfunctions 3 declares Node >= 22 and uses Promise.withResolvers in Task
// states; Node 20 lacks it.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

const pkg = JSON.parse(readFileSync(new URL('../../node_modules/aws-local-stepfunctions/package.json', import.meta.url), 'utf8'));

/** Shown in the benchmark table. */
export const name = `aws-local-stepfunctions@${pkg.version}`;

/** Prepared machines, keyed on the identical definition object the harness passes. */
const prepared = new WeakMap();

/** Collects zero overrides for every Wait state and every state with a Retry, at any depth. */
function collectOverrides(fragment, waits, retries) {
  for (const [stateName, state] of Object.entries(fragment.States ?? {})) {
    if (state.Type === 'Wait') waits[stateName] = 0;
    if (Array.isArray(state.Retry) && state.Retry.length > 0) retries[stateName] = 0;
    for (const branch of state.Branches ?? []) collectOverrides(branch, waits, retries);
    if (state.ItemProcessor) collectOverrides(state.ItemProcessor, waits, retries);
    if (state.Iterator) collectOverrides(state.Iterator, waits, retries);
  }
}

/** Builds the machine and its overrides for one definition. */
export function prepare(definition) {
  const machine = new StateMachine(definition, { validationOptions: { noValidate: false } });
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};
  collectOverrides(definition, waitTimeOverrides, retryIntervalOverrides);
  return {
    async run(input, options = {}) {
      const execution = machine.run(input, {
        overrides: { taskResourceLocalHandlers: options.taskMocks ?? {}, waitTimeOverrides, retryIntervalOverrides },
      });
      try {
        return { status: 'SUCCEEDED', output: await execution.result };
      } catch (error) {
        if (error instanceof ExecutionError) {
          const failure = error.cause;
          return { status: 'FAILED', error: failure?.name, cause: failure?.message };
        }
        throw error;
      }
    },
  };
}

/** Runs one execution of `definition` on `input`. */
export async function run(definition, input, options = {}) {
  let machine = prepared.get(definition);
  if (machine === undefined) {
    machine = prepare(definition);
    prepared.set(definition, machine);
  }
  return machine.run(input, options);
}
