/**
 * Bayesian-optimization benchmark (issue 4 targets). Run: `npx tsx bench/bo.ts [--seeds S]`.
 * Prints a Markdown report (regret-vs-evaluations tables and measured figures) on stdout; docs/bo.md quotes it.
 *
 * Targets measured:
 *  - Branin median regret < 1e-3 after 50 evaluations; Hartmann-6 < 0.05 after 100;
 *  - BO needs ≥ 5× fewer evaluations than random search to reach the target, on both;
 *  - constrained problem: HW-IECI reaches the target in fewer evaluations than plain EI, and never evaluates a
 *    point its a-priori model rejects (counted);
 *  - overhead per suggestion < 200 ms at 200 observations in 8 dimensions.
 */

import * as E from 'fp-ts/lib/Either.js';
import {
  bayesOpt,
  continuous,
  evalsToTarget,
  makeSpace,
  PROBLEMS,
  quartiles,
  runBench,
  type BenchResult,
  type Method,
  type Point,
  type Problem,
} from '../src/optimize/index.js';

const argSeeds = process.argv.indexOf('--seeds');
const SEEDS = argSeeds >= 0 ? Number(process.argv[argSeeds + 1]) : 20;
const now = (): number => performance.now();
const log = (s = ''): void => void process.stdout.write(`${s}\n`);
const progress = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);

const run = (problem: Problem, method: Method, evals: number, q = 1): BenchResult => {
  const t0 = now();
  const r = runBench({ problem, method, evals, seeds: SEEDS, q, now });
  if (E.isLeft(r)) throw new Error(`${problem.name}/${method}: ${JSON.stringify(r.left)}`);
  progress(`${problem.name}/${method} evals=${evals} seeds=${SEEDS}: ${((now() - t0) / 1000).toFixed(1)} s`);
  return r.right;
};

const fmt = (x: number): string =>
  !Number.isFinite(x) ? (x > 0 ? '∞' : '−∞') : x === 0 ? '0' : Math.abs(x) >= 0.01 && Math.abs(x) < 1e4 ? x.toPrecision(3) : x.toExponential(1);
const cell = (xs: ReadonlyArray<number>): string => {
  const q = quartiles(xs);
  return `${fmt(q.median)} [${fmt(q.q25)}, ${fmt(q.q75)}]`;
};
const at = (r: BenchResult, k: number): number[] => r.runs.map((s) => s.trace[Math.min(k, s.trace.length) - 1]!);
const e2t = (r: BenchResult, target: number, higher = false): number[] => r.runs.map((s) => evalsToTarget(s.trace, target, higher));
const medianE2t = (r: BenchResult, target: number, higher = false): number => quartiles(e2t(r, target, higher)).median;

const table = (title: string, results: ReadonlyArray<BenchResult>, checkpoints: ReadonlyArray<number>): void => {
  log(`**${title}** — median [q25, q75] over ${SEEDS} seeds`);
  log();
  log(`| evals | ${results.map((r) => r.method).join(' | ')} |`);
  log(`|---:|${results.map(() => '---').join('|')}|`);
  for (const k of checkpoints) log(`| ${k} | ${results.map((r) => (k <= r.evals ? cell(at(r, k)) : '')).join(' | ')} |`);
  log();
};

const ratioLine = (name: string, target: number, bo: BenchResult, rnd: BenchResult): string => {
  const b = medianE2t(bo, target);
  const r = medianE2t(rnd, target);
  const reached = e2t(rnd, target).filter(Number.isFinite).length;
  const ratio = !Number.isFinite(b)
    ? 'n/a (BO median not reached)'
    : Number.isFinite(r)
      ? `${(r / b).toFixed(1)}×`
      : `> ${(rnd.evals / b).toFixed(0)}× (random missed it on ${SEEDS - reached}/${SEEDS} seeds)`;
  return `| ${name} | regret ≤ ${target} | ${fmt(b)} | ${fmt(r)} | ${ratio} |`;
};

log(`# Bayesian-optimization benchmark (\`npx tsx bench/bo.ts --seeds ${SEEDS}\`)`);
log();
log(`Node ${process.version}, ${SEEDS} seeds (1…${SEEDS}); regret = best feasible value so far − known optimum.`);
log();

