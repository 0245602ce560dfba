/**
 * The `@aws-sdk/client-redshift-data` face of the local Redshift, for Glue job
 * scripts and handlers: Execute/BatchExecute/Describe/GetStatementResult
 * commands with the SDK's shapes (typed fields `{ stringValue }`, …). Types
 * only come from the SDK.
 */
import type {
  BatchExecuteStatementCommand, BatchExecuteStatementCommandOutput, DescribeStatementCommand, DescribeStatementCommandOutput,
  ExecuteStatementCommand, ExecuteStatementCommandOutput, GetStatementResultCommand, GetStatementResultCommandOutput,
} from '@aws-sdk/client-redshift-data';
import { commandName, sdkMetadata, type SdkCommandLike } from '../internal/sdk-command.js';
import { LocalServiceError } from '../internal/service-error.js';
import type { LocalRedshiftData } from './local-redshift-data.js';
import type { BatchExecuteStatementInput, ExecuteStatementInput } from './redshift-types.js';

/** A stand-in for `RedshiftDataClient`. */
export interface LocalRedshiftDataClient {
  send(command: ExecuteStatementCommand): Promise<ExecuteStatementCommandOutput>;
  send(command: BatchExecuteStatementCommand): Promise<BatchExecuteStatementCommandOutput>;
  send(command: DescribeStatementCommand): Promise<DescribeStatementCommandOutput>;
  send(command: GetStatementResultCommand): Promise<GetStatementResultCommandOutput>;
  send(command: SdkCommandLike): Promise<unknown>;
  /** No-op, as `RedshiftDataClient.destroy()`. */
  destroy(): void;
}

/** Wraps a {@link LocalRedshiftData} as a `RedshiftDataClient` look-alike. */
export function localRedshiftDataClient(redshift: LocalRedshiftData): LocalRedshiftDataClient {
  const send = async (command: SdkCommandLike): Promise<unknown> => {
    const name = commandName(command);
    const input = (command.input ?? {}) as Record<string, unknown>;
    switch (name) {
      case 'ExecuteStatementCommand':
        return { ...redshift.executeStatement(input as unknown as ExecuteStatementInput), $metadata: sdkMetadata() };
      case 'BatchExecuteStatementCommand':
        return { ...redshift.batchExecuteStatement(input as unknown as BatchExecuteStatementInput), $metadata: sdkMetadata() };
      case 'DescribeStatementCommand':
        return { ...(await redshift.describeStatement({ Id: input.Id as string })), $metadata: sdkMetadata() };
      case 'GetStatementResultCommand':
        return { ...(await redshift.getStatementResult({ Id: input.Id as string })), $metadata: sdkMetadata() };
      default:
        throw new LocalServiceError('RedshiftData', 'ValidationException', `The local Redshift Data API does not serve ${name}; it serves ExecuteStatement, BatchExecuteStatement, DescribeStatement and GetStatementResult.`, 400);
    }
  };
  return { send: send as LocalRedshiftDataClient['send'], destroy: () => undefined };
}
