/**
 * A small regex-based scan of the import statements of TypeScript sources, and the
 * check of those imports against the layer arrows of DESIGN.md.
 */
import { dirname, join, normalize, relative, sep } from 'node:path';

/** One import (or re-export, or dynamic import) found in a file. */
export interface ImportRef {
  readonly specifier: string;
  /** 1-based line of the statement's start. */
  readonly line: number;
  /** `import type …`, `export type …`, or every named specifier marked `type`. */
  readonly typeOnly: boolean;
  /** The statement as written (whitespace collapsed). */
  readonly statement: string;
}

/** An import that breaks a layer arrow. */
export interface Violation {
  /** Path relative to the project root, with `/` separators. */
  readonly file: string;
  readonly line: number;
  readonly statement: string;
  readonly reason: string;
}

/** The layers of src/ (a file directly in src/ is the package root barrel). */
export type Layer = 'asl' | 'csv' | 'local' | 'dsl' | 'steps' | 'compile' | 'handlers' | 'deploy' | 'cli' | 'root';

/** Layers each layer may import (its own layer is always allowed). */
export const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  asl: [],
  csv: [],
  local: ['asl', 'csv'],
  dsl: ['steps', 'asl'],
  steps: ['asl', 'csv'],
  compile: ['dsl', 'steps', 'asl'],
  handlers: ['csv'],
  deploy: ['compile', 'steps', 'asl'],
  cli: ['asl', 'csv', 'local', 'dsl', 'steps', 'compile', 'handlers', 'deploy', 'root'],
  // The `statecraft` root barrel re-exports the public API; like every layer, it never imports cli.
  root: ['asl', 'csv', 'local', 'dsl', 'steps', 'compile', 'handlers', 'deploy'],
};

/** Layers that may import `@aws-sdk/*` at runtime. */
const AWS_SDK_LAYERS: ReadonlySet<Layer> = new Set(['deploy', 'handlers']);
const LAYERS: ReadonlySet<string> = new Set(Object.keys(ALLOWED));

