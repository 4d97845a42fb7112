/**
 * Vega-Lite spec → SVG text, in Node, without a browser or canvas: vega-lite compiles the spec to a vega spec,
 * a headless vega `View` (renderer `none`) runs its dataflow and serialises the scene graph as SVG. vega and
 * vega-lite are loaded on first use (`await import`), so no other command pays for them.
 *
 * Pure apart from that lazy load: no IO, no clock; the same spec gives the same SVG.
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

let libs: Promise<{ vega: Vega; vl: VegaLite }> | undefined;

const load = (): Promise<{ vega: Vega; vl: VegaLite }> => {
  libs ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({ vega, vl }));
  return libs;
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/**
 * Render one vega-lite spec to an SVG document string. Rejects only on an invalid spec (a bug in the
 * report's chart builders, not a user error); vega's warnings are collected and returned.
 */
export const renderSvg = async (spec: Readonly<Record<string, unknown>>): Promise<{ readonly svg: string; readonly warnings: ReadonlyArray<string> }> => {
  const { vega, vl } = await load();
  const warnings: string[] = [];
  const logger = {
    level: (_?: number) => logger,
    error: (...a: unknown[]) => (warnings.push(`error: ${a.map(String).join(' ')}`), logger),
    warn: (...a: unknown[]) => (warnings.push(a.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  const compiled = vl.compile(spec as unknown as Parameters<VegaLite['compile']>[0], { logger: logger as unknown as NonNullable<Parameters<VegaLite['compile']>[1]>['logger'] }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn, logger: logger as unknown as NonNullable<ConstructorParameters<Vega['View']>[1]>['logger'] });
  try {
    const svg = await view.toSVG();
    return { svg, warnings };
  } finally {
    view.finalize();
  }
};
