/**
 * Map: runs its ItemProcessor for each item (ItemsPath/Items, or an ItemReader
 * in DISTRIBUTED mode), with ItemSelector (legacy Parameters), ItemBatcher,
 * MaxConcurrency, ToleratedFailureCount/Percentage and ResultWriter. The result
 * is the array of item outputs in item order. Inline iterations read the outer
 * variables; distributed ones (child executions) do not.
 * @see https://states-language.net/spec.html#map-state
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
 */
import type { ItemBatcher, MapState, QueryLanguage, ResultWriter } from '../../asl/types.js';
import type { CompiledPath, JsonataProgram } from '../expr/index.js';
import { NOT_FOUND } from '../expr/index.js';
import type { CompileContext, TemplateFn } from '../internal/compile-context.js';
import { readerItems } from '../internal/item-reader.js';
import { enterState, errorOutput, exitState, pendingStateFailed, stateFailure, withRecovery } from '../internal/lifecycle.js';
import type { Fragment, Node } from '../internal/node.js';
import { runFrom } from '../internal/node.js';
import { compileRecovery } from '../internal/recovery.js';
import { resolveHandler, resourceInfo } from '../internal/resource-registry.js';
import type { Thread } from '../internal/runtime.js';
import { childThread, contextObject, emit, isPromise, nowOf } from '../internal/runtime.js';
import { compileIo, evalJsonata, finishJsonata, finishJsonPath, lastAssigned, pathScope, selectPath, StatesBinding } from '../internal/state-io.js';
import { TaskFailure } from '../resources.js';
import type { FragmentCompiler } from './parallel.js';

type NumberField = { kind: 'none' } | { kind: 'const'; value: number } | { kind: 'path'; path: CompiledPath; src: string } | { kind: 'jsonata'; prog: JsonataProgram; src: string };

