/**
 * The S3 object steps, through Step Functions' AWS SDK integration:
 * `s3Copy` (`aws-sdk:s3:copyObject`), `s3Delete` (`aws-sdk:s3:deleteObject`)
 * and `s3Move` (copy, then delete: two states, so the object is never lost —
 * if the copy fails the source is untouched, and a retried delete is harmless).
 *
 * Object keys come from the state; IAM is scoped to each location's `prefix`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 */
import type { JsonValue, QueryLanguage, TaskState } from '../../asl/types.js';
import { lit, record, renderParameters, renderTemplate } from '../expr/index.js';
import type { ContextRef, Ref, Template, TemplateFor, TemplateInput } from '../expr/index.js';
import { integrationArn } from '../naming.js';
import type { Environment } from '../naming.js';
import { NEXT, RenderError } from '../step.js';
import type { IamStatement, RenderContext, Step, StepFragment } from '../step.js';
import { checkLogicalId } from '../lambda/function.js';
import { bucketDeployables, bucketName, objectsArn } from './bucket.js';
import type { Bucket } from './bucket.js';

/**
 * The errors of the S3 SDK integration (`S3.` + the exception name, with the
 * `Exception` suffix Step Functions adds); `S3.S3Exception` covers the rest
 * (e.g. access denied).
 */
export const S3_ERRORS = [
  'S3.NoSuchKeyException',
  'S3.NoSuchBucketException',
  'S3.InvalidObjectStateException',
  'S3.ObjectNotInActiveTierErrorException',
  'S3.S3Exception',
] as const;

/** An error name of {@link S3_ERRORS}. */
export type S3ErrorName = (typeof S3_ERRORS)[number];

/** A key function: the object key, from the typed state proxy. */
export type KeyFn<S> = (state: Ref<S>, context: ContextRef) => TemplateFor<string>;

/** An object location: a bucket, the prefix the keys are under (IAM scope), and the key. */
export interface S3Location<S> {
  readonly bucket: Bucket;
  /** The prefix every key is under; IAM is granted on `prefix*` only. @default '' (the whole bucket) */
  readonly prefix?: string;
  readonly key: KeyFn<S>;
}

/**
 * A copy or move destination. `key: 'same-name'` keeps the source's file
 * name (the part after its last `/`) under `prefix`.
 */
export interface S3Destination<S> {
  readonly bucket: Bucket;
  /** The prefix every destination key is under; IAM is granted on `prefix*` only. @default '' */
  readonly prefix?: string;
  readonly key: KeyFn<S> | 'same-name';
}

/** Options of {@link s3Copy} and {@link s3Move}. */
export interface S3TransferOptions<S> {
  /** Logical id of the step (names its state). */
  readonly id: string;
  readonly from: S3Location<S>;
  readonly to: S3Destination<S>;
  /** ASL `Comment`. */
  readonly comment?: string;
}

/** Options of {@link s3Delete}. */
export interface S3DeleteOptions<S> extends S3Location<S> {
  /** Logical id of the step (names its state). */
  readonly id: string;
  /** ASL `Comment`. */
  readonly comment?: string;
}

/** The result of `s3Copy`: S3's CopyObject response. */
export interface S3CopyResult {
  readonly CopyObjectResult: { readonly ETag: string; readonly LastModified: string };
  readonly VersionId?: string;
}

/** The result of `s3Delete` and `s3Move`: S3's DeleteObject response. */
export interface S3DeleteResult {
  readonly DeleteMarker?: boolean;
  readonly VersionId?: string;
}

interface RecordedLocation {
  readonly bucket: Bucket;
  readonly prefix: string;
  readonly key: Template | 'same-name';
}

const PREFIX = /^([^*?]*\/)?$/;

