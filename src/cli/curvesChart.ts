/**
 * The energy-vs-accuracy chart of `compare-pruning --out DIR` (DIR/curves.svg): a vega-lite line chart
 * (energy on x, test accuracy on y, one line per method, points at every accepted pruning step), compiled
 * to vega and rendered to SVG in Node — no browser. `vega` and `vega-lite` are loaded by dynamic import here
 * only, so no other command pays for them.
 */
import type { CurvePoint } from '../compress/index.js';

export const curvesSvg = async (
  curves: ReadonlyArray<{ readonly method: string; readonly points: ReadonlyArray<CurvePoint> }>,
  title: string,
  energyUnit: string,
): Promise<string> => {
  const vl = await import('vega-lite');
  const vega = await import('vega');
  const values = curves.flatMap((c) => c.points.map((p, i) => ({ method: c.method, step: i, energy: p.energy, accuracy: 100 * p.accuracy, weightsKept: 100 * p.weightsKept })));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 520,
    height: 320,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'energy', type: 'quantitative', title: `energy per inference (${energyUnit})`, scale: { zero: false } },
      y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy (%)', scale: { zero: false } },
      color: { field: 'method', type: 'nominal' },
      order: { field: 'step', type: 'quantitative' },
      tooltip: [{ field: 'method' }, { field: 'weightsKept', title: 'weights kept (%)' }],
    },
  };
  const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
};
