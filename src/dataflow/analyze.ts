/**
 * The analytical nest analysis: (problem, arch, mapping) → per-level, per-tensor access counts, MACs, cycles.
 * No energy numbers here (see `energy/price`).
 *
 * ## Counting conventions (the arch's `countingConvention`; README "Timeloop compatibility")
 * What follows is the `ideal` convention (the default; docs/reference/counting-semantics.md describes Timeloop's).
 * Under `timeloop-master` / `timeloop-v3.0.3` a tensor with a sliding window takes another path (`strideReset.ts`):
 * its child is charged the delta only while the tile's translation repeats (else the whole tile), and its parent
 * serves each distinct child tile's delta once, not the union. Tensors without a sliding window (weights, outputs)
 * count the same under every convention.
 *
 * Tiles are axis-aligned boxes in each tensor's coordinates (Timeloop's AAHR point sets): the extent of a tile
 * in tensor dimension x = Σ_d coef_d · (ext_d − 1) + 1 over the problem dimensions d feeding x.
 *
 * For a tensor kept at child level c whose nearest keeping parent is p:
 * - the child tile B is the projection of every loop at levels ≥ c (temporal and spatial);
 * - the temporal loops at levels < c, outermost first, drive it. A step of loop j (all loops inside j wrap
 *   back to 0) shifts B by a constant vector s_j, so the child receives |B \ (B − s_j)| new points, and this
 *   happens n_j = (F_j − 1)·Π_{j' outside j} F_j' times. Child fills A_c = |B| + Σ_j n_j·|B \ (B − s_j)|
 *   (deltas against the previous iteration only: a tile is resident across loops that do not move it);
 * - the parent serves the children of one parent instance (spatial loops at levels p … c−1, whose tiles are
 *   B translated by a product set O of offsets). Identical data is read once (multicast), so the parent's
 *   content accesses are |∪_k B_k| + Σ_j n_j·|∪_k (B_k \ B'_k)|. For boxes and product offset sets this union
 *   factorises exactly per tensor dimension x:
 *       |∪_k (B_k \ B'_k)| = Π_x U(e_x, O_x) − Π_x (U(e_x, O_x) − U(min(|s_x|, e_x), O_x)),
 *   where U(len, O) = |∪_{o∈O} [o, o+len)| = len + Σ_i min(gap_i, len) over the sorted distinct offsets.
 *
 *   Worked example (`test/dataflow/workedExample.test.ts`): a 1-D convolution, P = 4 outputs, R = 3 taps,
 *   stride 1, so the input has h = p + r ∈ 0…5 (6 points). The child (level 1) runs R:3 and P:2; the backing
 *   store runs P:2 outside it.
 *   - Child tile B: e_h = 1·(2 − 1) + 1·(3 − 1) + 1 = 4 points.
 *   - The outer P loop steps p by 2 (its `step`: the P factors inside it), so s_h = 2, n = (2 − 1)·1 = 1, and
 *     A_c = |B| + n·|B \ (B − s)| = 4 + 1·min(2, 4) = 6: each input point arrives once; the halo h = 2, 3
 *     stays across the step. The parent reads the same 6.
 *   - Make that outer P:2 spatial instead (two children, offsets O_h = {0, 2}): each child fills its 4 points,
 *     and with multicast the parent reads U(4, O_h) = 4 + min(2, 4) = 6 points, not 2 × 4 = 8.
 * - read-only tensors: parent reads += content accesses, child fills = A_c.
 *   Outputs: parent updates += content accesses (with spatial reduction in the network), parent reads
 *   = updates − partition (the first write of a point needs no read), child fills = drains − partition,
 *   where drains = A_c and partition = the distinct points one instance ever holds.
 * - the MACs are a pseudo-level below the innermost: every MAC reads its operands and updates its output
 *   (no operand register), so the innermost keeper serves T·|distinct points in the MAC group| per instance.
 *
 * ## Sparsity (uniform-random density model; Sparseloop's fixed-structured semantics)
 * Compressed formats move ceil(count·density) elements plus metadata; action optimisations gate or skip
 * ceil-complemented fractions of reads and updates; MACs are effectual when both operands are non-zero
 * (fraction d_W·d_I), and `gating` / `skipping` at compute gate or skip the rest.
 *
 * Everything is per instance except network words and MAC totals. The function mutates only `out` and the
 * context's scratch space, so a caller sees a pure function of (context, mapping).
 */
import type { FlatMapping } from '../mapping/index.js';
import * as Workload from '../workload/index.js';
import * as Context from './context.js';
import type { EvalContext, Scratch } from './context.js';
import { blockCost, macCost, prepareCost, type PreparedCost } from './cost.js';
import { Block, Global, Slot } from './layout.js';
import { ceilCount } from './ceilCount.js';
import { strideResetFills } from './strideReset.js';

// The slot indices are `const enum` members (layout.ts: literals once bundled), and so are the dimension counts the
// kernel is written for (its prologue unrolls the eight problem dimensions; checked against `workload` and `context`
// below): bundled, every index computation takes them as immediates (bench/abKernel.ts: ~1%).
const enum Dims {
  /** Problem dimensions (`Workload.NUM_DIMS`). */
  Problem = 8,
  /** Dimensions of each tensor (`Context.TENSOR_DIMS`). */
  Tensor = 5,
}

