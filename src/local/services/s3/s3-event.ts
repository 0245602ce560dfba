/**
 * An S3 event notification (the JSON a Lambda trigger receives) for a local
 * object change, so the trigger handler runs locally on the event AWS would send.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
import type { S3ObjectEvent } from './local-s3.js';

/** Options of {@link s3EventNotification}. */
export interface S3EventNotificationOptions {
  /** @default 'us-east-1' */
  readonly region?: string;
  /** The notification configuration id. @default 'local' */
  readonly configurationId?: string;
}

let sequence = 0;

/** Keys in S3 events are URL-encoded with spaces as `+` (slashes kept). @internal */
export function eventKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

/** The `{ Records: [ … ] }` S3 sends to a Lambda for one object event. */
export function s3EventNotification(event: S3ObjectEvent, options: S3EventNotificationOptions = {}): { Records: Record<string, unknown>[] } {
  sequence += 1;
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: options.region ?? 'us-east-1',
        eventTime: event.eventTime,
        eventName: event.eventName,
        userIdentity: { principalId: 'local' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': `local-${sequence}`, 'x-amz-id-2': 'local' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: options.configurationId ?? 'local',
          bucket: { name: event.bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${event.bucket}` },
          object: {
            key: eventKey(event.key),
            ...(event.size === undefined ? {} : { size: event.size }),
            ...(event.eTag === undefined ? {} : { eTag: event.eTag }),
            sequencer: sequence.toString(16).toUpperCase().padStart(16, '0'),
          },
        },
      },
    ],
  };
}
