import type { AslDocument, State, StateMachineFragment, StateType } from '../../asl/types.js';
import { catchLines, choiceRuleText, retryLines, stateTypeText } from './rule-text.js';

/**
 * Status of a state in one execution, as the Step Functions console colours it.
 * States absent from a given path are drawn as not reached.
 */
export type PathStatus = 'succeeded' | 'failed' | 'caught' | 'running';

/** An execution's path: the status of each state it entered, by state name. */
export type ExecutionPath = Readonly<Record<string, PathStatus>>;

/** Options shared by every renderer. */
export interface RenderOptions {
  /** Colour states by an execution's statuses; states not listed are grey ("not reached"). */
  readonly path?: ExecutionPath;
  /** Layout direction. @default 'TB' */
  readonly direction?: 'TB' | 'LR';
  /** A title drawn above the graph. @default the document's Comment, if any */
  readonly title?: string;
}

/** How a node is drawn: by the colours of its path status, or plain. */
export type NodeStatus = PathStatus | 'not-reached' | 'none';

/** A node of the drawable graph. */
export interface GraphNode {
  readonly id: string;
  readonly kind: 'start' | 'end' | 'state' | 'join' | 'missing';
  /** Lines of the label; the renderer joins them with its own line break. */
  readonly lines: readonly string[];
  readonly stateType?: StateType;
  readonly status: NodeStatus;
}

/** An edge of the drawable graph. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'next' | 'choice' | 'default' | 'catch' | 'retry' | 'branch';
  readonly lines: readonly string[];
}

/** A group of nodes drawn together: a Parallel or Map state with its branches or processor. */
export interface GraphCluster {
  readonly id: string;
  readonly label: string;
  readonly kind: 'parallel' | 'map' | 'branch' | 'processor';
  readonly nodeIds: readonly string[];
  readonly clusters: readonly GraphCluster[];
}

/** The drawable graph of an ASL document, independent of the output format. */
export interface GraphModel {
  readonly title: string | undefined;
  readonly direction: 'TB' | 'LR';
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Ids of the nodes that belong to no cluster, in drawing order. */
  readonly rootNodeIds: readonly string[];
  readonly clusters: readonly GraphCluster[];
}

interface MutableScope {
  readonly nodeIds: string[];
  readonly clusters: GraphCluster[];
}

/** Ids of the fixed Start and End nodes. */
export const START_ID = 'start_';
/** @see START_ID */
export const END_ID = 'end_';

/**
 * Turns an ASL document into a format-independent graph: Start and End, every state,
 * Next/Default/Choice/Catch edges, Retry self-loops, and clusters for Parallel branches
 * and Map processors. Deterministic: ids follow the order of the document's states.
 */
