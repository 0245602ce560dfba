import jsonata from 'jsonata';
import { readFileSync } from 'node:fs';
import { JSONATA_FUNCTIONS } from '../../../src/local/expr/internal/jsonata-functions.js';
const raw = JSON.parse(readFileSync('/work/shared/bench/workloads/jsonata-transform/input.json', 'utf8'));
const inp = Array.isArray(raw) ? raw[0] : raw;
const enriched = await jsonata("$orders.{ 'id': id, 'region': region, 'total': qty * price }").evaluate(null, { orders: inp.orders });
const e = jsonata('($sorted := $sort($enriched, function($a, $b) { $a.total < $b.total }); $sorted[[0..2]].id)');
for (let round = 0; round < 3; round++) {
  for (const [name, b] of [['builtin', { enriched }], ['ours', { enriched, sort: JSONATA_FUNCTIONS.sort }]] as const) {
    const t0 = performance.now();
    let r;
    for (let i = 0; i < 10; i++) r = await e.evaluate(null, b);
    console.log(name, ((performance.now() - t0) / 10).toFixed(1), 'ms', JSON.stringify(r));
  }
}
