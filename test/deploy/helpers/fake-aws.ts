/**
 * A small stateful fake of the AWS services the deployer uses, on aws-sdk-client-mock:
 * what a call creates can be described by the next call, so plan → apply → plan runs
 * like it would against AWS, and every call is recorded in order.
 */
import { createHash } from 'node:crypto';
import * as glue from '@aws-sdk/client-glue';
import * as iam from '@aws-sdk/client-iam';
import * as lambda from '@aws-sdk/client-lambda';
import * as s3 from '@aws-sdk/client-s3';
import * as sfn from '@aws-sdk/client-sfn';
import * as sns from '@aws-sdk/client-sns';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import type { DeployClients } from '../../../src/deploy/index.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

function awsError(name: string, message: string, status = 400): Error {
  const e = new Error(message);
  e.name = name;
  (e as Error & { $metadata: unknown }).$metadata = { httpStatusCode: status };
  return e;
}

/** Read-only calls: everything else is a write. */
export function isWrite(call: string): boolean {
  return !/:(Get|Describe|List|Head)/.test(call);
}

export interface FakeAws {
  readonly clients: DeployClients;
  /** `service:Command` of every call, in order. */
  readonly calls: string[];
  /** `service:Command target` of every call, in order (the role, bucket/key, function, job, topic, state machine or alias it names). */
  readonly log: string[];
  /** The writes among {@link calls}. */
  writes(): string[];
  /** Makes the next call of `command` (e.g. `glue:CreateJob`) fail once with `error`. */
  failOnce(command: string, error: Error): void;
  readonly state: {
    roles: Map<string, { trust: string; tags: Record<string, string>; policies: Map<string, string> }>;
    buckets: Map<string, { tags: Record<string, string>; objects: Map<string, Uint8Array>; notifications: s3.NotificationConfiguration; versioning?: string | undefined }>;
    functions: Map<string, { config: lambda.FunctionConfiguration; tags: Record<string, string>; policy: { Sid: string }[] }>;
    jobs: Map<string, { job: glue.Job; tags: Record<string, string> }>;
    topics: Map<string, { tags: Record<string, string>; subscriptions: { Protocol: string; Endpoint: string }[] }>;
    machines: Map<string, { definition: string; roleArn: string; tags: sfn.Tag[]; revision: number; versions: { arn: string; definition: string; roleArn: string; revision: number }[] }>;
    aliases: Map<string, string>;
  };
  restore(): void;
}

/** What a call is about, from its input: `s3://bucket/key`, a name, or an ARN without its `arn:…:<account>:` head. */
function targetOf(input: object): string {
  const field = (k: string): string | undefined => {
    const v = (input as Record<string, unknown>)[k];
    return typeof v === 'string' ? v : undefined;
  };
  const bucket = field('Bucket');
  if (bucket !== undefined) return field('Key') === undefined ? bucket : `s3://${bucket}/${field('Key')}`;
  const target = field('RoleName') ?? field('FunctionName') ?? field('JobName') ?? field('Name') ?? field('TopicArn') ?? field('stateMachineAliasArn')
    ?? field('stateMachineArn') ?? field('ResourceArn') ?? field('resourceArn') ?? field('Resource') ?? field('name') ?? '';
  const routing = (input as { routingConfiguration?: { stateMachineVersionArn?: string }[] }).routingConfiguration?.[0]?.stateMachineVersionArn;
  const short = (arn: string) => arn.replace(/^arn:[^:]+:[^:]+:[^:]*:[^:]*:/, '');
  return routing === undefined ? short(target) : `${short(target)} -> ${short(routing)}`;
}

