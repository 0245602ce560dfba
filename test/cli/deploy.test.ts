import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { awsError, fakeAws, isWrite } from '../deploy/helpers/fake-aws.js';
import type { FakeAws } from '../deploy/helpers/fake-aws.js';

/** The deploy engineer's small pipeline (validate → Glue stage → notify), reused as a CLI input. */
const MINI = 'test/deploy/fixtures/mini-pipeline.ts';
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
