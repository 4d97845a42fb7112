/**
 * The evaluation context of one (arch, problem) pair: everything the hot loop needs, precomputed once into
 * typed arrays, plus preallocated scratch space so that evaluating a mapping allocates nothing.
 * Tensor projections come from `workload/projection`; each problem dimension feeds at most one tensor
 * dimension of each tensor, with an integer coefficient.
 */
import type { Arch } from '../arch/index.js';
import { packing } from '../arch/index.js';
import { DATA_SPACES } from '../core/index.js';
import { DIM, NUM_DIMS, projection, tileElements, type Problem } from '../workload/index.js';
import { GLOBALS, SLOTS } from './layout.js';
import { makeStrideScratch, type StrideScratch } from './strideReset.js';

/** The result-array layout (`layout.ts`), re-exported: importers of the context have always found it here. */
export { GLOBALS, Global, SLOTS, Slot, globalBase, levelCycleBase, slotBase } from './layout.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Number of tensor dimensions per tensor (W, I and O all have five). */
export const TENSOR_DIMS = 5;


export interface EvalContext {
  readonly arch: Arch;
  readonly problem: Problem;
  readonly numLevels: number;
  /** `tdOf[t * 8 + d]`: tensor dimension fed by problem dimension d in tensor t, or −1. */
  readonly tdOf: Int32Array;
  /** `coefOf[t * 8 + d]`: its coefficient (0 when d feeds no dimension of t: a loop over d moves t's tile by 0). */
  readonly coefOf: Float64Array;
  /**
   * The sliding-window dimensions of each tensor: `windowA[t]`, `windowB[t]` (−1 when absent; at most two per
   * tensor — the inputs' h and w — so the nest walk keeps their shifts in locals). A sliding-window dimension is
   * fed by two or more problem dimensions (e.g. h = p·stride + r·dilation); only such a dimension can shift by
   * less than its tile extent: a dimension fed by one problem dimension always moves by ≥ its extent (loop steps
   * nest), so any movement there replaces the whole tile.
   */
  readonly windowA: Int32Array;
  readonly windowB: Int32Array;
  /**
   * `fullMask[d]`: bit t set when problem dimension d feeds a single-feeder (not sliding-window) dimension of tensor t,
   * i.e. when every step of a temporal loop over d replaces tensor t's whole tile.
   */
  readonly fullMask: Int32Array;
  /**
   * The (at most two) problem dimensions feeding each tensor dimension: `feedA[t * 5 + x]` with coefficient
   * `coefA[…]`, and `feedB[…]` / `coefB[…]` (dimension 0 with coefficient 0 when there is no second feeder, and
   * both so when nothing feeds x), so that e_x = 1 + coefA·(ext_feedA − 1) + coefB·(ext_feedB − 1).
   */
  readonly feedA: Int32Array;
  /** Elements of each tensor (W, I, O): its bounding box over the whole problem (level 0's tile). */
  readonly tensorSize: Float64Array;
  readonly coefA: Float64Array;
  readonly feedB: Int32Array;
  readonly coefB: Float64Array;
  /** Per level × tensor: 1 when nothing sparse or packed applies (the dense fast path: actual = dense, one access per element). */
  readonly plain: Uint8Array;
  readonly density: Float64Array;
  /** Per level × tensor: elements per word and words per element (bit packing). */
  readonly perWord: Float64Array;
  readonly wordsPer: Float64Array;
  readonly blockWords: Float64Array;
  readonly wordBits: Float64Array;
  readonly bandwidth: Float64Array;
  /** Per level: read and write (fill + update) port limits in words per cycle per instance (`Infinity`: none). */
  readonly readBandwidth: Float64Array;
  readonly writeBandwidth: Float64Array;
  /** True when some level has a read or write port limit (else the cycle bound needs only the shared bandwidth). */
  readonly portLimited: boolean;
  /** Per level × tensor: 1 when the storage format is compressed; metadata bits per entry and whether per dense element. */
  readonly compressed: Uint8Array;
  readonly metaBits: Float64Array;
  readonly metaPerDense: Uint8Array;
  /** Per level × tensor: effectual fraction of reads/updates under the level's action optimisation, and kind (0 none, 1 gating, 2 skipping). */
  readonly optFrac: Float64Array;
  readonly optKind: Uint8Array;
  /**
   * `dedupes[(p * (numLevels + 1) + c) * 3 + t]` = 1 when every network between parent p and child c (c = numLevels:
   * the MACs) dedupes tensor t: multicasts it (W, I) or reduces it spatially (O).
   */
  readonly dedupes: Uint8Array;
  /** The compute's sparsity support: 0 none, 1 gating, 2 skipping. */
  readonly computeSparse: number;
  /** Fraction of MACs the compute performs under its gating / skipping: Π of the densities of its condition operands. */
  readonly computeFrac: number;
  /**
   * True when every MAC is effectual and performed: d_W · d_I = 1 and the compute gates or skips nothing (no sparse
   * support, or its condition operands are dense). The MAC counts are then exact products, with nothing to round.
   */
  readonly denseMacs: boolean;
  /** The arch's counting convention (`strideReset.ts` `Convention`): 0 ideal, 1 timeloop-master, 2 timeloop-v3.0.3. */
  readonly convention: number;
  /** Scratch of the Timeloop conventions' stride-reset rule. */
  readonly strideScratch: StrideScratch;
  /**
   * The results of the last fused evaluation (`analyzeCost`), which writes no result array: its global block
   * (layout `Global`) and the cost of each tensor (W, I, O: its accesses at every level and its words on every network).
   */
  readonly lastGlobals: Float64Array;
  readonly lastTensorCost: Float64Array;
  /**
   * Length of the result array: the per-level blocks (`SLOTS` per level × tensor), the global block (`GLOBALS`), then
   * each level's cycle bound (`levelCycleBase`).
   */
  readonly resultLength: number;
  /** Scratch (mutated inside `analyze`, never escapes). */
  readonly scratch: Scratch;
}

