import type { AslDocument } from '../../asl/types.js';
import { buildGraphModel, STATUS_COLOURS } from './graph-model.js';
import type { GraphCluster, GraphEdge, GraphModel, GraphNode, NodeStatus, RenderOptions } from './graph-model.js';

/** Mermaid class name per status (Mermaid class names cannot hold a hyphen safely). */
const CLASS_NAMES: Readonly<Record<Exclude<NodeStatus, 'none'>, string>> = {
  succeeded: 'succeeded',
  failed: 'failed',
  caught: 'caught',
  running: 'running',
  'not-reached': 'notReached',
};

/** Escapes text for a double-quoted Mermaid label (entity codes, as Mermaid documents). */
function text(lines: readonly string[]): string {
  return lines
    .map((line) => line.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\|/g, '#124;'))
    .join('<br/>');
}

function nodeLine(node: GraphNode): string {
  const label = `"${text(node.lines)}"`;
  switch (node.kind) {
    case 'start':
    case 'end':
      return `${node.id}((${label}))`;
    case 'join':
      return `${node.id}((" "))`;
    case 'missing':
      return `${node.id}[/${label}/]`;
    case 'state':
      if (node.stateType === 'Choice') return `${node.id}{${label}}`;
      if (node.stateType === 'Succeed' || node.stateType === 'Fail') return `${node.id}([${label}])`;
      return `${node.id}(${label})`;
  }
}

function edgeLine(edge: GraphEdge): string {
  const arrow = edge.kind === 'catch' || edge.kind === 'retry' ? '-.->' : '-->';
  const label = edge.lines.length > 0 ? `|"${text(edge.lines)}"|` : '';
  return `${edge.from} ${arrow}${label} ${edge.to}`;
}

function clusterLines(cluster: GraphCluster, byId: ReadonlyMap<string, GraphNode>, indent: string): string[] {
  const out = [`${indent}subgraph ${cluster.id} ["${text([cluster.label])}"]`];
  for (const id of cluster.nodeIds) {
    const node = byId.get(id);
    if (node !== undefined) out.push(`${indent}  ${nodeLine(node)}`);
  }
  for (const child of cluster.clusters) out.push(...clusterLines(child, byId, `${indent}  `));
  out.push(`${indent}end`);
  return out;
}

/** Renders a format-independent graph model as Mermaid flowchart text. */
export function mermaidFromModel(model: GraphModel): string {
  const byId = new Map(model.nodes.map((n) => [n.id, n] as const));
  const out: string[] = [];
  if (model.title !== undefined) out.push('---', `title: ${JSON.stringify(model.title)}`, '---');
  out.push(`flowchart ${model.direction}`);
  for (const id of model.rootNodeIds) {
    const node = byId.get(id);
    if (node !== undefined) out.push(`  ${nodeLine(node)}`);
  }
  for (const cluster of model.clusters) out.push(...clusterLines(cluster, byId, '  '));
  for (const edge of model.edges) out.push(`  ${edgeLine(edge)}`);
  for (const [status, name] of Object.entries(CLASS_NAMES) as [Exclude<NodeStatus, 'none'>, string][]) {
    const ids = model.nodes.filter((n) => n.status === status).map((n) => n.id);
    if (ids.length === 0) continue;
    const c = STATUS_COLOURS[status];
    out.push(`  classDef ${name} fill:${c.fill},stroke:${c.stroke},color:${c.text}`);
    out.push(`  class ${ids.join(',')} ${name}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * Draws an ASL document as a Mermaid flowchart: Start/End, every state with its type,
 * labelled Choice and Catch edges, Retry self-loops, subgraphs for Parallel branches and
 * Map processors; with `path`, states are coloured like the Step Functions console.
 *
 * @example renderMermaid(compileOrThrow(myPipeline), { path: { Validate: 'succeeded', Stage: 'failed' } })
 */
export function renderMermaid(doc: AslDocument, opts: RenderOptions = {}): string {
  return mermaidFromModel(buildGraphModel(doc, opts));
}
