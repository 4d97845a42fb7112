/**
 * The accelerator file format (YAML, already parsed to `unknown`) and its pure decoder `decodeArch`: io-ts
 * codecs with excess-key checking (unknown keys are errors) → semantic checks → the domain `Arch`
 * (src/arch/hierarchy.ts). Every stage collects ALL issues, each with the path of the offending value.
 *
 * ## Format
 * ```yaml
 * name: eyeriss                                  # required, non-empty
 * source: "Chen et al., JSSC 52(1) 2017"         # optional: where the design comes from
 * clockMHz: 200                                  # required, > 0
 * costs: eyeriss-normalized                      # required: cost preset (src/energy/presets.ts) for every
 *                                                #   energy not given explicitly; also fixes the energy unit
 * scaleAccessEnergyWithBits: true                # optional (default true); false = Timeloop-equivalent
 * countingConvention: ideal                      # optional: ideal (default) | timeloop-master | timeloop-v3.0.3
 * levels:                                        # required, outermost first; levels[0] is the backing store:
 *                                                #   the DRAM, or an on-chip sram holding the whole network
 *                                                #   (weights resident across inferences; see below)
 *   - name: DRAM
 *     kind: dram                                 # dram | sram | regfile
 *     wordBits: 16
 *     blockWords: 4                              # words per access (a 64-bit bus of 16-bit words)
 *     bandwidthWordsPerCycle: 4                  # shared (reads + fills + updates); optional separate port limits:
 *     readBandwidthWordsPerCycle: 4              #   reads per cycle …
 *     writeBandwidthWordsPerCycle: 2             #   … and fills + updates per cycle (Timeloop read/write_bandwidth)
 *     formats: { inputs: { format: rle, metadataBits: 5 }, outputs: { format: rle, metadataBits: 5 } }
 *   - name: GLB
 *     kind: sram
 *     capacityWords: 55296                       # per instance
 *     partitionWords: { weights: 4096 }          # optional; tensors not listed share the rest
 *     keeps: [weights, inputs, outputs]
 *   - name: RF
 *     kind: regfile
 *     instances: 168
 *     mesh: [14, 12]                             # [X, Y]; instances = X · Y
 *     partitionWords: { weights: 224, inputs: 12, outputs: 24 }   # capacity defaults to the sum
 *     energy: { read: 1, write: 1, gatedFraction: 0 }             # optional explicit costs (override preset);
 *                                                                 #   `update:` when an update costs other than a write
 *     actionOptimizations:
 *       - { kind: gating, target: weights, condition: [inputs] }  # gate weight reads when the input is 0
 * networks:                                      # optional; at most one per level boundary
 *   - { between: [GLB, RF], energyPerWord: 2, multicast: true, spatialReduction: true }
 *   - { between: [RF, MAC], energyPerWord: 0 }   # `MAC` names the compute array below the innermost level
 * compute:                                       # required
 *   instances: 168
 *   mesh: [14, 12]
 *   sparse: gating                               # none | gating | skipping
 *   condition: [inputs]                          # optional: the operands it is conditioned on (default both)
 *   energy: { multiply: 0.94, add: 0.06, refBits: 16 }   # optional (default: the preset's MAC)
 * ```
 *
 * ## Defaults (the one place they are listed)
 * | key | default |
 * |---|---|
 * | `scaleAccessEnergyWithBits` | `true` |
 * | `countingConvention` | `ideal` (see `CountingConvention` in src/arch/hierarchy.ts) |
 * | level `wordBits` | 16 |
 * | level `blockWords` | 1 |
 * | level `instances` / `mesh` | from each other (`mesh` = `[instances, 1]`, `instances` = X·Y); neither: 1, `[1, 1]` |
 * | level `capacityWords` | DRAM: unbounded (must not be given); others: required, except that when every kept tensor has a `partitionWords` entry it defaults to their sum |
 * | level `bandwidthWordsPerCycle` | unconstrained (`Infinity`; YAML `.inf` is accepted) |
 * | level `readBandwidthWordsPerCycle` / `writeBandwidthWordsPerCycle` | unconstrained |
 * | `compute.condition` | `[weights, inputs]` (actual computes ⌈MACs · d_W · d_I⌉) |
 * | level `keeps` | all of `weights, inputs, outputs` |
 * | level `partitionWords` | none (one capacity shared by the kept tensors) |
 * | level `energy.read` / `energy.write` | the preset's cost for (kind, capacity in bytes, wordBits, blockWords) |
 * | level `energy.gatedFraction` | 0 (a gated access is free) |
 * | level `energy.metadataPerWord` | 1 (a metadata word costs as much as a data word) |
 * | level `energy.update` | `energy.write` (an update costs a write) |
 * | level `energy.metadataRead` / `metadataWrite` | `read` / `write` × `metadataPerWord` (per metadata vector access) |
 * | level `energy.decompress` / `compress` | 0 (per element a compressed level sends to / receives from an uncompressed neighbour) |
 * | level `formats.<tensor>` | `{ format: uncompressed }` |
 * | level `actionOptimizations` | none |
 * | network not listed | `energyPerWord: 0`, `multicast: true`, `spatialReduction: true` |
 * | listed network `energyPerWord` | the preset's network cost for one word of the parent level's width over `hopMm` (preset default hop) |
 * | `compute.instances` / `compute.mesh` | as for levels; one of them is required |
 * | `compute.sparse` | `none` |
 * | `compute.energy` | the preset's MAC (each of `multiply`, `add`, `refBits` individually) |
 * | `compute.gatedFraction` | 0 |
 *
 * ## The backing store (levels[0]): off chip, or on chip with the weights resident
 * levels[0] holds every tensor of a layer and is never filled: its reads and the outputs' updates are paid on
 * every inference. `kind: dram` is the usual off-chip backing store (unbounded; no capacity). `kind: sram`
 * makes it an ON-CHIP store that holds the whole network across inferences — all weights resident, inputs and
 * activations on chip, nothing fetched from off chip (Minerva, Reagen et al. ISCA 2016) — so the per-inference
 * energy has no DRAM term; loading the weights once at power-up is not counted (amortized over inferences).
 * It needs `capacityWords` (each layer's tiles at levels[0] — its whole tensors — must fit, checked per layer
 * like any capacity); that ALL layers' weights fit together is checked by the CLI before any work
 * (`residentLines`, src/cli/load.ts). Nothing else depends on the kind: counting and pricing are unchanged.
 *
 * ## Semantic checks (all collected)
 * Sizes are positive integers; level names are unique and not `MAC`; levels[0] keeps every tensor and is
 * `dram` or `sram` (no other level is `dram`); non-DRAM levels have a capacity; partitions only for kept tensors and summing to at most
 * the capacity; `instances` = X·Y; each level's mesh divides the next level's (and the MACs') in X and Y;
 * network `between` names two adjacent levels (outer first), once each; the cost preset exists and prices every
 * level; fractions in [0, 1]; compressed formats have `metadataBits` > 0, uncompressed ones none; formats and
 * action optimisations refer to kept tensors.
 *
 * @example decodeArch(YAML.parse(text)) // Right(arch) or Left([{ path: ['levels', 2, 'capacityWords'], message }])
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { ActionOptimization, Arch, ComputeSpec, FormatSpec, NetworkSpec, StorageLevel } from '../arch/index.js';
import type { DataSpace, PerDataSpace } from '../core/index.js';
import { costFor, lookupPreset, type CostPreset } from '../energy/index.js';
import { configIssue, issuesFromErrors, type ConfigIssue } from './issue.js';
import { Bits, Bool, Fraction, Name, NonNegativeNumber, PositiveInt, Tensor, TENSOR, TENSOR_NAMES, Text, listOf, oneOf, pairOf, positiveNumber, refinedNumber, strictStruct } from './codecs.js';

// ---------------------------------------------------------------------------------------------------------
// model — codecs of the file format
// ---------------------------------------------------------------------------------------------------------

/** `[X, Y]` instance mesh. */
const Mesh = pairOf(PositiveInt, 'a mesh [X, Y] of positive integers');

