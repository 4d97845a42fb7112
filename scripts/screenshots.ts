/**
 * Regenerates docs/screenshots/: the report of the test fixtures (test/report/fixtures) opened in headless
 * Chromium, a screenshot of the top of the page and one per chart kind. Run: npm run screenshots.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../src/cli/main.js';
import { launchChromium } from '../test/helpers/browser.js';

const ROOT = resolve(import.meta.dirname, '..');
const FIX = 'test/report/fixtures';
process.chdir(ROOT);
const OUT = join(ROOT, 'docs/screenshots');
const inputs = ['eval-mnist-mlp.json', 'compare-lenet5.json', 'compare-pruning.json', 'compress-minerva.json', 'sweep-random-1', 'sweep-random-2', 'sweep-nsga2-1', 'sweep-nsga2-2'].map((n) => join(FIX, n));
const html = join(mkdtempSync(join(tmpdir(), 'codesim-shots-')), 'report.html');
const code = await main(['report', ...inputs, '--out', html, '--title', 'codesim report (test fixtures)']);
if (code !== 0) process.exit(code);
mkdirSync(OUT, { recursive: true });
const b = await launchChromium();
const page = await b.context.newPage();
await page.goto(pathToFileURL(html).href);
await page.screenshot({ path: join(OUT, 'report-top.png') });
const shots: Array<[string, string]> = [
  ['in1-eval-energy-by-level', 'eval-energy-by-level.png'],
  ['in1-eval-cycles', 'eval-cycles.png'],
  ['in2-compare-by-level', 'compare-dataflows.png'],
  ['in3-pruning-curves', 'pruning-curves.png'],
  ['in4-compress-stages', 'compress-stages.png'],
  ['sweep-pareto', 'sweep-pareto.png'],
  ['sweep-convergence', 'sweep-convergence.png'],
  ['sweep-parallel', 'sweep-parallel.png'],
  ['sweep-pareto-energy', 'sweep-pareto-energy.png'],
];
for (const [id, file] of shots) await page.locator(`#${id}`).screenshot({ path: join(OUT, file) });
await b.close();
process.stderr.write(`${shots.length + 1} screenshots in ${OUT}\n`);
