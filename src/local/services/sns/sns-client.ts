/**
 * The `@aws-sdk/client-sns` face of the local SNS: `send(new PublishCommand(…))`.
 * Types only come from the SDK; commands are recognised by class name.
 */
import type { PublishCommand, PublishCommandOutput } from '@aws-sdk/client-sns';
import { LocalServiceError } from '../internal/service-error.js';
import { commandName, sdkMetadata, type SdkCommandLike } from '../internal/sdk-command.js';
import type { LocalSns, SnsPublishInput } from './local-sns.js';

/** A stand-in for `SNSClient`: `send` for `PublishCommand`. */
export interface LocalSnsClient {
  send(command: PublishCommand): Promise<PublishCommandOutput>;
  send(command: SdkCommandLike): Promise<unknown>;
  /** No-op, as `SNSClient.destroy()`. */
  destroy(): void;
}

/** Wraps a {@link LocalSns} as an `SNSClient` look-alike. */
export function localSnsClient(sns: LocalSns): LocalSnsClient {
  const send = async (command: SdkCommandLike): Promise<unknown> => {
    const name = commandName(command);
    if (name !== 'PublishCommand') {
      throw new LocalServiceError('SNS', 'InvalidActionException', `The local SNS does not serve ${name}; it serves PublishCommand.`, 400);
    }
    const input = (command.input ?? {}) as SnsPublishInput;
    return { ...(await sns.publish(input)), $metadata: sdkMetadata() };
  };
  return { send: send as LocalSnsClient['send'], destroy: () => undefined };
}
