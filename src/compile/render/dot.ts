import type { AslDocument } from '../../asl/types.js';
import { buildGraphModel, STATUS_COLOURS } from './graph-model.js';
import type { GraphCluster, GraphEdge, GraphModel, GraphNode, RenderOptions } from './graph-model.js';

const INK = '#545b64';

/** A DOT double-quoted string holding `lines` separated by centred line breaks. */
function quote(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, ' ')).join('\\n')}"`;
}

function attrs(pairs: readonly (readonly [string, string])[]): string {
  return pairs.length === 0 ? '' : ` [${pairs.map(([k, v]) => `${k}=${v}`).join(', ')}]`;
}

function nodeStatement(node: GraphNode): string {
  const pairs: [string, string][] = [['label', quote(node.lines)]];
  switch (node.kind) {
    case 'start':
    case 'end':
      pairs.push(['shape', 'circle'], ['fillcolor', '"#232f3e"'], ['fontcolor', '"#ffffff"'], ['width', '0.6'], ['fixedsize', 'true']);
      break;
    case 'join':
      pairs.push(['shape', 'point'], ['width', '0.08']);
      break;
    case 'missing':
      pairs.push(['shape', 'note'], ['style', '"dashed"'], ['color', '"#d13212"']);
      break;
    case 'state':
      if (node.stateType === 'Choice') pairs.push(['shape', 'diamond']);
      if (node.stateType === 'Succeed' || node.stateType === 'Fail') pairs.push(['peripheries', '2']);
      break;
  }
  if (node.status !== 'none') {
    const c = STATUS_COLOURS[node.status];
    pairs.push(['fillcolor', quote([c.fill])], ['color', quote([c.stroke])], ['fontcolor', quote([c.text])]);
  }
  return `${node.id}${attrs(pairs)};`;
}

function edgeStatement(edge: GraphEdge): string {
  const pairs: [string, string][] = [];
  if (edge.lines.length > 0) pairs.push(['label', quote(edge.lines)]);
  if (edge.kind === 'catch') pairs.push(['style', 'dashed'], ['color', '"#ec7211"'], ['fontcolor', '"#ec7211"']);
  if (edge.kind === 'retry') pairs.push(['style', 'dotted'], ['color', '"#687078"'], ['fontcolor', '"#687078"']);
  if (edge.kind === 'default') pairs.push(['style', 'bold']);
  return `${edge.from} -> ${edge.to}${attrs(pairs)};`;
}

function clusterStatements(cluster: GraphCluster, byId: ReadonlyMap<string, GraphNode>, indent: string): string[] {
  const style = cluster.kind === 'parallel' || cluster.kind === 'map' ? '"rounded"' : '"rounded,dashed"';
  const out = [
    `${indent}subgraph cluster_${cluster.id} {`,
    `${indent}  label=${quote([cluster.label])}; style=${style}; color="#879596";`,
  ];
  for (const id of cluster.nodeIds) {
    const node = byId.get(id);
    if (node !== undefined) out.push(`${indent}  ${nodeStatement(node)}`);
  }
  for (const child of cluster.clusters) out.push(...clusterStatements(child, byId, `${indent}  `));
  out.push(`${indent}}`);
  return out;
}

/** Renders a format-independent graph model as Graphviz DOT text. */
export function dotFromModel(model: GraphModel): string {
  const byId = new Map(model.nodes.map((n) => [n.id, n] as const));
  const graph: [string, string][] = [['rankdir', model.direction], ['fontname', '"Helvetica"'], ['fontsize', '12']];
  if (model.title !== undefined) graph.push(['label', quote([model.title])], ['labelloc', 't']);
  const out = [
    'digraph statecraft {',
    `  graph${attrs(graph)};`,
    `  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="${INK}", fontname="Helvetica", fontsize=11];`,
    `  edge [color="${INK}", fontname="Helvetica", fontsize=9];`,
  ];
  for (const id of model.rootNodeIds) {
    const node = byId.get(id);
    if (node !== undefined) out.push(`  ${nodeStatement(node)}`);
  }
  for (const cluster of model.clusters) out.push(...clusterStatements(cluster, byId, '  '));
  for (const edge of model.edges) out.push(`  ${edgeStatement(edge)}`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

/**
 * Draws an ASL document as Graphviz DOT: the same content as {@link renderMermaid}
 * (clusters for Parallel branches and Map processors, dashed Catch edges, dotted Retry
 * self-loops, console colours with `path`).
 */
export function renderDot(doc: AslDocument, opts: RenderOptions = {}): string {
  return dotFromModel(buildGraphModel(doc, opts));
}
