/**
 * A mapping as a readable loop nest, outermost level first:
 *   DRAM   for K/2 for C/3            keeps W I O
 *   GLB    for P/5  ‖ X: K4 Y: C3     keeps I O
 */
import type { Arch } from '../arch/index.js';
import { DATA_SPACES } from '../core/index.js';
import type { Mapping } from '../mapping/index.js';
import { DIMS } from '../workload/index.js';

export const loopNestText = (arch: Arch, m: Mapping): string => {
  const w = Math.max(...arch.levels.map((l) => l.name.length));
  return m.levels
    .map((lm, l) => {
      const loops = lm.permutation.filter((d) => lm.temporal[d] > 1).map((d) => `for ${d}/${lm.temporal[d]}`);
      const sx = DIMS.filter((d) => lm.spatialX[d] > 1).map((d) => `${d}${lm.spatialX[d]}`);
      const sy = DIMS.filter((d) => lm.spatialY[d] > 1).map((d) => `${d}${lm.spatialY[d]}`);
      const spatial = sx.length + sy.length > 0 ? ` ‖ spatial${sx.length ? ` X: ${sx.join(' ')}` : ''}${sy.length ? ` Y: ${sy.join(' ')}` : ''}` : '';
      const keeps = DATA_SPACES.filter((ds) => lm.keep[ds]).join(' ') || '-';
      return `  ${arch.levels[l]!.name.padEnd(w)}  ${loops.join(' ') || '(no loops)'}${spatial}   keeps ${keeps}`;
    })
    .join('\n');
};
