/**
 * Finding the handler of a Task resource: per-state mocks first, then the
 * registrations in order (exact ARN, `*` glob or RegExp). `.sync`, `.sync:2`
 * and `.waitForTaskToken` resources fall back to the handler of the base ARN.
 * A `lambda:invoke` service call whose function is registered by its own ARN
 * or name gets AWS's `{ ExecutedVersion, Payload, StatusCode, … }` wrapping.
 */
import type { ResourceHandler, ResourcePattern, ResourceRegistration, TaskCall } from '../resources.js';
import { TaskFailure } from '../resources.js';

/** How AWS names a resource in history events. @internal */
export interface ResourceInfo {
  readonly arn: string;
  /** `lambda-function` (a function ARN), `activity`, or `service` (an optimized/SDK integration). */
  readonly kind: 'lambda-function' | 'activity' | 'service';
  /** `resourceType` of Task events, e.g. `lambda`, `aws-sdk:s3`. */
  readonly resourceType: string;
  /** `resource` of Task events, e.g. `invoke`, `startJobRun.sync`. */
  readonly resource: string;
  readonly pattern: 'request-response' | 'sync' | 'waitForTaskToken';
  /** The ARN without `.sync`, `.sync:2` or `.waitForTaskToken`. */
  readonly baseArn: string;
  readonly region: string;
}

/** Parses a Task `Resource`. @internal */
export function resourceInfo(arn: string, defaultRegion: string): ResourceInfo {
  const parts = arn.split(':');
  const region = parts[3] !== undefined && parts[3] !== '' ? parts[3] : defaultRegion;
  if (parts[2] === 'lambda' && parts[5] === 'function') {
    return { arn, kind: 'lambda-function', resourceType: 'lambda', resource: arn, pattern: 'request-response', baseArn: arn, region };
  }
  if (parts[2] === 'states' && parts[5] === 'activity') {
    return { arn, kind: 'activity', resourceType: 'activity', resource: arn, pattern: 'request-response', baseArn: arn, region };
  }
  const rest = parts.slice(5);
  let resourceType = rest[0] ?? '';
  let action = rest.slice(1).join(':');
  if (resourceType === 'aws-sdk') {
    resourceType = `aws-sdk:${rest[1] ?? ''}`;
    action = rest.slice(2).join(':');
  }
  let pattern: ResourceInfo['pattern'] = 'request-response';
  let baseArn = arn;
  const m = /\.(sync(?::\d+)?|waitForTaskToken)$/.exec(arn);
  if (m !== null) {
    pattern = m[1] === 'waitForTaskToken' ? 'waitForTaskToken' : 'sync';
    baseArn = arn.slice(0, m.index);
  }
  return { arn, kind: 'service', resourceType, resource: action, pattern, baseArn, region };
}

const globCache = new Map<string, RegExp>();

/** Does a registration pattern match an ARN? @internal */
export function patternMatches(p: ResourcePattern, arn: string): boolean {
  if (typeof p !== 'string') {
    p.lastIndex = 0;
    return p.test(arn);
  }
  if (!p.includes('*')) return p === arn;
  let re = globCache.get(p);
  if (re === undefined) {
    re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')}$`);
    globCache.set(p, re);
  }
  return re.test(arn);
}

function find(regs: readonly ResourceRegistration[], arn: string): ResourceHandler | undefined {
  for (const r of regs) if (patternMatches(r.pattern, arn)) return r.handler;
  return undefined;
}

/** Normalises what a Lambda function handler threw into Lambda's error shape. @internal */
function lambdaError(e: unknown): TaskFailure {
  if (e instanceof TaskFailure) return e;
  const name = e instanceof Error ? e.name : 'Error';
  const message = e instanceof Error ? e.message : String(e);
  return new TaskFailure(name, JSON.stringify({ errorMessage: message, errorType: name }));
}

function wrapLambdaFunction(h: ResourceHandler, direct: boolean): ResourceHandler {
  return (call: TaskCall) => {
    const payloadCall = direct ? call : { ...call, input: (call.input as { Payload?: unknown } | null)?.Payload ?? null };
    // differs from AWS: SdkHttpMetadata/SdkResponseMetadata are reduced to fixed minimal values.
    const wrap = (v: unknown): unknown => direct ? v : {
      ExecutedVersion: '$LATEST',
      Payload: v,
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: '00000000-0000-0000-0000-000000000000' },
      StatusCode: 200,
    };
    let r: unknown;
    try {
      r = h(payloadCall);
    } catch (e) {
      throw lambdaError(e);
    }
    if (r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function') {
      return (r as Promise<unknown>).then(wrap, (e: unknown) => {
        throw lambdaError(e);
      });
    }
    return wrap(r);
  };
}

/**
 * Resolves the handler for one call (undefined: none registered). `input` is
 * needed for lambda:invoke's FunctionName. @internal
 */
export function resolveHandler(regs: readonly ResourceRegistration[], info: ResourceInfo, input: unknown, account: string): ResourceHandler | undefined {
  const exact = find(regs, info.arn) ?? (info.baseArn !== info.arn ? find(regs, info.baseArn) : undefined);
  if (info.kind === 'lambda-function') return exact === undefined ? undefined : wrapLambdaFunction(exact, true);
  if (exact !== undefined) return exact;
  if (info.resourceType === 'lambda' && info.resource.startsWith('invoke')) {
    const fn = (input as { FunctionName?: unknown } | null)?.FunctionName;
    if (typeof fn === 'string') {
      const fnArn = fn.startsWith('arn:') ? fn : `arn:aws:lambda:${info.region}:${account}:function:${fn}`;
      const h = find(regs, fnArn) ?? find(regs, fn);
      if (h !== undefined) return wrapLambdaFunction(h, false);
    }
  }
  return undefined;
}
