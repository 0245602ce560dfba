/**
 * Deploy errors: expected failures of AWS calls, as data. The CLI turns each into one
 * clear message and a non-zero exit code.
 */

/** Why a deploy step failed. */
export type DeployError =
  | { readonly kind: 'missing-credentials'; readonly message: string }
  | { readonly kind: 'access-denied'; readonly action: string; readonly resource: string; readonly message: string }
  | { readonly kind: 'aws-validation'; readonly action: string; readonly resource: string; readonly message: string }
  | { readonly kind: 'aws-error'; readonly action: string; readonly resource: string; readonly code: string; readonly message: string }
  | { readonly kind: 'bundle-failed'; readonly entry: string; readonly message: string }
  | { readonly kind: 'compile-failed'; readonly message: string }
  | { readonly kind: 'invalid-options'; readonly field: string; readonly message: string };

/** Error names the SDK uses when no credentials could be found. */
const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'ProviderError', 'TokenProviderError']);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'AuthorizationErrorException']);
const VALIDATION = new Set(['ValidationException', 'ValidationError', 'InvalidParameterValueException', 'InvalidParameterException', 'InvalidDefinition', 'InvalidArn', 'InvalidInputException', 'MalformedPolicyDocument', 'MalformedPolicyDocumentException']);

/**
 * Classifies an error thrown by an SDK v3 call.
 *
 * @param action the IAM-style action that was called, e.g. `lambda:CreateFunction`
 * @param resource the name or ARN the call was about
 */
export function toDeployError(e: unknown, action: string, resource: string): DeployError {
  const name = e instanceof Error ? e.name : 'UnknownError';
  const message = e instanceof Error ? e.message : String(e);
  if (CREDENTIAL_ERRORS.has(name) || /Could not load credentials|credential/i.test(name)) {
    return {
      kind: 'missing-credentials',
      message: `No AWS credentials were found (${message}). Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile; or use --offline to plan without AWS.`,
    };
  }
  if (ACCESS_DENIED.has(name)) {
    return { kind: 'access-denied', action, resource, message: `Access denied: ${action} on ${resource}. Grant this action to the deploying identity. (${message})` };
  }
  if (VALIDATION.has(name)) {
    return { kind: 'aws-validation', action, resource, message: `AWS rejected ${action} on ${resource}: ${message}` };
  }
  return { kind: 'aws-error', action, resource, code: name, message: `${action} on ${resource} failed with ${name}: ${message}` };
}

/** One line for a person: what failed and what to do. */
export function formatDeployError(e: DeployError): string {
  switch (e.kind) {
    case 'missing-credentials':
    case 'access-denied':
    case 'aws-validation':
    case 'aws-error':
      return e.message;
    case 'bundle-failed':
      return `Could not bundle the Lambda handler ${e.entry}: ${e.message}`;
    case 'compile-failed':
      return `The pipeline does not compile: ${e.message}`;
    case 'invalid-options':
      return `Invalid option ${e.field}: ${e.message}`;
  }
}
