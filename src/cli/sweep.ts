/**
 * `codesim sweep FILE [--jobs N] [--budget N] [--out DIR] [--resume] [--point-timeout S] [--json]`:
 * a co-design sweep (format: JSDoc of `src/config/sweep.ts`) on a pool of long-lived worker threads, results in
 * `--out DIR` (append-only `results.jsonl`, `results.csv`, the driver's state), resumable after a crash.
 * The runner and piscina load lazily (only this command needs them).
 */
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { decodeArch, decodeArea, decodeDataflows, decodeNetwork, decodeSweep, renderIssue, type ConfigIssue, type SweepSpec, type YamlSource } from '../config/index.js';
import { zooNames } from '../workload/index.js';
import { positiveInt } from './args.js';
import { commandHelp, parseCommand, type CommandDef } from './optionTable.js';
import type { Out } from './out.js';
import { readYaml } from './io.js';
import { located } from './load.js';

/** The command's options: one table (parser flags and --help text come from it). */
export const SWEEP: CommandDef = {
  name: 'sweep',
  summary: 'a co-design sweep over hardware and DNN parameters (format: src/config/sweep.ts), resumable',
  positional: 'FILE',
  options: [
    { name: 'jobs', arg: 'N', help: 'worker threads (default: min(batch, cores)); each keeps its warm state across points' },
    { name: 'budget', arg: 'N', help: "points to evaluate (overrides the file's budget)" },
    { name: 'out', arg: 'DIR', help: 'results directory (default: sweep-results/<name>)' },
    { name: 'resume', help: 'continue the sweep in --out DIR: no recorded point is evaluated again' },
    { name: 'point-timeout', arg: 'S', help: 'seconds per point (from its submission) before it is recorded failed and its worker replaced' },
    { name: 'queue', arg: 'URL', help: 'evaluate on workers of a BullMQ queue on Redis (redis://HOST:PORT) instead of\nlocal threads; start them with codesim worker' },
    { name: 'attempts', arg: 'N', help: 'with --queue: evaluations of a failing point before it is recorded failed (default 3)' },
    { name: 'json', help: 'the summary as one JSON document on stdout' },
  ],
};

export const SWEEP_USAGE = commandHelp(SWEEP);