/** @internal Checks a location's bucket and prefix; returns the prefix. @throws TypeError naming `where`. */
export function checkScope(where: string, b: Bucket, prefix: string | undefined): string {
  if (b?.kind !== 's3-bucket') throw new TypeError(`${where}.bucket must be a bucket from bucket() or existingBucket()`);
  const p = prefix ?? '';
  if (typeof p !== 'string' || !PREFIX.test(p) || p.startsWith('/')) {
    throw new TypeError(`${where}.prefix must be '' or a folder ending in '/' (no leading '/', no * or ?), got ${JSON.stringify(p)}`);
  }
  return p;
}

/** @internal Records a key function, checking that a key whose leading text is known lies under `prefix`. */
export function recordKey<S>(where: string, prefix: string, fn: KeyFn<S>): Template {
  if (typeof fn !== 'function') throw new TypeError(`${where}.key must be a function of the state, e.g. (s) => s.key`);
  const key = record<S>(fn as (s: Ref<S>, c: ContextRef) => TemplateInput, `${where}.key`);
  // A key whose leading text is known must lie under the prefix, or IAM would refuse it at run time.
  const known = key.kind === 'literal' ? key.value : key.kind === 'format' && typeof key.parts[0] === 'string' ? key.parts[0] : undefined;
  if (typeof known === 'string' && !(known.startsWith(prefix) || prefix.startsWith(known))) {
    throw new TypeError(`${where}.key ${JSON.stringify(known)}… is not under prefix ${JSON.stringify(prefix)}`);
  }
  if (key.kind === 'literal' && typeof key.value !== 'string') throw new TypeError(`${where}.key must be a string`);
  return key;
}

function recordLocation<S>(where: string, loc: S3Location<S> | S3Destination<S>, allowSameName: boolean): RecordedLocation {
  const prefix = checkScope(where, loc?.bucket, loc?.prefix);
  if (loc.key === 'same-name') {
    if (!allowSameName) throw new TypeError(`${where}.key: 'same-name' is only for a destination`);
    return { bucket: loc.bucket, prefix, key: 'same-name' };
  }
  const key = recordKey<S>(where, prefix, loc.key);
  return { bucket: loc.bucket, prefix, key };
}

/** JSONPath: a key as an intrinsic argument (a path or a call); JSONata: as an expression. */
function keyExpression(key: Template, ql: QueryLanguage, field: string): { readonly literal?: string; readonly expr: string } {
  if (key.kind === 'literal' && typeof key.value === 'string') return { literal: key.value, expr: ql === 'JSONPath' ? `'${key.value.replace(/[\\'{}]/g, (c) => `\\${c}`)}'` : JSON.stringify(key.value) };
  const r = renderTemplate(key, ql, field);
  if (typeof r.value !== 'string') throw new RenderError(field, 'the key must be a string');
  return { expr: ql === 'JSONPath' ? r.value : r.value.replace(/^\{%\s*/, '').replace(/\s*%\}$/, '') };
}

