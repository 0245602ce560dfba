import { readFileSync } from 'node:fs';
import { compileJsonata } from '../../../src/local/expr/index.js';
const input = JSON.parse(readFileSync('/work/shared/bench/workloads/jsonata-transform/input.json', 'utf8'))[0] ?? JSON.parse(readFileSync('/work/shared/bench/workloads/jsonata-transform/input.json', 'utf8'));
const inp = Array.isArray(input) ? input[0] : input;
const orders = inp.orders;
const enrichP = compileJsonata("{% $orders.{ 'id': id, 'region': region, 'total': qty * price } %}")._unsafeUnwrap();
const vars: Record<string, unknown> = Object.create(null);
vars.orders = orders; vars.threshold = 300;
const enriched = await enrichP.evaluate({ states: { input: inp, context: {} }, vars });
vars.enriched = enriched;
const exprs = {
  count: '{% $count($states.input.orders) %}',
  enrich: "{% $orders.{ 'id': id, 'region': region, 'total': qty * price } %}",
  grand: '{% $sum($enriched.total) %}',
  big: '{% $count($enriched[total > $threshold]) %}',
  byRegion: '{% $enriched{ region: $sum(total) } %}',
  top: '{% ($sorted := $sort($enriched, function($a, $b) { $a.total < $b.total }); $sorted[[0..2]].id) %}',
};
for (const [k, e] of Object.entries(exprs)) {
  const p = compileJsonata(e)._unsafeUnwrap();
  const b = { states: { input: { ...inp, count: 1000 }, context: {} }, vars };
  await p.evaluate(b);
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) await p.evaluate(b);
  console.log(k, ((performance.now() - t0) / 20).toFixed(2), 'ms');
}
