import jsonata from 'jsonata';
const src = '($sorted := $sort($enriched, function($a, $b) { $a.total < $b.total }); $sorted[[0..2]].id)';
console.log(JSON.stringify(jsonata(src).ast(), (k, v) => (k === 'position' || k === 'value' || k === 'type' || typeof v === 'object' ? v : undefined), 1).slice(0, 3000));
