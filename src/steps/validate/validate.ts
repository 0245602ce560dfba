/**
 * The `validate` step: a Lambda running our packaged CSV validator
 * (`csv-validate`) against a declared schema. Its output is typed from the
 * schema: row count and per-column statistics keyed by the schema's columns,
 * plus the object's bucket and key.
 */
import type { ColumnStats, ColumnsShape, CsvSchema, CsvValidationErrorName } from '../../csv/index.js';
import { CSV_VALIDATION_ERROR_NAMES, schemaToJson } from '../../csv/index.js';
import { record } from '../expr/index.js';
import type { ContextRef, Ref, TemplateFor, TemplateInput } from '../expr/index.js';
import type { Step } from '../step.js';
import { checkLogicalId, functionArn, functionDeployables, packagedFunction } from '../lambda/function.js';
import type { LambdaFunction } from '../lambda/function.js';
import { LAMBDA_ERRORS, invokeStatement, renderInvoke } from '../lambda/lambda.js';
import type { LambdaErrorName } from '../lambda/lambda.js';

/** The object to validate: what the S3 trigger puts in the execution input. */
export interface CsvObject {
  readonly bucket: string;
  readonly key: string;
}

/** Statistics of one column, by its value type. */
export type StatsFor<T> = [NonNullable<T>] extends [number]
  ? Extract<ColumnStats, { type: 'integer' | 'decimal' }>
  : [NonNullable<T>] extends [boolean]
    ? Extract<ColumnStats, { type: 'boolean' }>
    : [NonNullable<T>] extends [string]
      ? string extends NonNullable<T>
        ? Extract<ColumnStats, { type: 'string' | 'date' | 'timestamp' }>
        : Extract<ColumnStats, { type: 'enum' }>
      : ColumnStats;

/** The column value type of a column of a schema (phantom). */
type ColumnValue<C> = C extends { readonly '~types'?: { readonly value: infer T } } ? T : unknown;

/** What a valid file gives: the object, its data rows, bytes and per-column statistics. */
export interface ValidationReport<C extends ColumnsShape> {
  readonly bucket: string;
  readonly key: string;
  /** Data rows (header excluded). */
  readonly rows: number;
  readonly bytes: number;
  readonly columns: { readonly [K in keyof C]: StatsFor<ColumnValue<C[K]>> };
}

/**
 * The errors of a validate step: the validator's verdicts (see
 * `CSV_VALIDATION_ERROR_NAMES`), `CsvValidation.SchemaInvalid` (the function
 * was deployed without a usable schema: a deployment bug), and the Lambda
 * invocation's.
 */
export type ValidateErrorName = CsvValidationErrorName | 'CsvValidation.SchemaInvalid' | LambdaErrorName;

/** The names of the environment variables the `csv-validate` handler reads. */
export const VALIDATOR_ENV = {
  /** The schema, as `schemaToJson(schema)`. */
  schema: 'CSV_SCHEMA',
  /** How many problems to report at most. */
  maxProblems: 'CSV_MAX_PROBLEMS',
} as const;

/**
 * A source function: the CSV object to validate, from the typed state proxy.
 * Named so that a compiler message about a wrong one prints this name, not the
 * whole signature with the state type in it once more.
 */
export type SourceFn<S> = (state: Ref<S>, context: ContextRef) => TemplateFor<CsvObject>;

/** Options of {@link validate}. */
export interface ValidateOptions<S> {
  /** Logical id of the step and of its Lambda function. @default 'validate' */
  readonly id?: string;
  /** The object to validate, from the state. @default `{ bucket: s.bucket, key: s.key }` */
  readonly source?: SourceFn<S>;
  /** How many problems the error report lists at most. @default 20 */
  readonly maxProblems?: number;
  /** The validator Lambda's memory in MB. @default 1024 */
  readonly memoryMb?: number;
  /** The validator Lambda's timeout in seconds. @default 300 */
  readonly timeoutSeconds?: number;
  /** ASL `Comment`. */
  readonly comment?: string;
}

/** The options argument of {@link validate}: `source` is required unless the state has `bucket` and `key`. * The factory's rest parameter is named `optionsWithSource`: called without the
 * options where they are required, TypeScript's "Expected 2 arguments" names it.
 */
export type ValidateArgs<S> = [S] extends [CsvObject]
  ? [options?: ValidateOptions<S>]
  : [options: ValidateOptions<S> & { readonly source: SourceFn<S> }];

/** Every error name the validator raises, in a stable order. */
export const VALIDATE_ERRORS: readonly ValidateErrorName[] = [...Object.values(CSV_VALIDATION_ERROR_NAMES), 'CsvValidation.SchemaInvalid', ...LAMBDA_ERRORS];

/**
 * Validates a CSV object in S3 against a schema with our packaged validator
 * Lambda (deployed with the step). The output is typed by the schema; a bad
 * file fails with a `CsvValidation.*` error whose Cause lists the first
 * problems with line and column.
 *
 * IAM (state machine): `lambda:InvokeFunction` on the validator. The
 * validator's own role (read access to the data bucket) is the deployer's.
 * @example validate(ordersSchema, { maxProblems: 50 })
 */
export function validate<S, C extends ColumnsShape>(schema: CsvSchema<C>, ...optionsWithSource: ValidateArgs<S>): Step<S, ValidationReport<C>, ValidateErrorName> {
  const options: ValidateOptions<S> = optionsWithSource[0] ?? {};
  if (schema?.kind !== 'csv-schema') throw new TypeError('validate(): the first argument must be a schema from csvSchema()');
  const id = options.id ?? 'validate';
  checkLogicalId('validate()', id);
  const maxProblems = options.maxProblems ?? 20;
  if (!Number.isInteger(maxProblems) || maxProblems < 1 || maxProblems > 1000) {
    throw new RangeError(`validate('${id}'): maxProblems must be a whole number from 1 to 1000, got ${String(maxProblems)}`);
  }
  const fn: LambdaFunction<CsvObject, ValidationReport<C>> = packagedFunction(id, 'csv-validate', {
    memoryMb: options.memoryMb ?? 1024,
    timeoutSeconds: options.timeoutSeconds ?? 300,
    environment: { [VALIDATOR_ENV.schema]: schemaToJson(schema), [VALIDATOR_ENV.maxProblems]: String(maxProblems) },
  });
  const source = options.source ?? ((s: Ref<S>) => {
    const o = s as unknown as Ref<CsvObject>;
    return { bucket: o.bucket, key: o.key };
  });
  const payload = record<S>(source as (s: Ref<S>, c: ContextRef) => TemplateInput, 'source');
  return {
    kind: 'validate',
    id,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    errors: VALIDATE_ERRORS,
    render: (ctx) => renderInvoke(ctx, functionArn(fn, ctx.env), payload),
    iam: (ctx) => [invokeStatement(functionArn(fn, ctx.env))],
    deployables: functionDeployables(fn),
  };
}
