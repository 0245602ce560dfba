/**
 * Inputs and outputs of the local Redshift Data API, named and shaped as in
 * `@aws-sdk/client-redshift-data` (PascalCase fields, typed result fields).
 */
import type { LocalS3 } from '../s3/local-s3.js';
import type { RedshiftColumnMetadata, RedshiftField } from './redshift-result.js';

/** A named parameter: the value is always text, as in the Data API. */
export interface SqlParameter {
  readonly name: string;
  readonly value: string;
}

/** The Data API's statement states. */
export type StatementStatus = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'ABORTED' | 'FAILED';

/** Where a statement runs (all optional locally; `Database` picks the DuckDB file). */
export interface StatementTarget {
  /** @default the service's default database ('dev') */
  readonly Database?: string;
  readonly ClusterIdentifier?: string;
  readonly WorkgroupName?: string;
  readonly DbUser?: string;
  readonly SecretArn?: string;
  readonly StatementName?: string;
}

/** `executeStatement` input. */
export interface ExecuteStatementInput extends StatementTarget {
  readonly Sql: string;
  readonly Parameters?: readonly SqlParameter[];
}

/** `batchExecuteStatement` input: the statements run in one transaction. */
export interface BatchExecuteStatementInput extends StatementTarget {
  readonly Sqls: readonly string[];
}

/** `executeStatement` / `batchExecuteStatement` output. */
export interface ExecuteStatementOutput {
  readonly Id: string;
  readonly CreatedAt: Date;
  readonly Database: string;
  readonly ClusterIdentifier?: string;
  readonly WorkgroupName?: string;
  readonly DbUser?: string;
  readonly SecretArn?: string;
}

/** A sub-statement of a batch, as `describeStatement` reports it. */
export interface SubStatementData {
  readonly Id: string;
  readonly Status: StatementStatus;
  readonly QueryString: string;
  readonly HasResultSet: boolean;
  readonly ResultRows: number;
  readonly ResultSize: number;
  readonly Duration: number;
  readonly CreatedAt: Date;
  readonly UpdatedAt: Date;
  readonly RedshiftQueryId: number;
  readonly Error?: string;
}

/** `describeStatement` output. */
export interface DescribeStatementOutput extends Omit<SubStatementData, 'Status'> {
  readonly Status: StatementStatus;
  readonly Database: string;
  readonly RedshiftPid: number;
  readonly QueryParameters?: readonly SqlParameter[];
  readonly SubStatements?: readonly SubStatementData[];
  readonly ClusterIdentifier?: string;
  readonly WorkgroupName?: string;
  readonly DbUser?: string;
  readonly SecretArn?: string;
}

/** `getStatementResult` output. */
export interface GetStatementResultOutput {
  readonly Records: RedshiftField[][];
  readonly ColumnMetadata: RedshiftColumnMetadata[];
  readonly TotalNumRows: number;
}

/** Options of {@link LocalRedshiftData}. */
export interface LocalRedshiftDataOptions {
  /** The project folder; databases live in `<root>/.statecraft/redshift/<db>.duckdb`. */
  readonly root: string;
  /** The local S3 that `COPY … FROM 's3://…'` reads. COPY fails without it. */
  readonly s3?: LocalS3;
  /** Keep databases in memory instead of files. @default false */
  readonly inMemory?: boolean;
  /** The database used when a call names none. @default 'dev' */
  readonly database?: string;
  /** Clock (epoch ms) for GETDATE/SYSDATE and the statement times, e.g. the virtual clock. @default Date.now */
  readonly now?: () => number;
  /** How many describes report STARTED before the final status. @default 1 */
  readonly pendingDescribes?: number;
}