export const sweepCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>): number => {
    out.stderr(lines.join('\n') + '\n');
    return 2;
  };
  const args = parseCommand(argv, SWEEP);
  if (E.isLeft(args)) return fail([`codesim sweep: ${args.left}`, SWEEP_USAGE]);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(SWEEP_USAGE + '\n');
    return 0;
  }
  const [file, extra] = a.positional;
  if (file === undefined) return fail(['codesim sweep: missing the sweep FILE', SWEEP_USAGE]);
  if (extra !== undefined) return fail([`codesim sweep: unexpected argument '${extra}'`, SWEEP_USAGE]);
  const budget = positiveInt('budget', a.values['budget'], 0);
  if (E.isLeft(budget)) return fail([`codesim sweep: ${budget.left}`]);
  const jobsFlag = positiveInt('jobs', a.values['jobs'], 0);
  if (E.isLeft(jobsFlag)) return fail([`codesim sweep: ${jobsFlag.left}`]);
  const timeoutRaw = a.values['point-timeout'];
  const timeout = timeoutRaw === undefined ? null : Number(timeoutRaw);
  if (timeout !== null && !(Number.isFinite(timeout) && timeout > 0)) return fail([`codesim sweep: --point-timeout must be a number of seconds > 0, got '${timeoutRaw}'`]);

  const queueUrl = a.values['queue'];
  const attempts = positiveInt('attempts', a.values['attempts'], 3);
  if (E.isLeft(attempts)) return fail([`codesim sweep: ${attempts.left}`]);
  if (a.values['attempts'] !== undefined && queueUrl === undefined) return fail(['codesim sweep: --attempts applies to --queue']);
  if (queueUrl !== undefined && a.values['jobs'] !== undefined) return fail(['codesim sweep: --jobs is for local threads; with --queue each worker takes --jobs (codesim worker --jobs N)']);
  const { parseRedisUrl } = await import('../sweep/index.js');
  const addr = queueUrl === undefined ? undefined : parseRedisUrl(queueUrl);
  if (addr !== undefined && E.isLeft(addr)) return fail([`codesim sweep: ${addr.left}`]);

  const src = await readYaml(file);
  if (E.isLeft(src)) return fail(src.left.map(renderIssue));
  const specR = decodeSweep(src.right.doc);
  if (E.isLeft(specR)) return fail(located(src.right, file, specR.left).map(renderIssue));
  const spec = specR.right;
  const at = (issues: ReadonlyArray<ConfigIssue>): number => fail(located(src.right, file, issues).map(renderIssue));
  // The base design, relative to the sweep file.
  const rel = (p: string): string => (isAbsolute(p) ? p : resolve(dirname(file), p));
  const archFile = rel(spec.base.arch);
  const archSrc = await readYaml(archFile);
  if (E.isLeft(archSrc)) return at([{ path: ['base', 'arch'], message: `${archFile}: ${archSrc.left[0]?.message ?? 'cannot read'}` }]);
  const { stripArea } = await import('../sweep/index.js');
  const arch = decodeArch(stripArea(archSrc.right.doc));
  if (E.isLeft(arch)) return fail(located(archSrc.right, archFile, arch.left).map(renderIssue));
  const dfs = decodeDataflows((archSrc.right.doc as { dataflows?: unknown }).dataflows, arch.right);
  if (E.isLeft(dfs)) return fail(located(archSrc.right, archFile, dfs.left).map(renderIssue));
  const areaModel = decodeArea((archSrc.right.doc as { area?: unknown }).area, arch.right);
  if (E.isLeft(areaModel)) return fail(located(archSrc.right, archFile, areaModel.left).map(renderIssue));
  const needsArea = spec.objectives.indexOf('area');
  if (needsArea >= 0 && areaModel.right === null) return at([{ path: ['objectives', needsArea], message: `the area objective needs an area model (an 'area:' section) in ${archFile}` }]);
  const areaC = spec.constraints.findIndex((c) => c.metric === 'areaMm2');
  if (areaC >= 0 && areaModel.right === null) return at([{ path: ['constraints', areaC, 'metric'], message: `an area constraint needs an area model (an 'area:' section) in ${archFile}` }]);
  const dfNames = [...dfs.right.map((d) => d.dataflow.name), 'any'];
  let network: { zoo: string } | { doc: unknown };
  const netSpec = spec.base.network;
  if (/\.(ya?ml)$/i.test(netSpec) || netSpec.includes('/')) {
    const netFile = rel(netSpec);
    const ns = await readYaml(netFile);
    if (E.isLeft(ns)) return at([{ path: ['base', 'network'], message: `${netFile}: ${ns.left[0]?.message ?? 'cannot read'}` }]);
    const nd = decodeNetwork(ns.right.doc);
    if (E.isLeft(nd)) return fail(located(ns.right, netFile, nd.left).map(renderIssue));
    network = { doc: ns.right.doc };
  } else {
    if (!zooNames.includes(netSpec)) return at([{ path: ['base', 'network'], message: `unknown network '${netSpec}' (built-in: ${zooNames.join(', ')}; or a .yaml file)` }]);
    network = { zoo: netSpec };
  }
  const baseIssues = checkAgainstBase(spec, arch.right.levels.map((l) => l.name), dfNames);
  if (baseIssues.length > 0) return at(baseIssues);

  const { runSweep, piscinaBackend } = await import('../sweep/index.js');
  const jobs = jobsFlag.right > 0 ? jobsFlag.right : Math.max(1, Math.min(spec.batch, availableParallelism()));
  const outDir = a.values['out'] ?? join('sweep-results', spec.name);
  const json = a.booleans.has('json');
  let backend;
  if (addr !== undefined && E.isRight(addr)) {
    const { queueBackend } = await import('../sweep/index.js');
    try {
      backend = await queueBackend(addr.right, { attempts: attempts.right });
    } catch (err) {
      return fail([`codesim sweep: --queue ${queueUrl}: cannot reach Redis (${err instanceof Error ? err.message : String(err)})`]);
    }
  } else backend = piscinaBackend(jobs);
  const b = budget.right > 0 ? budget.right : spec.budget;
  const where = queueUrl !== undefined ? `workers on the queue at ${queueUrl}` : `${jobs} worker${jobs > 1 ? 's' : ''}`;
  out.stderr(`codesim sweep: ${spec.name}: ${spec.method}, budget ${b}, ${spec.batch} in flight, ${where}, results in ${outDir}\n`);
  const { startProgress } = await import('./progress.js');
  const progress = await startProgress(out, { label: `codesim sweep ${spec.name}`, total: b, unit: 'points' });
  let failed = 0;
  let r;
  try {
    r = await runSweep(spec, { archDoc: archSrc.right.doc, network }, {
      outDir,
      resume: a.booleans.has('resume'),
      ...(budget.right > 0 ? { budget: budget.right } : {}),
      pointTimeoutS: timeout,
      backend,
      onPoint: (ev) => {
        if (ev.record.status !== 'ok') failed++;
        progress.update(ev.done, `${ev.pointsPerSecond.toFixed(2)} points/s, best ${spec.objectives[0]} ${ev.best === undefined ? '-' : fmt(ev.best)}${failed > 0 ? `, ${failed} failed/infeasible` : ''}`);
      },
    });
  } finally {
    progress.finish();
    await backend.close();
  }
  if (E.isLeft(r)) return fail(r.left.map((l) => `codesim sweep: ${l}`));
  const s = r.right;
  const sources = provenance(spec, areaModel.right?.source ?? '', [...new Set([...arch.right.levels.map((l) => `${l.name}: ${l.costSource}`), `MAC: ${arch.right.compute.costSource}`])].join('; '), arch.right.source, archFile, dfs.right[0]?.dataflow.name ?? 'any');
  if (json) {
    out.stdout(
      JSON.stringify({
        sweep: spec.name,
        method: spec.method,
        seed: spec.seed,
        objectives: spec.objectives,
        energyUnit: arch.right.energyUnit,
        outDir,
        points: s.records.length,
        evaluatedNow: s.evaluatedNow,
        reused: s.reused,
        failed: s.records.filter((x) => x.status === 'failed').length,
        infeasible: s.records.filter((x) => x.status === 'infeasible').length,
        seconds: s.seconds,
        stoppedEarly: s.stoppedEarly,
        best: s.best,
        sources,
      }) + '\n',
    );
    return 0;
  }
  const lines: string[] = [];
  lines.push(`${spec.name}: ${s.records.length} points (${s.evaluatedNow} evaluated now, ${s.reused} from earlier runs; ${s.records.filter((x) => x.status === 'failed').length} failed, ${s.records.filter((x) => x.status === 'infeasible').length} infeasible) in ${s.seconds.toFixed(1)} s`);
  if (s.stoppedEarly) lines.push(`note: ${s.stoppedEarly}`);
  lines.push(spec.objectives.length === 1 ? 'best point:' : `Pareto set (${s.best.length} points):`);
  const pnames = spec.parameters.map((p) => p.name);
  lines.push(['id', ...pnames, ...spec.objectives.map((o) => `${o} (${unitOf(o, arch.right.energyUnit)})`)].join('\t'));
  for (const rec of s.best) lines.push([rec.id, ...pnames.map((n) => String(rec.params[n])), ...spec.objectives.map((o) => fmt(objectiveOf(spec, rec, o) ?? NaN))].join('\t'));
  lines.push('where the objectives come from:');
  for (const o of spec.objectives) lines.push(`  ${o}: ${sources[o] ?? ''}`);
  lines.push(`  costs: ${sources['costs'] ?? ''}`);
  lines.push(`results: ${join(outDir, 'results.jsonl')}, ${join(outDir, 'results.csv')}`);
  out.stdout(lines.join('\n') + '\n');
  return 0;
};

