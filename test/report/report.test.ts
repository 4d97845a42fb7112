/**
 * `codesim report`: shape detection, the charts' data and tables against their inputs, the helpers (Pareto set,
 * 2-D hypervolume) against brute force, the self-contained HTML (inline SVG with the expected marks, no
 * external resource, no NaN), PNG chart files, and bad inputs as one located line with exit 2. Decoding never
 * throws (fast-check).
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { decodeRecord, detectDocument, hypervolume2, paretoIndices, quartilesOf, reportParts, type ReportInput } from '../../src/report/index.js';
import { quartiles } from '../../src/optimize/index.js';
import { readInput } from '../../src/cli/report.js';

const FIX = resolve(__dirname, 'fixtures');
const f = (n: string): string => join(FIX, n);
const ALL = ['eval-mnist-mlp.json', 'compare-lenet5.json', 'compare-pruning.json', 'compress-minerva.json', 'sweep-random-1', 'sweep-random-2', 'sweep-nsga2-1', 'sweep-nsga2-2'].map(f);

const run = async (argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), now: () => 0 });
  return { code, stdout, stderr };
};

const input = async (p: string): Promise<ReportInput> => {
  const r = await readInput(p, () => undefined);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

describe('inputs are recognised by shape', () => {
  it('eval, compare-dataflows, compare-pruning, compress, sweep directory and results.jsonl', async () => {
    expect((await input(f('eval-mnist-mlp.json')))._tag).toBe('eval');
    expect((await input(f('compare-lenet5.json')))._tag).toBe('compare');
    expect((await input(f('compare-pruning.json')))._tag).toBe('pruning');
    expect((await input(f('compress-minerva.json')))._tag).toBe('compress');
    const s = await input(f('sweep-nsga2-1'));
    expect(s._tag).toBe('sweep');
    if (s._tag === 'sweep') {
      expect(s.data.records).toHaveLength(24);
      expect(s.data.meta.method).toBe('nsga2');
      expect(s.data.meta.objectives).toEqual(['energy', 'latency']);
    }
    expect((await input(f('sweep-nsga2-1/results.jsonl')))._tag).toBe('sweep');
  });
  it('decoding never throws, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (u) => {
        detectDocument('x.json', u);
        decodeRecord(u);
      }),
      { numRuns: 500 },
    );
    // Near-misses of each shape: the real documents with one value replaced anywhere.
    const docs = ['eval-mnist-mlp.json', 'compare-lenet5.json', 'compare-pruning.json', 'compress-minerva.json'].map((n) => JSON.parse(readFileSync(f(n), 'utf8')) as unknown);
    fc.assert(
      fc.property(fc.constantFrom(...docs), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.jsonValue(), (doc, path, v) => {
        const copy = JSON.parse(JSON.stringify(doc)) as unknown;
        let node: unknown = copy;
        for (const k of path.slice(0, -1)) {
          if (typeof node !== 'object' || node === null) break;
          const keys = Object.keys(node);
          const next = (node as Record<string, unknown>)[keys[k % Math.max(1, keys.length)] ?? ''];
          if (typeof next !== 'object' || next === null) break;
          node = next;
        }
        if (typeof node === 'object' && node !== null) {
          const keys = Object.keys(node);
          const key = keys[(path[path.length - 1] ?? 0) % Math.max(1, keys.length)];
          if (key !== undefined) (node as Record<string, unknown>)[key] = v;
        }
        const r = detectDocument('x.json', copy);
        if (E.isLeft(r)) for (const i of r.left) expect(typeof i.message).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});

describe('charts carry the numbers of their inputs', () => {
  it('eval: one stacked segment per layer × component, tables equal to the JSON', async () => {
    const inp = await input(f('eval-mnist-mlp.json'));
    if (inp._tag !== 'eval') throw new Error('not eval');
    const [part] = reportParts([inp]);
    expect(part?.sections.map((s) => s.id)).toEqual(['in1-eval-energy-by-level', 'in1-eval-energy-by-tensor', 'in1-eval-energy-per-mac', 'in1-eval-cycles', 'in1-eval-utilization']);
    const byLevel = part!.sections[0]!;
    const rows = (byLevel.spec['data'] as { values: Array<{ layer: string; component: string; energy: number }> }).values;
    // Σ components of a layer = its total energy (levels + network + compute).
    for (const l of inp.data.layers) {
      const sum = rows.filter((r) => r.layer === l.name).reduce((a, r) => a + r.energy, 0);
      expect(sum).toBeCloseTo(l.energy.total, 6);
    }
    expect(rows).toHaveLength(inp.data.layers.length * (Object.keys(inp.data.layers[0]!.energy.byLevel).length + 2));
    expect(byLevel.table.rows.map((r) => r[r.length - 1])).toEqual(inp.data.layers.map((l) => l.energy.total));
    // The bound per layer: 'compute' or '<level> bandwidth'.
    const cycles = part!.sections[3]!;
    expect(cycles.table.rows).toEqual(inp.data.layers.map((l) => [l.name, l.cycles, l.bottleneck === 'compute' ? 'compute' : `${l.bottleneck} bandwidth`]));
    // Units in every axis title.
    for (const s of part!.sections) expect(JSON.stringify(s.spec)).toMatch(/"title":"[^"]*\([^)]+\)"/);
  });
  it('compare-dataflows: per dataflow, the levels add up to its energy per MAC', async () => {
    const inp = await input(f('compare-lenet5.json'));
    if (inp._tag !== 'compare') throw new Error('not compare');
    const [part] = reportParts([inp]);
    const rows = (part!.sections[0]!.spec['data'] as { values: Array<{ dataflow: string; perMac: number }> }).values;
    for (const d of inp.data.dataflows) expect(rows.filter((r) => r.dataflow === d.name).reduce((a, r) => a + r.perMac, 0)).toBeCloseTo(d.energyPerMac, 9);
  });
  it('compare-pruning and compress: fractions shown as %, every curve point and stage in the tables', async () => {
    const pr = await input(f('compare-pruning.json'));
    if (pr._tag !== 'pruning') throw new Error('not pruning');
    const [part] = reportParts([pr]);
    const curves = part!.sections[0]!;
    expect(curves.table.rows).toHaveLength(pr.data.curves!.reduce((a, c) => a + c.points.length, 0));
    expect(curves.table.rows[0]).toEqual(['magnitude', 50, 98.4, 13_100_000]);
    const cm = await input(f('compress-minerva.json'));
    if (cm._tag !== 'compress') throw new Error('not compress');
    const [cpart] = reportParts([cm]);
    expect(cpart!.sections[0]!.table.rows.map((r) => r[0])).toEqual(['baseline', 'quantize', 'prune', 'fault-tolerance']);
    expect(cpart!.sections[0]!.table.rows[3]).toEqual(['fault-tolerance', 97.6, 27, 8_600_000, 2.67, 8.1]);
  });
  it('sweeps: the Pareto table is exactly the non-dominated points; convergence has one series per method', async () => {
    const ins = await Promise.all(['sweep-random-1', 'sweep-random-2', 'sweep-nsga2-1', 'sweep-nsga2-2'].map((n) => input(f(n))));
    const [part] = reportParts(ins);
    const ids = new Set<string>();
    const pts: Array<{ id: string; e: number; l: number }> = [];
    for (const i of ins) if (i._tag === 'sweep') for (const r of i.data.records) if (r.metrics && !ids.has(r.id)) (ids.add(r.id), pts.push({ id: r.id, e: r.metrics.energy, l: r.metrics.latencyUs }));
    const brute = pts.filter((a) => !pts.some((b) => b.e <= a.e && b.l <= a.l && (b.e < a.e || b.l < a.l))).map((p) => p.id).sort();
    const pareto = part!.sections.find((s) => s.id === 'sweep-pareto')!;
    expect(pareto.table.rows.map((r) => String(r[0])).sort()).toEqual(brute);
    const conv = part!.sections.find((s) => s.id === 'sweep-convergence')!;
    const crow = (conv.spec['data'] as { values: Array<{ method: string; evaluations: number; q1: number; median: number; q3: number; seeds: number }> }).values;
    expect([...new Set(crow.map((r) => r.method))].sort()).toEqual(['nsga2', 'random']);
    expect(crow.filter((r) => r.method === 'random')).toHaveLength(24);
    for (const r of crow) {
      expect(r.seeds).toBe(2);
      expect(r.q1).toBeLessThanOrEqual(r.median);
      expect(r.median).toBeLessThanOrEqual(r.q3);
    }
    // Hypervolume never decreases with more evaluations.
    for (const m of ['nsga2', 'random']) {
      const ys = crow.filter((r) => r.method === m).map((r) => r.median);
      for (let k = 1; k < ys.length; k++) expect(ys[k]!).toBeGreaterThanOrEqual(ys[k - 1]! - 1e-12);
    }
  });
});

describe('helpers', () => {
  it('hypervolume2: hand-computed staircase', () => {
    // Points (0.2, 0.6), (0.5, 0.3), (0.8, 0.1) up to (1, 1): 0.8·0.4 + 0.5·0.3 + 0.2·0.2 = 0.32 + 0.15 + 0.04.
    expect(hypervolume2([[0.5, 0.3], [0.2, 0.6], [0.8, 0.1], [0.9, 0.9]], [1, 1])).toBeCloseTo(0.51, 12);
    expect(hypervolume2([[1.2, 0.1]], [1, 1])).toBe(0);
  });
  it("quartilesOf equals the optimizer's quartiles (type 7)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }), (xs) => {
        const a = quartilesOf(xs);
        const b = quartiles(xs);
        expect(a.q25).toBeCloseTo(b.q25, 6);
        expect(a.median).toBeCloseTo(b.median, 6);
        expect(a.q75).toBeCloseTo(b.q75, 6);
      }),
    );
  });
  it('paretoIndices and hypervolume2 agree with brute force', () => {
    const pt = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }));
    fc.assert(
      fc.property(fc.array(pt, { minLength: 1, maxLength: 25 }), (raw) => {
        const pts = raw.map(([a, b]) => [a / 20, b / 20] as [number, number]);
        const front = paretoIndices(pts);
        for (let i = 0; i < pts.length; i++) {
          const dominated = pts.some((b) => b[0] <= pts[i]![0] && b[1] <= pts[i]![1] && (b[0] < pts[i]![0] || b[1] < pts[i]![1]));
          expect(front.includes(i)).toBe(!dominated);
        }
        // Grid count of the dominated area (cells of 1/20 up to the reference (1, 1)).
        let cells = 0;
        for (let x = 0; x < 20; x++) for (let y = 0; y < 20; y++) if (pts.some(([a, b]) => a <= x / 20 && b <= y / 20)) cells++;
        expect(hypervolume2(pts, [1, 1])).toBeCloseTo(cells / 400, 9);
      }),
      { numRuns: 200 },
    );
  });
});

describe('codesim report (CLI)', () => {
  it('writes one self-contained HTML file with every chart as inline SVG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codesim-report-'));
    const out = join(dir, 'r.html');
    const r = await run(['report', ...ALL, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { charts: Array<{ id: string; marks: string[] }>; inputs: Array<{ kind: string }>; bytes: number };
    expect(summary.inputs.map((i) => i.kind)).toEqual(['eval', 'compare', 'pruning', 'compress', 'sweep', 'sweep', 'sweep', 'sweep']);
    expect(summary.charts).toHaveLength(16);
    const html = readFileSync(out, 'utf8');
    expect(Buffer.byteLength(html)).toBe(summary.bytes);
    for (const c of summary.charts) {
      const sec = new RegExp(`<section class="chart" id="${c.id}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
      expect(sec, c.id).toContain('<svg');
      for (const m of c.marks) expect(sec, `${c.id}: ${m}`).toMatch(new RegExp(`class="mark-${m} role-mark`));
      expect(sec).toContain('<table>');
    }
    // Offline: no script, no external resource; the only URLs are the SVG namespaces.
    expect(html).not.toMatch(/<script|<link|@import|src="http|href="http/);
    expect(html.replace(/xmlns(:xlink)?="http:\/\/www\.w3\.org\/[^"]+"/g, '')).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
    // Provenance header: version, arch, cost sources, seeds.
    expect(html).toMatch(/generated by<\/dt><dd>codesim \d+\.\d+\.\d+/);
    expect(html).toContain('Chen, Emer, Sze ISCA 2016 Table IV');
    expect(html).toContain('method nsga2, seed 2');
  });
  it('a sweep without a feasible point: only the parameters chart, a note, no NaN or Infinity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codesim-report-'));
    const sw = join(dir, 'sw');
    mkdirSync(sw);
    copyFileSync(f('sweep-random-1/sweep.json'), join(sw, 'sweep.json'));
    const recs = [0, 1, 2].map((i) => ({ id: `x${i}`, index: i, params: { peX: 7 + i, peY: 6, glbKB: 32, batch: 1 }, seconds: 0.1, seed: 1, mapperSeed: 1, status: i === 0 ? 'infeasible' : 'failed', error: 'no mapping fits' }));
    writeFileSync(join(sw, 'results.jsonl'), recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const r = await run(['report', sw, '--out', join(dir, 'r.html'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { charts: Array<{ id: string }> }).charts.map((c) => c.id)).toEqual(['sweep-parallel']);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('no feasible point (1 infeasible, 2 failed');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
    expect(r.stderr).not.toMatch(/Infinite extent/);
  });
  it('--charts DIR --format png writes a PNG per chart; svg by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codesim-report-'));
    const r = await run(['report', f('compare-lenet5.json'), '--out', join(dir, 'r.html'), '--charts', join(dir, 'png'), '--format', 'png']);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(dir, 'png')).sort();
    expect(files).toEqual(['in1-compare-by-level.png', 'in1-compare-by-tensor.png', 'in1-compare-conv-fc.png']);
    for (const p of files) expect(readFileSync(join(dir, 'png', p)).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const s = await run(['report', f('compare-lenet5.json'), '--out', join(dir, 'r2.html'), '--charts', join(dir, 'svg')]);
    expect(s.code).toBe(0);
    expect(readFileSync(join(dir, 'svg', 'in1-compare-by-level.svg'), 'utf8')).toMatch(/^<svg/);
  });
  it('--help exits 0; bad inputs are one located line each, exit 2, nothing on stdout', async () => {
    expect((await run(['report', '--help'])).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'codesim-report-'));
    const o = ['--out', join(dir, 'r.html')];
    const cases: Array<[string, string, RegExp]> = [
      ['unknown.json', '{ "hello": 1 }\n', /^.*unknown\.json:1:1: not a codesim JSON output/],
      ['syntax.json', '{ "layers": [1, 2\n', /^.*syntax\.json:\d+:\d+: /],
      ['array.json', '[1, 2]\n', /^.*array\.json:1:1: not a codesim JSON output/],
    ];
    for (const [name, text, re] of cases) {
      writeFileSync(join(dir, name), text);
      const r = await run(['report', join(dir, name), ...o]);
      expect(r.code, name).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n').length, r.stderr).toBe(1);
      expect(r.stderr).toMatch(re);
    }
    // An eval output with one layer's cycles broken: the line and column of that value.
    const evalText = readFileSync(f('eval-mnist-mlp.json'), 'utf8');
    const broken = evalText.replace('"cycles": 50518', '"cycles": "many"');
    writeFileSync(join(dir, 'eval.json'), broken);
    const lineNo = broken.split('\n').findIndex((l) => l.includes('"cycles": "many"')) + 1;
    const r = await run(['report', join(dir, 'eval.json'), ...o]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(new RegExp(`eval\\.json:${lineNo}:\\d+: layers\\[0\\]\\.cycles: expected number, got "many"$`));
    // A results.jsonl with a bad record on line 3 and a torn last line (skipped with a warning).
    const sw = join(dir, 'sw');
    mkdirSync(sw);
    const lines = readFileSync(f('sweep-random-1/results.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
    copyFileSync(f('sweep-random-1/sweep.json'), join(sw, 'sweep.json'));
    writeFileSync(join(sw, 'results.jsonl'), lines.slice(0, 5).join('\n') + '\n' + lines[5]!.slice(0, 40));
    const ok = await run(['report', sw, ...o]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/incomplete last line/);
    writeFileSync(join(sw, 'results.jsonl'), [lines[0], lines[1], lines[2]!.replace('"status":"ok"', '"status":"fine"'), lines[3]].join('\n') + '\n');
    const bad = await run(['report', sw, ...o]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')[0]).toMatch(/results\.jsonl:3:\d+: status: expected/);
    // Not a file / not a sweep directory / unknown option / png without --charts.
    expect((await run(['report', join(dir, 'nope.json'), ...o])).stderr).toMatch(/nope\.json:1:1: no such file/);
    expect((await run(['report', dir, ...o])).stderr).toMatch(/:1:1: a directory without results\.jsonl/);
    expect((await run(['report', f('compare-lenet5.json'), '--format', 'png', ...o])).code).toBe(2);
    expect((await run(['report', f('compare-lenet5.json'), '--bogus'])).code).toBe(2);
  });
});