export interface Scratch {
  readonly step: Float64Array;
  readonly outerProd: Float64Array;
  /** Product of the temporal factors of the loops at or outside each loop. */
  readonly cumT: Float64Array;
  readonly ext: Float64Array;
  readonly wrap: Float64Array;
  /** The current child's tile extent per tensor dimension (e_x), and its union over the children of one parent instance (U(e_x)). */
  readonly tileExt: Float64Array;
  readonly groupExt: Float64Array;
  readonly offKind: Int32Array;
  readonly offN: Float64Array;
  readonly offGap: Float64Array;
  readonly offStart: Int32Array;
  readonly offLen: Int32Array;
  /** Grown on demand by `analyze` (explicit offset lists of spatial groups). */
  offsets: Float64Array;
  tmpOffsets: Float64Array;
  readonly levelStart: Int32Array;
  /** The spatial loops' indices, outermost first; spStart[c] = how many of them are at levels < c. */
  readonly spIdx: Int32Array;
  readonly spStart: Int32Array;
  /**
   * `fullJ[c * 3 + t]` (c = 1 … numLevels): index of the innermost temporal loop above level c (index < levelStart[c])
   * over a dimension in `fullMask` for tensor t, or −1.
   */
  readonly fullJ: Int32Array;
  /** util[c]: utilized instances of level c (util[numLevels]: of the MACs). */
  readonly util: Float64Array;
  /** Words moved per instance at each level (for the bandwidth bound), and the read part of them (kept only when the context is `portLimited`). */
  readonly levelWords: Float64Array;
  readonly levelRead: Float64Array;
  /** One (level, tensor) block: where `analyzeCost` applies the sparsity model to a block that is not plain. */
  readonly block: Float64Array;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** A level's loops: at most one temporal, one spatial-X and one spatial-Y loop per problem dimension (`flatten`). */
const MAX_LOOPS_PER_LEVEL = NUM_DIMS * 3;

/** Precompute the context of an (arch, problem) pair. Pure; allocates once. */
export const makeContext = (arch: Arch, problem: Problem): EvalContext => {
  const L = arch.levels.length;
  const tdOf = new Int32Array(3 * NUM_DIMS).fill(-1);
  const coefOf = new Float64Array(3 * NUM_DIMS);
  const proj = projection(problem);
  DATA_SPACES.forEach((ds, t) =>
    proj[ds].forEach((terms, x) =>
      terms.forEach(([d, coef]) => {
        tdOf[t * NUM_DIMS + DIM[d]] = x;
        coefOf[t * NUM_DIMS + DIM[d]] = coef;
      }),
    ),
  );

  const feedA = new Int32Array(3 * TENSOR_DIMS);
  const coefA = new Float64Array(3 * TENSOR_DIMS);
  const feedB = new Int32Array(3 * TENSOR_DIMS);
  const coefB = new Float64Array(3 * TENSOR_DIMS);
  DATA_SPACES.forEach((ds, t) =>
    proj[ds].forEach((terms, x) => {
      if (terms.length > 2) throw new Error(`unreachable: tensor dimension ${ds}[${x}] has ${terms.length} feeders`);
      // The kernel reads the extents of dimensions 0–2 (N/G/C of I, every dimension of W and O) as the extent of
      // their one feeder: it needs exactly one, with coefficient 1 (true of every layer: `workload/projection`).
      if (x < 3 && (terms.length !== 1 || terms[0]![1] !== 1)) throw new Error(`unreachable: tensor dimension ${ds}[${x}] is not a plain index`);
      const [a, b] = terms;
      if (a) {
        feedA[t * TENSOR_DIMS + x] = DIM[a[0]];
        coefA[t * TENSOR_DIMS + x] = a[1];
      }
      if (b) {
        feedB[t * TENSOR_DIMS + x] = DIM[b[0]];
        coefB[t * TENSOR_DIMS + x] = b[1];
      }
    }),
  );
  // partial[t * 5 + x] = 1: tensor dimension x of t is a sliding window (two or more feeders).
  const partial = new Uint8Array(3 * TENSOR_DIMS);
  DATA_SPACES.forEach((ds, t) => proj[ds].forEach((terms, x) => (partial[t * TENSOR_DIMS + x] = terms.length > 1 ? 1 : 0)));
  const windowA = new Int32Array(3).fill(-1);
  const windowB = new Int32Array(3).fill(-1);
  for (let t = 0; t < 3; t++) {
    for (let x = 0; x < TENSOR_DIMS; x++) {
      if (partial[t * TENSOR_DIMS + x] === 0) continue;
      if (windowA[t] === -1) windowA[t] = x;
      else if (windowB[t] === -1) windowB[t] = x;
      else throw new Error(`unreachable: tensor ${DATA_SPACES[t]} has more than two sliding-window dimensions`);
    }
  }
  // The kernel counts the outputs' partition as tile × loop factors, which needs every output dimension to be fed
  // by at most one problem dimension with coefficient 1 (true of every layer type: outputs never slide).
  proj.O.forEach((terms, x) => {
    if (terms.length > 1 || (terms.length === 1 && terms[0]![1] !== 1)) throw new Error(`unreachable: output dimension ${x} is not a plain index`);
  });
  const fullMask = new Int32Array(NUM_DIMS);
  for (let t = 0; t < 3; t++) {
    for (let d = 0; d < NUM_DIMS; d++) {
      const x = tdOf[t * NUM_DIMS + d]!;
      if (x >= 0 && partial[t * TENSOR_DIMS + x] === 0) fullMask[d] = fullMask[d]! | (1 << t);
    }
  }
  const density = new Float64Array([problem.density.W, problem.density.I, problem.density.O]);
  const perWord = new Float64Array(L * 3);
  const wordsPer = new Float64Array(L * 3);
  const blockWords = new Float64Array(L);
  const wordBits = new Float64Array(L);
  const bandwidth = new Float64Array(L);
  const readBandwidth = Float64Array.from(arch.levels, (l) => l.readBandwidthWordsPerCycle ?? Infinity);
  const writeBandwidth = Float64Array.from(arch.levels, (l) => l.writeBandwidthWordsPerCycle ?? Infinity);
  const compressed = new Uint8Array(L * 3);
  const metaBits = new Float64Array(L * 3);
  const metaPerDense = new Uint8Array(L * 3);
  const optFrac = new Float64Array(L * 3).fill(1);
  const optKind = new Uint8Array(L * 3);
  const multicast = new Uint8Array(L + 1);
  const reduction = new Uint8Array(L + 1);
  arch.levels.forEach((lvl, l) => {
    blockWords[l] = lvl.blockWords;
    wordBits[l] = lvl.wordBits;
    bandwidth[l] = lvl.bandwidthWordsPerCycle;
    DATA_SPACES.forEach((ds, t) => {
      const pk = arch.scaleAccessEnergyWithBits ? packing(lvl.wordBits, problem.bits[ds]) : { perWord: 1, wordsPer: 1 };
      perWord[l * 3 + t] = pk.perWord;
      wordsPer[l * 3 + t] = pk.wordsPer;
      const f = lvl.formats[ds];
      compressed[l * 3 + t] = f.format === 'uncompressed' ? 0 : 1;
      metaBits[l * 3 + t] = f.format === 'uncompressed' ? 0 : f.metadataBits;
      metaPerDense[l * 3 + t] = f.format === 'bitmask' ? 1 : 0;
    });
    for (const opt of lvl.actionOptimizations) {
      const t = DATA_SPACES.indexOf(opt.target);
      let frac = 1;
      for (const c of opt.condition) {
        // A compressed target already moves only its own non-zeros: don't count its density twice.
        if (c === opt.target && compressed[l * 3 + t] === 1) continue;
        frac *= problem.density[c];
      }
      optFrac[l * 3 + t]! *= frac;
      optKind[l * 3 + t] = Math.max(optKind[l * 3 + t]!, opt.kind === 'gating' ? 1 : 2);
    }
  });
  const plain = new Uint8Array(L * 3);
  for (let lt = 0; lt < L * 3; lt++) {
    const l = Math.floor(lt / 3);
    plain[lt] = compressed[lt] === 0 && optKind[lt] === 0 && perWord[lt] === 1 && wordsPer[lt] === 1 && blockWords[l] === 1 ? 1 : 0;
  }
  arch.networks.forEach((n, i) => {
    multicast[i + 1] = n.multicast ? 1 : 0;
    reduction[i + 1] = n.spatialReduction ? 1 : 0;
  });
  // Networks are indexed by their child level (numLevels = the MACs); those between p and c are p+1 … c.
  const dedupes = new Uint8Array((L + 1) * (L + 1) * 3);
  for (let p = 0; p < L; p++) {
    for (let c = p + 1; c <= L; c++) {
      for (let t = 0; t < 3; t++) {
        const support = t === 2 ? reduction : multicast;
        let all = 1;
        for (let k = p + 1; k <= c; k++) all &= support[k]!;
        dedupes[(p * (L + 1) + c) * 3 + t] = all;
      }
    }
  }
  const computeSparse = arch.compute.sparse === 'none' ? 0 : arch.compute.sparse === 'gating' ? 1 : 2;
  const computeFrac = (arch.compute.sparseCondition ?? ['W', 'I']).reduce((f, c) => f * problem.density[c], 1);
  const whole = tileElements(proj, problem.bounds);
  const tensorSize = new Float64Array([whole.W, whole.I, whole.O]);
  const cap = L * MAX_LOOPS_PER_LEVEL; // the most loops a mapping can have (flat.n)
  const scratch: Scratch = {
    step: new Float64Array(cap),
    outerProd: new Float64Array(cap),
    cumT: new Float64Array(cap),
    ext: new Float64Array((L + 1) * NUM_DIMS).fill(1), // ext[L] (the MACs' tile) stays 1
    wrap: new Float64Array(NUM_DIMS),
    tileExt: new Float64Array(TENSOR_DIMS),
    groupExt: new Float64Array(TENSOR_DIMS),
    offKind: new Int32Array(TENSOR_DIMS),
    offN: new Float64Array(TENSOR_DIMS),
    offGap: new Float64Array(TENSOR_DIMS),
    offStart: new Int32Array(TENSOR_DIMS),
    offLen: new Int32Array(TENSOR_DIMS),
    offsets: new Float64Array(TENSOR_DIMS * 256),
    tmpOffsets: new Float64Array(256),
    levelStart: new Int32Array(L + 1), // levels 0 … L (the MACs); the kernel reads up to levelStart[L]
    spIdx: new Int32Array(cap),
    spStart: new Int32Array(L + 1),
    fullJ: new Int32Array((L + 1) * 3),
    util: new Float64Array(L + 1),
    levelWords: new Float64Array(L),
    levelRead: new Float64Array(L),
    block: new Float64Array(SLOTS),
  };
  return {
    arch, problem, numLevels: L, tdOf, coefOf, windowA, windowB, fullMask, feedA, tensorSize, coefA, feedB, coefB, plain, density, perWord, wordsPer, blockWords, wordBits, bandwidth,
    readBandwidth, writeBandwidth, portLimited: readBandwidth.some((b) => b !== Infinity) || writeBandwidth.some((b) => b !== Infinity),
    compressed, metaBits, metaPerDense, optFrac, optKind, dedupes, computeSparse, computeFrac,
    // Densities are in (0, 1] (the decoder's `Density`), so d_W · d_I = 1 makes both 1, and with them the compute's
    // condition operands (a subset of W and I): its gating / skipping fraction `computeFrac` is 1 too.
    denseMacs: density[0]! * density[1]! === 1,
    convention: arch.countingConvention === 'timeloop-master' ? 1 : arch.countingConvention === 'timeloop-v3.0.3' ? 2 : 0,
    strideScratch: makeStrideScratch(cap),
    lastGlobals: new Float64Array(GLOBALS), lastTensorCost: new Float64Array(3),
    resultLength: L * 3 * SLOTS + GLOBALS + L,
    scratch,
  };
};

