/**
 * Timeloop / Accelergy specs → codesim documents (issue 13): `importTimeloop` reads the parsed YAML of a Timeloop
 * architecture, and optionally a problem, a mapping and an Accelergy ERT, and returns codesim's arch, network
 * and mapping-file documents (plain data, for `decodeArch` / `decodeNetwork` / `decodeMapping`), plus notes on
 * what was not carried over. Pure; every problem is an issue with the file it is in and a path into it.
 *
 * ## What is read
 * - **Architecture**, either form:
 *   - v0.4 `architecture: { version, nodes: [...] }`: `!Container` / `!Component` entries in order (the YAML tags
 *     are not needed: an entry with `class` is a component). A container's `spatial: { meshX, meshY }`
 *     multiplies the instances of everything after it.
 *   - v0.2 / v0.3 `architecture: { subtree: [{ name, local: [...], subtree: [...] }] }`: `local` components,
 *     outer before inner; `Name[0..N-1]` gives N instances; a `meshX` attribute fixes the mesh.
 *   Components: class `DRAM` → a `dram` level; `SRAM` / `smartbuffer_SRAM` / `storage` → `sram`; `regfile` /
 *   `smartbuffer_RF` → `regfile`; `dummy_storage` → a level that keeps nothing (it only carries a spatial fan-out);
 *   `intmac` / `mac` / `compute` → the MACs. Attributes: `datawidth` (or
 *   `word-bits`, `word_bits`) → `wordBits`; `block-size` / `block_size` (else `width / datawidth`) →
 *   `blockWords`; `depth` × `blockWords` → `capacityWords`; `shared_bandwidth`, `read_bandwidth`,
 *   `write_bandwidth` → `bandwidthWordsPerCycle`, `readBandwidthWordsPerCycle`, `writeBandwidthWordsPerCycle`;
 *   the System's `global_cycle_seconds` → `clockMHz`. Other attributes are technology parameters for Accelergy and
 *   are ignored.
 * - **ERT** (`ERT: { tables: [{ name: 'System.Level[1..n]', actions: [{ name, energy }] }] }`): a table per
 *   level (matched by the last dotted name without `[..]`): `read` → `energy.read`, `write` → `energy.write`,
 *   `update` → `energy.update` (when it differs from `write`), `metadata_read` / `metadata_write` →
 *   `energy.metadataRead` / `metadataWrite`; the MAC's `compute`
 *   (or `mac_random`) → `compute.energy.multiply` (add 0, refBits 16). Without an ERT the `horowitz-45nm`
 *   preset prices every level (a note says so).
 * - **Problem** (`problem: { shape, instance }`, or v0.2 with the instance at the top): the `cnn-layer` shape
 *   (by name) or an explicit shape whose dimensions are a subset of the convolution's (`R S P Q C M N`, plus
 *   `K` for `M` and `G` for groups) with the convolution's projections (checked; coefficients by name from the
 *   instance or the shape's `coefficients` defaults). codesim's (P, R, strideH, dilationH) is Timeloop's (P, R,
 *   Wstride, Wdilation); (Q, S, strideW, dilationW) is (Q, S, Hstride, Hdilation). `instance.densities`
 *   (`{ Inputs: 0.5 }` or `{ Inputs: { density: 0.5 } }`) become the layer's densities.
 * - **Mapping** (`mapping: [{ target, type, factors, permutation, split, keep, bypass }]`; factors as
 *   `"R=3 P=16"` or `"R=3,P=16"`): `temporal` factors
 *   and permutation (innermost first, reversed to codesim's outermost first), `spatial` factors split at
 *   `split` (dimensions at permutation positions < split go to X; default all X), `dataspace` / `bypass` keep
 *   and bypass lists. A spatial entry whose target is a container belongs to the storage level above it. The
 *   mapping applies to every layer (`layer: '*'`).
 *
 * The arch document sets `scaleAccessEnergyWithBits: false` and the requested counting convention (default
 * `timeloop-master`), so that evaluating it counts as Timeloop does.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { CountingConvention } from '../arch/index.js';
import { hasOwn, isRecord, showValue, type ConfigIssue } from '../config/index.js';
import type { Dim } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Which input an issue is in. */
export type TimeloopFile = 'arch' | 'problem' | 'mapping' | 'ert';

/** An issue in one of the Timeloop inputs. */
export interface TimeloopIssue extends ConfigIssue {
  readonly file: TimeloopFile;
}

/** The parsed (not yet checked) Timeloop inputs. */
export interface TimeloopInputs {
  readonly arch: unknown;
  readonly problem?: unknown;
  readonly mapping?: unknown;
  readonly ert?: unknown;
}

export interface ImportOptions {
  /** Counting convention written into the arch document (default `timeloop-master`). */
  readonly convention?: CountingConvention;
  /** Name of the imported accelerator (default: the top container's name, else `timeloop`). */
  readonly name?: string;
}

