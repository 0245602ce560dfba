import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, formatViolations, scanImports, type Violation } from './import-scan.js';

const root = resolve(import.meta.dirname, '../..');

/** Product sources under src/ (co-located *.test.ts / *.test-d.ts files are tests, not layers). */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|cts|tsx|js|mjs)$/.test(entry.name) && !/\.test(-d)?\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

describe('import scanning', () => {
  it('finds every import form with its line and type-only flag', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../asl/index.js';",
      "import { type C, type D } from '../csv/index.js';",
      'import {',
      '  e,',
      "} from '../dsl/index.js';",
      "export { f } from './f.js';",
      "export * from '../steps/index.js';",
      "import * as g from 'node:fs';",
      "import h, { i } from 'neverthrow';",
      "import './side-effect.js';",
      "const j = await import('../cli/index.js');",
      "// import { k } from '../cli/commented.js';",
      "/** @example import { l } from '../cli/doc.js' */",
      "const s = 'import { m } from \"../cli/string.js\"';",
    ].join('\n');
    expect(scanImports(text).map((r) => [r.line, r.specifier, r.typeOnly])).toStrictEqual([
      [1, './a.js', false],
      [2, '../asl/index.js', true],
      [3, '../csv/index.js', true],
      [4, '../dsl/index.js', false],
      [7, './f.js', false],
      [8, '../steps/index.js', false],
      [9, 'node:fs', false],
      [10, 'neverthrow', false],
      [11, './side-effect.js', false],
      [12, '../cli/index.js', false],
      [15, '../cli/string.js', false],
    ]);
  });
});

describe('layer arrows', () => {
  const violationsOf = (file: string, ...lines: string[]): string[] => checkFile(file, lines.join('\n')).map((v) => `${v.line}: ${v.reason}`);

  it('asl imports nothing of ours', () => {
    expect(violationsOf('src/asl/validate.ts', "import { x } from './internal/x.js';", "import { y } from '../csv/index.js';")).toStrictEqual([
      '2: asl may not import csv (asl → nothing of ours)',
    ]);
  });

  it('local imports only asl and csv, never dsl or steps', () => {
    expect(violationsOf('src/local/runner.ts',
      "import type { AslDocument } from '../asl/index.js';",
      "import { schema } from '../csv/index.js';",
      "import type { Step } from '../steps/index.js';",
      "import { pipeline } from '../dsl/index.js';")).toStrictEqual([
      '3: local may not import steps (local → asl, csv)',
      '4: local may not import dsl (local → asl, csv)',
    ]);
  });

  it('nothing imports cli, not even the root barrel', () => {
    expect(violationsOf('src/index.ts', "export { main } from './cli/index.js';")).toStrictEqual([
      '1: root imports cli; nothing imports cli',
    ]);
  });

  it('only deploy and handlers import @aws-sdk', () => {
    expect(violationsOf('src/deploy/engine.ts', "import { SFNClient } from '@aws-sdk/client-sfn';")).toStrictEqual([]);
    expect(violationsOf('src/handlers/trigger/index.ts', "import { SFNClient } from '@aws-sdk/client-sfn';")).toStrictEqual([]);
    expect(violationsOf('src/steps/glue.ts', "import { GlueClient } from '@aws-sdk/client-glue';")).toStrictEqual([
      '1: steps may not import @aws-sdk/*; only deploy and handlers talk to AWS (handlers take injected clients)',
    ]);
  });

  it('local services may import @aws-sdk types only', () => {
    expect(violationsOf('src/local/services/s3.ts',
      "import type { GetObjectCommandInput } from '@aws-sdk/client-s3';",
      "import { S3Client } from '@aws-sdk/client-s3';")).toStrictEqual([
      '2: src/local/services may import @aws-sdk/* types only (use "import type"); local runs without AWS',
    ]);
  });

  it('a layer may not reach into another layer\'s internals', () => {
    expect(violationsOf('src/compile/compile.ts', "import { walk } from '../dsl/internal/graph.js';")).toStrictEqual([
      "1: reaches into dsl's internals (src/dsl/internal/graph.js); import from src/dsl/index.ts instead",
    ]);
  });

  it('package self-imports follow the same arrows', () => {
    expect(violationsOf('src/handlers/validate/index.ts', "import { execute } from 'statecraft/local';")).toStrictEqual([
      '1: handlers may not import local (handlers → csv)',
    ]);
  });

  it('imports from outside src are reported', () => {
    expect(violationsOf('src/dsl/pipeline.ts', "import data from '../../examples/data.js';")).toStrictEqual([
      '1: imports "examples/data.js" from outside src/',
    ]);
  });
});

describe('the source tree', () => {
  it('every import under src/ follows the layer arrows of DESIGN.md', () => {
    const violations: Violation[] = [];
    const files = sourceFiles(join(root, 'src'));
    expect(files.length).toBeGreaterThan(0);
    for (const path of files) {
      const file = relative(root, path).split('\\').join('/');
      violations.push(...checkFile(file, readFileSync(path, 'utf8')));
    }
    expect(formatViolations(violations)).toBe('');
  });
});
