/**
 * What the `send(command)` faces of the local services share: recognising an
 * SDK v3 Command by class name, and the `$metadata` of an answer.
 */

/** What `send` accepts: any SDK command (recognised by class name) with its `input`. */
export interface SdkCommandLike {
  readonly input: unknown;
}

/** The SDK's `$metadata` for a local answer. @internal */
export function sdkMetadata(httpStatusCode = 200): { httpStatusCode: number; requestId: string; attempts: number; totalRetryDelay: number } {
  return { httpStatusCode, requestId: 'local', attempts: 1, totalRetryDelay: 0 };
}

/** The class name of an SDK command, e.g. `GetObjectCommand`. @internal */
export function commandName(command: SdkCommandLike): string {
  const name = (command as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' ? name : 'an unknown command';
}
