/**
 * The `@aws-sdk/client-glue` face of the local Glue: `StartJobRunCommand` and
 * `GetJobRunCommand`. Types only come from the SDK.
 */
import type { GetJobRunCommand, GetJobRunCommandOutput, StartJobRunCommand, StartJobRunCommandOutput } from '@aws-sdk/client-glue';
import { commandName, sdkMetadata, type SdkCommandLike } from '../internal/sdk-command.js';
import { LocalServiceError } from '../internal/service-error.js';
import type { LocalGlue } from './local-glue.js';

/** A stand-in for `GlueClient`. */
export interface LocalGlueClient {
  send(command: StartJobRunCommand): Promise<StartJobRunCommandOutput>;
  send(command: GetJobRunCommand): Promise<GetJobRunCommandOutput>;
  send(command: SdkCommandLike): Promise<unknown>;
  /** No-op, as `GlueClient.destroy()`. */
  destroy(): void;
}

/** Wraps a {@link LocalGlue} as a `GlueClient` look-alike. */
export function localGlueClient(glue: LocalGlue): LocalGlueClient {
  const send = async (command: SdkCommandLike): Promise<unknown> => {
    const name = commandName(command);
    const input = (command.input ?? {}) as { JobName: string; RunId: string; Arguments?: Record<string, string> };
    switch (name) {
      case 'StartJobRunCommand':
        return { ...glue.startJobRun(input), $metadata: sdkMetadata() };
      case 'GetJobRunCommand':
        return { ...glue.getJobRun(input), $metadata: sdkMetadata() };
      default:
        throw new LocalServiceError('Glue', 'InvalidInputException', `The local Glue does not serve ${name}; it serves StartJobRunCommand and GetJobRunCommand.`, 400);
    }
  };
  return { send: send as LocalGlueClient['send'], destroy: () => undefined };
}