/**
 * Blanks out comments (keeping newlines, so line numbers stay right) while leaving string
 * and template literals intact; a TSDoc `@example` with an import in it is not an import.
 */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') { out += ' '; i++; }
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (; i < stop; i++) out += text[i] === '\n' ? '\n' : ' ';
    } else if (c === "'" || c === '"' || c === '`') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\') i++;
        else if (c !== '`' && text[i] === '\n') break;
        i++;
      }
      i++;
      out += text.slice(start, i);
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const STATIC = /\b(import|export)\s+(type\s+)?((?:[\w$]+\s*,\s*)?(?:\{[^}]*\}|\*\s*(?:as\s+[\w$]+)?|[\w$]+))\s*from\s*(['"])([^'"]+)\4/g;
const SIDE_EFFECT = /\bimport\s*(['"])([^'"]+)\1/g;
const DYNAMIC = /\b(?:import|require)\s*\(\s*(['"])([^'"]+)\1\s*\)/g;

/** Every import, re-export, side-effect import, dynamic import and require in a source text. */
export function scanImports(text: string): ImportRef[] {
  const code = stripComments(text);
  const lineAt = lineIndex(code);
  const refs: ImportRef[] = [];
  for (const m of code.matchAll(STATIC)) {
    const clause = m[3] as string;
    const named = /\{([^}]*)\}/.exec(clause);
    const specifiers = named ? (named[1] as string).split(',').map((s) => s.trim()).filter(Boolean) : [];
    const hasDefaultOrNamespace = !named || /^[\w$]+\s*,/.test(clause);
    const allNamedAreTypes = specifiers.length > 0 && specifiers.every((s) => s.startsWith('type '));
    const typeOnly = m[2] !== undefined || (!hasDefaultOrNamespace && allNamedAreTypes);
    refs.push({ specifier: m[5] as string, line: lineAt(m.index), typeOnly, statement: collapse(m[0]) });
  }
  for (const m of code.matchAll(SIDE_EFFECT)) {
    refs.push({ specifier: m[2] as string, line: lineAt(m.index), typeOnly: false, statement: collapse(m[0]) });
  }
  for (const m of code.matchAll(DYNAMIC)) {
    refs.push({ specifier: m[2] as string, line: lineAt(m.index), typeOnly: false, statement: collapse(m[0]) });
  }
  return refs.sort((a, b) => a.line - b.line);
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ');
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** The layer of a path relative to src/ (`local/states/pass.ts` → local). */
export function layerOf(srcRelative: string): Layer | undefined {
  const parts = srcRelative.split('/');
  if (parts.length === 1) return 'root';
  const first = parts[0] as string;
  return LAYERS.has(first) && first !== 'root' ? (first as Layer) : undefined;
}

/** The layer a `statecraft` self-import points at. */
function packageLayer(specifier: string): Layer | undefined {
  if (specifier === 'statecraft') return 'root';
  const sub = specifier.slice('statecraft/'.length).split('/')[0] as string;
  return LAYERS.has(sub) && sub !== 'root' ? (sub as Layer) : undefined;
}

/**
 * Checks the imports of one file (path relative to the project root, `/` separators).
 * @returns the violations, empty when the file respects the arrows.
 */
export function checkFile(file: string, text: string): Violation[] {
  if (!file.startsWith('src/')) return [];
  const fromRel = file.slice('src/'.length);
  const from = layerOf(fromRel);
  const violations: Violation[] = [];
  const add = (ref: ImportRef, reason: string): void => {
    violations.push({ file, line: ref.line, statement: ref.statement, reason });
  };
  if (from === undefined) {
    return [{ file, line: 1, statement: '', reason: `src/${fromRel.split('/')[0]}/ is not a layer of DESIGN.md` }];
  }
  const inServices = fromRel.startsWith('local/services/');
  for (const ref of scanImports(text)) {
    const spec = ref.specifier;
    if (spec.startsWith('.')) {
      const target = normalize(join(dirname(fromRel), spec)).split(sep).join('/');
      if (target.startsWith('..')) {
        add(ref, `imports "${relative('.', join('src', target))}" from outside src/`);
        continue;
      }
      const to = layerOf(target);
      if (to === undefined) { add(ref, `imports src/${target}, which is in no layer`); continue; }
      checkLayerArrow(from, to, ref, add);
      if (to !== from && target.split('/').includes('internal')) {
        add(ref, `reaches into ${to}'s internals (src/${target}); import from src/${to}/index.ts instead`);
      }
    } else if (spec === 'statecraft' || spec.startsWith('statecraft/')) {
      const to = packageLayer(spec);
      if (to === undefined) add(ref, `imports unknown package subpath "${spec}"`);
      else checkLayerArrow(from, to, ref, add);
    } else if (spec.startsWith('@aws-sdk/')) {
      if (AWS_SDK_LAYERS.has(from)) continue;
      if (inServices && ref.typeOnly) continue;
      add(ref, inServices
        ? `src/local/services may import @aws-sdk/* types only (use "import type"); local runs without AWS`
        : `${from} may not import @aws-sdk/*; only deploy and handlers talk to AWS (handlers take injected clients)`);
    }
  }
  return violations;
}

function checkLayerArrow(from: Layer, to: Layer, ref: ImportRef, add: (ref: ImportRef, reason: string) => void): void {
  if (from === to) return;
  if (to === 'cli') { add(ref, `${from} imports cli; nothing imports cli`); return; }
  if (!ALLOWED[from].includes(to)) {
    const allowed = ALLOWED[from].length === 0 ? 'nothing of ours' : ALLOWED[from].join(', ');
    add(ref, `${from} may not import ${to} (${from} → ${allowed})`);
  }
}

/** One line per violation: `file:line: import … — reason`. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.file}:${v.line}: ${v.statement} — ${v.reason}`).join('\n');
}