/** The codesim documents (plain data) and what was not carried over. */
export interface ImportedDocs {
  readonly arch: Record<string, unknown>;
  readonly network: Record<string, unknown> | null;
  readonly mapping: Record<string, unknown> | null;
  readonly notes: ReadonlyArray<string>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Convert Timeloop specs to codesim documents, collecting every issue. Never throws. */
export const importTimeloop = (inputs: TimeloopInputs, opts: ImportOptions = {}): E.Either<ReadonlyArray<TimeloopIssue>, ImportedDocs> => {
  const issues: TimeloopIssue[] = [];
  const notes: string[] = [];
  const hw = readArch(inputs.arch, issues);
  const ert = inputs.ert === undefined ? null : readErt(inputs.ert, issues);
  const arch = hw === null ? null : archDoc(hw, ert, opts, issues, notes);
  const prob = inputs.problem === undefined ? null : readProblem(inputs.problem, issues);
  const network = prob === null ? null : networkDoc(prob);
  const mapping = inputs.mapping === undefined || hw === null ? null : mappingDoc(inputs.mapping, hw, issues);
  if (issues.length > 0 || arch === null) return E.left(issues.length > 0 ? issues : [{ file: 'arch', path: [], message: 'no architecture' }]);
  return E.right({ arch, network, mapping, notes });
};

// ---------------------------------------------------------------------------------------------------------
// utils — architecture
// ---------------------------------------------------------------------------------------------------------

type Path = ReadonlyArray<string | number>;

interface HwLevel {
  readonly name: string;
  readonly kind: 'dram' | 'sram' | 'regfile';
  /** A Timeloop `dummy_storage`: a level that holds nothing (it only carries a spatial fan-out). */
  readonly dummy: boolean;
  /** Hardware keeps from the component's `constraints.dataspace` (null: every tensor). */
  readonly keeps: ReadonlyArray<string> | null;
  readonly wordBits: number;
  readonly blockWords: number;
  readonly capacityWords: number | null;
  readonly meshX: number;
  readonly meshY: number;
  readonly bandwidth: number | null;
  readonly readBandwidth: number | null;
  readonly writeBandwidth: number | null;
}

interface Hw {
  readonly name: string;
  readonly clockMHz: number;
  readonly levels: ReadonlyArray<HwLevel>;
  readonly compute: { readonly name: string; readonly meshX: number; readonly meshY: number };
  /** Container name → index of the storage level above it (spatial mapping entries may target containers). */
  readonly containers: ReadonlyMap<string, number>;
}

const STORAGE_CLASSES: Readonly<Record<string, 'dram' | 'sram' | 'regfile'>> = {
  DRAM: 'dram',
  dram: 'dram',
  SRAM: 'sram',
  sram: 'sram',
  smartbuffer_SRAM: 'sram',
  storage: 'sram',
  regfile: 'regfile',
  smartbuffer_RF: 'regfile',
};
const COMPUTE_CLASSES = new Set(['intmac', 'mac', 'compute', 'fpmac']);
const COMPONENT_KEYS = new Set(['name', 'class', 'subclass', 'attributes', 'required_actions', 'constraints', 'area_share', 'enabled', 'actions']);
const CONTAINER_KEYS = new Set(['name', 'attributes', 'spatial', 'constraints', 'local', 'subtree', 'enabled']);

const positiveInt = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? v : null);
const positiveNum = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);

/** `Name[0..15]` → { base: 'Name', count: 16 }. */
const nameRange = (raw: string): { readonly base: string; readonly count: number } => {
  const m = /^(.*)\[(\d+)\.\.(\d+)\]$/.exec(raw.trim());
  if (!m) return { base: raw.trim(), count: 1 };
  const lo = Number(m[2]);
  const hi = Number(m[3]);
  return { base: m[1]!, count: hi >= lo ? hi - lo + 1 : 1 };
};

const attr = (attrs: Record<string, unknown>, ...keys: string[]): unknown => {
  for (const k of keys) if (hasOwn(attrs, k)) return attrs[k];
  return undefined;
};

