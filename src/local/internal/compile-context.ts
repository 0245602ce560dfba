/**
 * Prepare-time compilation helpers: every path, template, choice rule and
 * JSONata program is compiled once through the expression layer; problems are
 * collected as issues with JSON pointers instead of thrown.
 */
import type { QueryLanguage } from '../../asl/types.js';
import {
  compileChoiceRule, compileIntrinsic, compileJsonata, compilePath, compilePayloadTemplate, compileResultPath, compileValueExpression,
} from '../expr/index.js';
import type { CompiledPath, JsonataProgram, Scope } from '../expr/index.js';

/** One problem found in a definition. */
export interface DefinitionIssue {
  /** JSON pointer into the definition, e.g. `/States/Load/Parameters/key.$`. */
  readonly pointer: string;
  readonly message: string;
}

/** Escapes one JSON-pointer segment (RFC 6901). @internal */
export function ptrSeg(s: string | number): string {
  return String(s).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Payload template closure. @internal */
export type TemplateFn = (scope: Scope, stateName: string, enteredEventId?: number) => unknown;
/** ResultPath closure. @internal */
export type ResultPathFn = (input: unknown, result: unknown, stateName: string) => unknown;
/** Choice predicate. @internal */
export type PredicateFn = (scope: Scope, stateName?: string, enteredEventId?: number) => boolean;

/** Collects issues while compiling one definition. @internal */
export class CompileContext {
  readonly issues: DefinitionIssue[] = [];
  /** Every state name of the machine, nested ones included. */
  readonly stateNames = new Set<string>();
  /** Whether any JSONata expression was compiled (its objects have no prototype: see plain-json.ts). */
  usesJsonata = false;

  issue(pointer: string, message: string): void {
    this.issues.push({ pointer, message });
  }

  path(pointer: string, src: unknown): CompiledPath | undefined {
    if (typeof src !== 'string') {
      this.issue(pointer, `expected a JSONPath string, got ${JSON.stringify(src)}`);
      return undefined;
    }
    const r = compilePath(src);
    if (r.isErr()) {
      this.issue(pointer, r.error);
      return undefined;
    }
    return r.value;
  }

  template(pointer: string, tpl: unknown): TemplateFn | undefined {
    const r = compilePayloadTemplate(tpl);
    if (r.isErr()) {
      this.issue(pointer, r.error);
      return undefined;
    }
    return r.value;
  }

  resultPath(pointer: string, src: string | null | undefined): ResultPathFn | undefined {
    const r = compileResultPath(src);
    if (r.isErr()) {
      this.issue(pointer, r.error);
      return undefined;
    }
    return r.value;
  }

  intrinsic(pointer: string, src: string): ((scope: Scope) => unknown) | undefined {
    const r = compileIntrinsic(src);
    if (r.isErr()) {
      this.issue(pointer, r.error);
      return undefined;
    }
    return r.value;
  }

  valueExpression(pointer: string, src: string, field: string): TemplateFn | undefined {
    const r = compileValueExpression(src, field);
    if (r.isErr()) {
      this.issue(pointer, r.error);
      return undefined;
    }
    return r.value;
  }

  choice(pointer: string, rule: unknown): PredicateFn | undefined {
    const r = compileChoiceRule(rule);
    if (r.isErr()) {
      this.issue(pointer, r.error);
      return undefined;
    }
    return r.value;
  }

  /** `field` is how AWS names the field in causes; default: the pointer's last segment. */
  jsonata(pointer: string, tpl: unknown, field?: string): JsonataProgram | undefined {
    this.usesJsonata = true;
    const r = compileJsonata(tpl, field ?? pointer.slice(pointer.lastIndexOf('/') + 1));
    if (r.isErr()) {
      this.issue(pointer, r.error);
      return undefined;
    }
    return r.value;
  }
}

/** The query language in force for a state. @internal */
export function queryLanguageOf(top: QueryLanguage, state: { readonly QueryLanguage?: QueryLanguage }): QueryLanguage {
  return state.QueryLanguage ?? top;
}
