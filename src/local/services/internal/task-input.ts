/**
 * Reading a Task's effective input (PascalCase fields of the service API) with
 * clear errors that name the state and the field.
 */
import type { TaskCall } from '../../resources.js';
import { LocalServiceError, type LocalServiceName } from './service-error.js';

/** A Task input as a plain object, or a validation error naming the state. @internal */
export function inputObject(call: TaskCall, service: LocalServiceName): Readonly<Record<string, unknown>> {
  const input = call.input;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalid(service, `State '${call.stateName}' (${call.resource}): the task input must be a JSON object of API parameters, got ${describe(input)}.`);
  }
  return input as Record<string, unknown>;
}

/** A required string field. @internal */
export function requiredString(call: TaskCall, service: LocalServiceName, input: Readonly<Record<string, unknown>>, field: string): string {
  const v = input[field];
  if (typeof v !== 'string' || v === '') {
    throw invalid(service, `State '${call.stateName}' (${call.resource}): parameter '${field}' is required and must be a non-empty string, got ${describe(v)}.`);
  }
  return v;
}

/** An optional string field. @internal */
export function optionalString(call: TaskCall, service: LocalServiceName, input: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    throw invalid(service, `State '${call.stateName}' (${call.resource}): parameter '${field}' must be a string, got ${describe(v)}.`);
  }
  return v;
}

/** An optional integer field (numbers, or strings of digits as AWS accepts). @internal */
export function optionalInteger(call: TaskCall, service: LocalServiceName, input: Readonly<Record<string, unknown>>, field: string): number | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw invalid(service, `State '${call.stateName}' (${call.resource}): parameter '${field}' must be a non-negative integer, got ${describe(v)}.`);
  }
  return n;
}

/** An optional map of strings (Metadata, Arguments). @internal */
export function optionalStringMap(call: TaskCall, service: LocalServiceName, input: Readonly<Record<string, unknown>>, field: string): Record<string, string> | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw invalid(service, `State '${call.stateName}' (${call.resource}): parameter '${field}' must be an object of strings, got ${describe(v)}.`);
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (typeof val !== 'string') {
      throw invalid(service, `State '${call.stateName}' (${call.resource}): parameter '${field}.${k}' must be a string, got ${describe(val)}.`);
    }
    out[k] = val;
  }
  return out;
}

function invalid(service: LocalServiceName, message: string): LocalServiceError {
  // differs from AWS: AWS rejects a malformed aws-sdk parameter with the SDK's own
  // validation error; we use the service's generic 400 code with a message naming the field.
  const code = service === 'S3' ? 'InvalidRequest' : service === 'SNS' ? 'InvalidParameterException' : service === 'Glue' ? 'InvalidInputException' : 'ValidationException';
  return new LocalServiceError(service, code, message, 400);
}

/** A short description of a JSON value for error messages. @internal */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)}`;
  return `${typeof v} ${typeof v === 'object' ? '' : String(v)}`.trim();
}
