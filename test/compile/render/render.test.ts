import { describe, expect, it } from 'vitest';
import type { AslDocument } from '../../../src/asl/types.js';
import { buildGraphModel, renderDot, renderMermaid, renderSvg } from '../../../src/compile/render/index.js';

const doc = {
  StartAt: 'Load',
  States: {
    Load: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 2, IntervalSeconds: 5 }],
      Catch: [{ ErrorEquals: ['States.Timeout', 'States.ALL'], Next: 'Broken' }],
      Next: 'Big?',
    },
    'Big?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.rows', NumericGreaterThan: 1000, Next: 'Both' }],
      Default: 'Done',
    },
    Both: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } }],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Broken: { Type: 'Fail', Error: 'Load.Failed' },
  },
} satisfies AslDocument;

describe('renderMermaid', () => {
  it('draws start, end, every state, labelled choice/catch edges, retry loops and branch subgraphs', () => {
    expect(renderMermaid(doc)).toBe(`flowchart TB
  start_(("Start"))
  n1("Load<br/>Task: lambda:invoke")
  n2{"Big?<br/>Choice"}
  n4(["Done<br/>Succeed"])
  n5(["Broken<br/>Fail: Load.Failed"])
  end_(("End"))
  subgraph c1 ["Both"]
    n3("Both<br/>Parallel")
    j1((" "))
    subgraph c2 ["Branch 1"]
      n6("Left<br/>Pass")
    end
  end
  start_ --> n1
  n1 -.->|"retry Lambda.TooManyRequestsException (2×, 5s, backoff 2)"| n1
  n1 --> n2
  n1 -.->|"catch<br/>States.Timeout<br/>States.ALL"| n5
  n2 -->|"$.rows #gt; 1000"| n3
  n2 -->|"Default"| n4
  n3 --> n6
  n6 --> j1
  j1 --> n4
  n4 --> end_
  n5 --> end_
`);
  });

  it('colours an execution path like the console: succeeded, failed, caught, and grey when not reached', () => {
    const out = renderMermaid(doc, { path: { Load: 'caught', Broken: 'failed', 'Big?': 'succeeded' } });
    expect(out.split('\n').filter((l) => l.includes('class'))).toStrictEqual([
      '  classDef succeeded fill:#2bb534,stroke:#1d7a23,color:#ffffff',
      '  class n2 succeeded',
      '  classDef failed fill:#d13212,stroke:#8f220c,color:#ffffff',
      '  class n5 failed',
      '  classDef caught fill:#ff9900,stroke:#b36b00,color:#000000',
      '  class n1 caught',
      '  classDef notReached fill:#e9ebed,stroke:#aab7b8,color:#687078',
      '  class n3,n6,n4 notReached',
    ]);
  });

  it('escapes quotes and angle brackets in state names and uses the title', () => {
    const out = renderMermaid({ StartAt: 'Say "hi" <now>', States: { 'Say "hi" <now>': { Type: 'Pass', End: true } } }, { title: 'T' });
    expect(out).toContain('n1("Say #quot;hi#quot; #lt;now#gt;<br/>Pass")');
    expect(out.startsWith('---\ntitle: "T"\n---\nflowchart TB\n')).toBe(true);
    const or = renderMermaid({
      StartAt: 'C',
      States: { C: { Type: 'Choice', Choices: [{ Or: [{ Variable: '$.a', IsNull: true }, { Variable: '$.b', IsNull: true }], Next: 'E' }] }, E: { Type: 'Succeed' } },
    });
    expect(or).toContain('n1 -->|"$.a is null #124;#124; $.b is null"| n2');
  });
});

describe('renderDot', () => {
  it('draws the same graph as DOT with clusters, dashed catch edges and dotted retry loops', () => {
    expect(renderDot(doc, { direction: 'LR' })).toBe(`digraph statecraft {
  graph [rankdir=LR, fontname="Helvetica", fontsize=12];
  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#545b64", fontname="Helvetica", fontsize=11];
  edge [color="#545b64", fontname="Helvetica", fontsize=9];
  start_ [label="Start", shape=circle, fillcolor="#232f3e", fontcolor="#ffffff", width=0.6, fixedsize=true];
  n1 [label="Load\\nTask: lambda:invoke"];
  n2 [label="Big?\\nChoice", shape=diamond];
  n4 [label="Done\\nSucceed", peripheries=2];
  n5 [label="Broken\\nFail: Load.Failed", peripheries=2];
  end_ [label="End", shape=circle, fillcolor="#232f3e", fontcolor="#ffffff", width=0.6, fixedsize=true];
  subgraph cluster_c1 {
    label="Both"; style="rounded"; color="#879596";
    n3 [label="Both\\nParallel"];
    j1 [label="", shape=point, width=0.08];
    subgraph cluster_c2 {
      label="Branch 1"; style="rounded,dashed"; color="#879596";
      n6 [label="Left\\nPass"];
    }
  }
  start_ -> n1;
  n1 -> n1 [label="retry Lambda.TooManyRequestsException (2×, 5s, backoff 2)", style=dotted, color="#687078", fontcolor="#687078"];
  n1 -> n2;
  n1 -> n5 [label="catch\\nStates.Timeout\\nStates.ALL", style=dashed, color="#ec7211", fontcolor="#ec7211"];
  n2 -> n3 [label="$.rows > 1000"];
  n2 -> n4 [label="Default", style=bold];
  n3 -> n6;
  n6 -> j1;
  j1 -> n4;
  n4 -> end_;
  n5 -> end_;
}
`);
  });

  it('escapes backslashes and quotes in DOT strings and colours path states', () => {
    const name = 'a\\b "c"';
    const out = renderDot({ StartAt: name, States: { [name]: { Type: 'Pass', End: true } } }, { path: { [name]: 'succeeded' } });
    expect(out).toContain('n1 [label="a\\\\b \\"c\\"\\nPass", fillcolor="#2bb534", color="#1d7a23", fontcolor="#ffffff"];');
  });

  it('gives byte-identical output for the same document', () => {
    expect(renderDot(structuredClone(doc))).toBe(renderDot(doc));
  });
});