const readArch = (doc: unknown, issues: TimeloopIssue[]): Hw | null => {
  const add = (path: Path, message: string): void => void issues.push({ file: 'arch', path, message });
  if (!isRecord(doc) || !isRecord(doc['architecture'])) {
    add([], 'expected a Timeloop architecture document (a top-level `architecture:` mapping)');
    return null;
  }
  const a = doc['architecture'];
  const levels: HwLevel[] = [];
  let compute: Hw['compute'] | null = null;
  const containers = new Map<string, number>();
  let clockMHz = 1000;
  let sysName: string | null = null;

  const component = (c: Record<string, unknown>, path: Path, mx: number, my: number, fromName: boolean): void => {
    for (const k of Object.keys(c)) if (!COMPONENT_KEYS.has(k)) add([...path, k], `unknown key of a component (expected one of ${[...COMPONENT_KEYS].join(', ')})`);
    const rawName = c['name'];
    if (typeof rawName !== 'string' || rawName.trim() === '') return add([...path, 'name'], `expected a name, got ${showValue(rawName)}`);
    const { base, count } = nameRange(rawName);
    const cls = c['class'];
    const attrs = c['attributes'] === undefined ? {} : c['attributes'];
    if (!isRecord(attrs)) return add([...path, 'attributes'], `expected a mapping of attributes, got ${showValue(attrs)}`);
    // Instances: from the name's range (v0.2/v0.3) or the enclosing containers' meshes (v0.4).
    let X = mx;
    let Y = my;
    if (fromName && count > 1) {
      const meshX = attr(attrs, 'meshX');
      const mxAttr = meshX === undefined ? count : positiveInt(meshX);
      if (mxAttr === null || count % mxAttr !== 0) return add([...path, 'attributes', 'meshX'], `expected a positive divisor of the ${count} instances, got ${showValue(meshX)}`);
      X = mxAttr;
      Y = count / mxAttr;
    }
    if (typeof cls === 'string' && COMPUTE_CLASSES.has(cls)) {
      if (compute !== null) return add([...path, 'class'], `a second compute component ('${base}' after '${compute.name}'): codesim models one MAC array`);
      compute = { name: base, meshX: X, meshY: Y };
      return;
    }
    const dummy = cls === 'dummy_storage';
    const kind = dummy ? 'regfile' : typeof cls === 'string' ? STORAGE_CLASSES[cls] : undefined;
    if (kind === undefined) return add([...path, 'class'], `unsupported component class ${showValue(cls)} (supported: ${Object.keys(STORAGE_CLASSES).join(', ')}, dummy_storage, ${[...COMPUTE_CLASSES].join(', ')})`);
    if (compute !== null) return add([...path, 'name'], `storage '${base}' below the compute '${compute.name}'`);
    const wb = attr(attrs, 'datawidth', 'word-bits', 'word_bits');
    const wordBits = wb === undefined ? 16 : positiveInt(wb);
    if (wordBits === null || wordBits > 64) return add([...path, 'attributes', 'datawidth'], `expected an integer number of bits in 1..64, got ${showValue(wb)}`);
    const bs = attr(attrs, 'block-size', 'block_size');
    const width = attr(attrs, 'width');
    let blockWords: number | null;
    if (bs !== undefined) blockWords = positiveInt(bs);
    else if (width !== undefined) {
      const w = positiveInt(width);
      blockWords = w === null ? null : w % wordBits === 0 ? w / wordBits : null;
      if (blockWords === null) return add([...path, 'attributes', 'width'], `expected a positive multiple of datawidth (${wordBits}), got ${showValue(width)}`);
    } else blockWords = 1;
    if (blockWords === null) return add([...path, 'attributes', 'block-size'], `expected a positive integer, got ${showValue(bs)}`);
    let capacityWords: number | null = null;
    const depth = attr(attrs, 'depth');
    if (kind !== 'dram') {
      const d = positiveInt(depth);
      if (d === null) return add([...path, depth === undefined ? 'attributes' : 'attributes', ...(depth === undefined ? [] : ['depth'])], depth === undefined ? `on-chip storage '${base}' needs a depth` : `expected a positive integer depth, got ${showValue(depth)}`);
      capacityWords = d * blockWords;
    }
    const bw = (key: string, alt: string): number | null => {
      const v = attr(attrs, key, alt);
      const n = v === undefined ? null : positiveNum(v);
      if (v !== undefined && n === null) add([...path, 'attributes', hasOwn(attrs, key) ? key : alt], `expected a positive number of words per cycle, got ${showValue(v)}`);
      return n;
    };
    const bandwidth = bw('shared_bandwidth', 'shared-bandwidth');
    const readBandwidth = bw('read_bandwidth', 'read-bandwidth');
    const writeBandwidth = bw('write_bandwidth', 'write-bandwidth');
    if (levels.some((l) => l.name === base)) return add([...path, 'name'], `duplicate storage name '${base}'`);
    // Hardware keeps: `constraints: { dataspace: { keep, bypass } }` (v0.4).
    let keeps: string[] | null = null;
    const ds = isRecord(c['constraints']) ? c['constraints']['dataspace'] : undefined;
    if (isRecord(ds)) {
      const names = (v: unknown, key: string): string[] | null => {
        if (v === undefined) return null;
        if (!Array.isArray(v)) {
          add([...path, 'constraints', 'dataspace', key], 'expected a list of data spaces');
          return null;
        }
        return v.flatMap((x, k) => {
          const t = typeof x === 'string' ? TENSOR_OF[x] : undefined;
          if (t === undefined) add([...path, 'constraints', 'dataspace', key, k], `expected Weights, Inputs or Outputs, got ${showValue(x)}`);
          return t === undefined ? [] : [t];
        });
      };
      const keep = names(ds['keep'], 'keep');
      const bypass = names(ds['bypass'], 'bypass');
      if (keep !== null) keeps = keep;
      else if (bypass !== null) keeps = ['weights', 'inputs', 'outputs'].filter((t) => !bypass.includes(t));
    }
    levels.push({ name: base, kind, dummy, keeps, wordBits, blockWords, capacityWords, meshX: X, meshY: Y, bandwidth, readBandwidth, writeBandwidth });
  };

  const clockFrom = (attrs: unknown): void => {
    if (!isRecord(attrs)) return;
    const s = attrs['global_cycle_seconds'];
    const sec = typeof s === 'number' ? s : typeof s === 'string' ? Number(s) : NaN;
    // 12 significant digits: 1e-6 / 1e-9 is 999.9999999999999 in doubles.
    if (sec > 0 && Number.isFinite(sec)) clockMHz = Number((1e-6 / sec).toPrecision(12));
  };

  if (Array.isArray(a['nodes'])) {
    let mx = 1;
    let my = 1;
    const walk = (nodes: unknown[], at: Path): void => nodes.forEach((n, i) => {
      const path = [...at, i];
      if (!isRecord(n)) return add(path, `expected a container or component, got ${showValue(n)}`);
      if (hasOwn(n, 'class')) return component(n, path, mx, my, false);
      // `!Parallel` / `!Hierarchical` groups: their nodes in order (parallel buffers become successive levels, each
      // keeping its own tensors — Timeloop flattens them the same way).
      if (Array.isArray(n['nodes'])) {
        for (const k of Object.keys(n)) if (k !== 'nodes' && k !== 'name') add([...path, k], 'unknown key of a node group (expected nodes)');
        return walk(n['nodes'], [...path, 'nodes']);
      }
      for (const k of Object.keys(n)) if (!CONTAINER_KEYS.has(k)) add([...path, k], `unknown key of a container (expected one of ${[...CONTAINER_KEYS].join(', ')})`);
      if (typeof n['name'] === 'string') {
        sysName ??= n['name'];
        containers.set(n['name'], levels.length - 1);
      }
      clockFrom(n['attributes']);
      const sp = n['spatial'];
      if (sp !== undefined) {
        if (!isRecord(sp)) return add([...path, 'spatial'], `expected { meshX, meshY }, got ${showValue(sp)}`);
        for (const k of Object.keys(sp)) if (k !== 'meshX' && k !== 'meshY') add([...path, 'spatial', k], 'unknown key (expected meshX, meshY)');
        const x = sp['meshX'] === undefined ? 1 : positiveInt(sp['meshX']);
        const y = sp['meshY'] === undefined ? 1 : positiveInt(sp['meshY']);
        if (x === null) add([...path, 'spatial', 'meshX'], `expected a positive integer, got ${showValue(sp['meshX'])}`);
        if (y === null) add([...path, 'spatial', 'meshY'], `expected a positive integer, got ${showValue(sp['meshY'])}`);
        mx *= x ?? 1;
        my *= y ?? 1;
      }
    });
    walk(a['nodes'], ['architecture', 'nodes']);
  } else if (Array.isArray(a['subtree'])) {
    const walk = (nodes: unknown[], path: Path, factor: number): void => {
      nodes.forEach((n, i) => {
        const p = [...path, i];
        if (!isRecord(n)) return add(p, `expected a subtree entry, got ${showValue(n)}`);
        for (const k of Object.keys(n)) if (!CONTAINER_KEYS.has(k)) add([...p, k], `unknown key of a subtree (expected one of ${[...CONTAINER_KEYS].join(', ')})`);
        const { base, count } = typeof n['name'] === 'string' ? nameRange(n['name']) : { base: '', count: 1 };
        sysName ??= base === '' ? null : base;
        clockFrom(n['attributes']);
        const f = factor * count;
        if (base !== '') containers.set(base, levels.length - 1);
        const local = n['local'];
        if (local !== undefined) {
          if (!Array.isArray(local)) add([...p, 'local'], `expected a list of components, got ${showValue(local)}`);
          else local.forEach((c, j) => (isRecord(c) ? component(c, [...p, 'local', j], f, 1, true) : add([...p, 'local', j], `expected a component, got ${showValue(c)}`)));
        }
        const sub = n['subtree'];
        if (sub !== undefined) {
          if (!Array.isArray(sub)) add([...p, 'subtree'], `expected a list, got ${showValue(sub)}`);
          else walk(sub, [...p, 'subtree'], f);
        }
      });
    };
    walk(a['subtree'], ['architecture', 'subtree'], 1);
  } else {
    add(['architecture'], 'expected `nodes:` (v0.4) or `subtree:` (v0.2/v0.3)');
    return null;
  }
  if (levels.length === 0) add(['architecture'], 'no storage level (DRAM, SRAM, regfile) found');
  // The backing store: off-chip DRAM, or an on-chip SRAM holding the whole network (weights resident, as codesim's
  // own levels[0] may be; e.g. an export of configs/minerva.yaml) — never a register file.
  else if (levels[0]!.kind === 'regfile') add(['architecture'], `the outermost storage '${levels[0]!.name}' is a register file: the backing store must be a DRAM, or an SRAM holding the whole network`);
  if (levels.slice(1).some((l) => l.kind === 'dram')) add(['architecture'], 'only the outermost storage may be a DRAM');
  if (compute === null) add(['architecture'], 'no compute component (class intmac) found');
  if (issues.some((i) => i.file === 'arch') || compute === null) return null;
  return { name: sysName ?? 'timeloop', clockMHz, levels, compute, containers };
};

