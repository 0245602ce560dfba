import { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { AslDocument } from '../../asl/types.js';
import { renderDot } from './dot.js';
import type { RenderOptions } from './graph-model.js';

let graphviz: Promise<Graphviz> | undefined;

/** Loads the WASM Graphviz once per process (about 1 MB of WASM; no system packages). */
function loadGraphviz(): Promise<Graphviz> {
  graphviz ??= Graphviz.load();
  return graphviz;
}

/**
 * Draws an ASL document as SVG: its DOT ({@link renderDot}) laid out by Graphviz's `dot`
 * engine compiled to WebAssembly. Deterministic for a given document and options.
 */
export async function renderSvg(doc: AslDocument, opts: RenderOptions = {}): Promise<string> {
  const gv = await loadGraphviz();
  return gv.dot(renderDot(doc, opts), 'svg');
}