const perTensor = <C extends t.Mixed>(name: string, codec: C) =>
  strictStruct(name, {}, { weights: codec, inputs: codec, outputs: codec });

/** `{ format, metadataBits? }`. */
export const FormatCodec = strictStruct(
  'format',
  { format: oneOf('a storage format', ['uncompressed', 'rle', 'bitmask', 'csr'] as const) },
  { metadataBits: refinedNumber('MetadataBits', 'an integer number of bits >= 0', (n) => Number.isSafeInteger(n) && n >= 0) },
);

/** `{ kind, target, condition }` action optimisation. */
export const ActionOptimizationCodec = strictStruct(
  'action optimization',
  { kind: oneOf('an action optimization kind', ['gating', 'skipping'] as const), target: Tensor, condition: listOf(Tensor, 'tensors') },
  {},
);

/** A storage level entry. */
export const LevelCodec = strictStruct(
  'level',
  { name: Name, kind: oneOf('a level kind', ['dram', 'sram', 'regfile'] as const) },
  {
    capacityWords: PositiveInt,
    partitionWords: perTensor('partitionWords', PositiveInt),
    wordBits: Bits,
    blockWords: PositiveInt,
    instances: PositiveInt,
    mesh: Mesh,
    bandwidthWordsPerCycle: positiveNumber(true),
    readBandwidthWordsPerCycle: positiveNumber(true),
    writeBandwidthWordsPerCycle: positiveNumber(true),
    keeps: listOf(Tensor, 'tensors'),
    energy: strictStruct('energy', {}, { read: NonNegativeNumber, write: NonNegativeNumber, update: NonNegativeNumber, gatedFraction: Fraction, metadataPerWord: NonNegativeNumber, metadataRead: NonNegativeNumber, metadataWrite: NonNegativeNumber, decompress: NonNegativeNumber, compress: NonNegativeNumber }),
    formats: perTensor('formats', FormatCodec),
    actionOptimizations: listOf(ActionOptimizationCodec, 'action optimizations'),
  },
);
export type LevelDoc = t.TypeOf<typeof LevelCodec>;