interface Ert {
  /** Level (or compute) name → action → energy. */
  readonly tables: ReadonlyMap<string, { readonly actions: ReadonlyMap<string, number>; readonly index: number }>;
}

const readErt = (doc: unknown, issues: TimeloopIssue[]): Ert | null => {
  const add = (path: Path, message: string): void => void issues.push({ file: 'ert', path, message });
  const root = isRecord(doc) ? (doc['ERT'] ?? doc['ERT_summary']) : undefined;
  if (!isRecord(root)) {
    add([], 'expected an Accelergy ERT document (a top-level `ERT:` mapping)');
    return null;
  }
  const key = isRecord(doc) && doc['ERT'] !== undefined ? 'ERT' : 'ERT_summary';
  const tables = root['tables'] ?? root['table_summary'];
  const tkey = root['tables'] !== undefined ? 'tables' : 'table_summary';
  if (!Array.isArray(tables)) {
    add([key], 'expected `tables:` (a list)');
    return null;
  }
  const out = new Map<string, { actions: Map<string, number>; index: number }>();
  tables.forEach((t, i) => {
    const path = [key, tkey, i];
    if (!isRecord(t) || typeof t['name'] !== 'string') return add(path, 'expected { name, actions }');
    const base = t['name'].replace(/\[[^\]]*\]/g, '').split('.').pop()!.trim();
    const actions = new Map<string, number>();
    if (!Array.isArray(t['actions'])) return add([...path, 'actions'], 'expected a list of actions');
    t['actions'].forEach((a, j) => {
      if (!isRecord(a) || typeof a['name'] !== 'string') return add([...path, 'actions', j], 'expected { name, energy }');
      const e = a['energy'];
      if (typeof e !== 'number' || !Number.isFinite(e) || e < 0) return add([...path, 'actions', j, 'energy'], `expected a finite energy >= 0 (pJ), got ${showValue(e)}`);
      if (!actions.has(a['name'])) actions.set(a['name'], e);
    });
    out.set(base, { actions, index: i });
  });
  return { tables: out };
};

