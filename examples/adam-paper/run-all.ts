// Every experiment of examples/adam-paper in turn (`pnpm paper` = this with --quick), then one line per verdict
// and out/index.html linking the reports. Pass --full for the long versions, --data/--seed/--out as for each script.
import { join } from 'node:path';
import { runAdamax } from './adamax.js';
import { runAmsgrad } from './amsgrad-counterexample.js';
import { runFig1 } from './fig1-logistic.js';
import { runFig2 } from './fig2-mlp.js';
import { runFig4 } from './fig4-bias-correction.js';
import { type PaperOptions, parseOptions } from './lib/options.js';
import { type ExperimentResult, report, verdictLine } from './lib/result.js';
import { runSeed } from './seed-example.js';
import { runTemporalAveraging } from './temporal-averaging.js';
import { writeFileAtomic } from '@adamant/tensor/node';

const EXPERIMENTS: [string, (o: PaperOptions) => ExperimentResult][] = [
  ['fig1-logistic', runFig1],
  ['fig2-mlp', runFig2],
  ['fig4-bias-correction', runFig4],
  ['adamax', runAdamax],
  ['temporal-averaging', runTemporalAveraging],
  ['amsgrad-counterexample', runAmsgrad],
  ['seed-example', runSeed],
];

const o = parseOptions();
const start = performance.now();
const results: ExperimentResult[] = [];
for (const [, run] of EXPERIMENTS) {
  const r = run(o);
  report(r, o.out);
  results.push(r);
}
console.log(`== summary (${o.mode}, seed ${o.seed}, ${((performance.now() - start) / 1000).toFixed(0)} s) ==`);
for (const r of results)
  console.log(`${r.id.padEnd(24)} ${r.seconds.toFixed(1).padStart(6)} s  ${verdictLine(r.verdict)}`);
const items = results.map(
  (r) =>
    `<li><a href="${r.id}.html">${r.title}</a>: ${verdictLine(r.verdict).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</li>`,
);
writeFileAtomic(
  join(o.out, 'index.html'),
  new TextEncoder().encode(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Adam paper experiments</title></head><body>
<h1>Kingma &amp; Ba, "Adam": the experiments (${o.mode})</h1><ul>\n${items.join('\n')}\n</ul></body></html>\n`,
  ),
);
