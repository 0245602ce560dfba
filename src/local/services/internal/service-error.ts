/**
 * The one error type the local services throw for expected service failures
 * (missing key, unknown topic, bad SQL …), shaped so it can be re-thrown as an
 * AWS SDK v3 error (`name`, `$fault`, `$metadata.httpStatusCode`) or turned into
 * the Step Functions error of the aws-sdk / optimized integration
 * (`S3.NoSuchKeyException`, `SNS.NotFoundException`, …).
 */

/** The services that can raise a {@link LocalServiceError}. */
export type LocalServiceName = 'S3' | 'SNS' | 'Glue' | 'RedshiftData';

/**
 * An expected failure of a local service, carrying the AWS error code (e.g.
 * `NoSuchKey`) and HTTP status the real service would have answered with.
 */
export class LocalServiceError extends Error {
  /** The SDK error name (the AWS error code), e.g. `NoSuchKey`. */
  override readonly name: string;
  constructor(
    /** Which service failed. */
    readonly service: LocalServiceName,
    /** The AWS error code, e.g. `NoSuchKey`, `NotFound`, `ConcurrentRunsExceededException`. */
    readonly code: string,
    message: string,
    /** The HTTP status AWS answers with for this error. */
    readonly httpStatusCode: number,
  ) {
    super(message);
    this.name = code;
  }

  /** The error code again, as the S3 SDK's XML errors expose it (`err.Code`). */
  get Code(): string {
    return this.code;
  }

  /** `client` for 4xx, `server` for 5xx, as the SDK's `$fault`. */
  get $fault(): 'client' | 'server' {
    return this.httpStatusCode >= 500 ? 'server' : 'client';
  }

  /** The SDK's response metadata. */
  get $metadata(): { httpStatusCode: number; requestId: string; attempts: number; totalRetryDelay: number } {
    return { httpStatusCode: this.httpStatusCode, requestId: 'local', attempts: 1, totalRetryDelay: 0 };
  }
}

/**
 * The Step Functions error name for a service error of an aws-sdk integration:
 * `<Service>.<Code>` with the `Exception` suffix always added.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 */
export function stepFunctionsErrorName(err: LocalServiceError): string {
  const code = err.code.endsWith('Exception') ? err.code : `${err.code}Exception`;
  return `${err.service}.${code}`;
}

/**
 * The cause text Step Functions records for a failed aws-sdk call, in the Java
 * SDK's format, e.g. `The specified key does not exist. (Service: S3, Status
 * Code: 404, Request ID: …)`.
 */
export function stepFunctionsCause(err: LocalServiceError, requestId: string): string {
  if (err.service === 'SNS') {
    // The SNS optimized integration uses the Java SDK v1 format (recorded against AWS);
    // SNS's wire error codes have no `Exception` suffix.
    return `${err.message} (Service: AmazonSNS; Status Code: ${err.httpStatusCode}; Error Code: ${err.code.replace(/Exception$/, '')}; Request ID: ${requestId}; Proxy: null)`;
  }
  if (err.service === 'Glue') {
    // Assumed to follow the SNS optimized integration's Java SDK v1 format; Glue's codes keep the suffix.
    return `${err.message} (Service: AWSGlue; Status Code: ${err.httpStatusCode}; Error Code: ${err.code}; Request ID: ${requestId}; Proxy: null)`;
  }
  const extended = err.service === 'S3' ? `, Extended Request ID: ${requestId}` : '';
  return `${err.message} (Service: ${err.service}, Status Code: ${err.httpStatusCode}, Request ID: ${requestId}${extended})`;
}