// --- Branin ------------------------------------------------------------------------------------------------
const branin = PROBLEMS.branin;
const brBo = run(branin, 'bo', 50);
const brRnd = run(branin, 'random', 50);
const brGa = run(branin, 'ga', 50);
log('## Branin (2-D, optimum 0.397887)');
log();
table('Simple regret vs evaluations', [brBo, brRnd, brGa], [5, 10, 15, 20, 25, 30, 40, 50]);

// --- Hartmann-6 --------------------------------------------------------------------------------------------
const h6 = PROBLEMS.hartmann6;
const h6Bo = run(h6, 'bo', 100);
const h6Rnd = run(h6, 'random', 100);
const h6Ga = run(h6, 'ga', 100);
log('## Hartmann-6 (6-D, optimum −3.32237)');
log();
table('Simple regret vs evaluations', [h6Bo, h6Rnd, h6Ga], [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
const stuck = at(h6Bo, 100).filter((v) => v > 0.05).length;
log(`BO runs that end above regret 0.05 (stuck in the −3.2032 local minimum): ${stuck}/${SEEDS}.`);
log();

// --- Evaluations to target vs random search ----------------------------------------------------------------
const LONG = 200_000;
const brLong = run(branin, 'random', LONG, 500);
const h6Long = run(h6, 'random', LONG, 500);
log('## Evaluations to target: BO vs random search');
log();
log(`Random search runs up to ${LONG} evaluations per seed. Median evaluations to reach the target.`);
log();
log('| problem | target | BO | random | random / BO |');
log('|---|---|---:|---:|---:|');
log(ratioLine('Branin', 1e-3, brBo, brLong));
log(ratioLine('Branin', 0.1, brBo, brLong));
log(ratioLine('Hartmann-6', 0.05, h6Bo, h6Long));
log(ratioLine('Hartmann-6', 0.5, h6Bo, h6Long));
log();

// --- Constrained ---------------------------------------------------------------------------------------------
const con = PROBLEMS.constrained;
const conEvals = 40;
const conRuns = (['bo', 'bo-plain', 'bo-pof', 'random', 'ga'] as const).map((m) => run(con, m, conEvals));
log('## Constrained (Gramacy et al. 2016 toy: min x₁+x₂ s.t. two closed-form constraints; optimum 0.599788)');
log();
log('`bo` = HW-IECI (EI × a-priori indicators), `bo-plain` = EI ignoring the constraints, `bo-pof` = EI × PoF with');
log('both constraints learned as black boxes; `random` and `ga` reject points failing the a-priori model.');
log();
table('Simple regret (feasible points only; ∞ before the first feasible point)', conRuns, [5, 10, 15, 20, 25, 30, 40]);
log('| method | median evals to regret ≤ 0.01 | seeds reaching it | evaluated points the a-priori model rejects (all seeds) |');
log('|---|---:|---:|---:|');
for (const r of conRuns)
  log(`| ${r.method} | ${fmt(medianE2t(r, 0.01))} | ${e2t(r, 0.01).filter(Number.isFinite).length}/${SEEDS} | ${r.aPrioriViolations} / ${SEEDS * conEvals} |`);
log();

// --- ZDT1 ----------------------------------------------------------------------------------------------------
const z = PROBLEMS.zdt1;
const zEvals = 60;
const zRuns = (['bo', 'random', 'ga'] as const).map((m) => run(z, m, zEvals));
log(`## ZDT1 (6-D, 2 objectives; reference point (11, 11), front hypervolume ${z.maxHypervolume!.toFixed(4)})`);
log();
table('Dominated hypervolume vs evaluations (higher is better; `bo` = ParEGO)', zRuns, [10, 20, 30, 40, 50, 60]);

// --- Overhead ------------------------------------------------------------------------------------------------
const space8 = E.getOrElseW(() => {
  throw new Error('unreachable');
})(makeSpace(Array.from({ length: 8 }, (_, i) => continuous(`x${i}`, 0, 1))));
const f8 = (p: Point) => {
  let s = 0;
  for (let i = 0; i < 8; i++) {
    const x = p[`x${i}`] as number;
    s += (i + 1) * (x - 0.3) ** 2 + 0.1 * Math.sin(10 * x);
  }
  return { objectives: [s] };
};
const bo8 = bayesOpt({ space: space8, initialPoints: 200 });
let s8 = bo8.init(1);
const first = bo8.ask(s8, 200);
if (E.isLeft(first)) throw new Error('ask failed');
s8 = E.getOrElseW(() => {
  throw new Error('tell failed');
})(bo8.tell(first.right[1], first.right[0], first.right[0].map(f8)));
const times: number[] = [];
for (let k = 0; k < 11; k++) {
  const t0 = now();
  const r = bo8.ask(s8, 1);
  times.push(now() - t0);
  if (E.isLeft(r)) throw new Error('ask failed');
  s8 = E.getOrElseW(() => {
    throw new Error('tell failed');
  })(bo8.tell(r.right[1], r.right[0], r.right[0].map(f8)));
}
const warm = times.slice(1);
log('## Overhead per suggestion');
log();
log('| setting | ms per suggestion |');
log('|---|---:|');
log(`| 8-D, 200→210 observations, warm-started (median [min, max] of 10 asks) | ${fmt(quartiles(warm).median)} [${fmt(Math.min(...warm))}, ${fmt(Math.max(...warm))}] |`);
log(`| 8-D, 200 observations, first ask of a run (cold hyper-parameter fit) | ${fmt(times[0]!)} |`);
log(`| Branin BO, median over the 50-evaluation runs | ${fmt(brBo.msPerSuggestion)} |`);
log(`| Hartmann-6 BO, median over the 100-evaluation runs | ${fmt(h6Bo.msPerSuggestion)} |`);
log();

// --- Summary -------------------------------------------------------------------------------------------------
const hw = conRuns[0]!;
const plain = conRuns[1]!;
log('## Targets');
log();
log('| target | measured | met |');
log('|---|---|---|');
const brFinal = quartiles(at(brBo, 50)).median;
const h6Final = quartiles(at(h6Bo, 100)).median;
log(`| Branin median regret < 1e-3 after 50 | ${fmt(brFinal)} | ${brFinal < 1e-3 ? 'yes' : 'no'} |`);
log(`| Hartmann-6 median regret < 0.05 after 100 | ${fmt(h6Final)} | ${h6Final < 0.05 ? 'yes' : 'no'} |`);
const ratio = (bo: BenchResult, rnd: BenchResult, t: number): number => medianE2t(rnd, t) / medianE2t(bo, t);
const rb = ratio(brBo, brLong, 1e-3);
const rh = ratio(h6Bo, h6Long, 0.05);
const showRatio = (x: number, bo: BenchResult, t: number): string =>
  Number.isFinite(x) ? `${fmt(x)}×` : Number.isFinite(medianE2t(bo, t)) ? `> ${fmt(LONG / medianE2t(bo, t))}×` : 'n/a';
log(`| BO ≥ 5× fewer evaluations than random to target (Branin 1e-3, Hartmann-6 0.05) | ${showRatio(rb, brBo, 1e-3)}, ${showRatio(rh, h6Bo, 0.05)} | ${rb >= 5 && rh >= 5 ? 'yes' : 'no'} |`);
const hwE = medianE2t(hw, 0.01);
const plE = medianE2t(plain, 0.01);
log(`| HW-IECI fewer evaluations to target than plain EI (constrained, regret ≤ 0.01) | ${fmt(hwE)} vs ${fmt(plE)} | ${hwE < plE ? 'yes' : 'no'} |`);
log(`| HW-IECI never evaluates an a-priori-rejected point | ${hw.aPrioriViolations} of ${SEEDS * conEvals} (plain EI: ${plain.aPrioriViolations}) | ${hw.aPrioriViolations === 0 ? 'yes' : 'no'} |`);
const ov = quartiles(warm).median;
log(`| Overhead < 200 ms per suggestion at 200 observations in 8-D | ${fmt(ov)} ms (median; max ${fmt(Math.max(...warm))}) | ${ov < 200 ? 'yes' : 'no'} |`);
