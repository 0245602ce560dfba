/**
 * Choice: the first rule that matches decides the next state, else Default,
 * else States.NoChoiceMatched. Output is the input (after InputPath/OutputPath
 * in JSONPath; a rule's or the state's Output in JSONata). A matching rule's
 * Assign runs after the state's own Assign values are evaluated.
 * @see https://states-language.net/spec.html#choice-state
 */
import type { ChoiceState, QueryLanguage } from '../../asl/types.js';
import type { JsonataProgram } from '../expr/index.js';
import type { CompileContext, PredicateFn, TemplateFn } from '../internal/compile-context.js';
import { enterState, exitState, stateFailure } from '../internal/lifecycle.js';
import type { Node } from '../internal/node.js';
import type { Thread } from '../internal/runtime.js';
import { isPromise } from '../internal/runtime.js';
import { applyAssign, compileIo, evalJsonata, pathScope, selectPath, StatesBinding } from '../internal/state-io.js';
import { TaskFailure } from '../resources.js';

interface Rule {
  readonly pred: PredicateFn | undefined;
  readonly cond: JsonataProgram | undefined;
  readonly constCond: boolean | undefined;
  readonly assignPath: TemplateFn | undefined;
  readonly assignData: JsonataProgram | undefined;
  readonly output: JsonataProgram | undefined;
  readonly nextName: string;
  next: Node | null;
}

/** Compiles a Choice state. @internal */
export function compileChoice(cc: CompileContext, ptr: string, name: string, def: ChoiceState, ql: QueryLanguage): Node {
  const io = compileIo(cc, ptr, def as unknown as Record<string, unknown>, ql, {});
  if (!Array.isArray(def.Choices) || def.Choices.length === 0) cc.issue(`${ptr}/Choices`, 'a Choice state needs a non-empty Choices array');
  const rules: Rule[] = (Array.isArray(def.Choices) ? def.Choices : []).map((raw, i) => {
    const p = `${ptr}/Choices/${i}`;
    const rule = (raw !== null && typeof raw === 'object' ? raw : {}) as unknown as Record<string, unknown>;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) cc.issue(p, 'a choice rule must be an object');
    if (typeof rule['Next'] !== 'string') cc.issue(`${p}/Next`, 'a choice rule needs a Next state name');
    const rest: Record<string, unknown> = {};
    for (const k of Object.keys(rule)) if (k !== 'Next' && k !== 'Assign' && k !== 'Comment' && k !== 'Output') rest[k] = rule[k];
    let pred: PredicateFn | undefined;
    let cond: JsonataProgram | undefined;
    let constCond: boolean | undefined;
    if (ql === 'JSONPath') {
      pred = cc.choice(p, rest);
    } else if (typeof rule['Condition'] === 'boolean') {
      constCond = rule['Condition'];
    } else if (rule['Condition'] === undefined) {
      cc.issue(`${p}/Condition`, 'a JSONata choice rule needs a Condition');
    } else {
      cond = cc.jsonata(`${p}/Condition`, rule['Condition']);
    }
    return {
      pred, cond, constCond,
      assignPath: ql === 'JSONPath' && rule['Assign'] !== undefined ? cc.template(`${p}/Assign`, rule['Assign']) : undefined,
      assignData: ql === 'JSONata' && rule['Assign'] !== undefined ? cc.jsonata(`${p}/Assign`, rule['Assign']) : undefined,
      output: ql === 'JSONata' && rule['Output'] !== undefined ? cc.jsonata(`${p}/Output`, rule['Output']) : undefined,
      nextName: rule['Next'] as string,
      next: null,
    };
  });
  let dflt: Node | null | undefined;
  // differs from AWS (unverified): the cause text of States.NoChoiceMatched; no recorded case shows it.
  const noMatch = (): never => {
    throw new TaskFailure('States.NoChoiceMatched', `No Matches!`);
  };

  const runJsonPath = (t: Thread, input: unknown): unknown => {
    enterState(t, name, 'ChoiceStateEntered', input);
    let out: unknown;
    let assigned: Record<string, unknown> | undefined;
    try {
      const eff = selectPath(io.inputPath, input, t, name, io.usesContext);
      const scope = pathScope(t, name, eff, io.usesContext);
      let target: Rule | undefined;
      for (let i = 0; i < rules.length; i++) {
        if (rules[i]!.pred!(scope)) {
          target = rules[i]!;
          break;
        }
      }
      if (target === undefined && dflt === undefined) noMatch();
      if (io.assignPath !== undefined) assigned = io.assignPath(scope, name) as Record<string, unknown>;
      if (target?.assignPath !== undefined) assigned = { ...assigned, ...(target.assignPath(scope, name) as Record<string, unknown>) };
      out = selectPath(io.outputPath, eff, t, name, io.usesContext);
      if (assigned !== undefined) applyAssign(t, assigned);
      t.next = target === undefined ? dflt! : target.next;
    } catch (e) {
      throw stateFailure(t, name, e);
    }
    exitState(t, name, 'ChoiceStateExited', out, assigned);
    return out;
  };

  const runJsonata = async (t: Thread, input: unknown): Promise<unknown> => {
    enterState(t, name, 'ChoiceStateEntered', input);
    let out: unknown;
    let assigned: Record<string, unknown> | undefined;
    try {
      const states = new StatesBinding(t, name, input);
      let target: Rule | undefined;
      for (const r of rules) {
        let c: unknown = r.constCond;
        if (r.cond !== undefined) {
          c = evalJsonata(r.cond, states, t);
          if (isPromise(c)) c = await c;
        }
        if (typeof c !== 'boolean' && r.cond !== undefined) {
          throw new TaskFailure('States.QueryEvaluationError', `The JSONata expression specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '${c === null ? 'null' : Array.isArray(c) ? 'array' : typeof c}' for value: ${JSON.stringify(c)}`);
        }
        if (c === true) {
          target = r;
          break;
        }
      }
      if (target === undefined && dflt === undefined) noMatch();
      const outProg = target?.output ?? io.output;
      out = outProg === undefined ? input : await evalJsonata(outProg, states, t);
      if (io.assignData !== undefined) assigned = (await evalJsonata(io.assignData, states, t)) as Record<string, unknown>;
      if (target?.assignData !== undefined) assigned = { ...assigned, ...((await evalJsonata(target.assignData, states, t)) as Record<string, unknown>) };
      if (assigned !== undefined) applyAssign(t, assigned);
      t.next = target === undefined ? dflt! : target.next;
    } catch (e) {
      throw stateFailure(t, name, e);
    }
    exitState(t, name, 'ChoiceStateExited', out, assigned);
    return out;
  };

  return {
    name,
    type: 'Choice',
    link(lookup) {
      for (const r of rules) r.next = lookup(r.nextName);
      if (def.Default !== undefined) dflt = lookup(def.Default);
    },
    run: ql === 'JSONPath' ? runJsonPath : runJsonata,
  };
}
