/**
 * A step of this example: delete the copy of an object that the quarantine
 * made under another prefix (`<prefix><execution name>/<s.key>`, e.g.
 * `error/orders-csv-1f…/source/orders.csv`). The quarantine uses it to undo its
 * copy when deleting the source fails, so the file stays under exactly one prefix.
 *
 * Written against the public step contract (`Step`) and helpers, so the key is
 * built in one place for both query languages (`States.Format` with
 * `$$.Execution.Name`, or JSONata's `$states.context`).
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
 * Deletes `<prefix><execution name>/<s.key>` (`aws-sdk:s3:deleteObject`); deleting
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
        return { kind: 'task', state: { Type: 'Task', Resource, Arguments: { Bucket, Key: `{% ${JSON.stringify(prefix)} & $states.context.Execution.Name & "/" & $states.input.key %}` } } };
      }
      return { kind: 'task', state: { Type: 'Task', Resource, Parameters: { Bucket, 'Key.$': `States.Format('${prefix}{}/{}', $$.Execution.Name, $.key)` } } };
    },
    iam: (ctx) => deleteStatements(ctx.env, { bucket: options.bucket, prefix }),
    deployables: options.bucket.source.kind === 'existing' ? [] : [{ kind: 'bucket', id: options.bucket.id }],
  };
}
