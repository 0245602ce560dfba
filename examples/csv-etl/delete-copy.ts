/**
 * A step of this example: delete the copy of an object that a `same-name`
 * copy made under another prefix (`error/<file name of s.key>`). The
 * quarantine uses it to undo its copy when deleting the source fails, so the
 * file stays under exactly one prefix.
 *
 * Written against the public step contract (`Step`) and helpers: the
 * library's `s3Delete` takes a key function of the state, and the file name of
 * a key cannot be written as one in JSONPath, so this step builds the key with
 * intrinsics (`States.StringSplit` …) as the `same-name` destinations do.
 */
import { bucketName, deleteStatements, integrationArn, S3_ERRORS } from '../../src/index.js';
import type { Bucket, S3DeleteResult, S3ErrorName, Step } from '../../src/index.js';

/** Options of {@link deleteCopy}. */
export interface DeleteCopyOptions {
  /** Logical id of the step. */
  readonly id: string;
  readonly bucket: Bucket;
  /** The prefix the copy was made under, e.g. `error/` (IAM is granted on `prefix*` only). */
  readonly prefix: string;
}

/**
 * Deletes `<prefix><file name of s.key>` (`aws-sdk:s3:deleteObject`); deleting
 * a key that does not exist succeeds, as in S3.
 *
 * Errors: the S3 errors. IAM: `s3:DeleteObject` under `prefix`.
 * @example .step(deleteCopy({ id: 'undo-quarantine', bucket: data, prefix: 'error/' }), { discardResult: true })
 */
export function deleteCopy<S extends { readonly key: string }>(options: DeleteCopyOptions): Step<S, S3DeleteResult, S3ErrorName> {
  if (!/^([^*?'{}\\]*\/)$/.test(options.prefix) || options.prefix.startsWith('/')) {
    throw new TypeError(`deleteCopy('${options.id}').prefix must be a folder ending in '/' (no leading '/', no * ? ' { } \\), got ${JSON.stringify(options.prefix)}`);
  }
  const { prefix } = options;
  return {
    kind: 's3-delete',
    id: options.id,
    errors: S3_ERRORS,
    render: (ctx) => {
      const Bucket = bucketName(options.bucket, ctx.env);
      const Resource = integrationArn(ctx.env, 'aws-sdk:s3:deleteObject');
      if (ctx.queryLanguage === 'JSONata') {
        return { kind: 'task', state: { Type: 'Task', Resource, Arguments: { Bucket, Key: `{% ${JSON.stringify(prefix)} & $split($states.input.key, "/")[-1] %}` } } };
      }
      const parts = "States.StringSplit($.key, '/')";
      const name = `States.ArrayGetItem(${parts}, States.MathAdd(States.ArrayLength(${parts}), -1))`;
      return { kind: 'task', state: { Type: 'Task', Resource, Parameters: { Bucket, 'Key.$': `States.Format('${prefix}{}', ${name})` } } };
    },
    iam: (ctx) => deleteStatements(ctx.env, { bucket: options.bucket, prefix }),
    deployables: options.bucket.source.kind === 'existing' ? [] : [{ kind: 'bucket', id: options.bucket.id }],
  };
}
