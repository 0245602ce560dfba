import type { QueryLanguage } from '../../asl/types.js';
import { choiceArg } from './command.js';

/** `--query-language` as typed (jsonpath|jsonata, any case) to the ASL spelling. */
export function parseQueryLanguage(value: string | undefined): QueryLanguage | undefined {
  if (value === undefined) return undefined;
  return choiceArg(value, 'query-language', ['JSONPath', 'JSONata'] as const);
}

/** The `--export` and `--query-language` options shared by commands that load a pipeline. */
export const PIPELINE_ARGS = {
  export: { type: 'string', description: 'Name of the exported pipeline when the module exports several', valueHint: 'name' },
  'query-language': { type: 'string', description: 'Query language of the compiled ASL', valueHint: 'jsonpath|jsonata' },
} as const;
