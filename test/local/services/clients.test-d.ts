import type { GetObjectCommand, GetObjectCommandOutput, PutObjectCommand, PutObjectCommandOutput } from '@aws-sdk/client-s3';
import type { PublishCommand, PublishCommandOutput } from '@aws-sdk/client-sns';
import type { ExecuteStatementCommand, ExecuteStatementCommandOutput } from '@aws-sdk/client-redshift-data';
import { describe, expectTypeOf, it } from 'vitest';
import type { LocalRedshiftDataClient, LocalS3Client, LocalSnsClient } from '../../../src/local/services/index.js';

describe('SDK client faces', () => {
  it('the local S3 client fits where a handler asks for the `send` of S3Client', () => {
    expectTypeOf<LocalS3Client>().toExtend<{ send(command: GetObjectCommand): Promise<GetObjectCommandOutput> }>();
    expectTypeOf<LocalS3Client>().toExtend<{ send(command: PutObjectCommand): Promise<PutObjectCommandOutput> }>();
  });
  it('the local SNS and Redshift Data clients fit the `send` of their SDK clients', () => {
    expectTypeOf<LocalSnsClient>().toExtend<{ send(command: PublishCommand): Promise<PublishCommandOutput> }>();
    expectTypeOf<LocalRedshiftDataClient>().toExtend<{ send(command: ExecuteStatementCommand): Promise<ExecuteStatementCommandOutput> }>();
  });
});