/** A network entry. */
export const NetworkCodec = strictStruct(
  'network',
  { between: pairOf(Name, 'a pair [outer level, inner level] of names') },
  { energyPerWord: NonNegativeNumber, hopMm: NonNegativeNumber, multicast: Bool, spatialReduction: Bool },
);

/** The compute (MAC array) entry. */
export const ComputeCodec = strictStruct(
  'compute',
  {},
  {
    instances: PositiveInt,
    mesh: Mesh,
    sparse: oneOf('a sparse action', ['none', 'gating', 'skipping'] as const),
    condition: listOf(Tensor, 'tensors'),
    energy: strictStruct('compute energy', {}, { multiply: NonNegativeNumber, add: NonNegativeNumber, refBits: Bits }),
    gatedFraction: Fraction,
  },
);

/** The whole document. */
export const ArchCodec = strictStruct(
  'accelerator',
  { name: Name, clockMHz: positiveNumber(false), costs: Name, levels: listOf(LevelCodec, 'levels'), compute: ComputeCodec },
  // `dataflows` is decoded by `decodeDataflows` (config/dataflow.ts) and `area` by `decodeArea` (config/area.ts),
  // both against the decoded arch.
  {
    source: Text,
    scaleAccessEnergyWithBits: Bool,
    countingConvention: oneOf('a counting convention', ['ideal', 'timeloop-master', 'timeloop-v3.0.3'] as const),
    networks: listOf(NetworkCodec, 'networks'),
    dataflows: t.unknown,
    area: t.unknown,
  },
);
/** A decoded (not yet checked) document. */
export type ArchDoc = t.TypeOf<typeof ArchCodec>;

/** The name `between` uses for the compute array. */
export const MAC_NAME = 'MAC';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Decode a parsed accelerator file: structure (io-ts, unknown keys rejected) then semantics (see the module
 * doc); all issues are collected, each with its path. Never throws.
 */