export function fakeAws(): FakeAws {
  const calls: string[] = [];
  const log: string[] = [];
  const failures = new Map<string, Error>();
  const state: FakeAws['state'] = {
    roles: new Map(), buckets: new Map(), functions: new Map(), jobs: new Map(), topics: new Map(), machines: new Map(), aliases: new Map(),
  };
  const clients = {
    iam: new iam.IAMClient({ region: REGION }),
    lambda: new lambda.LambdaClient({ region: REGION }),
    glue: new glue.GlueClient({ region: REGION }),
    s3: new s3.S3Client({ region: REGION }),
    sns: new sns.SNSClient({ region: REGION }),
    sfn: new sfn.SFNClient({ region: REGION }),
  };
  const stubs: AwsStub<any, any, any>[] = [];

  // Registers a fake for one command; records the call and applies any injected failure.
  function on<I extends object, O>(stub: AwsStub<any, any, any>, service: string, command: { new (input: I): unknown; name: string }, fn: (input: I) => O) {
    const label = `${service}:${command.name.replace(/Command$/, '')}`;
    stub.on(command as never).callsFake((input: I) => {
      calls.push(label);
      log.push(`${label} ${targetOf(input)}`);
      const failure = failures.get(label);
      if (failure) {
        failures.delete(label);
        throw failure;
      }
      return fn(input);
    });
  }

  // --- IAM
  const i = mockClient(clients.iam); stubs.push(i);
  const role = (name: string | undefined) => {
    const r = state.roles.get(name ?? '');
    if (!r) throw awsError('NoSuchEntityException', `The role with name ${name} cannot be found.`, 404);
    return r;
  };
  on(i, 'iam', iam.GetRoleCommand, ({ RoleName }) => {
    const r = role(RoleName);
    return { Role: { RoleName, Arn: `arn:aws:iam::${ACCOUNT}:role/${RoleName}`, AssumeRolePolicyDocument: encodeURIComponent(r.trust), Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) } };
  });
  on(i, 'iam', iam.CreateRoleCommand, ({ RoleName, AssumeRolePolicyDocument, Tags }) => {
    if (state.roles.has(RoleName!)) throw awsError('EntityAlreadyExistsException', `Role with name ${RoleName} already exists.`, 409);
    state.roles.set(RoleName!, { trust: AssumeRolePolicyDocument!, tags: Object.fromEntries((Tags ?? []).map((t) => [t.Key, t.Value])), policies: new Map() });
    return { Role: { RoleName, Arn: `arn:aws:iam::${ACCOUNT}:role/${RoleName}` } };
  });
  on(i, 'iam', iam.UpdateAssumeRolePolicyCommand, ({ RoleName, PolicyDocument }) => { role(RoleName).trust = PolicyDocument!; return {}; });
  on(i, 'iam', iam.TagRoleCommand, ({ RoleName, Tags }) => { Object.assign(role(RoleName).tags, Object.fromEntries((Tags ?? []).map((t) => [t.Key, t.Value]))); return {}; });
  on(i, 'iam', iam.GetRolePolicyCommand, ({ RoleName, PolicyName }) => {
    const doc = role(RoleName).policies.get(PolicyName!);
    if (doc === undefined) throw awsError('NoSuchEntityException', `The role policy with name ${PolicyName} cannot be found.`, 404);
    return { RoleName, PolicyName, PolicyDocument: encodeURIComponent(doc) };
  });
  on(i, 'iam', iam.PutRolePolicyCommand, ({ RoleName, PolicyName, PolicyDocument }) => { role(RoleName).policies.set(PolicyName!, PolicyDocument!); return {}; });
  on(i, 'iam', iam.ListRolePoliciesCommand, ({ RoleName }) => ({ PolicyNames: [...role(RoleName).policies.keys()] }));
  on(i, 'iam', iam.DeleteRolePolicyCommand, ({ RoleName, PolicyName }) => { role(RoleName).policies.delete(PolicyName!); return {}; });
  on(i, 'iam', iam.DeleteRoleCommand, ({ RoleName }) => { role(RoleName); state.roles.delete(RoleName!); return {}; });

  // --- S3
  const s = mockClient(clients.s3); stubs.push(s);
  const bucket = (name: string | undefined) => {
    const b = state.buckets.get(name ?? '');
    if (!b) throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    return b;
  };
  on(s, 's3', s3.HeadBucketCommand, ({ Bucket }) => { if (!state.buckets.has(Bucket!)) throw awsError('NotFound', 'Not Found', 404); return {}; });
  on(s, 's3', s3.CreateBucketCommand, ({ Bucket }) => { state.buckets.set(Bucket!, { tags: {}, objects: new Map(), notifications: {} }); return { Location: `/${Bucket}` }; });
  on(s, 's3', s3.GetBucketTaggingCommand, ({ Bucket }) => {
    const b = bucket(Bucket);
    if (Object.keys(b.tags).length === 0) throw awsError('NoSuchTagSet', 'The TagSet does not exist', 404);
    return { TagSet: Object.entries(b.tags).map(([Key, Value]) => ({ Key, Value })) };
  });
  on(s, 's3', s3.GetBucketVersioningCommand, ({ Bucket }) => { const v = bucket(Bucket).versioning; return v === undefined ? {} : { Status: v }; });
  on(s, 's3', s3.PutBucketVersioningCommand, ({ Bucket, VersioningConfiguration }) => { bucket(Bucket).versioning = VersioningConfiguration?.Status; return {}; });
  on(s, 's3', s3.PutBucketTaggingCommand, ({ Bucket, Tagging }) => { bucket(Bucket).tags = Object.fromEntries((Tagging?.TagSet ?? []).map((t) => [t.Key, t.Value])); return {}; });
  on(s, 's3', s3.HeadObjectCommand, ({ Bucket, Key }) => {
    const body = bucket(Bucket).objects.get(Key!);
    if (!body) throw awsError('NotFound', 'Not Found', 404);
    return { ETag: `"${createHash('md5').update(body).digest('hex')}"`, ContentLength: body.length };
  });
  on(s, 's3', s3.PutObjectCommand, ({ Bucket, Key, Body }) => { bucket(Bucket).objects.set(Key!, Body as Uint8Array); return {}; });
  on(s, 's3', s3.DeleteObjectCommand, ({ Bucket, Key }) => { bucket(Bucket).objects.delete(Key!); return {}; });
  on(s, 's3', s3.DeleteBucketCommand, ({ Bucket }) => {
    if (bucket(Bucket).objects.size > 0) throw awsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409);
    state.buckets.delete(Bucket!); return {};
  });
  on(s, 's3', s3.GetBucketNotificationConfigurationCommand, ({ Bucket }) => structuredClone(bucket(Bucket).notifications));
  on(s, 's3', s3.PutBucketNotificationConfigurationCommand, ({ Bucket, NotificationConfiguration }) => {
    for (const c of NotificationConfiguration?.LambdaFunctionConfigurations ?? []) {
      const name = c.LambdaFunctionArn!.split(':').pop()!;
      const fn = state.functions.get(name);
      if (!fn || !fn.policy.some((p) => p.Sid)) throw awsError('InvalidArgument', 'Unable to validate the following destination configurations', 400);
    }
    bucket(Bucket).notifications = structuredClone(NotificationConfiguration ?? {}); return {};
  });

  // --- Lambda
  const l = mockClient(clients.lambda); stubs.push(l);
  const fn = (name: string | undefined) => {
    const f = state.functions.get(name ?? '');
    if (!f) throw awsError('ResourceNotFoundException', `Function not found: ${name}`, 404);
    return f;
  };
  const sha = (zip: Uint8Array | undefined) => createHash('sha256').update(zip ?? new Uint8Array()).digest('base64');
  on(l, 'lambda', lambda.GetFunctionCommand, ({ FunctionName }) => { const f = fn(FunctionName); return { Configuration: structuredClone(f.config), Tags: { ...f.tags } }; });
  on(l, 'lambda', lambda.GetFunctionConfigurationCommand, ({ FunctionName }) => structuredClone(fn(FunctionName).config));
  on(l, 'lambda', lambda.CreateFunctionCommand, (input) => {
    if (state.functions.has(input.FunctionName!)) throw awsError('ResourceConflictException', 'Function already exist', 409);
    if (!state.roles.has(input.Role!.split('/').pop()!)) throw awsError('InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.');
    state.functions.set(input.FunctionName!, {
      config: { FunctionName: input.FunctionName!, Role: input.Role!, Handler: input.Handler!, Runtime: input.Runtime!, MemorySize: input.MemorySize!, Timeout: input.Timeout!, CodeSha256: sha(input.Code?.ZipFile), Environment: { Variables: { ...input.Environment?.Variables } }, State: 'Active', LastUpdateStatus: 'Successful' },
      tags: { ...input.Tags }, policy: [],
    });
    return {};
  });
  on(l, 'lambda', lambda.UpdateFunctionCodeCommand, ({ FunctionName, ZipFile }) => { fn(FunctionName).config.CodeSha256 = sha(ZipFile); return {}; });
  on(l, 'lambda', lambda.UpdateFunctionConfigurationCommand, (input) => {
    const f = fn(input.FunctionName);
    Object.assign(f.config, { Role: input.Role, Handler: input.Handler, Runtime: input.Runtime, MemorySize: input.MemorySize, Timeout: input.Timeout, Environment: { Variables: { ...input.Environment?.Variables } } });
    return {};
  });
  on(l, 'lambda', lambda.TagResourceCommand, ({ Resource, Tags }) => { Object.assign(fn(Resource!.split(':').pop()).tags, Tags); return {}; });
  on(l, 'lambda', lambda.GetPolicyCommand, ({ FunctionName }) => {
    const f = fn(FunctionName);
    if (f.policy.length === 0) throw awsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
    return { Policy: JSON.stringify({ Version: '2012-10-17', Statement: f.policy }) };
  });
  on(l, 'lambda', lambda.AddPermissionCommand, ({ FunctionName, StatementId }) => {
    const f = fn(FunctionName);
    if (f.policy.some((p) => p.Sid === StatementId)) throw awsError('ResourceConflictException', 'The statement id provided already exists.', 409);
    f.policy.push({ Sid: StatementId! }); return {};
  });
  on(l, 'lambda', lambda.RemovePermissionCommand, ({ FunctionName, StatementId }) => { const f = fn(FunctionName); f.policy = f.policy.filter((p) => p.Sid !== StatementId); return {}; });
  on(l, 'lambda', lambda.DeleteFunctionCommand, ({ FunctionName }) => { fn(FunctionName); state.functions.delete(FunctionName!); return {}; });

  // --- Glue
  const g = mockClient(clients.glue); stubs.push(g);
  const job = (name: string | undefined) => {
    const j = state.jobs.get(name ?? '');
    if (!j) throw awsError('EntityNotFoundException', `Job ${name} not found`, 400);
    return j;
  };
  const jobArn = (name: string) => `arn:aws:glue:${REGION}:${ACCOUNT}:job/${name}`;
  on(g, 'glue', glue.GetJobCommand, ({ JobName }) => ({ Job: structuredClone(job(JobName).job) }));
  on(g, 'glue', glue.CreateJobCommand, (input) => {
    if (state.jobs.has(input.Name!)) throw awsError('IdempotentParameterMismatchException', 'Job already exists', 400);
    const { Tags, ...spec } = input;
    state.jobs.set(input.Name!, { job: structuredClone(spec) as glue.Job, tags: { ...Tags } });
    return { Name: input.Name };
  });
  on(g, 'glue', glue.UpdateJobCommand, ({ JobName, JobUpdate }) => { const j = job(JobName); j.job = { ...structuredClone(JobUpdate) as glue.Job, Name: JobName }; return { JobName }; });
  on(g, 'glue', glue.GetTagsCommand, ({ ResourceArn }) => ({ Tags: { ...[...state.jobs.entries()].find(([n]) => jobArn(n) === ResourceArn)?.[1].tags } }));
  on(g, 'glue', glue.TagResourceCommand, ({ ResourceArn, TagsToAdd }) => { const e = [...state.jobs.entries()].find(([n]) => jobArn(n) === ResourceArn); if (e) Object.assign(e[1].tags, TagsToAdd); return {}; });
  on(g, 'glue', glue.DeleteJobCommand, ({ JobName }) => { state.jobs.delete(JobName!); return { JobName }; });

  // --- SNS
  const n = mockClient(clients.sns); stubs.push(n);
  const topic = (arn: string | undefined) => {
    const t = state.topics.get(arn ?? '');
    if (!t) throw awsError('NotFoundException', 'Topic does not exist', 404);
    return t;
  };
  on(n, 'sns', sns.GetTopicAttributesCommand, ({ TopicArn }) => { topic(TopicArn); return { Attributes: { TopicArn: TopicArn! } }; });
  on(n, 'sns', sns.CreateTopicCommand, ({ Name, Tags }) => {
    const arn = `arn:aws:sns:${REGION}:${ACCOUNT}:${Name}`;
    if (!state.topics.has(arn)) state.topics.set(arn, { tags: Object.fromEntries((Tags ?? []).map((t) => [t.Key, t.Value])), subscriptions: [] });
    return { TopicArn: arn };
  });
  on(n, 'sns', sns.ListSubscriptionsByTopicCommand, ({ TopicArn }) => ({ Subscriptions: topic(TopicArn).subscriptions.map((x) => ({ ...x, TopicArn })) }));
  on(n, 'sns', sns.SubscribeCommand, ({ TopicArn, Protocol, Endpoint }) => { topic(TopicArn).subscriptions.push({ Protocol: Protocol!, Endpoint: Endpoint! }); return { SubscriptionArn: `${TopicArn}:sub` }; });
  on(n, 'sns', sns.ListTagsForResourceCommand, ({ ResourceArn }) => ({ Tags: Object.entries(topic(ResourceArn).tags).map(([Key, Value]) => ({ Key, Value })) }));
  on(n, 'sns', sns.TagResourceCommand, ({ ResourceArn, Tags }) => { Object.assign(topic(ResourceArn).tags, Object.fromEntries((Tags ?? []).map((t) => [t.Key, t.Value]))); return {}; });
  on(n, 'sns', sns.DeleteTopicCommand, ({ TopicArn }) => { state.topics.delete(TopicArn!); return {}; });

  // --- Step Functions
  const f = mockClient(clients.sfn); stubs.push(f);
  const machineArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
  const machine = (arn: string | undefined) => {
    const m = state.machines.get(arn ?? '');
    if (!m) throw awsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`, 400);
    return m;
  };
  const publish = (arn: string) => {
    const m = machine(arn);
    const last = m.versions.at(-1);
    if (last && last.revision === m.revision) return last.arn;
    const v = { arn: `${arn}:${m.versions.length + 1}`, definition: m.definition, roleArn: m.roleArn, revision: m.revision };
    m.versions.push(v);
    return v.arn;
  };
  on(f, 'states', sfn.DescribeStateMachineCommand, ({ stateMachineArn }) => {
    const base = stateMachineArn!.replace(/:\d+$/, '');
    const m = machine(base);
    const v = base === stateMachineArn ? m : m.versions.find((x) => x.arn === stateMachineArn);
    if (!v) throw awsError('StateMachineDoesNotExist', 'no such version', 400);
    return { stateMachineArn, definition: v.definition, roleArn: v.roleArn, name: base.split(':').pop() };
  });
  on(f, 'states', sfn.CreateStateMachineCommand, ({ name, definition, roleArn, tags, publish: pub }) => {
    const arn = machineArn(name!);
    if (state.machines.has(arn)) throw awsError('StateMachineAlreadyExists', 'State Machine Already Exists', 400);
    if (!state.roles.has(roleArn!.split('/').pop()!)) throw awsError('AccessDeniedException', 'Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.');
    JSON.parse(definition!);
    state.machines.set(arn, { definition: definition!, roleArn: roleArn!, tags: tags ?? [], revision: 1, versions: [] });
    return { stateMachineArn: arn, ...(pub ? { stateMachineVersionArn: publish(arn) } : {}) };
  });
  on(f, 'states', sfn.UpdateStateMachineCommand, ({ stateMachineArn, definition, roleArn, publish: pub }) => {
    const m = machine(stateMachineArn);
    Object.assign(m, { definition: definition ?? m.definition, roleArn: roleArn ?? m.roleArn, revision: m.revision + 1 });
    return { updateDate: new Date(), ...(pub ? { stateMachineVersionArn: publish(stateMachineArn!) } : {}) };
  });
  on(f, 'states', sfn.PublishStateMachineVersionCommand, ({ stateMachineArn }) => ({ stateMachineVersionArn: publish(stateMachineArn!) }));
  on(f, 'states', sfn.DescribeStateMachineAliasCommand, ({ stateMachineAliasArn }) => {
    const v = state.aliases.get(stateMachineAliasArn!);
    if (!v) throw awsError('ResourceNotFound', 'Alias not found', 400);
    return { stateMachineAliasArn, routingConfiguration: [{ stateMachineVersionArn: v, weight: 100 }] };
  });
  on(f, 'states', sfn.CreateStateMachineAliasCommand, ({ name, routingConfiguration }) => {
    const version = routingConfiguration![0]!.stateMachineVersionArn!;
    const arn = `${version.replace(/:\d+$/, '')}:${name}`;
    state.aliases.set(arn, version);
    return { stateMachineAliasArn: arn };
  });
  on(f, 'states', sfn.UpdateStateMachineAliasCommand, ({ stateMachineAliasArn, routingConfiguration }) => { state.aliases.set(stateMachineAliasArn!, routingConfiguration![0]!.stateMachineVersionArn!); return {}; });
  on(f, 'states', sfn.ListTagsForResourceCommand, ({ resourceArn }) => ({ tags: machine(resourceArn).tags }));
  on(f, 'states', sfn.TagResourceCommand, ({ resourceArn, tags }) => { const m = machine(resourceArn); m.tags = [...m.tags.filter((t) => !(tags ?? []).some((x) => x.key === t.key)), ...(tags ?? [])]; return {}; });
  on(f, 'states', sfn.DeleteStateMachineCommand, ({ stateMachineArn }) => {
    state.machines.delete(stateMachineArn!);
    for (const k of [...state.aliases.keys()]) if (k.startsWith(`${stateMachineArn}:`)) state.aliases.delete(k);
    return {};
  });

  return {
    clients: clients as DeployClients,
    calls,
    log,
    writes: () => calls.filter(isWrite),
    failOnce: (command, error) => failures.set(command, error),
    state,
    restore: () => stubs.forEach((x) => x.restore()),
  };
}

export const FAKE_TARGET = { partition: 'aws', region: REGION, account: ACCOUNT, app: 'csv-etl', stage: 'dev' } as const;
export { awsError };
