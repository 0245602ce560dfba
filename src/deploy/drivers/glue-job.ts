import { CreateJobCommand, DeleteJobCommand, GetJobCommand, GetTagsCommand, TagResourceCommand, UpdateJobCommand } from '@aws-sdk/client-glue';
import { roleArn } from '../arns.js';
import { arnOf } from '../arns.js';
import { call, mapDiff, write } from '../internal/context.js';
import type { GlueJobResource } from '../model.js';
import type { Driver } from './driver.js';

const MISSING = ['EntityNotFoundException'];

function jobSpec(r: GlueJobResource, role: string) {
  return {
    Role: role,
    Command: { Name: r.command, ScriptLocation: r.scriptLocation, PythonVersion: r.pythonVersion },
    DefaultArguments: { ...r.defaultArguments },
    MaxCapacity: r.maxCapacity,
    ExecutionProperty: { MaxConcurrentRuns: r.maxConcurrentRuns },
  };
}

/** Glue jobs (Python shell by default). */
export const glueJobDriver: Driver<GlueJobResource> = {
  async observe(r, { clients, target }) {
    const got = await call('glue:GetJob', r.name, () => clients.glue.send(new GetJobCommand({ JobName: r.name })), MISSING);
    const job = got?.Job;
    if (job === undefined) return { action: 'create', reasons: ['job does not exist'] };
    const reasons: string[] = [];
    if (job.Role !== roleArn(target, r.roleName)) reasons.push('role changed');
    if (job.Command?.Name !== r.command) reasons.push('command changed');
    if (job.Command?.ScriptLocation !== r.scriptLocation) reasons.push('script location changed');
    if ((job.Command?.PythonVersion ?? '') !== r.pythonVersion) reasons.push('python version changed');
    if (job.MaxCapacity !== r.maxCapacity) reasons.push('capacity changed');
    if (job.ExecutionProperty?.MaxConcurrentRuns !== r.maxConcurrentRuns) reasons.push('max concurrent runs changed');
    reasons.push(...mapDiff('argument', r.defaultArguments, job.DefaultArguments));
    const tags = await call('glue:GetTags', r.name, () => clients.glue.send(new GetTagsCommand({ ResourceArn: arnOf(r, target) })));
    reasons.push(...mapDiff('tag', r.tags, tags?.Tags).filter((x) => !x.endsWith('removed')));
    return { action: reasons.length === 0 ? 'noop' : 'update', reasons };
  },

  async apply(r, { clients, target }, observed) {
    const spec = jobSpec(r, roleArn(target, r.roleName));
    if (observed.action === 'create') {
      await write('glue:CreateJob', r.name, () => clients.glue.send(new CreateJobCommand({ Name: r.name, ...spec, Tags: { ...r.tags } })));
      return;
    }
    if (observed.reasons.some((x) => !x.startsWith('tag'))) {
      await write('glue:UpdateJob', r.name, () => clients.glue.send(new UpdateJobCommand({ JobName: r.name, JobUpdate: spec })));
    }
    if (observed.reasons.some((x) => x.startsWith('tag'))) {
      await write('glue:TagResource', r.name, () => clients.glue.send(new TagResourceCommand({ ResourceArn: arnOf(r, target), TagsToAdd: { ...r.tags } })));
    }
  },

  async destroy(r, { clients }) {
    const got = await call('glue:GetJob', r.name, () => clients.glue.send(new GetJobCommand({ JobName: r.name })), MISSING);
    if (got?.Job === undefined) return 'absent';
    await write('glue:DeleteJob', r.name, () => clients.glue.send(new DeleteJobCommand({ JobName: r.name })));
    return 'deleted';
  },
};
