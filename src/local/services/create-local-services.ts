/**
 * The embedded defaults in one call: S3 on the filesystem, SNS as an outbox,
 * Glue as local jobs and Redshift on DuckDB, all under `<root>/.statecraft`,
 * plus their resource registrations for the interpreter and their SDK client
 * faces for handlers and job scripts.
 */
import type { ResourceRegistration } from '../resources.js';
import { LocalGlue, type GlueJobDefinition, type GlueJobFunction } from './glue/local-glue.js';
import { glueResources } from './glue/glue-resources.js';
import { localGlueClient, type LocalGlueClient } from './glue/glue-client.js';
import { LocalRedshiftData } from './redshift/local-redshift-data.js';
import { localRedshiftDataClient, type LocalRedshiftDataClient } from './redshift/redshift-client.js';
import { redshiftResources } from './redshift/redshift-resources.js';
import { LocalS3, type S3ObjectEvent } from './s3/local-s3.js';
import { localS3Client, type LocalS3Client } from './s3/s3-client.js';
import { s3Resources } from './s3/s3-resources.js';
import { LocalSns } from './sns/local-sns.js';
import { localSnsClient, type LocalSnsClient } from './sns/sns-client.js';
import { snsResources } from './sns/sns-resources.js';

/** Options of {@link createLocalServices}. */
export interface LocalServicesOptions {
  /** The project folder; everything lives under `<root>/.statecraft`. */
  readonly root: string;
  /** One line per SNS message and per Glue job `ctx.log` call. The services never log by themselves. */
  readonly log?: (line: string) => void;
  /** Clock for object times, message timestamps, job runs and GETDATE (e.g. the interpreter's virtual clock). @default Date.now */
  readonly now?: () => number;
  /** Called after each object write or delete in the local S3 (S3 event notifications). */
  readonly onS3Event?: (event: S3ObjectEvent) => void;
  /** Buckets to create. @default [] */
  readonly buckets?: readonly string[];
  /** Topics that exist (names or ARNs); publishing elsewhere fails. @default any topic exists */
  readonly topics?: readonly string[];
  /** Glue jobs by name. @default {} */
  readonly jobs?: Readonly<Record<string, GlueJobFunction | GlueJobDefinition>>;
  /** Redshift options. */
  readonly redshift?: {
    /** @default false (files under `.statecraft/redshift`) */
    readonly inMemory?: boolean;
    /** @default 'dev' */
    readonly database?: string;
    /** Describes reporting STARTED before the final status. @default 1 */
    readonly pendingDescribes?: number;
  };
}

/** The embedded local services. */
export interface LocalServices {
  readonly s3: LocalS3;
  readonly sns: LocalSns;
  readonly glue: LocalGlue;
  readonly redshift: LocalRedshiftData;
  /** Registrations for the interpreter: aws-sdk:s3:*, s3 ItemReader, sns:publish, glue:startJobRun(.sync), aws-sdk:redshiftdata:*. */
  readonly resources: ResourceRegistration[];
  /** SDK client look-alikes to inject into handlers and job scripts. */
  readonly clients: {
    readonly s3: LocalS3Client;
    readonly sns: LocalSnsClient;
    readonly glue: LocalGlueClient;
    readonly redshiftData: LocalRedshiftDataClient;
  };
  /** Closes the databases. */
  close(): Promise<void>;
}

/** Creates the embedded local services under `<root>/.statecraft`. */
export function createLocalServices(options: LocalServicesOptions): LocalServices {
  const now = options.now ?? Date.now;
  const log = options.log;
  const s3 = new LocalS3({ root: options.root, now, ...(options.onS3Event === undefined ? {} : { onEvent: options.onS3Event }), ...(options.buckets === undefined ? {} : { buckets: options.buckets }) });
  const sns = new LocalSns({ root: options.root, now, ...(options.topics === undefined ? {} : { topics: options.topics }), ...(log === undefined ? {} : { log }) });
  const glue = new LocalGlue({ now, ...(options.jobs === undefined ? {} : { jobs: options.jobs }), ...(log === undefined ? {} : { log }) });
  const rso = options.redshift ?? {};
  const redshift = new LocalRedshiftData({
    root: options.root,
    s3,
    now,
    ...(rso.inMemory === undefined ? {} : { inMemory: rso.inMemory }),
    ...(rso.database === undefined ? {} : { database: rso.database }),
    ...(rso.pendingDescribes === undefined ? {} : { pendingDescribes: rso.pendingDescribes }),
  });
  return {
    s3,
    sns,
    glue,
    redshift,
    resources: [...s3Resources(s3), ...snsResources(sns), ...glueResources(glue), ...redshiftResources(redshift)],
    clients: { s3: localS3Client(s3), sns: localSnsClient(sns), glue: localGlueClient(glue), redshiftData: localRedshiftDataClient(redshift) },
    close: () => redshift.close(),
  };
}
