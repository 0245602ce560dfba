/**
 * The registration serving `arn:aws:states:::sns:publish` (the optimized SNS
 * integration) from the local SNS outbox. A Message that is not a string is
 * sent as its JSON text, as Step Functions does; errors are
 * `SNS.<Code>Exception` with the Java SDK v1 cause format recorded against AWS.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html
 */
import type { ResourceRegistration } from '../../resources.js';
import { LocalServiceError } from '../internal/service-error.js';
import { inputObject, optionalString, requiredString } from '../internal/task-input.js';
import { nextRequestId, serviceHandler } from '../internal/to-task-failure.js';
import type { LocalSns, SnsMessageAttribute } from './local-sns.js';

/** The registration for `arn:aws:states:::sns:publish`. */
export function snsResources(sns: LocalSns): ResourceRegistration[] {
  return [
    {
      pattern: 'arn:aws:states:::sns:publish',
      handler: serviceHandler(async (call) => {
        const input = inputObject(call, 'SNS');
        const message = input.Message;
        if (message === undefined || message === null) {
          throw new LocalServiceError('SNS', 'InvalidParameterException', `Invalid parameter: Message (state '${call.stateName}' gave no Message)`, 400);
        }
        const attrs = input.MessageAttributes;
        if (attrs !== undefined && (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs))) {
          throw new LocalServiceError('SNS', 'InvalidParameterException', `Invalid parameter: MessageAttributes (state '${call.stateName}': must be an object of { DataType, StringValue })`, 400);
        }
        const subject = optionalString(call, 'SNS', input, 'Subject');
        const group = optionalString(call, 'SNS', input, 'MessageGroupId');
        const dedup = optionalString(call, 'SNS', input, 'MessageDeduplicationId');
        const out = await sns.publish({
          TopicArn: requiredString(call, 'SNS', input, 'TopicArn'),
          Message: typeof message === 'string' ? message : JSON.stringify(message),
          ...(subject === undefined ? {} : { Subject: subject }),
          ...(attrs === undefined ? {} : { MessageAttributes: attrs as Record<string, SnsMessageAttribute> }),
          ...(group === undefined ? {} : { MessageGroupId: group }),
          ...(dedup === undefined ? {} : { MessageDeduplicationId: dedup }),
        });
        const requestId = nextRequestId();
        const date = new Date(call.now()).toUTCString();
        // The optimized integration returns the Java SDK v1 result, HTTP metadata included.
        return {
          MessageId: out.MessageId,
          SdkHttpMetadata: {
            AllHttpHeaders: { 'x-amzn-RequestId': [requestId], 'Content-Type': ['text/xml'], Date: [date] },
            HttpHeaders: { 'Content-Type': 'text/xml', Date: date, 'x-amzn-RequestId': requestId },
            HttpStatusCode: 200,
          },
          SdkResponseMetadata: { RequestId: requestId },
          ...(out.SequenceNumber === undefined ? {} : { SequenceNumber: out.SequenceNumber }),
        };
      }),
    },
  ];
}
