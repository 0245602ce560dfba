import { defineCommand } from 'citty';
import type { ArgsDef } from 'citty';
import { renderDot, renderMermaid, renderSvg } from '../../compile/render/index.js';
import type { CliCommand } from '../internal/command.js';
import { choiceArg, CliFailure, stringArg } from '../internal/command.js';
import { loadDefinition } from '../internal/load.js';
import { PIPELINE_ARGS, parseQueryLanguage } from '../internal/options.js';
import { emit } from '../internal/output.js';

/** `statecraft graph <pipeline.ts|definition.json> --format mermaid|dot|svg [--out file]`. */
export const graphCommand: CliCommand = {
  def: defineCommand<ArgsDef>({
    meta: { name: 'graph', description: 'Draw a pipeline or an ASL definition as Mermaid, DOT or SVG' },
    args: {
      file: { type: 'positional', description: 'A pipeline module (.ts) or an ASL definition (.json)', required: true },
      format: { type: 'string', description: 'Output format', valueHint: 'mermaid|dot|svg', default: 'mermaid' },
      out: { type: 'string', description: 'Write to this file (atomically) instead of stdout', valueHint: 'file' },
      direction: { type: 'string', description: 'Layout: top to bottom or left to right (default TB)', valueHint: 'TB|LR' },
      title: { type: 'string', description: 'Title drawn above the graph (default: the definition\'s Comment)', valueHint: 'text' },
      ...PIPELINE_ARGS,
    },
  }),
  async run(args, io) {
    const file = String(args['file']);
    const format = choiceArg(stringArg(args, 'format') ?? 'mermaid', 'format', ['mermaid', 'dot', 'svg'] as const);
    const queryLanguage = parseQueryLanguage(stringArg(args, 'query-language'));
    const exportName = stringArg(args, 'export');
    const doc = await loadDefinition(file, io.cwd, {
      ...(queryLanguage === undefined ? {} : { queryLanguage }),
      ...(exportName === undefined ? {} : { exportName }),
    });
    if (doc.isErr()) throw new CliFailure(doc.error);
    const direction = choiceArg(stringArg(args, 'direction') ?? 'TB', 'direction', ['TB', 'LR'] as const);
    const title = stringArg(args, 'title');
    const opts = { direction, ...(title === undefined ? {} : { title }) };
    const text = format === 'mermaid' ? renderMermaid(doc.value, opts) : format === 'dot' ? renderDot(doc.value, opts) : await renderSvg(doc.value, opts);
    await emit(io, text.endsWith('\n') ? text : `${text}\n`, stringArg(args, 'out'));
    return 0;
  },
};