const archDoc = (hw: Hw, ert: Ert | null, opts: ImportOptions, issues: TimeloopIssue[], notes: string[]): Record<string, unknown> | null => {
  const energyOf = (name: string): Record<string, number> | undefined => {
    if (ert === null) return undefined;
    const t = ert.tables.get(name);
    if (t === undefined) {
      issues.push({ file: 'ert', path: [], message: `no table for '${name}'` });
      return undefined;
    }
    const read = t.actions.get('read');
    const write = t.actions.get('write');
    const update = t.actions.get('update');
    const at = ['ERT', 'tables', t.index, 'actions'];
    if (read === undefined || write === undefined) {
      issues.push({ file: 'ert', path: at, message: `table '${name}' needs read and write energies` });
      return undefined;
    }
    const mr = t.actions.get('metadata_read');
    const mw = t.actions.get('metadata_write');
    return {
      read,
      write,
      ...(update !== undefined && update !== write ? { update } : {}),
      ...(mr !== undefined ? { metadataRead: mr } : {}),
      ...(mw !== undefined ? { metadataWrite: mw } : {}),
    };
  };
  const levels = hw.levels.map((l, i) => {
    const e = l.dummy ? { read: 0, write: 0 } : energyOf(l.name);
    return {
      name: l.name,
      kind: l.kind,
      wordBits: l.wordBits,
      blockWords: l.blockWords,
      ...(l.capacityWords === null ? {} : { capacityWords: l.capacityWords }),
      ...(l.meshX * l.meshY > 1 ? { mesh: [l.meshX, l.meshY] } : {}),
      ...(l.bandwidth === null ? {} : { bandwidthWordsPerCycle: l.bandwidth }),
      ...(l.readBandwidth === null ? {} : { readBandwidthWordsPerCycle: l.readBandwidth }),
      ...(l.writeBandwidth === null ? {} : { writeBandwidthWordsPerCycle: l.writeBandwidth }),
      ...(l.dummy ? { keeps: [] } : l.keeps !== null && l.keeps.length < 3 && i > 0 ? { keeps: l.keeps } : {}),
      ...(e === undefined ? {} : { energy: e }),
    };
  });
  let computeEnergy: Record<string, number> | undefined;
  if (ert !== null) {
    const t = ert.tables.get(hw.compute.name);
    const e = t?.actions.get('compute') ?? t?.actions.get('mac_random');
    if (e === undefined) issues.push({ file: 'ert', path: [], message: `no compute (or mac_random) energy for '${hw.compute.name}'` });
    else computeEnergy = { multiply: e, add: 0, refBits: 16 };
  } else notes.push('no ERT given: every energy comes from the horowitz-45nm preset (45 nm), not from Accelergy');
  return {
    name: opts.name ?? hw.name,
    source: 'imported from a Timeloop specification',
    clockMHz: hw.clockMHz,
    costs: 'horowitz-45nm',
    scaleAccessEnergyWithBits: false,
    countingConvention: opts.convention ?? 'timeloop-master',
    levels,
    compute: {
      mesh: [hw.compute.meshX, hw.compute.meshY],
      ...(computeEnergy === undefined ? {} : { energy: computeEnergy }),
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// utils — problem
// ---------------------------------------------------------------------------------------------------------

/** codesim dimension of a Timeloop dimension name. */
const DIM_OF: Readonly<Partial<Record<string, Dim>>> = { N: 'N', G: 'G', C: 'C', M: 'K', K: 'K', P: 'P', Q: 'Q', R: 'R', S: 'S' };

interface Prob {
  readonly name: string;
  readonly bounds: Readonly<Record<Dim, number>>;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly density: { weights?: number; inputs?: number; outputs?: number };
}

/** The `cnn-layer` shape (Timeloop's problem-shapes/cnn-layer.yaml, written out). */
const CNN_LAYER = {
  name: 'CNN-Layer',
  dimensions: ['C', 'M', 'R', 'S', 'N', 'P', 'Q'],
  coefficients: [{ name: 'Wstride', default: 1 }, { name: 'Hstride', default: 1 }, { name: 'Wdilation', default: 1 }, { name: 'Hdilation', default: 1 }],
  data_spaces: [
    { name: 'Weights', projection: [[['C']], [['M']], [['R']], [['S']]] },
    { name: 'Inputs', projection: [[['N']], [['C']], [['R', 'Wdilation'], ['P', 'Wstride']], [['S', 'Hdilation'], ['Q', 'Hstride']]] },
    { name: 'Outputs', projection: [[['N']], [['M']], [['Q']], [['P']]], read_write: true },
  ],
};

const readProblem = (doc: unknown, issues: TimeloopIssue[]): Prob | null => {
  const add = (path: Path, message: string): void => void issues.push({ file: 'problem', path, message });
  if (!isRecord(doc) || !isRecord(doc['problem'])) {
    add([], 'expected a Timeloop problem document (a top-level `problem:` mapping)');
    return null;
  }
  const p = doc['problem'];
  const shapeRaw = p['shape'];
  const shape = typeof shapeRaw === 'string' && /^cnn[-_]layer$/i.test(shapeRaw) ? CNN_LAYER : shapeRaw;
  if (!isRecord(shape)) {
    add(['problem', 'shape'], `expected a shape (a mapping, or the name cnn-layer), got ${showValue(shapeRaw)}`);
    return null;
  }
  const inst = isRecord(p['instance']) ? p['instance'] : p;
  const instPath = isRecord(p['instance']) ? ['problem', 'instance'] : ['problem'];
  const dims = shape['dimensions'];
  if (!Array.isArray(dims) || dims.length === 0) {
    add(['problem', 'shape', 'dimensions'], 'expected a list of dimension names');
    return null;
  }
  const bounds: Record<Dim, number> = { N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 };
  const present = new Set<string>();
  dims.forEach((d, i) => {
    const cd = typeof d === 'string' ? DIM_OF[d] : undefined;
    if (cd === undefined) return add(['problem', 'shape', 'dimensions', i], `dimension ${showValue(d)} is not a convolution's (N, G, C, M or K, P, Q, R, S)`);
    if (present.has(cd)) return add(['problem', 'shape', 'dimensions', i], `dimension ${d} given twice (M and K are the same)`);
    present.add(cd);
    const v = inst[d as string];
    const b = v === undefined ? null : positiveInt(v);
    if (b === null) add([...instPath, d as string], v === undefined ? `missing the size of dimension ${d as string}` : `expected a positive integer, got ${showValue(v)}`);
    else bounds[cd] = b;
  });
  // Coefficients: instance value, else the shape's default, else 1.
  const coefDefaults = new Map<string, number>();
  if (Array.isArray(shape['coefficients'])) {
    for (const c of shape['coefficients']) if (isRecord(c) && typeof c['name'] === 'string') coefDefaults.set(c['name'], typeof c['default'] === 'number' ? c['default'] : 1);
  }
  const coef = (name: string, path: Path): number => {
    const v = inst[name] ?? coefDefaults.get(name);
    if (v === undefined) {
      add(path, `unknown coefficient '${name}' (give it in the instance or the shape's coefficients)`);
      return 1;
    }
    const n = positiveInt(v);
    if (n === null) add([...instPath, name], `expected a positive integer, got ${showValue(v)}`);
    return n ?? 1;
  };
  const spaces = shape['data_spaces'];
  if (!Array.isArray(spaces)) {
    add(['problem', 'shape', 'data_spaces'], 'expected a list of data spaces');
    return null;
  }
  let strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
  const expected: Record<string, ReadonlySet<string>> = {
    Weights: new Set(['G', 'C', 'K', 'R', 'S']),
    Inputs: new Set(['N', 'G', 'C', 'h', 'w']),
    Outputs: new Set(['N', 'G', 'K', 'P', 'Q']),
  };
  const seen = new Set<string>();
  spaces.forEach((s, i) => {
    const sp = ['problem', 'shape', 'data_spaces', i];
    if (!isRecord(s) || typeof s['name'] !== 'string') return add(sp, 'expected { name, projection }');
    const ds = s['name'];
    const allowed = expected[ds];
    if (allowed === undefined) return add([...sp, 'name'], `data space '${ds}' is not Weights, Inputs or Outputs`);
    seen.add(ds);
    const proj = s['projection'];
    if (!Array.isArray(proj)) return add([...sp, 'projection'], 'expected a list of tensor dimensions');
    const got = new Set<string>();
    proj.forEach((terms, x) => {
      const pp = [...sp, 'projection', x];
      if (!Array.isArray(terms) || terms.length === 0) return add(pp, 'expected a list of terms [[dim], [coefficient, dim], …]');
      const parsed: Array<{ dim: Dim; coef: number }> = [];
      terms.forEach((term, k) => {
        const tp = [...pp, k];
        if (!Array.isArray(term) || term.length < 1 || term.length > 2 || !term.every((x) => typeof x === 'string')) return add(tp, `expected [dim] or [dim, coefficient], got ${showValue(term)}`);
        const strs = term as string[];
        const dimName = strs.find((x) => dims.includes(x));
        const coefName = strs.find((x) => !dims.includes(x));
        const dim = dimName === undefined ? undefined : DIM_OF[dimName];
        // (a shape dimension that is not a convolution's is reported where the dimensions are read)
        if (dim === undefined) return dimName === undefined ? add(tp, `no dimension of the shape in ${showValue(term)}`) : undefined;
        parsed.push({ dim, coef: coefName === undefined ? 1 : coef(coefName, tp) });
      });
      const dimsHere = parsed.map((t) => t.dim);
      let role: string;
      if (dimsHere.every((d) => d === 'P' || d === 'R') && ds === 'Inputs') {
        role = 'h';
        for (const t of parsed) t.dim === 'P' ? (strideH = t.coef) : (dilationH = t.coef);
      } else if (dimsHere.every((d) => d === 'Q' || d === 'S') && ds === 'Inputs') {
        role = 'w';
        for (const t of parsed) t.dim === 'Q' ? (strideW = t.coef) : (dilationW = t.coef);
      } else if (parsed.length === 1 && parsed[0]!.coef === 1) role = parsed[0]!.dim;
      else return add(pp, `this projection of ${ds} is not a convolution's`);
      if (!allowed.has(role)) return add(pp, `${ds} is not indexed by ${role} in a convolution`);
      if (got.has(role)) return add(pp, `${ds} is indexed by ${role} twice`);
      got.add(role);
    });
    // Every present dimension the data space depends on must index it.
    const needs = [...allowed].filter((r) => (r === 'h' ? present.has('P') || present.has('R') : r === 'w' ? present.has('Q') || present.has('S') : present.has(r)));
    for (const r of needs) if (!got.has(r)) add([...sp, 'projection'], `${ds} must be indexed by ${r === 'h' ? 'P/R' : r === 'w' ? 'Q/S' : r} in a convolution`);
  });
  for (const ds of ['Weights', 'Inputs', 'Outputs']) if (!seen.has(ds)) add(['problem', 'shape', 'data_spaces'], `missing data space ${ds}`);
  const density: Prob['density'] = {};
  const dens = inst['densities'];
  if (dens !== undefined) {
    if (!isRecord(dens)) add([...instPath, 'densities'], 'expected { Weights?, Inputs?, Outputs? }');
    else
      for (const [k, v] of Object.entries(dens)) {
        const key = k === 'Weights' ? 'weights' : k === 'Inputs' ? 'inputs' : k === 'Outputs' ? 'outputs' : null;
        const d = isRecord(v) ? v['density'] : v;
        if (key === null) add([...instPath, 'densities', k], 'expected Weights, Inputs or Outputs');
        else if (typeof d !== 'number' || !(d > 0 && d <= 1)) add([...instPath, 'densities', k], `expected a density in (0, 1], got ${showValue(d)}`);
        else density[key] = d;
      }
  }
  if (issues.some((i) => i.file === 'problem')) return null;
  const name = typeof shape['name'] === 'string' && shape['name'].trim() !== '' ? shape['name'].trim() : 'layer';
  return { name, bounds, strideH, strideW, dilationH, dilationW, density };
};

const networkDoc = (p: Prob): Record<string, unknown> => {
  const b = p.bounds;
  const inH = (b.P - 1) * p.strideH + (b.R - 1) * p.dilationH + 1;
  const inW = (b.Q - 1) * p.strideW + (b.S - 1) * p.dilationW + 1;
  const layer: Record<string, unknown> = {
    name: p.name,
    type: 'conv2d',
    inChannels: b.C * b.G,
    outChannels: b.K * b.G,
    inHeight: inH,
    inWidth: inW,
    kernel: [b.R, b.S],
    stride: [p.strideH, p.strideW],
    dilation: [p.dilationH, p.dilationW],
    ...(b.G > 1 ? { groups: b.G } : {}),
    ...(Object.keys(p.density).length > 0 ? { density: p.density } : {}),
  };
  return { name: p.name, source: 'imported from a Timeloop problem', defaults: { batch: b.N }, layers: [layer] };
};

// ---------------------------------------------------------------------------------------------------------
// utils — mapping
// ---------------------------------------------------------------------------------------------------------

const TENSOR_OF: Readonly<Record<string, string>> = { Weights: 'weights', Inputs: 'inputs', Outputs: 'outputs' };
const MAPPING_KEYS = new Set(['target', 'type', 'factors', 'permutation', 'split', 'keep', 'bypass']);

const mappingDoc = (doc: unknown, hw: Hw, issues: TimeloopIssue[]): Record<string, unknown> | null => {
  const add = (path: Path, message: string): void => void issues.push({ file: 'mapping', path, message });
  const list = isRecord(doc) ? doc['mapping'] : undefined;
  if (!Array.isArray(list)) {
    add([], 'expected a Timeloop mapping document (a top-level `mapping:` list)');
    return null;
  }
  const levelIndex = new Map(hw.levels.map((l, i) => [l.name, i] as const));
  type Entry = { temporal?: Record<string, number>; permutation?: string[]; X?: Record<string, number>; Y?: Record<string, number>; keep?: string[]; bypass?: string[] };
  const entries: Entry[] = hw.levels.map(() => ({}));
  list.forEach((m, i) => {
    const path = ['mapping', i];
    if (!isRecord(m)) return add(path, `expected a mapping entry, got ${showValue(m)}`);
    for (const k of Object.keys(m)) if (!MAPPING_KEYS.has(k)) add([...path, k], `unknown key (expected one of ${[...MAPPING_KEYS].join(', ')})`);
    const target = m['target'];
    const type = m['type'];
    if (typeof target !== 'string') return add([...path, 'target'], `expected a level name, got ${showValue(target)}`);
    let li = levelIndex.get(nameRange(target).base);
    if (li === undefined && type === 'spatial') {
      const c = hw.containers.get(nameRange(target).base);
      if (c !== undefined && c >= 0) li = c;
    }
    if (li === undefined) return add([...path, 'target'], `no storage level '${target}' (levels: ${hw.levels.map((l) => l.name).join(', ')})`);
    const e = entries[li]!;
    if (type === 'temporal' || type === 'spatial') {
      const factors = parseFactors(m['factors'], [...path, 'factors'], add);
      const perm = m['permutation'] === undefined ? [] : parsePermutation(m['permutation'], [...path, 'permutation'], add);
      if (factors === null || perm === null) return;
      if (type === 'temporal') {
        if (e.temporal !== undefined) return add([...path, 'target'], `a second temporal entry for '${target}'`);
        e.temporal = factors;
        // Timeloop pads a partial permutation with the missing dimensions on the outside (after the listed ones,
        // innermost first); only those with a factor > 1 matter.
        e.permutation = [...perm, ...Object.keys(factors).filter((d) => !perm.includes(d))].reverse();
      } else {
        if (e.X !== undefined) return add([...path, 'target'], `a second spatial entry for '${target}'`);
        const split = m['split'] === undefined ? perm.length : m['split'];
        if (typeof split !== 'number' || !Number.isSafeInteger(split) || split < 0) return add([...path, 'split'], `expected a non-negative integer, got ${showValue(split)}`);
        // Dimensions missing from the permutation come after it (Timeloop completes it in canonical order).
        const order = [...perm, ...Object.keys(factors).filter((d) => !perm.includes(d))];
        e.X = {};
        e.Y = {};
        order.forEach((d, k) => {
          const f = factors[d];
          if (f !== undefined && f > 1) (k < split ? e.X! : e.Y!)[d] = f;
        });
      }
    } else if (type === 'dataspace' || type === 'bypass') {
      for (const key of ['keep', 'bypass'] as const) {
        const v = m[key];
        if (v === undefined) continue;
        if (!Array.isArray(v)) {
          add([...path, key], 'expected a list of data spaces');
          continue;
        }
        const names: string[] = [];
        v.forEach((x, k) => {
          const t = typeof x === 'string' ? TENSOR_OF[x] : undefined;
          if (t === undefined) add([...path, key, k], `expected Weights, Inputs or Outputs, got ${showValue(x)}`);
          else names.push(t);
        });
        e[key] = [...(e[key] ?? []), ...names];
      }
    } else add([...path, 'type'], `expected temporal, spatial, dataspace or bypass, got ${showValue(type)}`);
  });
  const levels = hw.levels.map((l, i) => {
    const e = entries[i]!;
    const spatial = e.X !== undefined && (Object.keys(e.X).length > 0 || Object.keys(e.Y ?? {}).length > 0) ? { spatial: { ...(Object.keys(e.X).length > 0 ? { X: e.X } : {}), ...(Object.keys(e.Y ?? {}).length > 0 ? { Y: e.Y } : {}) } } : {};
    // Bypass: Timeloop lists keep and bypass; codesim wants the bypassed tensors.
    const bypass = e.bypass ?? [];
    const keep = e.keep;
    const bypassed = keep !== undefined && e.bypass === undefined ? ['weights', 'inputs', 'outputs'].filter((t) => !keep.includes(t)) : bypass;
    return {
      target: l.name,
      ...(e.temporal !== undefined && Object.keys(e.temporal).length > 0 ? { temporal: e.temporal } : {}),
      ...(e.permutation !== undefined && e.permutation.length > 0 ? { permutation: e.permutation } : {}),
      ...spatial,
      ...(i > 0 && bypassed.length > 0 ? { bypass: bypassed } : {}),
    };
  });
  return { mappings: [{ layer: '*', origin: 'timeloop', levels }] };
};

/** `"R=1 P=16 K=16"` (or a list of `"R=1"` strings, or a mapping) → codesim factors (M → K; 1s dropped). */
const parseFactors = (v: unknown, path: Path, add: (p: Path, m: string) => void): Record<string, number> | null => {
  let pairs: Array<[string, unknown]>;
  if (typeof v === 'string') pairs = v.trim() === '' ? [] : v.trim().split(/[\s,]+/).map((s) => [s.split('=')[0] ?? '', s.includes('=') ? Number(s.split('=')[1]) : NaN]);
  else if (Array.isArray(v)) pairs = v.map((s) => (typeof s === 'string' ? [s.split('=')[0] ?? '', Number(s.split('=')[1])] : ['', NaN]));
  else if (isRecord(v)) pairs = Object.entries(v);
  else if (v === undefined) pairs = [];
  else {
    add(path, `expected factors like "R=3 P=16", got ${showValue(v)}`);
    return null;
  }
  const out: Record<string, number> = {};
  let ok = true;
  for (const [d, f] of pairs) {
    const cd = DIM_OF[d.trim()];
    const n = positiveInt(f);
    if (cd === undefined || n === null) {
      add(path, `expected DIM=positive integer with DIM one of N G C M K P Q R S, got ${showValue(`${d}=${String(f)}`)}`);
      ok = false;
      continue;
    }
    if (n > 1) out[cd] = n;
  }
  return ok ? out : null;
};

/** `"PRK"` (innermost first; or a list) → codesim dimensions, innermost first. */
const parsePermutation = (v: unknown, path: Path, add: (p: Path, m: string) => void): string[] | null => {
  const raw = typeof v === 'string' ? v.replace(/\s+/g, '').split('') : Array.isArray(v) ? v : null;
  if (raw === null) {
    add(path, `expected a permutation like "PRK" (innermost first), got ${showValue(v)}`);
    return null;
  }
  const out: string[] = [];
  for (const d of raw) {
    const cd = typeof d === 'string' ? DIM_OF[d] : undefined;
    if (cd === undefined || out.includes(cd)) {
      add(path, `expected distinct dimensions among N G C M K P Q R S, got ${showValue(v)}`);
      return null;
    }
    out.push(cd);
  }
  return out;
};