function escapeFormat(text: string): string {
  return text.replace(/[\\'{}]/g, (c) => `\\${c}`);
}

/** A dynamic string field: `key.$` in JSONPath, `{% %}` in JSONata. */
function dynamicField(key: string, ql: QueryLanguage, expr: string): readonly [string, JsonValue] {
  return ql === 'JSONPath' ? [`${key}.$`, expr] : [key, `{% ${expr} %}`];
}

function basename(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** `<prefix><file name of the source key><suffix>` as a field value. */
function sameNameKey(ql: QueryLanguage, prefix: string, source: { readonly literal?: string; readonly expr: string }, suffix = ''): readonly [string, JsonValue] {
  if (source.literal !== undefined) return ['Key', prefix + basename(source.literal) + suffix];
  if (ql === 'JSONPath') {
    const parts = `States.StringSplit(${source.expr}, '/')`;
    const name = `States.ArrayGetItem(${parts}, States.MathAdd(States.ArrayLength(${parts}), -1))`;
    return dynamicField('Key', ql, `States.Format('${escapeFormat(prefix)}{}${escapeFormat(suffix)}', ${name})`);
  }
  const tail = suffix === '' ? '' : ` & ${JSON.stringify(suffix)}`;
  return dynamicField('Key', ql, `${JSON.stringify(prefix)} & $split(${source.expr}, "/")[-1]${tail}`);
}

/**
 * @internal The `Key` field of a request: the key template itself, or — with
 * `named` — the file name of that key plus a suffix, under a prefix.
 */
export function keyField(ql: QueryLanguage, key: Template, named?: { readonly prefix: string; readonly suffix: string }): readonly [string, JsonValue] {
  if (named !== undefined) return sameNameKey(ql, named.prefix, keyExpression(key, ql, 'key'), named.suffix);
  const r = renderTemplate(key, ql, 'key');
  return [r.dynamic ? 'Key.$' : 'Key', r.value];
}

function copyState(ctx: RenderContext, from: RecordedLocation, to: RecordedLocation): TaskState {
  const ql = ctx.queryLanguage;
  if (from.key === 'same-name') throw new RenderError('from.key', "'same-name' is only for a destination");
  const src = keyExpression(from.key, ql, 'from.key');
  const srcBucket = bucketName(from.bucket, ctx.env);
  const fields: { [k: string]: JsonValue } = { Bucket: bucketName(to.bucket, ctx.env) };
  // CopySource is `bucket/key`; the SDK expects the key URL-encoded, which only JSONata can do at run time.
  if (src.literal !== undefined) {
    fields['CopySource'] = `${srcBucket}/${encodeURIComponent(src.literal).replace(/%2F/g, '/')}`;
  } else if (ql === 'JSONPath') {
    const [k, v] = dynamicField('CopySource', ql, `States.Format('${escapeFormat(srcBucket)}/{}', ${src.expr})`);
    fields[k] = v;
  } else {
    const [k, v] = dynamicField('CopySource', ql, `${JSON.stringify(`${srcBucket}/`)} & $join($map($split(${src.expr}, "/"), $encodeUrlComponent), "/")`);
    fields[k] = v;
  }
  if (to.key === 'same-name') {
    const [k, v] = sameNameKey(ql, to.prefix, src);
    fields[k] = v;
  } else {
    const rendered = renderTemplate(to.key, ql, 'to.key');
    fields[rendered.dynamic ? 'Key.$' : 'Key'] = rendered.value;
  }
  return { Type: 'Task', Resource: integrationArn(ctx.env, 'aws-sdk:s3:copyObject'), ...(ql === 'JSONPath' ? { Parameters: fields } : { Arguments: fields }) };
}

function deleteState(ctx: RenderContext, loc: RecordedLocation): TaskState {
  if (loc.key === 'same-name') throw new RenderError('key', "'same-name' is only for a destination");
  return {
    Type: 'Task',
    Resource: integrationArn(ctx.env, 'aws-sdk:s3:deleteObject'),
    ...renderParameters({ Bucket: lit(bucketName(loc.bucket, ctx.env)), Key: loc.key }, ctx.queryLanguage),
  };
}

/** A bucket and the prefix IAM is scoped to. */
export interface S3Scope {
  readonly bucket: Bucket;
  readonly prefix: string;
}

/** IAM to copy from one location to another (object tags are copied too). */
export function copyStatements(env: Environment, from: S3Scope, to: S3Scope): readonly IamStatement[] {
  return [
    { actions: ['s3:GetObject', 's3:GetObjectTagging'], resources: [objectsArn(from.bucket, from.prefix, env)] },
    { actions: ['s3:PutObject', 's3:PutObjectTagging'], resources: [objectsArn(to.bucket, to.prefix, env)] },
  ];
}

/** IAM to delete objects under a location's prefix. */
export function deleteStatements(env: Environment, loc: S3Scope): readonly IamStatement[] {
  return [{ actions: ['s3:DeleteObject'], resources: [objectsArn(loc.bucket, loc.prefix, env)] }];
}

function uniqueDeployables(...buckets: readonly Bucket[]) {
  const seen = new Set<string>();
  return buckets.flatMap(bucketDeployables).filter((d) => (seen.has(d.id) ? false : (seen.add(d.id), true)));
}

function checkId(fn: string, id: unknown): asserts id is string {
  checkLogicalId(`${fn}()`, id);
}

/**
 * Copies an object (`aws-sdk:s3:copyObject`).
 *
 * Errors: {@link S3_ERRORS}. IAM: `s3:GetObject`, `s3:GetObjectTagging` under
 * the source prefix; `s3:PutObject`, `s3:PutObjectTagging` under the destination prefix.
 * @example s3Copy({ id: 'backup', from: { bucket: data, prefix: 'source/', key: (s) => s.key }, to: { bucket: data, prefix: 'backup/', key: 'same-name' } })
 */
export function s3Copy<S>(options: S3TransferOptions<S>): Step<S, S3CopyResult, S3ErrorName> {
  checkId('s3Copy', options?.id);
  const from = recordLocation('s3Copy().from', options.from, false);
  const to = recordLocation('s3Copy().to', options.to, true);
  return {
    kind: 's3-copy',
    id: options.id,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    errors: S3_ERRORS,
    render: (ctx) => ({ kind: 'task', state: copyState(ctx, from, to) }),
    iam: (ctx) => copyStatements(ctx.env, from, to),
    deployables: uniqueDeployables(from.bucket, to.bucket),
  };
}

/**
 * Deletes an object (`aws-sdk:s3:deleteObject`).
 *
 * Errors: {@link S3_ERRORS}. IAM: `s3:DeleteObject` under the prefix.
 * @example s3Delete({ id: 'cleanup', bucket: data, prefix: 'tmp/', key: (s) => s.tmpKey })
 */
export function s3Delete<S>(options: S3DeleteOptions<S>): Step<S, S3DeleteResult, S3ErrorName> {
  checkId('s3Delete', options?.id);
  const loc = recordLocation('s3Delete()', options, false);
  return {
    kind: 's3-delete',
    id: options.id,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    errors: S3_ERRORS,
    render: (ctx) => ({ kind: 'task', state: deleteState(ctx, loc) }),
    iam: (ctx) => deleteStatements(ctx.env, loc),
    deployables: uniqueDeployables(loc.bucket),
  };
}

/**
 * Moves an object: a copy state, then a delete state of the source (S3 has
 * no rename). The copy keeps the state unchanged, so the delete reads the
 * same keys; the step's result is the delete's.
 *
 * Errors: {@link S3_ERRORS}. IAM: those of {@link s3Copy} plus `s3:DeleteObject` under the source prefix.
 * @example s3Move({ id: 'quarantine', from: { bucket: data, prefix: 'source/', key: (s) => s.key }, to: { bucket: data, prefix: 'error/', key: 'same-name' } })
 */
export function s3Move<S>(options: S3TransferOptions<S>): Step<S, S3DeleteResult, S3ErrorName> {
  checkId('s3Move', options?.id);
  const from = recordLocation('s3Move().from', options.from, false);
  const to = recordLocation('s3Move().to', options.to, true);
  return {
    kind: 's3-move',
    id: options.id,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    errors: S3_ERRORS,
    render: (ctx): StepFragment => {
      const keep = ctx.queryLanguage === 'JSONPath' ? { ResultPath: null } : { Output: '{% $states.input %}' };
      return {
        kind: 'expanded',
        startAt: 'Copy',
        states: {
          Copy: { ...copyState(ctx, from, to), ...keep, Next: 'Delete' },
          Delete: { ...deleteState(ctx, from), Next: NEXT },
        },
      };
    },
    iam: (ctx) => [...copyStatements(ctx.env, from, to), ...deleteStatements(ctx.env, from)],
    deployables: uniqueDeployables(from.bucket, to.bucket),
  };
}