/** The cost table `analyze` passes (it prices nothing). */
const NO_COST: PreparedCost = prepareCost(
  { read: new Float64Array(0), write: new Float64Array(0), gatedFraction: new Float64Array(0), metadataPerWord: new Float64Array(0), networkPerWord: new Float64Array(0), mac: 0, macGated: 0, extraActions: new Uint8Array(0) },
  0,
);
if (Workload.NUM_DIMS !== Dims.Problem || Context.TENSOR_DIMS !== Dims.Tensor) {
  throw new Error('unreachable: analyze assumes 8 problem dimensions and 5 dimensions per tensor');
}

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/**
 * Evaluate a flattened mapping. Writes every slot of the layout described by `Slot` / `Global` into `out`
 * (length `ctx.resultLength`; its previous contents never matter: it is zero-filled first, and the hot paths then
 * write only the slots that can be non-zero) and returns `out`. Each (level, tensor) block
 * gets its sparsity and vector counts as soon as its dense counts are final (when its next keeping child is
 * analysed); bypassed blocks are 0 but for `Utilized`. Assumes the mapping passed `validateMapping`.
 */
export const analyze = (ctx: EvalContext, flat: FlatMapping, out: Float64Array): Float64Array => {
  kernel(ctx, flat, out, NO_COST, true);
  return out;
};

/**
 * The fused evaluation (the mapper's inner loop): the same counts as `analyze`, each folded into `cost` as soon as
 * it is final, with no result array. Returns the total cost — bit-identical to pricing `analyze`'s result with the
 * same table (`energy/priceTotal`): the same terms, added in the same order (per tensor, from the backing store
 * down: each keeping level's accesses, then the words on the networks below it; then MACs + W + I + O).
 * Leaves the global block in `ctx.lastGlobals` and each tensor's cost in `ctx.lastTensorCost`.
 */
export const analyzeCost = (ctx: EvalContext, flat: FlatMapping, cost: PreparedCost): number => {
  kernel(ctx, flat, ctx.lastGlobals, cost, false);
  const tensorCost = ctx.lastTensorCost;
  return macCost(cost, ctx.lastGlobals, 0) + tensorCost[0]! + tensorCost[1]! + tensorCost[2]!;
};

/**
 * The kernel behind `analyze` (full: every slot of `out` written; `cost` unused) and `analyzeCost` (not full: only
 * what the cost and the cycle count need; `out` is `ctx.lastGlobals` and receives the global block alone). One body
 * for both, so the two can never count differently. The arguments have the same types in both modes (no null), so
 * the JIT's feedback stays monomorphic when a process runs both; the mode tests are predictable branches.
 *
 * Four phases, marked in the body: (1) the loop tables — per-loop and per-level products of the mapping; (2) the
 * walk of each tensor W, I, O down the levels that keep it — the child's fills and the parent's accesses, each
 * parent block settled (sparsity, vector accesses, cost) as soon as its counts are final; (3) inside it, the
 * sliding deltas of the loops that slide a window over the inputs; (4) `writeDenseMacs` / `writeSparseMacs` and `writeCycles` — MAC totals and the
 * bandwidth-bound cycle count. They are sections of one function, not functions of their own: as separate
 * functions (phase 1 and the tensor walk are too large for V8 to inline) the bundled kernel measured 4–7% slower.
 * Likewise only the branch-free select is a helper (`selectInt`): more one-line helpers (a conditional factor,
 * min(|s|, e)) used up V8's per-function inlining budget, so `unionLen` stopped being inlined (3–4% slower).
 */