describe('choice rule labels', () => {
  it('summarises nested And/Or/Not, type tests, path comparisons and JSONata conditions', () => {
    const model = buildGraphModel({
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [
            { And: [{ Variable: '$.a', IsPresent: true }, { Or: [{ Variable: '$.b', StringEquals: 'x' }, { Not: { Variable: '$.c', NumericLessThanPath: '$.d' } }] }], Next: 'E' },
          ],
          Default: 'E',
        },
        E: { Type: 'Succeed' },
      },
    });
    const labels = model.edges.filter((e) => e.kind === 'choice').map((e) => e.lines.join());
    expect(labels).toStrictEqual(['$.a is present && ($.b == "x" || !$.c < $.d)']);
    const jsonata = buildGraphModel({
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: { C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.count > 1 %}', Next: 'E' }] }, E: { Type: 'Succeed' } },
    });
    expect(jsonata.edges.filter((e) => e.kind === 'choice').map((e) => e.lines.join())).toStrictEqual(['$states.input.count > 1']);
  });

  it('says under each name what a state calls or waits for', () => {
    const model = buildGraphModel({
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:copyObject', Next: 'B' },
        B: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:score', Next: 'C' },
        C: { Type: 'Wait', Seconds: 5430, Next: 'D' },
        D: { Type: 'Wait', TimestampPath: '$.at', Next: 'E' },
        E: { Type: 'Fail', Error: 'Nope' },
      },
    });
    expect(model.nodes.filter((n) => n.kind === 'state').map((n) => n.lines[1])).toStrictEqual([
      'Task: s3:copyObject',
      'Task: lambda score',
      'Wait 1h 30m 30s',
      'Wait until $.at',
      'Fail: Nope',
    ]);
  });

  it('lists up to three error names per retry or catch edge, one per line, and counts the rest', () => {
    const model = buildGraphModel({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::glue:startJobRun.sync',
          Retry: [{ ErrorEquals: ['A.One', 'A.Two', 'A.Three', 'A.Four', 'A.Five'], IntervalSeconds: 30, MaxAttempts: 6, MaxDelaySeconds: 600, JitterStrategy: 'FULL' }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }],
          End: true,
        },
        F: { Type: 'Fail' },
      },
    });
    expect(model.edges.filter((e) => e.kind === 'retry' || e.kind === 'catch').map((e) => e.lines)).toStrictEqual([
      ['retry (6×, 30s, backoff 2, max 600s, jitter)', 'A.One', 'A.Two', 'A.Three', '+2 more'],
      ['catch States.ALL'],
    ]);
  });

  it('draws a Map processor as a cluster and a missing target as a marked node', () => {
    const model = buildGraphModel({
      StartAt: 'Each',
      States: {
        Each: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, Next: 'Nowhere' },
      },
    });
    expect(model.clusters.map((c) => [c.label, c.kind, c.clusters.map((k) => k.label)])).toStrictEqual([
      ['Each', 'map', ['Item processor (distributed)']],
    ]);
    expect(model.nodes.find((n) => n.kind === 'missing')?.lines).toStrictEqual(['Nowhere', '(no such state)']);
  });
});

/** Checks that every tag is closed in order (a small well-formedness check; no XML parser is a dependency). */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/<\?xml[^>]*\?>/g, '').replace(/<!DOCTYPE[^>]*>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)([^>]*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing === '/') continue;
    if (closing === '/') {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else stack.push(name ?? '');
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(', ')}`);
  if (/<(?![/!?A-Za-z])/.test(body)) throw new Error('stray <');
}

describe('renderSvg', () => {
  it('lays the DOT out with WASM Graphviz into well-formed SVG holding every state name', async () => {
    const svg = await renderSvg(doc, { path: { Load: 'succeeded' } });
    expect(svg).toMatch(/<svg[\s>]/);
    expect(() => assertWellFormedXml(svg)).not.toThrow();
    for (const name of ['Load', 'Big?', 'Both', 'Left', 'Done', 'Broken', 'Start', 'End']) {
      expect(svg).toContain(`>${name}</text>`);
    }
    expect(svg).toContain('fill="#2bb534"');
    expect(await renderSvg(doc, { path: { Load: 'succeeded' } })).toBe(svg);
  });
});
