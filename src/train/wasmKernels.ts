/**
 * The trainer's WebAssembly SIMD kernels (source: asm/trainKernels.ts, AssemblyScript; compiled by
 * scripts/buildWasm.mjs into the generated module imported below). The module is compiled once, synchronously,
 * on first use; each engine gets its own instance, whose memory holds all of that engine's buffers (allocated
 * once: `arena`), so the Float32Array views into it never detach.
 */
import { KERNELS_WASM_BASE64 } from './kernelsWasm.generated.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** The kernels' exports (pointers are byte offsets; see asm/trainKernels.ts for each contract). */
export interface WasmKernels {
  readonly gemm: (M: number, N: number, Kd: number, a: number, ais: number, aps: number, b: number, ldb: number, c: number, ldc: number, accumulate: number) => void;
  readonly spmm: (R: number, ptr: number, idx: number, val: number, b: number, ldb: number, N: number, c: number, ldc: number, accumulate: number) => void;
  readonly csr: (M: number, C: number, x: number, ldx: number, ptr: number, idx: number, val: number) => number;
  readonly csc: (M: number, C: number, x: number, ldx: number, ptr: number, idx: number, val: number) => number;
  readonly countNonZero: (x: number, n: number) => number;
  readonly transpose: (M: number, N: number, s: number, lds: number, d: number, ldd: number) => void;
  readonly adam: (p: number, g: number, m: number, v: number, mask: number, n: number, decay: number, a: number, ib2: number) => void;
  readonly sgd: (p: number, g: number, u: number, mask: number, n: number, decay: number, lr: number, mu: number) => void;
  readonly im2col: (x: number, nb: number, H: number, W: number, C: number, R: number, S: number, stride: number, pad: number, P: number, Q: number, col: number, transposed: number) => void;
  readonly col2imAdd: (col: number, nb: number, H: number, W: number, C: number, R: number, S: number, stride: number, pad: number, P: number, Q: number, dx: number) => void;
  readonly avgPool: (x: number, nb: number, H: number, W: number, C: number, k: number, stride: number, pad: number, P: number, Q: number, y: number) => void;
  readonly avgPoolBack: (dy: number, nb: number, H: number, W: number, C: number, k: number, stride: number, pad: number, P: number, Q: number, dx: number) => void;
  readonly relu: (y: number, n: number) => void;
  readonly reluBack: (dy: number, y: number, n: number) => void;
  readonly fillRows: (y: number, rows: number, b: number, K: number) => void;
  readonly colSumsAdd: (g: number, rows: number, K: number, s: number) => void;
  readonly untransposeBias: (yt: number, K: number, rows: number, b: number, y: number) => void;
  readonly gemm64: (M: number, N: number, Kd: number, a: number, ais: number, aps: number, b: number, ldb: number, c: number, ldc: number, accumulate: number) => void;
  readonly spmm64: (R: number, ptr: number, idx: number, val: number, b: number, ldb: number, N: number, c: number, ldc: number, accumulate: number) => void;
  readonly csr64: (M: number, C: number, x: number, ldx: number, ptr: number, idx: number, val: number) => number;
  readonly countNonZero64: (x: number, n: number) => number;
  readonly im2col64: (x: number, nb: number, H: number, W: number, C: number, R: number, S: number, stride: number, pad: number, P: number, Q: number, col: number) => void;
  readonly avgPool64: (x: number, nb: number, H: number, W: number, C: number, k: number, stride: number, pad: number, P: number, Q: number, y: number) => void;
  readonly relu64: (y: number, n: number) => void;
  readonly fillRows64: (y: number, rows: number, b: number, K: number) => void;
  readonly memory: { readonly buffer: ArrayBuffer; readonly grow: (pages: number) => number };
}

/** A buffer in an arena: byte offset and length in 4-byte elements (f32 or i32; an f64 buffer of n values is
 *  a slot of 2n). */
export interface Slot {
  readonly ptr: number;
  readonly n: number;
}

/** An instance with its buffers: `f32(slot)` / `i32(slot)` / `f64(slot)` are views on the instance's memory. */
export interface Arena {
  readonly k: WasmKernels;
  readonly f32: (s: Slot) => Float32Array;
  readonly i32: (s: Slot) => Int32Array;
  readonly f64: (s: Slot) => Float64Array;
}

/** Bytes below this offset are left to the module (its stack and static data: none today). */
const BASE = 65536;
const PAGE = 65536;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** The part of the WebAssembly JS API used here (the project's `lib` setting has no WebAssembly types). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const wasmApi = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined;

const moduleOf = (): object => {
  if (compiled === undefined) {
    const bin = atob(KERNELS_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    compiled = new wasmApi.Module(bytes);
  }
  return compiled;
};

/**
 * Lay out buffers of `sizes` elements (4 bytes each, 16-byte aligned) in a fresh instance: returns their slots
 * and the arena. Memory grows once, here.
 */
export const arena = (sizes: ReadonlyArray<number>): { readonly slots: ReadonlyArray<Slot>; readonly arena: Arena } => {
  let at = BASE;
  const slots = sizes.map((n) => {
    const s = { ptr: at, n };
    at += Math.ceil((Math.max(1, n) * 4) / 16) * 16;
    return s;
  });
  const instance = new wasmApi.Instance(moduleOf(), {});
  const k = instance.exports as unknown as WasmKernels;
  const have = k.memory.buffer.byteLength;
  if (at > have) k.memory.grow(Math.ceil((at - have) / PAGE));
  const buffer = k.memory.buffer;
  return {
    slots,
    arena: { k, f32: (s) => new Float32Array(buffer, s.ptr, s.n), i32: (s) => new Int32Array(buffer, s.ptr, s.n), f64: (s) => new Float64Array(buffer, s.ptr, s.n >> 1) },
  };
};
