/**
 * Depth-first walks over a pipeline graph in chain order (deterministic).
 */
import type { ChainData, MapNode, Node } from '../../dsl/graph.js';
import type { AnyStep } from '../../steps/step.js';

/** Every sub-chain of a node, in a fixed order. */
function subChains(node: Node): readonly ChainData[] {
  switch (node.kind) {
    case 'step':
      return node.catch.map((c) => c.handler);
    case 'choice':
      return [...node.rules.map((r) => r.branch), ...(node.otherwise === undefined ? [] : [node.otherwise])];
    case 'parallel':
      return [...node.branches, ...node.catch.map((c) => c.handler)];
    case 'map':
      return [node.processor, ...node.catch.map((c) => c.handler)];
    case 'succeed':
    case 'fail':
      return [];
  }
}

/** Calls `fn` for every node of the chain and its sub-chains. */
export function forEachNode(chain: ChainData, fn: (node: Node) => void): void {
  for (const node of chain.nodes) {
    fn(node);
    for (const sub of subChains(node)) forEachNode(sub, fn);
  }
}

/** Every step (including saga compensations), in walk order. */
export function allSteps(chain: ChainData): AnyStep[] {
  const out: AnyStep[] = [];
  forEachNode(chain, (node) => {
    if (node.kind === 'step') out.push(node.step);
    if ((node.kind === 'step' || node.kind === 'map' || node.kind === 'parallel') && node.compensation !== undefined) {
      out.push(node.compensation.step);
    }
  });
  return out;
}

/** Every distributed (CSV) map node. */
export function distributedMaps(chain: ChainData): MapNode[] {
  const out: MapNode[] = [];
  forEachNode(chain, (node) => {
    if (node.kind === 'map' && node.source.kind === 'csv') out.push(node);
  });
  return out;
}