const kernel = (ctx: EvalContext, flat: FlatMapping, out: Float64Array, cost: PreparedCost, full: boolean): void => {
  const L = ctx.numLevels;
  const globalsAt = full ? L * 3 * Block.Slots : 0; // where the global block goes in `out`
  const n = flat.n;
  const { dim, factor, level, spatial, keep } = flat;
  const sc = ctx.scratch;
  const { step, outerProd, cumT, ext, wrap, tileExt, groupExt, levelStart, spIdx, spStart, fullJ, util, levelWords, block } = sc;
  const { tdOf, coefOf, fullMask, windowA, windowB, dedupes, plain, lastTensorCost, tensorSize, feedA, coefA, feedB, coefB } = ctx;
  const pathPerWord = cost.pathPerWord;
  const readCost = cost.read;
  const writeCost = cost.write;
  const updateExtra = cost.updateExtra;
  const pricesUpdates = cost.pricesUpdates;
  const convention = ctx.convention;
  const levelRead = sc.levelRead;
  const portLimited = ctx.portLimited; // levelRead is kept only then (the read ports' bound is its only reader)
  if (full) out.fill(0); // one memset instead of ~150 zero stores (bypassed blocks, dense gated / skipped / metadata slots, …)

  // ── Phase 1: the loop tables ─────────────────────────────────────────────────────────────────────────────
  // From the mapping alone (scratch; `Scratch` documents each table):
  // - step[j]: product of the factors of loop j's dimension at the loops inside j (how far one step of j moves);
  // - levelStart[c]: index of the first loop at level ≥ c (levelStart[L] = n: the MAC pseudo-level);
  // - ext[c * 8 + d]: product of the factors of d at levels ≥ c (the tile of level c, per instance), for
  //   c = 1 … L − 1. ext[L] (all 1: the MACs) is set once by `makeContext`; level 0's tile is the whole tensor
  //   (`EvalContext.tensorSize`), so ext[0] is never read;
  // - outerProd[j] / cumT[j]: temporal iterations outside loop j / outside or at it; T: in the whole nest;
  // - util[c]: utilized instances of level c (util[L]: of the MACs) = Π spatial factors above c;
  // - spIdx: the spatial loops, outermost first; those at levels p … c−1 are spIdx[spStart[p] … spStart[c]);
  // - fullJ[c * 3 + t]: the innermost temporal loop above c that replaces t's whole tile (see `Scratch.fullJ`).
  // The second pass is branch-free (`selectInt`; a factor f counts as 1 + (f − 1)·bit): random loop orders make
  // those branches unpredictable.
  let T = 1;
  let utilized = 1;
  {
    // From the innermost loop out: wrap[d] = product of d's factors at the loops visited so far.
    wrap[0] = 1; wrap[1] = 1; wrap[2] = 1; wrap[3] = 1; wrap[4] = 1; wrap[5] = 1; wrap[6] = 1; wrap[7] = 1;
    levelStart[L] = n;
    let done = L; // levels ≥ done have their levelStart and ext
    for (let j = n - 1; j >= 0; j--) {
      const lj = level[j]!;
      while (done > lj + 1) {
        done--;
        levelStart[done] = j + 1;
        const row = done * Dims.Problem;
        ext[row] = wrap[0]!; ext[row + 1] = wrap[1]!; ext[row + 2] = wrap[2]!; ext[row + 3] = wrap[3]!;
        ext[row + 4] = wrap[4]!; ext[row + 5] = wrap[5]!; ext[row + 6] = wrap[6]!; ext[row + 7] = wrap[7]!;
      }
      const d = dim[j]!;
      step[j] = wrap[d]!;
      wrap[d] = wrap[d]! * factor[j]!;
    }
    while (done > 1) {
      done--;
      levelStart[done] = 0;
      const row = done * Dims.Problem;
      ext[row] = wrap[0]!; ext[row + 1] = wrap[1]!; ext[row + 2] = wrap[2]!; ext[row + 3] = wrap[3]!;
      ext[row + 4] = wrap[4]!; ext[row + 5] = wrap[5]!; ext[row + 6] = wrap[6]!; ext[row + 7] = wrap[7]!;
    }
    levelStart[0] = 0;
    // From the outermost loop in. The factor products are exact either way (all integers).
    let spatialCount = 0;
    let wholeW = -1; // the innermost loop so far whose steps replace the whole tile of W, I, O
    let wholeI = -1;
    let wholeO = -1;
    util[0] = 1;
    for (let c = 0, j = 0; c < L; c++) {
      spStart[c] = spatialCount;
      for (const end = levelStart[c + 1]!; j < end; j++) {
        const isSpatial = spatial[j]!;
        const extra = factor[j]! - 1; // f − 1: 1 + extra·bit is f when bit = 1, else 1 (exact, no branch)
        outerProd[j] = T;
        T *= 1 + extra * (1 - isSpatial);
        utilized *= 1 + extra * isSpatial;
        spIdx[spatialCount] = j;
        spatialCount += isSpatial;
        cumT[j] = T;
        const replaces = fullMask[dim[j]!]! & (isSpatial - 1); // bit t: j replaces t's whole tile (temporal loops only)
        wholeW = selectInt(replaces & 1, j, wholeW);
        wholeI = selectInt((replaces >> 1) & 1, j, wholeI);
        wholeO = selectInt(replaces >> 2, j, wholeO);
      }
      util[c + 1] = utilized;
      const row = (c + 1) * 3;
      fullJ[row] = wholeW;
      fullJ[row + 1] = wholeI;
      fullJ[row + 2] = wholeO;
    }
    spStart[L] = spatialCount;
  }
  for (let l = 0; l < L; l++) levelWords[l] = 0;
  if (portLimited) levelRead.fill(0);

  // ── Phase 2: the walk of each tensor ─────────────────────────────────────────────────────────────────────
  // Down the levels that keep tensor t, from the backing store to the MACs. At each keeping child c (nearest
  // keeping parent p): the child's tile, its union over the children of one parent instance (multicast), the
  // child's accesses A_c and the parent's content accesses (the header's formula; phase 3 for sliding windows),
  // then the parent's counts, final now, are settled at once: dense counts, sparsity and vector accesses
  // (`applySparsity`, or the plain fast path), the words it moves (bandwidth bound), and in fused mode its cost
  // and the cost of the words on the networks p → c.
  for (let t = 0; t < 3; t++) {
    const dimRow = t * Dims.Problem;
    // The Timeloop conventions count this tensor differently only when it has a sliding window (see the child loop).
    const timeloopWindow = convention !== 0 && windowA[t]! >= 0;
    // The feeders of the tensor's five dimensions, in locals (see `EvalContext.feedA`). Dimensions 0–2 of every
    // tensor are fed by one problem dimension with coefficient 1 (`makeContext` checks it), so e_x = ext[a_x] there.
    // Dimensions 3 and 4: e_x = 1 + ca_x·(ext[a_x] − 1) + cb_x·(ext[b_x] − 1), exact in any order (small integers),
    // or ext[a_x] when x too has one feeder with coefficient 1 (`direct`: W's and O's, not the inputs' h and w).
    const row = t * Dims.Tensor;
    const a0 = feedA[row]!, a1 = feedA[row + 1]!, a2 = feedA[row + 2]!, a3 = feedA[row + 3]!, a4 = feedA[row + 4]!;
    const b3 = feedB[row + 3]!, b4 = feedB[row + 4]!;
    const ca3 = coefA[row + 3]!, ca4 = coefA[row + 4]!;
    const cb3 = coefB[row + 3]!, cb4 = coefB[row + 4]!;
    const direct3 = ca3 === 1 && cb3 === 0, direct4 = ca4 === 1 && cb4 === 0;
    // Level 0 is the backing store: its tile and partition are the whole tensor.
    let p = 0;
    // The keeping parent's fills and (outputs) partition, carried from when it was the child.
    let pFills = 0;
    let pParent = 0; // the keeping parent's own keeping parent (for compression of its fills)
    let pPart: number;
    {
      const size = tensorSize[t]!;
      pPart = size;
      if (full) {
        const at = t * Block.Slots;
        out[at + Slot.Tile] = size;
        out[at + Slot.Partition] = size;
        out[at + Slot.Utilized] = 1;
        out[at + Slot.Kept] = 1;
      }
    }
    // Outputs: outerT = Π of the temporal factors above the current child (loops before jPart) over the
    // dimensions the outputs depend on (`fullMask` bit 2: outputs never slide), for the child's partition.
    let jPart = 0;
    let outerT = 1;
    let tensorCost = 0; // fused mode: the tensor's cost so far
    for (let c = 1; c <= L; c++) {
      const isMac = c === L;
      const cBase = (c * 3 + t) * Block.Slots;
      if (!isMac && keep[c * 3 + t] === 0) {
        // Bypassed: every slot is 0 but the instance count; it costs nothing.
        if (full) out[cBase + Slot.Utilized] = util[c]!;
        continue;
      }
      const pBase = (p * 3 + t) * Block.Slots;
      // Child tile extents per tensor dimension: e_x = 1 + Σ_d coef_d · (ext_d − 1).
      const extRow = c * Dims.Problem;
      const e0 = ext[extRow + a0]!;
      const e1 = ext[extRow + a1]!;
      const e2 = ext[extRow + a2]!;
      const e3 = direct3 ? ext[extRow + a3]! : 1 + ca3 * (ext[extRow + a3]! - 1) + cb3 * (ext[extRow + b3]! - 1);
      const e4 = direct4 ? ext[extRow + a4]! : 1 + ca4 * (ext[extRow + a4]! - 1) + cb4 * (ext[extRow + b4]! - 1);
      tileExt[0] = e0; tileExt[1] = e1; tileExt[2] = e2; tileExt[3] = e3; tileExt[4] = e4;
      const tile = e0 * e1 * e2 * e3 * e4;
      // Children of one parent instance: the spatial loops at levels p … c−1 (util[c] / util[p] of them).
      const utilizedC = util[c]!;
      const utilizedP = util[p]!;
      const dedupe = dedupes[(p * (L + 1) + c) * 3 + t] === 1;
      // Union extents over the group. Without dedupe the group is counted by multiplication (below); with no
      // spatial loop feeding any tensor dimension every child sees the same box: U(len) = len throughout.
      // `moved`: bit x set when a spatial loop of the group feeds tensor dimension x.
      const moved = dedupe && utilizedC > utilizedP ? buildOffsets(ctx, flat, t, spStart[p]!, spStart[c]!) : 0;
      const grouped = moved !== 0;
      let groupTile = tile; // |∪_k B_k|
      if (grouped) {
        groupTile = 1;
        for (let x = 0; x < Dims.Tensor; x++) {
          const u = ((moved >> x) & 1) === 1 ? unionLen(sc, x, tileExt[x]!) : tileExt[x]!;
          groupExt[x] = u;
          groupTile *= u;
        }
      }
      // A_c (per child) and the parent's content accesses (per parent instance).
      let childAcc: number;
      let parentAcc: number;
      if (isMac) {
        // No operand reuse inside a MAC: every temporal iteration touches its point.
        childAcc = T;
        parentAcc = T * groupTile;
      } else if (timeloopWindow) {
        // Timeloop conventions, sliding-window tensor: reset on stride change (`strideResetFills`), and a parent
        // serves each distinct child tile's delta once (identical deltas only: children at the same offset).
        // Tensors without a sliding window count the same under every convention (their tiles never overlap
        // partially), so they take the closed form below.
        childAcc = strideResetFills(tdOf, coefOf, ctx.strideScratch, flat, step, t, levelStart[c]!, tileExt, convention);
        parentAcc = grouped ? childAcc * distinctChildren(sc, moved) : childAcc;
      } else {
        childAcc = tile;
        parentAcc = groupTile;
        // The temporal loops above c, from the inside out. A step over a single-feeder dimension replaces the whole
        // tile, and then so does every step of every loop outside it: the innermost such loop (`fullJ`) and those
        // outside it add Σ n_j' = cumT[jWhole] − 1 whole tiles (telescoping). Inside it only the sliding-window
        // dimensions move (phase 3).
        const jWhole = fullJ[c * 3 + t]!;
        const xA = windowA[t]!;
        if (xA >= 0) {
          // ── Phase 3: the sliding deltas ──────────────────────────────────────────────────────────────────
          // The loops above c inside jWhole, from the inside out, for a tensor with sliding-window dimensions
          // (the inputs' h and w: A = windowA, B = windowB). Each step of such a loop j shifts the tile by s_j
          // and keeps its overlap with the previous tile: Π_x (e_x − j_x) per child and Π_x (U(e_x) − U(j_x))
          // for the group, where j_x = min(|s_x|, e_x) is non-zero only in A and B (so the other dimensions'
          // product, `rest`, is taken once; all factors are integers, so any order of the products is exact).
          // A loop over a dimension the tensor ignores is stationary unless a window loop inside it wraps back
          // (then it moves back only).
          const xB = windowB[t]!;
          const eA = tileExt[xA]!;
          const eB = xB >= 0 ? tileExt[xB]! : 1;
          const uA = grouped ? groupExt[xA]! : eA;
          const uB = grouped && xB >= 0 ? groupExt[xB]! : eB;
          let restChild = -1; // Π of the other dimensions' extents (child, group); computed at the first window step
          let restGroup = -1;
          let wrapA = 0; // how far the loops inside the current one (and above c) move A / B back when they wrap
          let wrapB = 0;
          let wrapping = false; // a sliding-window dimension has a non-zero wrap
          let irrelevantValid = false; // overlapChild / overlapGroup hold the overlap of an irrelevant step for the current wraps
          let overlapChild = 0;
          let overlapGroup = 0;
          for (let j = levelStart[c]! - 1; j > jWhole; j--) {
            if (spatial[j] === 1) continue;
            const d = dim[j]!;
            const x = tdOf[dimRow + d]!; // the tensor dimension loop j moves (−1: none)
            if (x < 0 && !wrapping) continue;
            const f = factor[j]!;
            const steps = (f - 1) * outerProd[j]!; // n_j
            if (x < 0 && irrelevantValid) {
              childAcc += steps * (tile - overlapChild);
              parentAcc += steps * (groupTile - overlapGroup);
              continue;
            }
            if (restChild < 0) {
              restChild = 1;
              restGroup = 1;
              for (let y = 0; y < Dims.Tensor; y++) {
                if (y === xA || y === xB) continue;
                restChild *= tileExt[y]!;
                restGroup *= grouped ? groupExt[y]! : tileExt[y]!;
              }
            }
            const move = coefOf[dimRow + d]! * step[j]!; // 0 for an irrelevant loop (x < 0: coefficient 0)
            const shiftA = (x === xA ? move : 0) - wrapA;
            const shiftB = (x === xB ? move : 0) - wrapB;
            // j_x = min(|s_x|, e_x)
            const jA = shiftA < 0 ? (-shiftA < eA ? -shiftA : eA) : shiftA < eA ? shiftA : eA;
            const jB = shiftB < 0 ? (-shiftB < eB ? -shiftB : eB) : shiftB < eB ? shiftB : eB;
            overlapChild = restChild * (eA - jA) * (eB - jB);
            overlapGroup = grouped ? restGroup * (uA - unionLen(sc, xA, jA)) * (uB - unionLen(sc, xB, jB)) : overlapChild;
            childAcc += steps * (tile - overlapChild);
            parentAcc += steps * (groupTile - overlapGroup);
            if (x < 0) irrelevantValid = true;
            else {
              if (x === xA) wrapA += (f - 1) * move;
              else wrapB += (f - 1) * move;
              wrapping = true;
              irrelevantValid = false;
            }
          }
        }
        if (jWhole >= 0) {
          const reps = cumT[jWhole]! - 1;
          childAcc += reps * tile;
          parentAcc += reps * groupTile;
        }
      }
      if (!dedupe) parentAcc = childAcc * (utilizedC / utilizedP); // the group's size
      // The parent's final dense counts, the child's fills and partition, and the words on the networks between.
      let pReads: number;
      let pUpdates = 0;
      let cFills = 0;
      let cPart = 0;
      let words: number;
      if (t === 2) {
        pUpdates = parentAcc;
        if (!isMac) {
          // Partition: the distinct outputs one instance of c ever holds (tile × temporal loops above c).
          // Every output dimension has one feeder with coefficient 1, so the box of the tile × those loops is
          // tile × outerT (integers: exact). A factor counts when its loop is temporal and relevant.
          for (const firstLoopInC = levelStart[c]!; jPart < firstLoopInC; jPart++) {
            outerT *= 1 + (factor[jPart]! - 1) * ((1 - spatial[jPart]!) & (fullMask[dim[jPart]!]! >> 2));
          }
          cPart = tile * outerT;
          cFills = childAcc - cPart;
          if (full) {
            out[cBase + Slot.Partition] = cPart;
            out[cBase + Slot.Drains] = childAcc;
          }
        }
        // Partial sums combined in the network on their way up (never negative).
        words = Math.max(0, childAcc * utilizedC - parentAcc * utilizedP);
        // Outputs: parent reads are read-modify-write reads (updates − partition).
        pReads = Math.max(0, parentAcc - pPart);
      } else {
        pReads = parentAcc;
        cFills = childAcc;
        words = childAcc * utilizedC;
      }
      // (Global.MacNetworkW + t: the W, I and O slots are consecutive)
      if (isMac) out[globalsAt + Global.MacNetworkW + t] = words;
      if (full) {
        if (!isMac) {
          out[cBase + Slot.Fills] = cFills;
          out[cBase + Slot.NetworkWords] = words;
        }
        out[pBase + Slot.Reads] = pReads;
        out[pBase + Slot.Updates] = pUpdates;
      }
      // The parent's dense counts are final: settle its block — actual and vector accesses, words, cost.
      if (plain[p * 3 + t] === 1) {
        // Dense fast path: every action is random, one access per element (gated, skipped and metadata stay 0).
        const pWrites = pFills + pUpdates;
        if (full) {
          out[pBase + Slot.ReadsRandom] = pReads;
          out[pBase + Slot.FillsRandom] = pFills;
          out[pBase + Slot.UpdatesRandom] = pUpdates;
          out[pBase + Slot.VReadsRandom] = pReads;
          out[pBase + Slot.VWritesRandom] = pWrites;
          out[pBase + Slot.VUpdatesRandom] = pUpdates;
        } else {
          // `blockCost` with its zero terms dropped (x + 0 = x exactly: the same bits). Updates at their own energy
          // only when some level prices them (`pricesUpdates`); a level whose update costs a write then adds 0.
          const base = pReads * readCost[p]! + pWrites * writeCost[p]!;
          tensorCost += (pricesUpdates ? base + pUpdates * updateExtra[p]! : base) * util[p]!;
        }
        levelWords[p]! += pReads + pFills + pUpdates;
        if (portLimited) levelRead[p]! += pReads;
      } else {
        const buf = full ? out : block;
        const at = full ? pBase : 0;
        buf[at + Slot.Reads] = pReads;
        buf[at + Slot.Fills] = pFills;
        buf[at + Slot.Updates] = pUpdates;
        levelWords[p]! += applySparsity(ctx, buf, at, p, t, c, pParent);
        if (!full) tensorCost += blockCost(cost, buf, at, p) * util[p]!;
      }
      if (!full) tensorCost += words * pathPerWord[p * (L + 1) + c]!;
      if (!isMac) {
        if (full) {
          out[cBase + Slot.Tile] = tile;
          out[cBase + Slot.Utilized] = utilizedC;
          out[cBase + Slot.Kept] = 1;
        }
        pParent = p;
        p = c;
        pFills = cFills;
        pPart = cPart;
      }
    }
      if (!full) lastTensorCost[t] = tensorCost;
  }

  // ── Phase 4: MACs and cycles ─────────────────────────────────────────────────────────────────────────────
  const computeCycles = ctx.denseMacs ? writeDenseMacs(out, globalsAt, T, utilized) : writeSparseMacs(ctx, out, globalsAt, T, utilized);
  writeCycles(ctx, out, globalsAt, computeCycles, full);
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/**
 * The branch-free select: `bit` (0 or 1) ? `ifOne` : `ifZero`, for int32 values (loop indices): −1 is all ones,
 * so `(ifOne − ifZero) & −bit` is the difference or 0. @example selectInt(1, 7, -1) // 7; selectInt(0, 7, -1) // -1
 */
const selectInt = (bit: number, ifOne: number, ifZero: number): number => ifZero + ((ifOne - ifZero) & -bit);

/**
 * Offsets (per tensor dimension) of the children of one parent instance: the spatial loops spIdx[from … to).
 * Kind 0: no spatial offset; 1: arithmetic progression (offN offsets, gap offGap); 2: explicit sorted list.
 * Only called when the parent dedupes (multicast / spatial reduction); returns the mask of tensor dimensions with
 * offsets (bit x; 0: every child holds the same box). offN / offGap / offStart / offLen are valid only for kind ≠ 0.
 */
const buildOffsets = (ctx: EvalContext, flat: FlatMapping, t: number, from: number, to: number): number => {
  const sc = ctx.scratch;
  const offKind = sc.offKind;
  offKind[0] = 0; offKind[1] = 0; offKind[2] = 0; offKind[3] = 0; offKind[4] = 0;
  let any = 0;
  let used = 0;
  for (let k = from; k < to; k++) {
    const j = sc.spIdx[k]!;
    const d = flat.dim[j]!;
    const x = ctx.tdOf[t * Dims.Problem + d]!;
    const f = flat.factor[j]!;
    if (x < 0) continue; // irrelevant dimension: identical data to every child (multicast)
    const gap = ctx.coefOf[t * Dims.Problem + d]! * ctx.scratch.step[j]!;
    any |= 1 << x;
    if (sc.offKind[x] === 0) {
      sc.offKind[x] = 1;
      sc.offN[x] = f;
      sc.offGap[x] = gap;
      continue;
    }
    // Second (or later) spatial loop feeding the same tensor dimension. A dimension split over X and Y
    // nests (one gap = the other's count × gap): still one arithmetic progression.
    if (sc.offKind[x] === 1) {
      const n1 = sc.offN[x]!;
      const g1 = sc.offGap[x]!;
      if (gap === n1 * g1) {
        sc.offN[x] = n1 * f;
        continue;
      }
      if (g1 === f * gap) {
        sc.offN[x] = n1 * f;
        sc.offGap[x] = gap;
        continue;
      }
    }
    // Otherwise (e.g. P and R both spatial, feeding h = p·stride + r·dilation): explicit sum-set of offsets.
    if (sc.offKind[x] === 1) {
      const start = used;
      if (start + sc.offN[x]! > sc.offsets.length) growOffsets(sc, start + sc.offN[x]!);
      for (let k = 0; k < sc.offN[x]!; k++) sc.offsets[used++] = k * sc.offGap[x]!;
      sc.offKind[x] = 2;
      sc.offStart[x] = start;
      sc.offLen[x] = used - start;
    }
    const start = sc.offStart[x]!;
    const len = sc.offLen[x]!;
    if (len * f > sc.tmpOffsets.length || used + len * f > sc.offsets.length) growOffsets(sc, used + len * f);
    let m = 0;
    for (let k = 0; k < f; k++) for (let i = 0; i < len; i++) sc.tmpOffsets[m++] = sc.offsets[start + i]! + k * gap;
    const sorted = sc.tmpOffsets;
    insertionSort(sorted, m);
    // Deduplicate into a fresh run at the end of the shared offsets area: another dimension's list may have been
    // written after this one's (the inputs' h and w can both hold explicit lists), so it is not rewritten in place.
    const merged = used;
    let prev = -1;
    for (let i = 0; i < m; i++) {
      const v = sorted[i]!;
      if (v !== prev) sc.offsets[used++] = v;
      prev = v;
    }
    sc.offStart[x] = merged;
    sc.offLen[x] = used - merged;
  }
  return any;
};

/** Distinct child tiles of one parent instance: Π over the tensor dimensions in `moved` of the distinct offsets. */
const distinctChildren = (sc: Scratch, moved: number): number => {
  let n = 1;
  for (let x = 0; x < Dims.Tensor; x++) {
    if (((moved >> x) & 1) === 0) continue;
    n *= sc.offKind[x] === 1 ? sc.offN[x]! : sc.offKind[x] === 2 ? sc.offLen[x]! : 1;
  }
  return n;
};

/** U(len, O_x) = |∪_{o ∈ O_x} [o, o + len)|. */
const unionLen = (sc: Scratch, x: number, len: number): number => {
  if (len <= 0) return 0; // also for x = −1 (an absent sliding-window dimension never moves)
  const kind = sc.offKind[x]!;
  if (kind === 0) return len;
  if (kind === 1) {
    const g = sc.offGap[x]!;
    return len + (sc.offN[x]! - 1) * (g < len ? g : len);
  }
  const start = sc.offStart[x]!;
  const end = start + sc.offLen[x]!;
  let u = len;
  for (let i = start + 1; i < end; i++) {
    const g = sc.offsets[i]! - sc.offsets[i - 1]!;
    u += g < len ? g : len;
  }
  return u;
};

/**
 * Apply the sparsity model to the final dense counts of the (non-plain) kept block at `b` (level l, tensor t; its
 * keeping child `child` — numLevels: the MACs — and keeping parent `parent`): writes the random / gated / skipped
 * splits, the vector and metadata accesses and the (de)compressed elements, and returns the words it moves per
 * instance (for the bandwidth bound).
 */
const applySparsity = (ctx: EvalContext, out: Float64Array, b: number, l: number, t: number, child: number, parent: number): number => {
  const density = ctx.density;
  const lt = l * 3 + t;
  const comp = ctx.compressed[lt] === 1;
  const dataFrac = comp ? density[t]! : 1;
  const frac = ctx.optFrac[lt]!;
  const kind = ctx.optKind[lt]!;
  splitAction(out, b, Slot.Reads, Slot.ReadsRandom, comp, dataFrac, kind, frac);
  splitAction(out, b, Slot.Fills, Slot.FillsRandom, comp, dataFrac, 0, 1);
  splitAction(out, b, Slot.Updates, Slot.UpdatesRandom, comp, dataFrac, kind, frac);
  const pw = ctx.perWord[lt]!;
  const wp = ctx.wordsPer[lt]!;
  const blk = ctx.blockWords[l]!;
  out[b + Slot.VReadsRandom] = vectorAccesses(out[b + Slot.ReadsRandom]!, pw, wp, blk);
  out[b + Slot.VReadsGated] = vectorAccesses(out[b + Slot.ReadsGated]!, pw, wp, blk);
  out[b + Slot.VWritesRandom] = vectorAccesses(out[b + Slot.FillsRandom]!, pw, wp, blk) + vectorAccesses(out[b + Slot.UpdatesRandom]!, pw, wp, blk);
  const vUpdatesGated = vectorAccesses(out[b + Slot.UpdatesGated]!, pw, wp, blk);
  out[b + Slot.VUpdatesRandom] = vectorAccesses(out[b + Slot.UpdatesRandom]!, pw, wp, blk);
  out[b + Slot.VUpdatesGated] = vUpdatesGated;
  out[b + Slot.VWritesGated] = vectorAccesses(out[b + Slot.FillsGated]!, pw, wp, blk) + vUpdatesGated;
  if (comp) {
    const mb = ctx.metaBits[lt]!;
    const wb = ctx.wordBits[l]!;
    const perDense = ctx.metaPerDense[lt] === 1;
    out[b + Slot.VMetaReads] = metadataAccesses(out[b + Slot.Reads]!, perDense, dataFrac, mb, wb, blk);
    out[b + Slot.VMetaWrites] =
      metadataAccesses(out[b + Slot.Fills]!, perDense, dataFrac, mb, wb, blk) + metadataAccesses(out[b + Slot.Updates]!, perDense, dataFrac, mb, wb, blk);
    // (De)compression: what the level sends to an uncompressed reader, what it receives from an uncompressed parent
    // (fills) or child (updates); actual elements (gated ones included).
    const childPlain = child === ctx.numLevels || ctx.compressed[child * 3 + t] === 0;
    const parentPlain = l > 0 && ctx.compressed[parent * 3 + t] === 0;
    out[b + Slot.Decompressed] = childPlain ? out[b + Slot.ReadsRandom]! + out[b + Slot.ReadsGated]! : 0;
    out[b + Slot.Compressed] = (parentPlain ? out[b + Slot.FillsRandom]! + out[b + Slot.FillsGated]! : 0) + (childPlain ? out[b + Slot.UpdatesRandom]! + out[b + Slot.UpdatesGated]! : 0);
  } else {
    out[b + Slot.VMetaReads] = 0;
    out[b + Slot.VMetaWrites] = 0;
    out[b + Slot.Decompressed] = 0;
    out[b + Slot.Compressed] = 0;
  }
  // Bandwidth: gated accesses still occupy the port; skipped ones do not.
  if (ctx.portLimited) ctx.scratch.levelRead[l]! += wordsOf(out[b + Slot.ReadsRandom]! + out[b + Slot.ReadsGated]!, pw, wp) + out[b + Slot.VMetaReads]! * blk;
  return (
    wordsOf(out[b + Slot.ReadsRandom]! + out[b + Slot.ReadsGated]!, pw, wp) +
    wordsOf(out[b + Slot.FillsRandom]! + out[b + Slot.FillsGated]!, pw, wp) +
    wordsOf(out[b + Slot.UpdatesRandom]! + out[b + Slot.UpdatesGated]!, pw, wp) +
    (out[b + Slot.VMetaReads]! + out[b + Slot.VMetaWrites]!) * blk
  );
};

/**
 * Write the MAC half of the global block (at `globalsAt`) when every MAC is effectual and performed (`EvalContext.denseMacs`:
 * d_W · d_I = 1 and the compute gates or skips nothing): MACs = T × utilized MACs, all random. Returns the compute cycles (T).
 */
const writeDenseMacs = (out: Float64Array, globalsAt: number, T: number, utilizedMacs: number): number => {
  const macs = T * utilizedMacs;
  out[globalsAt + Global.Macs] = macs;
  out[globalsAt + Global.EffectualMacs] = macs;
  out[globalsAt + Global.UtilizedMacs] = utilizedMacs;
  out[globalsAt + Global.TemporalIterations] = T;
  out[globalsAt + Global.MacsRandom] = macs;
  out[globalsAt + Global.MacsGated] = 0;
  out[globalsAt + Global.MacsSkipped] = 0;
  out[globalsAt + Global.ComputeCycles] = T;
  return T;
};

/**
 * `writeDenseMacs` for sparse operands or a sparse compute: effectual MACs ⌈MACs · d_W · d_I⌉; the compute performs
 * ⌈MACs · Π d_c⌉ over its condition operands (Sparseloop; default both: d_W · d_I) and gates or skips the rest;
 * skipped ones take no cycle. Returns the compute cycles.
 */
const writeSparseMacs = (ctx: EvalContext, out: Float64Array, globalsAt: number, T: number, utilizedMacs: number): number => {
  const density = ctx.density;
  const macs = T * utilizedMacs;
  const effectualFraction = density[0]! * density[1]!;
  const effectual = effectualFraction === 1 ? macs : ceilCount(macs * effectualFraction); // dense: exact, nothing to round
  out[globalsAt + Global.Macs] = macs;
  out[globalsAt + Global.EffectualMacs] = effectual;
  out[globalsAt + Global.UtilizedMacs] = utilizedMacs;
  out[globalsAt + Global.TemporalIterations] = T;
  const sparse = ctx.computeSparse;
  let computeCycles = T;
  if (sparse === 0) {
    out[globalsAt + Global.MacsRandom] = macs;
    out[globalsAt + Global.MacsGated] = 0;
    out[globalsAt + Global.MacsSkipped] = 0;
  } else {
    const frac = ctx.computeFrac;
    const actual = frac === 1 ? macs : ceilCount(macs * frac);
    out[globalsAt + Global.MacsRandom] = actual;
    if (sparse === 1) {
      out[globalsAt + Global.MacsGated] = macs - actual;
      out[globalsAt + Global.MacsSkipped] = 0;
    } else {
      out[globalsAt + Global.MacsGated] = 0;
      out[globalsAt + Global.MacsSkipped] = macs - actual;
      computeCycles = frac === 1 ? T : ceilCount(T * frac);
    }
  }
  out[globalsAt + Global.ComputeCycles] = computeCycles;
  return computeCycles;
};

/**
 * Write the cycle count of the global block (at `globalsAt`): cycles = max(compute cycles, each level's bound), the
 * bound of level l being, per instance, the words it moves (scratch `levelWords`) over its shared bandwidth and, where
 * the level has separate ports (`EvalContext.portLimited`: `portCycles`), its reads over its read port and its fills +
 * updates over its write port. In full mode each level's bound is also written after the global block (`levelCycleBase`).
 */
const writeCycles = (ctx: EvalContext, out: Float64Array, globalsAt: number, computeCycles: number, full: boolean): void => {
  const L = ctx.numLevels;
  const levelWords = ctx.scratch.levelWords;
  const bandwidth = ctx.bandwidth;
  const portLimited = ctx.portLimited;
  const boundsAt = globalsAt + Block.Globals; // the per-level cycle bounds follow the global block (full mode only)
  let cycles = computeCycles;
  let bottleneck = -1;
  for (let l = 0; l < L; l++) {
    const bw = bandwidth[l]!;
    let levelCycles = bw !== Infinity && bw > 0 ? Math.ceil(levelWords[l]! / bw) : 0;
    if (portLimited) levelCycles = portCycles(ctx, l, levelCycles);
    if (full) out[boundsAt + l] = levelCycles;
    if (levelCycles > cycles) {
      cycles = levelCycles;
      bottleneck = l;
    }
  }
  out[globalsAt + Global.Cycles] = cycles;
  out[globalsAt + Global.Bottleneck] = bottleneck;
};

/** Level l's cycle bound `cycles` raised to its read port's (reads, scratch `levelRead`) and write port's (the other words). */
const portCycles = (ctx: EvalContext, l: number, cycles: number): number => {
  const words = ctx.scratch.levelWords[l]!;
  const reads = ctx.scratch.levelRead[l]!;
  const rbw = ctx.readBandwidth[l]!;
  const wbw = ctx.writeBandwidth[l]!;
  let c = cycles;
  if (rbw !== Infinity) c = Math.max(c, Math.ceil(reads / rbw));
  if (wbw !== Infinity) c = Math.max(c, Math.ceil((words - reads) / wbw));
  return c;
};

/**
 * Split a dense per-instance count (slot `dense`) into random / gated / skipped (slots `r`, `r+1`, `r+2`):
 * compressed storage keeps ceil(n·density) elements; an action optimisation of `kind` (1 gating, 2 skipping)
 * lets ceil(stored·frac) through and gates or skips the rest.
 */
const splitAction = (out: Float64Array, b: number, dense: number, r: number, comp: boolean, dataFrac: number, kind: number, frac: number): void => {
  const n = out[b + dense]!;
  const stored = comp ? ceilCount(n * dataFrac) : n;
  const random = kind !== 0 ? ceilCount(stored * frac) : stored;
  out[b + r] = random;
  out[b + r + 1] = kind === 1 ? stored - random : 0;
  out[b + r + 2] = kind === 2 ? stored - random : 0;
};

/** Words moved for `elems` elements packed `pw` per word, `wp` words each. */
const wordsOf = (elems: number, pw: number, wp: number): number => (elems > 0 ? Math.ceil(elems / pw) * wp : 0);

/** Vector accesses (ceil(words / block)) for `elems` elements. */
const vectorAccesses = (elems: number, pw: number, wp: number, blk: number): number =>
  elems > 0 ? Math.ceil((Math.ceil(elems / pw) * wp) / blk) : 0;

/** Metadata vector accesses: one entry per dense element (bitmask) or per non-zero (rle, csr), `mb` bits each. */
const metadataAccesses = (dense: number, perDense: boolean, dataFrac: number, mb: number, wb: number, blk: number): number => {
  const entries = perDense ? dense : ceilCount(dense * dataFrac);
  return entries > 0 ? Math.ceil(Math.ceil((entries * mb) / wb) / blk) : 0;
};

/** Sort a[0..m) ascending in place (inputs are runs of sorted blocks; no allocation). */
const insertionSort = (a: Float64Array, m: number): void => {
  for (let i = 1; i < m; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
};

/** Enlarge the offset scratch to hold at least `need` entries (keeps what is written). Runs rarely: sizes only grow. */
const growOffsets = (sc: Scratch, need: number): void => {
  const size = Math.max(need, 2 * sc.offsets.length);
  const next = new Float64Array(size);
  next.set(sc.offsets);
  sc.offsets = next;
  sc.tmpOffsets = new Float64Array(size);
};