function exprText(v: unknown): string {
  return String(v).replace(/^\s*\{%\s*/, '').replace(/\s*%\}\s*$/, '');
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Compiles a Map state. @internal */
export function compileMap(cc: CompileContext, ptr: string, name: string, def: MapState, ql: QueryLanguage, fragment: FragmentCompiler): Node {
  const io = compileIo(cc, ptr, def as unknown as Record<string, unknown>, ql, { resultSelector: true, resultPath: true });
  const rec = compileRecovery(cc, ptr, name, def, ql, 'MapStateExited');
  const procDef = def.ItemProcessor ?? def.Iterator;
  const procKey = def.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator';
  if (procDef === undefined) cc.issue(ptr, 'a Map state needs an ItemProcessor');
  const processor: Fragment | undefined = procDef === undefined ? undefined : fragment(`${ptr}/${procKey}`, procDef, ql);
  const distributed = (def.ItemProcessor ?? def.Iterator as { ProcessorConfig?: { Mode?: string } } | undefined)?.ProcessorConfig?.Mode === 'DISTRIBUTED';
  const usesContext = true;

  let itemsPath: CompiledPath | undefined;
  let itemsProg: JsonataProgram | undefined;
  let selectorPath: TemplateFn | undefined;
  let selectorData: JsonataProgram | undefined;
  let readerParams: TemplateFn | undefined;
  let readerArgs: JsonataProgram | undefined;
  let batchInputPath: TemplateFn | undefined;
  let batchInputData: JsonataProgram | undefined;
  let writerParams: TemplateFn | undefined;
  let writerArgs: JsonataProgram | undefined;
  const selectorKey = def.ItemSelector !== undefined ? 'ItemSelector' : 'Parameters';
  const selector = def.ItemSelector ?? def.Parameters;
  if (ql === 'JSONPath') {
    if (def.ItemsPath !== undefined && def.ItemsPath !== '$') itemsPath = cc.path(`${ptr}/ItemsPath`, def.ItemsPath);
    if (selector !== undefined) selectorPath = cc.template(`${ptr}/${selectorKey}`, selector);
    if (def.ItemReader?.Parameters !== undefined) readerParams = cc.template(`${ptr}/ItemReader/Parameters`, def.ItemReader.Parameters);
    if (def.ItemBatcher?.BatchInput !== undefined) batchInputPath = cc.template(`${ptr}/ItemBatcher/BatchInput`, def.ItemBatcher.BatchInput);
    if (def.ResultWriter?.Parameters !== undefined) writerParams = cc.template(`${ptr}/ResultWriter/Parameters`, def.ResultWriter.Parameters);
  } else {
    if (def.Items !== undefined) itemsProg = cc.jsonata(`${ptr}/Items`, def.Items);
    if (def.ItemSelector !== undefined) selectorData = cc.jsonata(`${ptr}/ItemSelector`, def.ItemSelector);
    if (def.ItemReader?.Arguments !== undefined) readerArgs = cc.jsonata(`${ptr}/ItemReader/Arguments`, def.ItemReader.Arguments);
    if (def.ItemBatcher?.BatchInput !== undefined) batchInputData = cc.jsonata(`${ptr}/ItemBatcher/BatchInput`, def.ItemBatcher.BatchInput);
    if (def.ResultWriter?.Arguments !== undefined) writerArgs = cc.jsonata(`${ptr}/ResultWriter/Arguments`, def.ResultWriter.Arguments);
  }
  const batchMaxPath = def.ItemBatcher?.MaxItemsPerBatchPath === undefined ? undefined : cc.path(`${ptr}/ItemBatcher/MaxItemsPerBatchPath`, def.ItemBatcher.MaxItemsPerBatchPath);
  const numberField = (field: 'MaxConcurrency' | 'ToleratedFailurePercentage' | 'ToleratedFailureCount'): NumberField => {
    const v = def[field];
    const p = def[`${field}Path`];
    if (typeof v === 'number') return { kind: 'const', value: v };
    if (typeof v === 'string' && ql === 'JSONata') {
      const prog = cc.jsonata(`${ptr}/${field}`, v);
      return prog === undefined ? { kind: 'none' } : { kind: 'jsonata', prog, src: exprText(v) };
    }
    if (p !== undefined) {
      const path = cc.path(`${ptr}/${field}Path`, p);
      return path === undefined ? { kind: 'none' } : { kind: 'path', path, src: p };
    }
    return { kind: 'none' };
  };
  const maxConcurrency = numberField('MaxConcurrency');
  const tolPct = numberField('ToleratedFailurePercentage');
  const tolCount = numberField('ToleratedFailureCount');
  let next: Node | null = null;

  const readNumber = async (f: NumberField, field: string, integer: boolean, t: Thread, eff: unknown, states: StatesBinding | undefined): Promise<number | undefined> => {
    switch (f.kind) {
      case 'none': return undefined;
      case 'const': return f.value;
      case 'path': {
        let v = f.path.get(pathScope(t, name, eff, usesContext));
        // AWS reads numeric strings ("1") as numbers here.
        if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) v = Number(v);
        const ok = typeof v === 'number' && (!integer || Number.isInteger(v));
        if (!ok) {
          const shown = v === NOT_FOUND ? 'null' : typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
          throw new TaskFailure('States.Runtime', `The ${field}Path field refers to value ${shown.startsWith('"') ? shown : `"${shown}"`} which is not a valid ${integer ? 'integer' : 'float'}: ${f.src}`);
        }
        return v as number;
      }
      case 'jsonata': {
        const v = await evalJsonata(f.prog, states!, t);
        if (typeof v !== 'number' || (integer && !Number.isInteger(v))) {
          throw new TaskFailure('States.QueryEvaluationError', `The JSONata expression '${f.src}' specified for the field '${field}' returned an unexpected result type. Expected '${integer ? 'integer' : 'number'}', but was '${typeName(v)}' for value: ${JSON.stringify(v)}`);
        }
        return v;
      }
    }
  };

  /** Items of this run (JSONPath: from ItemsPath over the effective input). */
  const readItems = (t: Thread, eff: unknown, states: StatesBinding | undefined): unknown => {
    if (def.ItemReader !== undefined) {
      const reader = def.ItemReader;
      const exec = t.exec;
      const info = resourceInfo(reader.Resource, exec.region);
      const params = ql === 'JSONPath'
        ? (readerParams === undefined ? {} : readerParams(pathScope(t, name, eff, usesContext), name))
        : (readerArgs === undefined ? {} : evalJsonata(readerArgs, states!, t));
      return Promise.resolve(params).then((p) => {
        const input = { ...(p as Record<string, unknown>), ...(reader.ReaderConfig === undefined ? {} : { ReaderConfig: reader.ReaderConfig }) };
        const h = resolveHandler(exec.resources, info, input, exec.account);
        if (h === undefined) {
          throw new TaskFailure('States.ItemReaderFailed', `No resource handler is registered for the ItemReader resource '${reader.Resource}' (state '${name}'): register one with the 'resources' option (e.g. the local S3).`);
        }
        return Promise.resolve(h({ resource: reader.Resource, stateName: name, input, attempt: 0, context: contextObject(t, name), signal: exec.control.signal(), now: () => nowOf(t) }))
          .then((raw) => readerItems(raw, reader.ReaderConfig));
      });
    }
    if (ql === 'JSONPath') {
      if (itemsPath === undefined) return eff;
      const v = itemsPath.get(pathScope(t, name, eff, usesContext));
      if (v === NOT_FOUND) throw new TaskFailure('States.Runtime', `Invalid path '${def.ItemsPath}' : No results for path: ${def.ItemsPath}`);
      return v;
    }
    return itemsProg === undefined ? eff : evalJsonata(itemsProg, states!, t);
  };

  const checkItems = (items: unknown): unknown[] => {
    if (Array.isArray(items)) return items;
    if (ql === 'JSONata' && def.Items !== undefined) {
      if (typeof items === 'function' || items === undefined) {
        throw new TaskFailure('States.QueryEvaluationError', `The JSONata expression '${exprText(def.Items)}' specified for the field 'Items' returned an unsupported result type.`);
      }
      throw new TaskFailure('States.QueryEvaluationError', `The JSONata expression '${exprText(def.Items)}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${typeName(items)}' for value: ${JSON.stringify(items)}`);
    }
    if (ql === 'JSONata') throw new TaskFailure('States.QueryEvaluationError', `Map state input must be an array but was: ${JSON.stringify(items)}`);
    throw new TaskFailure('States.Runtime', `Invalid path '${def.ItemsPath ?? '$'}' : The value at the path is not an array: ${JSON.stringify(items)}`);
  };

  /** The input of iteration i (ItemSelector over the item, with `$$.Map.Item`). */
  const itemInput = (t: Thread, eff: unknown, item: unknown, index: number): unknown => {
    if (selectorPath === undefined && selectorData === undefined) return item;
    const saved = t.mapItem;
    t.mapItem = { Index: index, Value: item };
    try {
      if (selectorPath !== undefined) return selectorPath(pathScope(t, name, eff, usesContext), name);
      const states = new StatesBinding(t, name, eff, contextObject(t, name));
      return evalJsonata(selectorData!, states, t);
    } finally {
      t.mapItem = saved;
    }
  };

  const batches = async (t: Thread, eff: unknown, inputs: unknown[], batcher: ItemBatcher, states: StatesBinding | undefined): Promise<unknown[]> => {
    let max = batcher.MaxItemsPerBatch ?? inputs.length;
    if (batchMaxPath !== undefined) {
      const v = batchMaxPath.get(pathScope(t, name, eff, usesContext));
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new TaskFailure('States.Runtime', `The MaxItemsPerBatchPath field refers to value ${JSON.stringify(v === NOT_FOUND ? null : v)} which is not a valid positive integer: ${batcher.MaxItemsPerBatchPath}`);
      max = v;
    }
    if (max < 1) max = 1;
    const maxBytes = batcher.MaxInputBytesPerBatch ?? 256 * 1024;
    let batchInput: unknown;
    if (batchInputPath !== undefined) batchInput = batchInputPath(pathScope(t, name, eff, usesContext), name);
    else if (batchInputData !== undefined) batchInput = await evalJsonata(batchInputData, states!, t);
    const out: unknown[] = [];
    let cur: unknown[] = [];
    let bytes = 0;
    for (const it of inputs) {
      const size = Buffer.byteLength(JSON.stringify(it) ?? 'null');
      if (cur.length > 0 && (cur.length >= max || bytes + size > maxBytes)) {
        out.push(batchInput === undefined ? { Items: cur } : { BatchInput: batchInput, Items: cur });
        cur = [];
        bytes = 0;
      }
      cur.push(it);
      bytes += size;
    }
    if (cur.length > 0) out.push(batchInput === undefined ? { Items: cur } : { BatchInput: batchInput, Items: cur });
    return out;
  };

  /**
   * Runs the iterations; sync while they are. Returns results or throws the run's failure.
   * differs from AWS: synchronous iterations run one after the other (history
   * events do not interleave); MaxConcurrency limits only asynchronous work and
   * spreads virtual start times over MaxConcurrency slots.
   */
  const iterate = (t: Thread, inputs: unknown[], limit: number, tolerance: { count: number | undefined; pct: number | undefined }): unknown => {
    const exec = t.exec;
    const n = inputs.length;
    const results = new Array<unknown>(n);
    const start = t.time;
    const slots = limit > 0 && limit < n ? new Array<number>(limit).fill(start) : undefined;
    let failed = 0;
    let firstFailure: TaskFailure | undefined;
    const tolerant = tolerance.count !== undefined || tolerance.pct !== undefined;
    const exceeded = (): boolean => {
      if (!tolerant) return failed > 0;
      if (tolerance.count !== undefined && failed > tolerance.count) return tolerance.pct === undefined || failed * 100 > tolerance.pct * n;
      if (tolerance.pct !== undefined && failed * 100 > tolerance.pct * n) return tolerance.count === undefined || failed > tolerance.count;
      return false;
    };
    let maxTime = start;
    // An inline iteration that ended synchronously leaves its thread free for the next one.
    let spare: Thread | undefined;
    const begin = (i: number): Thread => {
      const at = slots === undefined ? start : slots[i % slots.length]!;
      let c: Thread;
      if (spare !== undefined && !distributed) {
        c = spare;
        spare = undefined;
        c.vars = t.vars;
        c.ownsVars = false;
        c.stateCtx = undefined;
        c.time = at;
        c.enteredTime = at;
        c.enteredId = 0;
        c.next = null;
        c.mapItem = undefined;
        c.retryCount = 0;
        c.taskToken = undefined;
        c.open = undefined;
        c.cancelled = t.cancelled;
      } else c = childThread(t, distributed ? null : t.vars, at);
      if (distributed) {
        // A distributed iteration is a child execution: its events are not in this history.
        (c as { exec: unknown }).exec = exec.child();
        c.prev = 0;
      } else c.prev = t.prev;
      if (!distributed) emit(c, 'MapIterationStarted', 'mapIterationStartedEventDetails', exec.history !== null ? { name, index: i } : null);
      return c;
    };
    const ok = (c: Thread, i: number, v: unknown): void => {
      results[i] = v;
      if (!distributed) emit(c, 'MapIterationSucceeded', 'mapIterationSucceededEventDetails', exec.history !== null ? { name, index: i } : null);
      if (slots !== undefined) slots[i % slots.length] = c.time;
      if (c.time > maxTime) maxTime = c.time;
    };
    const bad = (c: Thread, i: number, e: unknown): void => {
      const f = e instanceof TaskFailure ? e : new TaskFailure('States.Runtime', String(e));
      failed++;
      firstFailure ??= f;
      results[i] = errorOutput(f);
      if (!distributed) emit(c, 'MapIterationFailed', 'mapIterationFailedEventDetails', exec.history !== null ? { name, index: i } : null);
      if (c.time > maxTime) maxTime = c.time;
    };
    const finish = (): unknown[] => {
      t.time = maxTime;
      t.prev = exec.eventCounter;
      if (exceeded()) {
        if (distributed) emit(t, 'MapRunFailed', null, null);
        const f = tolerant ? new TaskFailure('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded') : firstFailure!;
        pendingStateFailed.set(f, () => emit(t, 'MapStateFailed', null, null));
        throw f;
      }
      return results;
    };
    let i = 0;
    for (; i < n; i++) {
      const c = begin(i);
      let r: unknown;
      try {
        r = runFrom(c, processor!.start, inputs[i]);
      } catch (e) {
        bad(c, i, e);
        if (exceeded()) return finish();
        spare = c;
        continue;
      }
      if (isPromise(r)) return continueAsync(i, c, r);
      ok(c, i, r);
      spare = c;
    }
    return finish();

    function continueAsync(first: number, c0: Thread, p0: Promise<unknown>): Promise<unknown[]> {
      return new Promise<unknown[]>((resolve, reject) => {
        let nextIndex = first + 1;
        let running = 0;
        let stopped = false;
        const cap = limit > 0 ? limit : Infinity;
        const live = new Set<Thread>();
        const settle = (): void => {
          if (stopped) return;
          while (!exceeded() && running < cap && nextIndex < n) launch(nextIndex++);
          if (exceeded() || (nextIndex >= n && running === 0)) {
            stopped = true;
            // The run failed or ended: iterations still running stop at their next state.
            for (const c of live) c.cancelled = true;
            try {
              resolve(finish());
            } catch (e) {
              reject(e);
            }
          }
        };
        const track = (c: Thread, idx: number, p: unknown): void => {
          running++;
          live.add(c);
          Promise.resolve(p).then((v) => {
            running--;
            live.delete(c);
            if (stopped) return;
            ok(c, idx, v);
            settle();
          }, (e: unknown) => {
            running--;
            live.delete(c);
            if (stopped) return;
            bad(c, idx, e);
            settle();
          });
        };
        const launch = (idx: number): void => {
          const c = begin(idx);
          let r: unknown;
          try {
            r = runFrom(c, processor!.start, inputs[idx]);
          } catch (e) {
            bad(c, idx, e);
            return;
          }
          track(c, idx, r);
        };
        track(c0, first, p0);
        settle();
      });
    }
  };

  const writeResults = async (t: Thread, eff: unknown, results: unknown[], writer: ResultWriter, states: StatesBinding | undefined): Promise<unknown> => {
    const exec = t.exec;
    const params = (ql === 'JSONPath'
      ? (writerParams === undefined ? {} : writerParams(pathScope(t, name, eff, usesContext), name))
      : (writerArgs === undefined ? {} : await evalJsonata(writerArgs, states!, t))) as { Bucket?: string; Prefix?: string };
    const runId = `${exec.executionName}-${name}-${exec.eventCounter}`;
    const mapRunArn = `arn:aws:states:${exec.region}:${exec.account}:mapRun:${exec.stateMachineName}/${name}:${runId}`;
    const prefix = params.Prefix === undefined || params.Prefix === '' ? runId : `${params.Prefix.replace(/\/$/, '')}/${runId}`;
    const info = resourceInfo(writer.Resource, exec.region);
    // The writer's handler (or the aws-sdk S3 putObject one) gets { Bucket, Key, Body } with
    // Body the JSON value to store (Step Functions' S3 integration serialises it).
    // differs from AWS: SUCCEEDED_0.json holds the iteration outputs only, not AWS's
    // per-child-execution records (ExecutionArn, Input, Output, Status, …).
    const sdkPut = resourceInfo('arn:aws:states:::aws-sdk:s3:putObject', exec.region);
    const put = async (key: string, body: unknown): Promise<void> => {
      const input = { Bucket: params.Bucket, Key: key, Body: body };
      const h = resolveHandler(exec.resources, info, input, exec.account) ?? resolveHandler(exec.resources, sdkPut, input, exec.account);
      if (h === undefined) throw new TaskFailure('States.ResultWriterFailed', `No resource handler is registered for the ResultWriter resource '${writer.Resource}' (state '${name}'): register one (or the local S3) with the 'resources' option.`);
      await h({ resource: writer.Resource, stateName: name, input, attempt: 0, context: contextObject(t, name), signal: exec.control.signal(), now: () => nowOf(t) });
    };
    await put(`${prefix}/SUCCEEDED_0.json`, results);
    const manifestKey = `${prefix}/manifest.json`;
    await put(manifestKey, { DestinationBucket: params.Bucket, MapRunArn: mapRunArn, ResultFiles: { SUCCEEDED: [{ Key: `${prefix}/SUCCEEDED_0.json`, Size: Buffer.byteLength(JSON.stringify(results)) }], FAILED: [], PENDING: [] } });
    return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: params.Bucket, Key: manifestKey } };
  };

  /** One attempt of the whole Map (after InputPath). */
  const attempt = (t: Thread, input: unknown): unknown => {
    const exec = t.exec;
    const eff = ql === 'JSONPath' ? selectPath(io.inputPath, input, t, name, io.usesContext) : input;
    const states = ql === 'JSONata' ? new StatesBinding(t, name, input) : undefined;
    let started = false;
    const startRun = (rawItems: unknown): unknown[] => {
      const items = checkItems(rawItems);
      emit(t, 'MapStateStarted', 'mapStateStartedEventDetails', exec.history !== null ? { length: items.length } : null);
      started = true;
      return items;
    };
    const run = (items: unknown[], limit: number, tolerance: { count: number | undefined; pct: number | undefined }): unknown => {
      if (tolerance.pct !== undefined && (tolerance.pct < 0 || tolerance.pct > 100)) throw new TaskFailure('States.Runtime', 'ToleratedFailurePercentage must be between 0 and 100.');
      if (tolerance.count !== undefined && tolerance.count < 0) throw new TaskFailure('States.Runtime', 'ToleratedFailureCount cannot be negative.');
      if (distributed) emit(t, 'MapRunStarted', 'mapRunStartedEventDetails', exec.history !== null ? { mapRunArn: `arn:aws:states:${exec.region}:${exec.account}:mapRun:${exec.stateMachineName}/${name}` } : null);
      const afterInputs = (inputs: unknown[]): unknown => {
        const r = iterate(t, inputs, limit, tolerance);
        const fin = (results: unknown): unknown => {
          emit(t, distributed ? 'MapRunSucceeded' : 'MapStateSucceeded', null, null);
          if (distributed) emit(t, 'MapStateSucceeded', null, null);
          if (def.ResultWriter !== undefined) return writeResults(t, eff, results as unknown[], def.ResultWriter, states).then(done);
          return done(results);
        };
        return isPromise(r) ? r.then(fin) : fin(r);
      };
      const inputs = items.map((it, i) => itemInput(t, eff, it, i));
      if (inputs.some(isPromise)) {
        return Promise.all(inputs).then((ins) => def.ItemBatcher === undefined ? afterInputs(ins) : batches(t, eff, ins, def.ItemBatcher, states).then(afterInputs));
      }
      if (def.ItemBatcher !== undefined) return batches(t, eff, inputs, def.ItemBatcher, states).then(afterInputs);
      return afterInputs(inputs);
    };
    const done = (results: unknown): unknown => {
      if (ql === 'JSONPath') {
        const output = finishJsonPath(io, t, name, input, results, true);
        exitState(t, name, 'MapStateExited', output, lastAssigned());
        t.next = next;
        return output;
      }
      states!['result'] = results;
      const out = finishJsonata(io, t, states!, results);
      const fin = (o: unknown): unknown => {
        exitState(t, name, 'MapStateExited', o);
        t.next = next;
        return o;
      };
      return isPromise(out) ? out.then(fin) : fin(out);
    };
    const failed = (e: unknown): never => {
      const f = stateFailure(t, name, e);
      if (f.error === 'States.QueryEvaluationError' && !started) emit(t, 'MapStateFailed', null, null);
      throw f;
    };
    try {
      const syncNumbers = maxConcurrency.kind !== 'jsonata' && tolPct.kind !== 'jsonata' && tolCount.kind !== 'jsonata' && maxConcurrency.kind !== 'path' && tolPct.kind !== 'path' && tolCount.kind !== 'path';
      const items = readItems(t, eff, states);
      if (syncNumbers && !isPromise(items)) {
        const limit = maxConcurrency.kind === 'const' ? maxConcurrency.value : 0;
        const tolerance = { count: tolCount.kind === 'const' ? tolCount.value : undefined, pct: tolPct.kind === 'const' ? tolPct.value : undefined };
        const r = run(startRun(items), limit, tolerance);
        return isPromise(r) ? r.catch(failed) : r;
      }
      return (async () => {
        const raw = await items;
        const limit = (await readNumber(maxConcurrency, 'MaxConcurrency', true, t, eff, states)) ?? 0;
        const its = startRun(raw);
        const pct = await readNumber(tolPct, 'ToleratedFailurePercentage', false, t, eff, states);
        const count = await readNumber(tolCount, 'ToleratedFailureCount', true, t, eff, states);
        return run(its, limit, { count, pct });
      })().catch(failed);
    } catch (e) {
      return failed(e);
    }
  };

  return {
    name,
    type: 'Map',
    link(lookup) {
      if (def.Next !== undefined) next = lookup(def.Next);
      rec.link(lookup);
    },
    run(t: Thread, input: unknown): unknown {
      enterState(t, name, 'MapStateEntered', input);
      return withRecovery(t, name, rec, input, attempt);
    },
  };
}