const fmt = (v: number): string => (Number.isFinite(v) ? (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-2 ? v.toExponential(3) : v.toPrecision(4)) : String(v));

const unitOf = (o: string, energyUnit: string): string =>
  o === 'energy' ? `${energyUnit} per inference` : o === 'energyPerMac' ? `${energyUnit}/MAC` : o === 'cycles' ? 'cycles' : o === 'latency' ? 'µs' : o === 'edp' ? `${energyUnit}·cycles` : o === 'area' ? 'mm²' : o === 'error' ? 'fraction' : '';

const objectiveOf = (spec: SweepSpec, rec: { status: string; metrics?: unknown; areaMm2?: number }, o = spec.objectives[0]): number | undefined => {
  if (o === 'area') return rec.areaMm2;
  if (rec.status !== 'ok') return undefined;
  const m = rec.metrics as Record<string, number>;
  return o === 'latency' ? m['latencyUs'] : o === undefined ? undefined : m[o];
};

/** Where each objective's values come from. */
const provenance = (spec: SweepSpec, areaSource: string, costSource: string, archSource: string, archFile: string, firstDf: string): Record<string, string> => {
  const mapper = `mappings: mapper ${spec.mapper.strategy} (dataflow ${spec.base.dataflow ?? firstDf} unless a parameter picks it), objective ${spec.mapper.objective}, seed ${spec.mapper.seed}`;
  const model = `codesim's model of ${archFile} (${archSource}) with the point's parameters; per-access costs: see 'costs'; ${mapper}`;
  return {
    energy: `${model}; energy of the batch / batch`,
    energyPerMac: `${model}; energy / MACs`,
    cycles: `${model}; cycles = max(MAC cycles, words / bandwidth per level), summed over layers`,
    latency: `${model}; cycles / clock`,
    edp: `${model}; energy of the batch × cycles`,
    error: spec.training === null ? '' : `1 − accuracy on the first ${spec.training.testLimit} held-out MNIST digits after training the point's network (seed ${spec.training.seed}, ${spec.training.epochs} epoch(s) on the first ${spec.training.trainLimit} training digits, ${spec.training.optimizer}; train.* parameters override)`,
    area: `the area model of ${archFile}: fixed + PEs × per-PE area + Σ levels instances × kB × area per kB (${areaSource})`,
    costs: costSource,
  };
};

