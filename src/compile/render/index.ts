/**
 * Renderers of ASL documents: Mermaid, Graphviz DOT and SVG (through WASM Graphviz).
 * They draw any `AslDocument` (compiled or loaded from JSON) and can colour an
 * execution's path like the Step Functions console. Imports only `asl` types.
 */
export { renderMermaid } from './mermaid.js';
export { renderDot } from './dot.js';
export { renderSvg } from './svg.js';
export { buildGraphModel } from './graph-model.js';
export type { ExecutionPath, GraphModel, PathStatus, RenderOptions } from './graph-model.js';
export { executionPathFromHistory, executionStepsFromHistory } from './execution-path.js';
export type { ExecutionStep, PathHistoryEvent } from './execution-path.js';
