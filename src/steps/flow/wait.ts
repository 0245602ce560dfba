/**
 * The Wait flow step: a fixed delay, a delay read from the state, a fixed
 * timestamp, or a timestamp read from the state. The state passes through.
 * @see https://states-language.net/spec.html#wait-state
 */
import { jsonataOf, jsonPathOf } from '../expr/index.js';
import type { RefNode } from '../expr/index.js';
import type { Step } from '../step.js';

/** How long a Wait step waits. */
export type WaitSpec =
  | { readonly kind: 'seconds'; readonly seconds: number }
  | { readonly kind: 'seconds-from'; readonly ref: RefNode }
  | { readonly kind: 'timestamp'; readonly timestamp: string }
  | { readonly kind: 'until'; readonly ref: RefNode }
  | { readonly kind: 'jsonata-seconds'; readonly expression: string };

/** A Wait step. */
export function waitStep<S>(id: string, spec: WaitSpec, comment?: string): Step<S, S, never> {
  return {
    kind: 'wait',
    id,
    ...(comment === undefined ? {} : { comment }),
    errors: [],
    deployables: [],
    iam: () => [],
    render(ctx) {
      const jsonata = ctx.queryLanguage === 'JSONata';
      switch (spec.kind) {
        case 'seconds':
          return { kind: 'task', state: { Type: 'Wait', Seconds: spec.seconds } };
        case 'timestamp':
          return { kind: 'task', state: { Type: 'Wait', Timestamp: spec.timestamp } };
        case 'seconds-from':
          return jsonata
            ? { kind: 'task', state: { Type: 'Wait', Seconds: `{% ${jsonataOf(spec.ref)} %}` } }
            : { kind: 'task', state: { Type: 'Wait', SecondsPath: jsonPathOf(spec.ref) } };
        case 'until':
          return jsonata
            ? { kind: 'task', state: { Type: 'Wait', Timestamp: `{% ${jsonataOf(spec.ref)} %}` } }
            : { kind: 'task', state: { Type: 'Wait', TimestampPath: jsonPathOf(spec.ref) } };
        case 'jsonata-seconds':
          return { kind: 'task', state: { Type: 'Wait', Seconds: `{% ${spec.expression} %}` } };
      }
    },
  };
}