/** Parameter paths checked against the loaded base: level names, dataflow names. */
const checkAgainstBase = (spec: SweepSpec, levels: ReadonlyArray<string>, dataflows: ReadonlyArray<string>): ReadonlyArray<ConfigIssue> => {
  const issues: ConfigIssue[] = [];
  spec.parameters.forEach((p, i) => {
    const s = p.path.split('.');
    if (s[0] === 'arch' && s[1] === 'levels' && s[2] !== undefined && !/^\d+$/.test(s[2]) && !levels.includes(s[2])) {
      issues.push({ path: ['parameters', i, 'path'], message: `no level '${s[2]}' in the accelerator (levels: ${levels.join(', ')})` });
    }
    if (p.path === 'dataflow' && p.domain._tag === 'Categorical') {
      p.domain.values.forEach((v, k) => {
        if (!dataflows.includes(v)) issues.push({ path: ['parameters', i, 'categories', k], message: `no dataflow '${v}' in the accelerator file (dataflows: ${dataflows.join(', ')})` });
      });
    }
  });
  if (spec.base.dataflow !== null && !dataflows.includes(spec.base.dataflow)) issues.push({ path: ['base', 'dataflow'], message: `no dataflow '${spec.base.dataflow}' in the accelerator file (dataflows: ${dataflows.join(', ')})` });
  return issues;
};

export type { YamlSource };
