/**
 * The public types a user writes in annotations are importable from the
 * package entries (a missing export fails this file's type check).
 */
import { describe, expectTypeOf, test } from 'vitest';
import type {
  AslDocument, AslIssue, AslState, Branch, Bucket, CallbackOutput, CallbackTarget, CatchEntry, CatchInput, CatchOptions, CaughtError,
  Chain, ChainErrors, ChainInput, ChainOutput, ChainOptions, CompileIssue, CompileOptions, CsvRow, CsvSchema, CsvSource, Deployable,
  Duration, EndedChain, Environment, ErrorName, ExecutionPath, ExecutionStep, GlueErrorName, GlueJob, GlueJobRun, GuardOptions,
  IamStatement, InferRow, LambdaErrorName, LambdaFunction, MapOptions, PathHistoryEvent, PipelineOptions, PublishResult, QueryLanguage,
  RedshiftStatement, Ref, RefOf, RejoiningCatchOptions, RenderOptions, RetryOptions, S3CopyResult, S3DeleteResult, S3ErrorName,
  S3PutOptions, S3PutResult, SnsErrorName, Step, StepOptions, SubflowResult, TemplateFor, Topic, ValidateErrorName, ValidationReport,
  WaitForCallbackOptions, WildcardErrorName,
} from 'statecraft';
import type { Clock, ExecuteOptions, ExecutionResult, HistoryEvent, ResourceRegistration, StateMocks, TaskCall } from 'statecraft/local';

describe('public types', () => {
  test('are importable and usable from the entries', () => {
    expectTypeOf<CaughtError<'A.B'>>().toEqualTypeOf<{ Error: 'A.B'; Cause: string }>();
    expectTypeOf<ErrorName<'A.B'>>().toMatchTypeOf<string>();
    expectTypeOf<ChainOutput<Chain<{ a: 1 }, { b: 2 }>>>().toEqualTypeOf<{ b: 2 }>();
    type Used = [
      AslDocument, AslIssue, AslState, Branch<unknown, QueryLanguage>, Bucket, CallbackOutput<1>, CallbackTarget, CatchEntry<unknown, 'X', unknown, QueryLanguage>,
      CatchInput<unknown, 'X'>, CatchOptions<unknown, 'X', QueryLanguage>, ChainErrors<unknown>, ChainInput<unknown>, ChainOptions<unknown, 'X', QueryLanguage, never, false>,
      CompileIssue, CompileOptions, CsvRow<'a'>, CsvSchema, CsvSource<unknown, 'a'>, Deployable, Duration, EndedChain<unknown, unknown>, Environment,
      ExecutionPath, ExecutionStep, GlueErrorName, GlueJob, GlueJobRun, GuardOptions<unknown, 'X', QueryLanguage>, IamStatement, InferRow<CsvSchema>,
      LambdaErrorName, LambdaFunction<unknown, unknown>, MapOptions<unknown, 'X', QueryLanguage>, PathHistoryEvent, PipelineOptions, PublishResult,
      RedshiftStatement, Ref<{ a: 1 }>, RefOf<string>, RejoiningCatchOptions<unknown, 'X', unknown, QueryLanguage>, RenderOptions, RetryOptions<'X'>,
      S3CopyResult, S3DeleteResult, S3ErrorName, S3PutOptions<unknown>, S3PutResult, SnsErrorName, Step<unknown, unknown, 'X'>, StepOptions<unknown, 'X', QueryLanguage>,
      SubflowResult<unknown>, TemplateFor<string>, Topic, ValidateErrorName, ValidationReport<{ a: CsvSchema['columns'][string] }>, WaitForCallbackOptions<unknown, 'X'>, WildcardErrorName,
      Clock, ExecuteOptions, ExecutionResult, HistoryEvent, ResourceRegistration, StateMocks, TaskCall,
    ];
    expectTypeOf<Used[0]>().toEqualTypeOf<AslDocument>();
  });
});
