/**
 * The Pass flow step: passes its input through, injects a literal result, or
 * builds a new value from the state with a typed template.
 * @see https://states-language.net/spec.html#pass-state
 */
import type { JsonValue } from '../../asl/types.js';
import { jsonataExpressionOf, jsonPathOf, renderPayload, toTemplate } from '../expr/index.js';
import type { Template, TemplateInput } from '../expr/index.js';
import { RenderError } from '../expr/render-error.js';
import type { Step } from '../step.js';

/** What a Pass step produces. */
export type PassSpec =
  | { readonly kind: 'identity' }
  | { readonly kind: 'result'; readonly value: JsonValue }
  | { readonly kind: 'set'; readonly template: Template };

/**
 * A Pass step.
 * @example passStep('defaults', { kind: 'result', value: { retries: 0 } })
 */
export function passStep<In, Out>(id: string, spec: PassSpec, comment?: string): Step<In, Out, never> {
  return {
    kind: 'pass',
    id,
    ...(comment === undefined ? {} : { comment }),
    errors: [],
    deployables: [],
    iam: () => [],
    render(ctx) {
      if (spec.kind === 'identity') return { kind: 'task', state: { Type: 'Pass' } };
      if (ctx.queryLanguage === 'JSONata') {
        const expression = spec.kind === 'result' ? JSON.stringify(spec.value) : jsonataExpressionOf(spec.template);
        return { kind: 'task', state: { Type: 'Pass' }, resultExpression: expression };
      }
      if (spec.kind === 'result') return { kind: 'task', state: { Type: 'Pass', Result: spec.value } };
      const t = spec.template;
      if (t.kind === 'literal') return { kind: 'task', state: { Type: 'Pass', Result: t.value } };
      if (t.kind === 'ref' && t.root === 'input') {
        return { kind: 'task', state: { Type: 'Pass', InputPath: jsonPathOf(t) } };
      }
      if (t.kind === 'object') {
        const fields: { [k: string]: Template } = {};
        for (const [k, v] of t.entries) fields[k] = v;
        return { kind: 'task', state: { Type: 'Pass', Parameters: renderPayload(fields, 'JSONPath') } };
      }
      throw new RenderError('set', 'in JSONPath a pass() template must return an object or a field of the state');
    },
  };
}

/** Records a pass template from a value (helper for the DSL). */
export function passTemplate(value: TemplateInput): Template {
  return toTemplate(value, 'set');
}
