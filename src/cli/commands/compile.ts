import { defineCommand } from 'citty';
import type { ArgsDef } from 'citty';
import type { CliCommand } from '../internal/command.js';
import { CliFailure, stringArg } from '../internal/command.js';
import { compilePipelineFile } from '../internal/load.js';
import { PIPELINE_ARGS, parseQueryLanguage } from '../internal/options.js';
import { emit } from '../internal/output.js';

/** `statecraft compile <pipeline.ts> [--out file] [--query-language jsonpath|jsonata]`: prints the ASL JSON. */
export const compileCommand: CliCommand = {
  def: defineCommand<ArgsDef>({
    meta: { name: 'compile', description: 'Compile a pipeline module to Amazon States Language JSON' },
    args: {
      pipeline: { type: 'positional', description: 'The pipeline module (.ts), e.g. examples/csv-etl/pipeline.ts', required: true },
      out: { type: 'string', description: 'Write the JSON to this file (atomically) instead of stdout', valueHint: 'file' },
      ...PIPELINE_ARGS,
    },
  }),
  async run(args, io) {
    const file = String(args['pipeline']);
    const queryLanguage = parseQueryLanguage(stringArg(args, 'query-language'));
    const exportName = stringArg(args, 'export');
    const compiled = await compilePipelineFile(file, io.cwd, {
      ...(queryLanguage === undefined ? {} : { queryLanguage }),
      ...(exportName === undefined ? {} : { exportName }),
    });
    if (compiled.isErr()) throw new CliFailure(compiled.error);
    const { toAslJson } = await import('../../compile/index.js');
    await emit(io, toAslJson(compiled.value.doc), stringArg(args, 'out'));
    return 0;
  },
};
