/** The S3 object steps (`s3Copy`, `s3Move`, `s3Delete`, `s3Put`) and bucket references. */
export { s3Copy, s3Move, s3Delete, S3_ERRORS, copyStatements, deleteStatements } from './s3.js';
export type { S3ErrorName, KeyFn, S3Location, S3Destination, S3TransferOptions, S3DeleteOptions, S3CopyResult, S3DeleteResult, S3Scope } from './s3.js';
export { s3Put, putStatements } from './put.js';
export type { S3PutOptions, S3PutResult, NamedAfter } from './put.js';
export { bucket, existingBucket, bucketName, objectsArn, bucketDeployables } from './bucket.js';
export type { Bucket } from './bucket.js';
