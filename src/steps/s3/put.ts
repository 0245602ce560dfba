/**
 * The `s3Put` step: writes an object built from the state
 * (`aws-sdk:s3:putObject`), e.g. a problem report beside a rejected file.
 * Step Functions serialises a JSON `Body` as JSON text.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
 */
import type { JsonValue } from '../../asl/types.js';
import { record, renderTemplate } from '../expr/index.js';
import type { ContextRef, Ref, Template, TemplateInput } from '../expr/index.js';
import { integrationArn } from '../naming.js';
import type { Environment } from '../naming.js';
import { RenderError } from '../step.js';
import type { IamStatement, RenderContext, Step } from '../step.js';
import { checkLogicalId } from '../lambda/function.js';
import { bucketDeployables, bucketName, objectsArn } from './bucket.js';
import type { Bucket } from './bucket.js';
import { S3_ERRORS, checkScope, keyField, recordKey } from './s3.js';
import type { KeyFn, S3ErrorName, S3Scope } from './s3.js';

/** A key named after another object: its file name (after the last `/`) plus a suffix, under the prefix. */
export interface NamedAfter<S> {
  readonly nameOf: KeyFn<S>;
  /** Appended to the file name, e.g. `.problems.json`. @default '' */
  readonly suffix?: string;
}

/** Options of {@link s3Put}. */
export interface S3PutOptions<S> {
  /** Logical id of the step (names its state). */
  readonly id: string;
  readonly bucket: Bucket;
  /** The prefix every key is under; IAM is granted on `prefix*` only. @default '' */
  readonly prefix?: string;
  /** The object key from the state, or named after another object. */
  readonly key: KeyFn<S> | NamedAfter<S>;
  /** The object's content: text, or a JSON value written as JSON text. */
  readonly body: (state: Ref<S>, context: ContextRef) => TemplateInput;
  /** The object's Content-Type. @default none (S3's default) */
  readonly contentType?: string;
  /** ASL `Comment`. */
  readonly comment?: string;
}

/** The result of `s3Put`: S3's PutObject response. */
export interface S3PutResult {
  readonly ETag: string;
  readonly VersionId?: string;
}

/** IAM to write objects under a prefix. */
export function putStatements(env: Environment, loc: S3Scope): readonly IamStatement[] {
  return [{ actions: ['s3:PutObject'], resources: [objectsArn(loc.bucket, loc.prefix, env)] }];
}

/**
 * Writes an object built from the state.
 *
 * Errors: {@link S3_ERRORS}. IAM: `s3:PutObject` under the prefix.
 * @example s3Put({ id: 'report', bucket: data, prefix: 'error/', key: { nameOf: (s) => s.key, suffix: '.problems.json' }, body: (s) => ({ error: s.error.Error, cause: s.error.Cause }) })
 */
export function s3Put<S>(options: S3PutOptions<S>): Step<S, S3PutResult, S3ErrorName> {
  checkLogicalId('s3Put()', options?.id);
  const where = `s3Put('${options.id}')`;
  if (typeof options.body !== 'function') throw new TypeError(`${where}.body must be a function of the state, e.g. (s) => ({ file: s.key })`);
  const prefix = checkScope(where, options.bucket, options.prefix);
  const scope: S3Scope = { bucket: options.bucket, prefix };
  const key = options.key;
  let keyTemplate: Template;
  let named: { readonly prefix: string; readonly suffix: string } | undefined;
  if (typeof key === 'function') {
    keyTemplate = recordKey<S>(where, prefix, key);
  } else {
    if (typeof key?.nameOf !== 'function') throw new TypeError(`${where}.key must be a function of the state or { nameOf, suffix }`);
    const suffix = key.suffix ?? '';
    if (typeof suffix !== 'string' || /[/*?]/.test(suffix)) throw new TypeError(`${where}.key.suffix must be text without '/', '*' or '?', got ${JSON.stringify(suffix)}`);
    // The object it is named after may be anywhere; the written key is under the prefix by construction.
    keyTemplate = recordKey<S>(where, '', key.nameOf);
    named = { prefix, suffix };
  }
  const body = record<S>(options.body, `${where}.body`);
  if (body.kind === 'literal' && body.value === null) throw new TypeError(`${where}.body must not be null`);
  const render = (ctx: RenderContext) => {
    const ql = ctx.queryLanguage;
    const fields: { [k: string]: JsonValue } = { Bucket: bucketName(scope.bucket, ctx.env) };
    const [k, v] = keyField(ql, keyTemplate, named);
    fields[k] = v;
    const b = renderTemplate(body, ql, 'body');
    if (b.value === null) throw new RenderError('body', 'the body must not be null');
    fields[b.dynamic ? 'Body.$' : 'Body'] = b.value;
    if (options.contentType !== undefined) fields['ContentType'] = options.contentType;
    return { Type: 'Task' as const, Resource: integrationArn(ctx.env, 'aws-sdk:s3:putObject'), ...(ql === 'JSONPath' ? { Parameters: fields } : { Arguments: fields }) };
  };
  return {
    kind: 's3-put',
    id: options.id,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    errors: S3_ERRORS,
    render: (ctx) => ({ kind: 'task', state: render(ctx) }),
    iam: (ctx) => putStatements(ctx.env, scope),
    deployables: bucketDeployables(scope.bucket),
  };
}
