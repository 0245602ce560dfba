import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { awsError, fakeAws, isWrite } from '../deploy/helpers/fake-aws.js';
import type { FakeAws } from '../deploy/helpers/fake-aws.js';

/** The deploy engineer's small pipeline (validate → Glue stage → notify), reused as a CLI input. */
const MINI = 'test/deploy/fixtures/mini-pipeline.ts';
/** The flagship example. */
const CSV_ETL = 'examples/csv-etl/pipeline.ts';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TARGET = ['--stage', 'dev', '--region', 'eu-west-1', '--account', '123456789012'];

let aws: FakeAws;
beforeEach(() => {
  aws = fakeAws();
});
afterEach(() => aws.restore());

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd: ROOT, isTty: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, {
    deployClients: aws.clients,
    sleep: async () => {},
  });
  return { code, stdout, stderr };
}

describe('statecraft plan / deploy / diff / destroy', () => {
  it('plan --offline --json prints the full plan with its policies and makes no AWS call', async () => {
    const r = await cli('plan', MINI, '--stage', 'dev', '--region', 'eu-west-1', '--offline', '--json');
    expect(r.code).toBe(0);
    expect(aws.calls).toStrictEqual([]);
    const plan = JSON.parse(r.stdout) as { changes: { action: string; resource: { kind: string; name?: string; zip?: unknown; policy?: { Statement: { Action: string[] }[] } } }[]; stateMachineArn: string };
    expect(plan.stateMachineArn).toBe('arn:aws:states:eu-west-1:000000000000:stateMachine:mini-dev-mini');
    expect(plan.changes.every((c) => c.action === 'create')).toBe(true);
    const roles = plan.changes.filter((c) => c.resource.kind === 'role').map((c) => c.resource);
    expect(roles.map((r) => r.name)).toStrictEqual(['mini-dev-stage-glue', 'mini-dev-validate-fn', 'mini-dev-trigger-fn', 'mini-dev-mini-sfn']);
    for (const role of roles) for (const s of role.policy?.Statement ?? []) for (const a of s.Action) expect(a).not.toContain('*');
    const fn = plan.changes.find((c) => c.resource.kind === 'function')?.resource;
    expect(fn?.zip).toStrictEqual({ bytes: expect.any(Number) });
  }, 60_000);

  it('deploy shows progress per resource and a summary; a second deploy writes nothing', async () => {
    const first = await cli('deploy', MINI, ...TARGET);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('  ✔ created role mini-dev-mini-sfn\n');
    expect(first.stdout).toContain('  ✔ created state-machine mini-dev-mini\n');
    expect(first.stdout).toContain('state machine: arn:aws:states:eu-west-1:123456789012:stateMachine:mini-dev-mini (alias live)\n');
    expect(first.stdout).toMatch(/console: https:\/\/.*console\.aws\.amazon\.com\/states\//);
    const before = aws.calls.length;
    const second = await cli('deploy', MINI, ...TARGET);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing to do: everything is up to date (no write call made)');
    expect(aws.calls.slice(before).filter(isWrite)).toStrictEqual([]);
    const diff = await cli('diff', MINI, ...TARGET);
    expect(diff).toStrictEqual({ code: 0, stderr: '', stdout: 'diff against arn:aws:states:eu-west-1:123456789012:stateMachine:mini-dev-mini\n  no differences\n' });
  }, 60_000);

  it('diff before the first deploy lists every state as new', async () => {
    const r = await cli('diff', MINI, ...TARGET);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:mini-dev-mini is not deployed yet: everything is new');
    expect(r.stdout).toMatch(/\n {2}\+ state /);
  }, 60_000);

  it('destroy needs --yes, then deletes in reverse order', async () => {
    expect(await cli('destroy', MINI, ...TARGET)).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: `statecraft destroy: this deletes every resource of ${MINI} in stage dev; re-run with --yes to confirm\n`,
    });
    await cli('deploy', MINI, ...TARGET);
    const r = await cli('destroy', MINI, ...TARGET, '--yes');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('  ✔ deleted state-machine mini-dev-mini');
    expect(r.stdout).toMatch(/destroyed: \d+ deleted, \d+ already absent\n$/);
  }, 60_000);

  it('AccessDenied names the action and resource: one message, exit 1, no stack trace', async () => {
    aws.failOnce('iam:GetRole', awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:GetRole', 403));
    const r = await cli('plan', MINI, ...TARGET);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^statecraft plan: test\/deploy\/fixtures\/mini-pipeline\.ts: Access denied: iam:GetRole on mini-dev-stage-glue\. /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('missing credentials: one clear message, exit 1', async () => {
    aws.failOnce('iam:GetRole', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const r = await cli('deploy', MINI, ...TARGET);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No AWS credentials were found');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('plan --offline --json of the csv-etl example with a workgroup: every policy, no wildcard action, the jobs\' Redshift arguments', async () => {
    const wg = 'arn:aws:redshift-serverless:eu-west-1:000000000000:workgroup/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9';
    const r = await cli('plan', CSV_ETL, '--stage', 'dev', '--region', 'eu-west-1', '--offline', '--json', '--redshift-workgroup', wg, '--redshift-database', 'analytics');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(aws.calls).toStrictEqual([]);
    type Planned = { kind: string; name?: string; key?: string; defaultArguments?: Record<string, string>; policy?: { Statement: { Action: string[]; Resource: string[] }[] } };
    const plan = JSON.parse(r.stdout) as { warnings: string[]; changes: { action: string; resource: Planned }[] };
    expect(plan.warnings).toStrictEqual([]);
    const roles = plan.changes.map((c) => c.resource).filter((x) => x.kind === 'role');
    expect(roles).toHaveLength(5);
    expect(roles.flatMap((x) => x.policy?.Statement ?? []).flatMap((s) => s.Action).filter((a) => a.includes('*'))).toStrictEqual([]);
    expect(plan.changes.map((c) => c.resource).find((x) => x.name === 'csv-etl-dev-stage')?.defaultArguments).toStrictEqual({
      '--archive-prefix': 'archive/', '--manifest-prefix': 'manifests/', '--redshift-database': 'analytics', '--redshift-workgroup': wg,
    });
    expect(plan.changes.map((c) => c.resource).filter((x) => x.kind === 'object').map((x) => x.key)).toStrictEqual(['scripts/stage.py', 'scripts/transform.py', 'scripts/transform/transform.sql']);
  }, 60_000);

  it('plan without a Redshift target ends with a warning that the Glue jobs get no Redshift access', async () => {
    const r = await cli('plan', CSV_ETL, '--stage', 'dev', '--offline');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('warning: the Glue jobs stage, transform get no Redshift access and no --redshift-* arguments: give the target (--redshift-workgroup <ARN>, or --redshift-cluster <id>; with --redshift-database) if they load Redshift');
  }, 60_000);

  it('deploy without any credentials (real process, nothing reachable): one message, exit 1, no stack trace', () => {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
    Object.assign(env, {
      AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_PROFILE: '',
      // Never reach the network: no instance metadata, no shared config or credentials files.
      AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', NO_COLOR: '1',
    });
    const r = spawnSync(process.execPath, ['bin/statecraft.mjs', 'deploy', CSV_ETL, '--stage', 'dev'], { cwd: ROOT, encoding: 'utf8', env, timeout: 50_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`statecraft deploy: ${CSV_ETL}: No AWS credentials were found (Could not load credentials from any providers). Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile; or use --offline to plan without AWS.\n`);
  }, 60_000);

  it.each([
    [['plan', MINI, '--stage', 'dev', '--offline', '--redshift-workgroup', 'arn:aws:redshift-serverless:eu-west-1:000000000000:workgroup/x', '--redshift-cluster', 'main'], 'statecraft plan: --redshift-workgroup and --redshift-cluster exclude each other; give one\n'],
    [['plan', MINI, '--stage', 'dev', '--offline', '--redshift-database', 'dw'], 'statecraft plan: the Redshift database, secret or db user was given without a target: add --redshift-workgroup <arn> or --redshift-cluster <id>\n'],
    [['plan', MINI, '--offline', '--stage', 'dev', '--redshift-workgroup', 'arn:aws:redshift-serverless:eu-west-1:000000000000:workgroup/x', '--redshift-db-user', 'etl'], 'statecraft plan: --redshift-db-user is for a provisioned cluster (--redshift-cluster), not a workgroup\n'],
  ])('bad Redshift flags %j: exit 2 before any AWS call', async (argv, message) => {
    expect(await cli(...argv)).toStrictEqual({ code: 2, stdout: '', stderr: message });
    expect(aws.calls).toStrictEqual([]);
  });

  it('a workgroup given by name is refused with the way to find its ARN (exit 2)', async () => {
    const r = await cli('plan', CSV_ETL, '--stage', 'dev', '--offline', '--redshift-workgroup', 'etl');
    expect(r).toStrictEqual({
      code: 2, stdout: '',
      stderr: `statecraft plan: ${CSV_ETL}: Invalid option redshift.workgroup: 'etl' is a name: give the workgroup ARN instead of its name (aws redshift-serverless get-workgroup --workgroup-name <name> --query workgroup.workgroupArn), so the role can be scoped to that workgroup\n`,
    });
  }, 60_000);

  it.each([
    [['plan', MINI, '--offline'], 'statecraft plan: which stage? pass --stage <name> (e.g. --stage dev) or set STATECRAFT_STAGE\n'],
    [['plan', MINI, '--stage', 'Dev!', '--offline'], "statecraft plan: --stage must be 1 to 16 lowercase letters, digits or '-' (got 'Dev!')\n"],
    [['deploy', MINI, '--stage', 'dev', '--account', '42'], "statecraft deploy: --account must be 12 digits (got '42')\n"],
    [['deploy', MINI, '--stage', 'dev', '--trigger', 'nope'], "statecraft deploy: --trigger must be <bucket>/<prefix> or none (got 'nope')\n"],
    [['deploy', 'missing.ts', '--stage', 'dev'], 'statecraft deploy: missing.ts: no such file\n'],
  ])('bad input %j: exit 2 before any AWS call', async (argv, message) => {
    const saved = process.env['STATECRAFT_STAGE'];
    delete process.env['STATECRAFT_STAGE'];
    try {
      expect(await cli(...argv)).toStrictEqual({ code: 2, stdout: '', stderr: message });
      expect(aws.calls).toStrictEqual([]);
    } finally {
      if (saved !== undefined) process.env['STATECRAFT_STAGE'] = saved;
    }
  });
});