export const decodeArch = (doc: unknown, presets?: Readonly<Record<string, CostPreset>>): E.Either<ReadonlyArray<ConfigIssue>, Arch> => {
  const decoded = ArchCodec.decode(doc);
  if (E.isLeft(decoded)) return E.left(issuesFromErrors(decoded.left));
  return resolveArch(decoded.right, presets);
};

/** Semantic checks and conversion of a structurally valid document. */
export const resolveArch = (spec: ArchDoc, presets?: Readonly<Record<string, CostPreset>>): E.Either<ReadonlyArray<ConfigIssue>, Arch> => {
  const issues: ConfigIssue[] = [];
  const issue = (path: ReadonlyArray<string | number>, message: string): void => {
    issues.push(configIssue(path, message));
  };
  const preset = lookupPreset(spec.costs, presets);
  if (E.isLeft(preset)) issue(['costs'], preset.left);
  const p = E.isRight(preset) ? preset.right : undefined;

  if (spec.levels.length === 0) issue(['levels'], 'an accelerator needs at least one storage level (the DRAM)');

  // names
  const firstIndex = new Map<string, number>();
  spec.levels.forEach((l, i) => {
    if (l.name === MAC_NAME) issue(['levels', i, 'name'], `"${MAC_NAME}" is reserved for the compute array`);
    const j = firstIndex.get(l.name);
    if (j !== undefined) issue(['levels', i, 'name'], `duplicate level name "${l.name}" (already used by levels[${j}])`);
    else firstIndex.set(l.name, i);
  });

  const levels = spec.levels.map((l, i) => resolveLevel(l, i, p, issue));

  // meshes: each level's mesh divides the next's, and the innermost divides the MACs'
  const compute = resolveCompute(spec, p, issue);
  const meshes: ReadonlyArray<{ readonly x: number; readonly y: number; readonly path: ReadonlyArray<string | number>; readonly name: string }> = [
    ...levels.map((l, i) => ({ x: l.meshX, y: l.meshY, path: meshPath(spec.levels[i]!, ['levels', i]), name: l.name })),
    ...(compute === undefined ? [] : [{ x: compute.meshX, y: compute.meshY, path: meshPath(spec.compute, ['compute']), name: MAC_NAME }]),
  ];
  for (let i = 1; i < meshes.length; i++) {
    const parent = meshes[i - 1]!;
    const child = meshes[i]!;
    if (child.x % parent.x !== 0 || child.y % parent.y !== 0) {
      issue(child.path, `mesh ${child.x}×${child.y} of ${child.name} is not a multiple of the mesh ${parent.x}×${parent.y} of ${parent.name} (each parent instance needs a whole X × Y block of children)`);
    }
  }

  const networks = resolveNetworks(spec, levels, p, issue);

  if (issues.length > 0 || p === undefined || compute === undefined) return E.left(issues);
  return E.right({
    name: spec.name,
    source: spec.source ?? 'accelerator file',
    clockMHz: spec.clockMHz,
    energyUnit: p.unit,
    levels,
    networks,
    compute,
    scaleAccessEnergyWithBits: spec.scaleAccessEnergyWithBits ?? true,
    ...(spec.countingConvention !== undefined && spec.countingConvention !== 'ideal' ? { countingConvention: spec.countingConvention } : {}),
  });
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

type Report = (path: ReadonlyArray<string | number>, message: string) => void;

const meshPath = (doc: { readonly mesh?: unknown; readonly instances?: unknown }, base: ReadonlyArray<string | number>): ReadonlyArray<string | number> =>
  doc.mesh !== undefined ? [...base, 'mesh'] : doc.instances !== undefined ? [...base, 'instances'] : base;

/** `instances` and `[X, Y]` from either or both keys (see Defaults). */
const resolveMesh = (
  doc: { readonly instances?: number; readonly mesh?: readonly [number, number] },
  base: ReadonlyArray<string | number>,
  issue: Report,
): { readonly instances: number; readonly meshX: number; readonly meshY: number } => {
  if (doc.mesh !== undefined) {
    const [x, y] = doc.mesh;
    if (doc.instances !== undefined && doc.instances !== x * y) {
      issue([...base, 'instances'], `instances ${doc.instances} must equal mesh X × Y = ${x} × ${y} = ${x * y}`);
    }
    return { instances: x * y, meshX: x, meshY: y };
  }
  const n = doc.instances ?? 1;
  return { instances: n, meshX: n, meshY: 1 };
};

const UNCOMPRESSED: FormatSpec = { format: 'uncompressed', metadataBits: 0 };

const resolveLevel = (l: LevelDoc, i: number, p: CostPreset | undefined, issue: Report): StorageLevel => {
  const at = (...rest: ReadonlyArray<string | number>): ReadonlyArray<string | number> => ['levels', i, ...rest];
  const isDram = l.kind === 'dram';
  // levels[0] is the backing store: off-chip DRAM (unbounded), or an on-chip SRAM that holds the whole network
  // across inferences (weights resident, nothing fetched from off chip: Minerva-like designs).
  if (i === 0 && l.kind === 'regfile') issue(at('kind'), 'levels[0] is the backing store: kind dram (off chip, unbounded) or sram (on chip, weights resident across inferences), got kind regfile');
  if (i > 0 && isDram) issue(at('kind'), 'only levels[0] may be a dram (the backing store is the outermost level)');

  // keeps
  const keepList = l.keeps ?? TENSOR_NAMES;
  const keeps = { W: false, I: false, O: false };
  keepList.forEach((n, j) => {
    if (keeps[TENSOR[n]]) issue(at('keeps', j), `"${n}" is listed twice`);
    keeps[TENSOR[n]] = true;
  });
  if (i === 0) {
    const missing = TENSOR_NAMES.filter((n) => !keeps[TENSOR[n]]);
    if (missing.length > 0) issue(at('keeps'), `the ${isDram ? 'DRAM ' : 'on-chip '}backing store must keep every tensor (missing: ${missing.join(', ')})`);
  }

  // capacity and partitions
  const part = l.partitionWords;
  let capacityWords = Infinity;
  let partitionWords: PerDataSpace<number | null> | null = null;
  if (isDram) {
    if (l.capacityWords !== undefined) issue(at('capacityWords'), 'the DRAM backing store is unbounded: remove capacityWords');
    if (part !== undefined) issue(at('partitionWords'), 'the DRAM backing store is unbounded: remove partitionWords');
  } else {
    const given = part === undefined ? [] : TENSOR_NAMES.filter((n) => part[n] !== undefined);
    for (const n of given) {
      if (!keeps[TENSOR[n]]) issue(at('partitionWords', n), `a partition for ${n}, which the level does not keep (keeps: ${keepList.join(', ') || 'nothing'})`);
    }
    const sum = given.reduce((a, n) => a + part![n]!, 0);
    const allPartitioned = TENSOR_NAMES.every((n) => !keeps[TENSOR[n]] || part?.[n] !== undefined);
    if (l.capacityWords !== undefined) {
      capacityWords = l.capacityWords;
      if (sum > capacityWords) issue(at('partitionWords'), `partitions sum to ${sum} words, more than capacityWords ${capacityWords}`);
    } else if (part !== undefined && given.length > 0 && allPartitioned) {
      capacityWords = sum;
    } else {
      issue(at(), `missing required key "capacityWords" (only the DRAM is unbounded${part !== undefined ? '; it defaults to the partition sum only when every kept tensor has a partition' : ''})`);
      capacityWords = 1;
    }
    if (part !== undefined && given.length > 0) {
      partitionWords = { W: part.weights ?? null, I: part.inputs ?? null, O: part.outputs ?? null };
    }
  }

  // formats
  const formats: Record<DataSpace, FormatSpec> = { W: UNCOMPRESSED, I: UNCOMPRESSED, O: UNCOMPRESSED };
  for (const n of TENSOR_NAMES) {
    const f = l.formats?.[n];
    if (f === undefined) continue;
    if (!keeps[TENSOR[n]]) issue(at('formats', n), `a format for ${n}, which the level does not keep`);
    if (f.format === 'uncompressed') {
      if ((f.metadataBits ?? 0) !== 0) issue(at('formats', n, 'metadataBits'), 'an uncompressed format has no metadata (metadataBits must be 0 or absent)');
    } else if (f.metadataBits === undefined || f.metadataBits <= 0) {
      issue(f.metadataBits === undefined ? at('formats', n) : at('formats', n, 'metadataBits'), `a ${f.format} format needs metadataBits > 0 (${f.format === 'rle' ? 'run-length bits' : f.format === 'csr' ? 'coordinate bits' : 'bits per mask entry'})`);
    }
    formats[TENSOR[n]] = { format: f.format, metadataBits: f.metadataBits ?? 0 };
  }

  // action optimisations
  const actionOptimizations: ActionOptimization[] = (l.actionOptimizations ?? []).map((a, j) => {
    if (!keeps[TENSOR[a.target]]) issue(at('actionOptimizations', j, 'target'), `${a.kind} of ${a.target}, which the level does not keep`);
    if (a.condition.length === 0) issue(at('actionOptimizations', j, 'condition'), 'the condition must name at least one tensor');
    return { kind: a.kind, target: TENSOR[a.target], condition: [...new Set(a.condition.map((n) => TENSOR[n]))] };
  });

  const mesh = resolveMesh(l, at(), issue);
  const wordBits = l.wordBits ?? 16;
  const blockWords = l.blockWords ?? 1;

  // energy: explicit values override the preset, each individually
  let read = l.energy?.read;
  let write = l.energy?.write;
  let costSource = 'user (explicit energy)';
  if (p !== undefined && (read === undefined || write === undefined)) {
    const capacityBytes = Number.isFinite(capacityWords) ? (capacityWords * wordBits) / 8 : undefined;
    const c = costFor(p.name, { kind: l.kind, wordBits, blockWords, ...(capacityBytes === undefined ? {} : { capacityBytes }) }, { [p.name]: p });
    if (E.isLeft(c)) issue(at(), c.left);
    else {
      costSource = read === undefined && write === undefined ? c.right.source : `user (explicit ${read === undefined ? 'write' : 'read'}); ${c.right.source}`;
      read ??= c.right.read;
      write ??= c.right.write;
    }
  }

  return {
    name: l.name,
    kind: l.kind,
    capacityWords,
    partitionWords,
    wordBits,
    blockWords,
    instances: mesh.instances,
    meshX: mesh.meshX,
    meshY: mesh.meshY,
    bandwidthWordsPerCycle: l.bandwidthWordsPerCycle ?? Infinity,
    ...(l.readBandwidthWordsPerCycle !== undefined && l.readBandwidthWordsPerCycle !== Infinity ? { readBandwidthWordsPerCycle: l.readBandwidthWordsPerCycle } : {}),
    ...(l.writeBandwidthWordsPerCycle !== undefined && l.writeBandwidthWordsPerCycle !== Infinity ? { writeBandwidthWordsPerCycle: l.writeBandwidthWordsPerCycle } : {}),
    keeps,
    energy: {
      read: read ?? 0,
      write: write ?? 0,
      gatedFraction: l.energy?.gatedFraction ?? 0,
      metadataPerWord: l.energy?.metadataPerWord ?? 1,
      ...(l.energy?.update !== undefined && l.energy.update !== (write ?? 0) ? { update: l.energy.update } : {}),
      ...(l.energy?.metadataRead !== undefined ? { metadataRead: l.energy.metadataRead } : {}),
      ...(l.energy?.metadataWrite !== undefined ? { metadataWrite: l.energy.metadataWrite } : {}),
      ...(l.energy?.decompress !== undefined ? { decompress: l.energy.decompress } : {}),
      ...(l.energy?.compress !== undefined ? { compress: l.energy.compress } : {}),
    },
    formats,
    actionOptimizations,
    costSource,
  };
};

const resolveCompute = (spec: ArchDoc, p: CostPreset | undefined, issue: Report): ComputeSpec | undefined => {
  const c = spec.compute;
  if (c.instances === undefined && c.mesh === undefined) {
    issue(['compute'], 'missing required key "instances" (or "mesh") of compute');
    return undefined;
  }
  const mesh = resolveMesh(c, ['compute'], issue);
  const cond = c.condition;
  if (cond !== undefined) {
    if ((c.sparse ?? 'none') === 'none') issue(['compute', 'condition'], 'a condition needs `sparse: gating` or `sparse: skipping`');
    cond.forEach((x, i) => {
      if (x === 'outputs') issue(['compute', 'condition', i], 'the compute can be conditioned on weights and inputs only');
      if (cond.indexOf(x) !== i) issue(['compute', 'condition', i], `${x} listed twice`);
    });
    if (cond.length === 0) issue(['compute', 'condition'], 'expected at least one of weights, inputs');
  }
  const e = c.energy;
  const explicit = e?.multiply !== undefined && e.add !== undefined && e.refBits !== undefined;
  if (p === undefined && !explicit) return undefined;
  return {
    instances: mesh.instances,
    meshX: mesh.meshX,
    meshY: mesh.meshY,
    multiplyEnergy: e?.multiply ?? p!.mac.multiplyEnergy,
    addEnergy: e?.add ?? p!.mac.addEnergy,
    refBits: e?.refBits ?? p!.mac.refBits,
    sparse: c.sparse ?? 'none',
    ...(cond !== undefined && cond.length > 0 && !(cond.includes('weights') && cond.includes('inputs'))
      ? { sparseCondition: cond.filter((x) => x !== 'outputs').map((x) => TENSOR[x] as 'W' | 'I') }
      : {}),
    gatedFraction: c.gatedFraction ?? 0,
    costSource: explicit ? 'user (explicit energy)' : e === undefined ? p!.mac.source : `user (partly explicit); ${p!.mac.source}`,
  };
};

const FREE_NETWORK: NetworkSpec = { energyPerWord: 0, multicast: true, spatialReduction: true };

const resolveNetworks = (spec: ArchDoc, levels: ReadonlyArray<StorageLevel>, p: CostPreset | undefined, issue: Report): ReadonlyArray<NetworkSpec> => {
  const out: NetworkSpec[] = levels.map(() => FREE_NETWORK);
  const names = [...spec.levels.map((l) => l.name), MAC_NAME];
  const seen = new Map<number, number>();
  (spec.networks ?? []).forEach((n, j) => {
    const at = (...rest: ReadonlyArray<string | number>): ReadonlyArray<string | number> => ['networks', j, ...rest];
    const [outer, inner] = n.between;
    const io = names.indexOf(outer);
    const ii = names.indexOf(inner);
    if (io < 0 || outer === MAC_NAME) issue(at('between', 0), `unknown level "${outer}" (levels: ${spec.levels.map((l) => l.name).join(', ')})`);
    if (ii < 0) issue(at('between', 1), `unknown level "${inner}" (levels: ${names.join(', ')})`);
    if (io < 0 || ii < 0 || outer === MAC_NAME) return;
    if (ii !== io + 1) {
      issue(at('between'), `"${outer}" and "${inner}" are not adjacent: a network connects a level to the next one inward (${names.slice(0, -1).map((x, k) => `${x}→${names[k + 1]}`).join(', ')})`);
      return;
    }
    const prev = seen.get(io);
    if (prev !== undefined) {
      issue(at('between'), `a second network between ${outer} and ${inner} (already given by networks[${prev}])`);
      return;
    }
    seen.set(io, j);
    let energyPerWord = n.energyPerWord;
    if (energyPerWord === undefined && p !== undefined) {
      const parent = levels[io]!;
      const c = costFor(p.name, { kind: 'network', wordBits: parent.wordBits, blockWords: 1, ...(n.hopMm === undefined ? {} : { hopMm: n.hopMm }) }, { [p.name]: p });
      if (E.isLeft(c)) issue(at(), c.left);
      else energyPerWord = c.right.read;
    }
    out[io] = { energyPerWord: energyPerWord ?? 0, multicast: n.multicast ?? true, spatialReduction: n.spatialReduction ?? true };
  });
  return out;
};