export function buildGraphModel(doc: AslDocument, opts: RenderOptions = {}): GraphModel {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const root: MutableScope = { nodeIds: [], clusters: [] };
  let stateCounter = 0;
  let joinCounter = 0;
  let clusterCounter = 0;
  let missingCounter = 0;

  const statusOf = (name: string): NodeStatus => {
    if (opts.path === undefined) return 'none';
    return Object.hasOwn(opts.path, name) ? (opts.path[name] ?? 'not-reached') : 'not-reached';
  };

  const addNode = (scope: MutableScope, node: GraphNode): void => {
    nodes.push(node);
    scope.nodeIds.push(node.id);
  };

  /** Draws one fragment's states into `scope`, entered from `enterFrom`; terminal states lead to `exitId`. */
  const drawFragment = (fragment: StateMachineFragment, scope: MutableScope, enterFrom: string, exitId: string, enterKind: GraphEdge['kind']): void => {
    const ids = new Map<string, string>();
    for (const name of Object.keys(fragment.States)) ids.set(name, `n${++stateCounter}`);
    const target = (name: string): string => {
      const known = ids.get(name);
      if (known !== undefined) return known;
      const id = `m${++missingCounter}`;
      addNode(scope, { id, kind: 'missing', lines: [name, '(no such state)'], status: 'none' });
      ids.set(name, id);
      return id;
    };
    edges.push({ from: enterFrom, to: target(fragment.StartAt), kind: enterKind, lines: [] });

    for (const [name, state] of Object.entries(fragment.States)) {
      const id = ids.get(name) ?? target(name);
      const lines = [name, stateTypeText(state)];
      const node: GraphNode = { id, kind: 'state', lines, stateType: state.Type, status: statusOf(name) };
      const from = drawState(name, state, node, scope);
      if ('Retry' in state && state.Retry !== undefined && state.Retry.length > 0) {
        edges.push({ from: id, to: id, kind: 'retry', lines: retryLines(state.Retry) });
      }
      switch (state.Type) {
        case 'Choice':
          for (const rule of state.Choices) {
            edges.push({ from, to: target(rule.Next), kind: 'choice', lines: [choiceRuleText(rule)] });
          }
          if (state.Default !== undefined) edges.push({ from, to: target(state.Default), kind: 'default', lines: ['Default'] });
          break;
        case 'Succeed':
        case 'Fail':
          edges.push({ from, to: exitId, kind: 'next', lines: [] });
          break;
        case 'Task':
        case 'Pass':
        case 'Wait':
        case 'Parallel':
        case 'Map':
          if (state.Next !== undefined) edges.push({ from, to: target(state.Next), kind: 'next', lines: [] });
          else if (state.End === true) edges.push({ from, to: exitId, kind: 'next', lines: [] });
          break;
        default:
          assertNever(state);
      }
      if ('Catch' in state && state.Catch !== undefined) {
        for (const catcher of state.Catch) {
          edges.push({ from: id, to: target(catcher.Next), kind: 'catch', lines: catchLines(catcher.ErrorEquals) });
        }
      }
    }
  };

  /** Adds the state's node (and clusters for nested machines); returns the node its outgoing edges leave from. */
  const drawState = (name: string, state: State, node: GraphNode, scope: MutableScope): string => {
    if (state.Type !== 'Parallel' && state.Type !== 'Map') {
      addNode(scope, node);
      return node.id;
    }
    const clusterId = `c${++clusterCounter}`;
    const outer: MutableScope = { nodeIds: [], clusters: [] };
    addNode(outer, node);
    const joinId = `j${++joinCounter}`;
    const fragments: { label: string; fragment: StateMachineFragment }[] = [];
    if (state.Type === 'Parallel') {
      state.Branches.forEach((branch, i) => fragments.push({ label: `Branch ${i + 1}`, fragment: branch }));
    } else {
      const processor = state.ItemProcessor ?? state.Iterator;
      const mode = state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED' ? 'distributed' : 'inline';
      if (processor !== undefined) fragments.push({ label: `Item processor (${mode})`, fragment: processor });
    }
    for (const { label, fragment } of fragments) {
      const innerId = `c${++clusterCounter}`;
      const inner: MutableScope = { nodeIds: [], clusters: [] };
      drawFragment(fragment, inner, node.id, joinId, 'branch');
      outer.clusters.push({
        id: innerId,
        label,
        kind: state.Type === 'Parallel' ? 'branch' : 'processor',
        nodeIds: inner.nodeIds,
        clusters: inner.clusters,
      });
    }
    addNode(outer, { id: joinId, kind: 'join', lines: [], status: 'none' });
    scope.clusters.push({
      id: clusterId,
      label: name,
      kind: state.Type === 'Parallel' ? 'parallel' : 'map',
      nodeIds: outer.nodeIds,
      clusters: outer.clusters,
    });
    return joinId;
  };

  addNode(root, { id: START_ID, kind: 'start', lines: ['Start'], status: 'none' });
  drawFragment(doc, root, START_ID, END_ID, 'next');
  addNode(root, { id: END_ID, kind: 'end', lines: ['End'], status: 'none' });

  return {
    title: opts.title ?? doc.Comment,
    direction: opts.direction ?? 'TB',
    nodes,
    edges,
    rootNodeIds: root.nodeIds,
    clusters: root.clusters,
  };
}

/** Fill, border and text colours per status (Step Functions console palette). */
export const STATUS_COLOURS: Readonly<Record<Exclude<NodeStatus, 'none'>, { fill: string; stroke: string; text: string }>> = {
  succeeded: { fill: '#2bb534', stroke: '#1d7a23', text: '#ffffff' },
  failed: { fill: '#d13212', stroke: '#8f220c', text: '#ffffff' },
  caught: { fill: '#ff9900', stroke: '#b36b00', text: '#000000' },
  running: { fill: '#0073bb', stroke: '#004f80', text: '#ffffff' },
  'not-reached': { fill: '#e9ebed', stroke: '#aab7b8', text: '#687078' },
};

function assertNever(value: never): never {
  throw new Error(`unexpected state: ${JSON.stringify(value)}`);
}
