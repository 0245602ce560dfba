/**
 * Registrations serving the Redshift Data API's aws-sdk integration
 * (`arn:aws:states:::aws-sdk:redshiftdata:<action>`) from the local DuckDB:
 * PascalCase fields in and out (typed fields become `{ "StringValue": … }`,
 * column metadata `{ "Name", "TypeName", … }`), dates as ISO-8601 text, and
 * errors `RedshiftData.<Code>` such as `RedshiftData.ValidationException`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 */
import type { ResourceRegistration, TaskCall } from '../../resources.js';
import { LocalServiceError } from '../internal/service-error.js';
import { inputObject, optionalString, requiredString } from '../internal/task-input.js';
import { serviceHandler } from '../internal/to-task-failure.js';
import type { LocalRedshiftData } from './local-redshift-data.js';
import type { SqlParameter, StatementTarget } from './redshift-types.js';

/** The Redshift Data API actions served. */
export const REDSHIFT_DATA_ACTIONS = ['executeStatement', 'describeStatement', 'getStatementResult', 'batchExecuteStatement'] as const;

/** Capitalises keys recursively and renders dates as ISO text, as Step Functions shows SDK results. @internal */
export function toStepFunctionsShape(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toStepFunctionsShape);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k.charAt(0).toUpperCase() + k.slice(1)] = toStepFunctionsShape(v);
    return out;
  }
  return value;
}

function target(call: TaskCall, input: Readonly<Record<string, unknown>>): StatementTarget {
  const out: Record<string, string> = {};
  for (const f of ['Database', 'ClusterIdentifier', 'WorkgroupName', 'DbUser', 'SecretArn', 'StatementName'] as const) {
    const v = optionalString(call, 'RedshiftData', input, f);
    if (v !== undefined) out[f] = v;
  }
  return out;
}

function parameters(call: TaskCall, input: Readonly<Record<string, unknown>>): SqlParameter[] | undefined {
  const raw = input.Parameters;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new LocalServiceError('RedshiftData', 'ValidationException', `State '${call.stateName}': Parameters must be a list of { Name, Value }.`, 400);
  return raw.map((p: unknown, i) => {
    const o = (p ?? {}) as Record<string, unknown>;
    const name = o.Name ?? o.name;
    const value = o.Value ?? o.value;
    if (typeof name !== 'string' || typeof value !== 'string') {
      throw new LocalServiceError('RedshiftData', 'ValidationException', `State '${call.stateName}': Parameters[${i}] must be { "Name": string, "Value": string } (values are always text).`, 400);
    }
    return { name, value };
  });
}

/** The registrations for the local Redshift Data API. */
export function redshiftResources(redshift: LocalRedshiftData): ResourceRegistration[] {
  const reg = (action: (typeof REDSHIFT_DATA_ACTIONS)[number], run: (call: TaskCall, input: Readonly<Record<string, unknown>>) => Promise<unknown>): ResourceRegistration => ({
    pattern: `arn:aws:states:::aws-sdk:redshiftdata:${action}`,
    handler: serviceHandler(async (call) => toStepFunctionsShape(await run(call, inputObject(call, 'RedshiftData')))),
  });
  return [
    reg('executeStatement', async (call, input) => {
      const params = parameters(call, input);
      return redshift.executeStatement({ ...target(call, input), Sql: requiredString(call, 'RedshiftData', input, 'Sql'), ...(params === undefined ? {} : { Parameters: params }) });
    }),
    reg('batchExecuteStatement', async (call, input) => {
      const sqls = input.Sqls;
      if (!Array.isArray(sqls)) throw new LocalServiceError('RedshiftData', 'ValidationException', `State '${call.stateName}': Sqls must be a list of SQL strings.`, 400);
      return redshift.batchExecuteStatement({ ...target(call, input), Sqls: sqls as string[] });
    }),
    reg('describeStatement', async (call, input) => redshift.describeStatement({ Id: requiredString(call, 'RedshiftData', input, 'Id') })),
    reg('getStatementResult', async (call, input) => redshift.getStatementResult({ Id: requiredString(call, 'RedshiftData', input, 'Id') })),
  ];
}
