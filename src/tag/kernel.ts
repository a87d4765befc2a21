/**
 * The tagger's two score sums as a small WebAssembly module with 128-bit SIMD (float32 × 4), built
 * from the bytes below (no file to load, no tool to build it), over one memory per tagger in which
 * the tagger keeps the arrays these sums read (see Tagger: stage-A blocks, transitions, history rows,
 * stage-B score slabs, context tables).
 *
 * Identical results: every sum is the same float32 additions in the same order as the JS code of
 * model.ts (`fround(x + y)` there, f32.add / f32x4.add here: both IEEE single precision, round to
 * nearest even, subnormals kept), and the argmax is the first index of the maximum, as the JS loops
 * choose it (`x > best`). A NaN anywhere makes the kernel return -1; the caller then runs its JS code.
 *
 * Where WebAssembly or its SIMD is missing (or a page's Content-Security-Policy forbids compiling it,
 * as `script-src 'self'` without 'wasm-unsafe-eval' does), `createKernel` returns null and the tagger
 * runs its JS code: the same tags, only slower.
 */

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const o: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    o.push(b);
  } while (n !== 0);
  return o;
}

/** Signed LEB128. */
function sleb(n: number): number[] {
  const o: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      o.push(b);
      return o;
    }
    o.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// Value types and the instructions used.
const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const tee = (i: number) => [0x22, ...uleb(i)];
const i32c = (n: number) => [0x41, ...sleb(n)];
const ADD = [0x6a];
const AND = [0x71];
const SHL = [0x74];
const LT_S = [0x48];
const GE_S = [0x4e];
const EQZ = [0x45];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const END = [0x0b];
const BR = (d: number) => [0x0c, d];
const BR_IF = (d: number) => [0x0d, d];
const RETURN = [0x0f];
const I32_LOAD = [0x28, 0x02, 0x00];
const F32_LOAD = [0x2a, 0x02, 0x00];
const F32_STORE = [0x38, 0x02, 0x00];
const F32_EQ = [0x5b];
const F32_MAX = [0x97];
const F32_NEG_INF = [0x43, 0x00, 0x00, 0x80, 0xff];
// v128.load / v128.store with a 4-byte alignment hint (the addresses are float indices × 4).
const V_LOAD = [0xfd, 0x00, 0x02, 0x00];
const V_STORE = [0xfd, 0x0b, 0x02, 0x00];
const V_ADD = [0xfd, ...uleb(228)]; // f32x4.add
const V_MAX = [0xfd, ...uleb(233)]; // f32x4.max
const V_SPLAT = [0xfd, ...uleb(19)]; // f32x4.splat
const V_LANE = (k: number) => [0xfd, ...uleb(31), k]; // f32x4.extract_lane

/** Byte address (p + t) × 4 of float index p + t (locals p and t). */
const addr = (p: number, t: number) => [...get(p), ...get(t), ...ADD, ...i32c(2), ...SHL];

/**
 * Code that sets local `m` to the maximum of S[0 .. n) given the locals, then returns the first
 * t with S[t] === m, or -1 (no such t: a NaN made m NaN). Starts the scan at `from` with m as is.
 */
function maxThenFind(S: number, n: number, t: number, m: number, from: number[]): number[] {
  return [
    // for (t = from; t < n; t++) m = max(m, S[t])
    ...from,
    ...set(t),
    ...BLOCK,
    ...LOOP,
    ...get(t),
    ...get(n),
    ...LT_S,
    ...EQZ,
    ...BR_IF(1),
    ...get(m),
    ...addr(S, t),
    ...F32_LOAD,
    ...F32_MAX,
    ...set(m),
    ...get(t),
    ...i32c(1),
    ...ADD,
    ...set(t),
    ...BR(0),
    ...END,
    ...END,
    // for (t = 0; t < n; t++) if (S[t] === m) return t
    ...i32c(0),
    ...set(t),
    ...BLOCK,
    ...LOOP,
    ...get(t),
    ...get(n),
    ...LT_S,
    ...EQZ,
    ...BR_IF(1),
    ...addr(S, t),
    ...F32_LOAD,
    ...get(m),
    ...F32_EQ,
    ...IF,
    ...get(t),
    ...RETURN,
    ...END,
    ...get(t),
    ...i32c(1),
    ...ADD,
    ...set(t),
    ...BR(0),
    ...END,
    ...END,
    ...i32c(-1),
  ];
}

/**
 * b(o, l, r, c0, c1, c2, c3, c4, w, S): for t < w, S[t] = ((((((o[t] + l[t]) + r[t]) + c0[t]) +
 * c1[t]) + c2[t]) + c3[t]) + c4[t] (float32; o[t] is the float at index o + t); returns the first t
 * of the maximum (w ≥ 1), or -1. Reads up to 3 floats past each range (the memory has them).
 */
function bBody(): number[] {
  const [O, W, S] = [0, 8, 9];
  const [T, X, VM, M, FULL] = [10, 11, 12, 13, 14];
  const sum = (): number[] => [...addr(O, T), ...V_LOAD, ...[1, 2, 3, 4, 5, 6, 7].flatMap((p) => [...addr(p, T), ...V_LOAD, ...V_ADD])];
  const locals = vec([
    [1, I32],
    [2, V128],
    [1, F32],
    [1, I32],
  ]);
  const code = [
    ...F32_NEG_INF,
    ...V_SPLAT,
    ...set(VM),
    ...get(W),
    ...i32c(-4),
    ...AND,
    ...set(FULL),
    ...i32c(0),
    ...set(T),
    // Whole vectors: sums stored, maximum kept.
    ...BLOCK,
    ...get(FULL),
    ...EQZ,
    ...BR_IF(0),
    ...LOOP,
    ...addr(S, T),
    ...sum(),
    ...tee(X),
    ...V_STORE,
    ...get(VM),
    ...get(X),
    ...V_MAX,
    ...set(VM),
    ...get(T),
    ...i32c(4),
    ...ADD,
    ...tee(T),
    ...get(FULL),
    ...LT_S,
    ...BR_IF(0),
    ...END,
    ...END,
    // The last, partial vector: sums stored (the lanes past w are not looked at).
    ...get(T),
    ...get(W),
    ...LT_S,
    ...IF,
    ...addr(S, T),
    ...sum(),
    ...V_STORE,
    ...END,
    ...get(VM),
    ...V_LANE(0),
    ...get(VM),
    ...V_LANE(1),
    ...F32_MAX,
    ...get(VM),
    ...V_LANE(2),
    ...get(VM),
    ...V_LANE(3),
    ...F32_MAX,
    ...F32_MAX,
    ...set(M),
    ...maxThenFind(S, W, T, M, get(FULL)),
    ...END,
  ];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

/**
 * a(own, m2, m1, q1, q2, tr, n, row1, row2, S): for t < n, S[t] = ((((own[t] + m2[t]) + m1[t]) +
 * q1[t]) + q2[t]) + tr[t] (float32); then for each history row (float index of its record, -1 for
 * none: the count k as int32, then k pairs of label (int32) and weight (float32)), S[label] +=
 * weight, in order; returns the first t of the maximum of S[0 .. n) (n ≥ 1), or -1.
 */
function aBody(): number[] {
  const [N, R1, R2, S] = [6, 7, 8, 9];
  const [T, J, E, M, L] = [10, 11, 12, 13, 14];
  const locals = vec([
    [3, I32],
    [1, F32],
    [1, I32],
  ]);
  const hist = (row: number): number[] => [
    ...get(row),
    ...i32c(0),
    ...GE_S,
    ...IF,
    // j = row + 1; e = j + 2 * count
    ...get(row),
    ...i32c(1),
    ...ADD,
    ...tee(J),
    ...get(row),
    ...i32c(2),
    ...SHL,
    ...I32_LOAD,
    ...i32c(1),
    ...SHL,
    ...ADD,
    ...set(E),
    ...BLOCK,
    ...LOOP,
    ...get(J),
    ...get(E),
    ...LT_S,
    ...EQZ,
    ...BR_IF(1),
    // l = (S + label) * 4; f32[l] = f32[l] + weight
    ...get(S),
    ...get(J),
    ...i32c(2),
    ...SHL,
    ...I32_LOAD,
    ...ADD,
    ...i32c(2),
    ...SHL,
    ...tee(L),
    ...get(L),
    ...F32_LOAD,
    ...get(J),
    ...i32c(1),
    ...ADD,
    ...i32c(2),
    ...SHL,
    ...F32_LOAD,
    0x92, // f32.add
    ...F32_STORE,
    ...get(J),
    ...i32c(2),
    ...ADD,
    ...set(J),
    ...BR(0),
    ...END,
    ...END,
    ...END,
  ];
  const code = [
    ...i32c(0),
    ...set(T),
    ...LOOP,
    ...addr(S, T),
    ...addr(0, T),
    ...V_LOAD,
    ...[1, 2, 3, 4, 5].flatMap((p) => [...addr(p, T), ...V_LOAD, ...V_ADD]),
    ...V_STORE,
    ...get(T),
    ...i32c(4),
    ...ADD,
    ...tee(T),
    ...get(N),
    ...LT_S,
    ...BR_IF(0),
    ...END,
    ...hist(R1),
    ...hist(R2),
    ...F32_NEG_INF,
    ...set(M),
    ...maxThenFind(S, N, T, M, i32c(0)),
    ...END,
  ];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

/** The module: imports memory "m"."m", exports b and a (both (i32 × 10) → i32). */
export function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  const type = [0x60, ...vec(Array.from({ length: 10 }, () => [I32])), 1, I32];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([type])),
    ...section(2, vec([[...name('m'), ...name('m'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0], [0]])),
    ...section(7, vec([[...name('b'), 0x00, 0], [...name('a'), 0x00, 1]])),
    ...section(10, vec([bBody(), aBody()])),
  ]);
}

type KernelFn = (a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number, a8: number, a9: number) => number;

const PAGE = 65536;
/** Floats of room after every array: a vector read past its end stays inside the memory. */
const PAD = 16;
/** Float index of the scratch row the kernels write their sums to (room for SCRATCH floats). */
const SCRATCH_AT = 16;
const SCRATCH = 1024;

let compiled: WebAssembly.Module | null | undefined;

/**
 * Kernel functions and the memory their arrays live in: a bump allocator with a fixed part (made
 * once per tagger) and a part that `reset` empties (the current generation of per-form data).
 * Memory growth detaches every view of the old buffer: `onGrow` is then called, and the owner
 * makes its views again (`f32`/`i32` at the same offsets). Growth is to be avoided, not only for
 * the copy: the first ArrayBuffer detached in a process makes V8 check every typed-array access
 * of every later optimised function for detachment (all of the pipeline's typed-array code, NER
 * included, measured 5–10 % slower). So the owner asks for the memory it expects at creation
 * (`createKernel(bytes)`: address space, its pages are only backed once written), and growth is
 * left for workloads beyond that.
 */
export class Kernel {
  readonly b: KernelFn;
  readonly a: KernelFn;
  /** Float index of the scratch row (room for `scratchSize` floats). */
  readonly scratch = SCRATCH_AT;
  readonly scratchSize = SCRATCH;
  private top = (SCRATCH_AT + SCRATCH + PAD) * 4;
  private fixedTop = this.top;
  /** The highest `top` so far (memory above it was never handed out: still zero). */
  private used = this.top;
  onGrow: (() => void) | null = null;
  /** Times the memory grew (its views were detached). */
  grows = 0;

  constructor(
    module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
  ) {
    const ex = new WebAssembly.Instance(module, { m: { m: memory } }).exports;
    this.b = ex.b as unknown as KernelFn;
    this.a = ex.a as unknown as KernelFn;
  }

  /** Room for n floats (or int32s); returns its byte offset (16-byte aligned). May grow the memory. */
  alloc(n: number): number {
    const at = this.top;
    const end = at + (((n + PAD) * 4 + 15) & ~15);
    this.top = end;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const want = Math.max(end, Math.floor(have * 1.5));
      this.memory.grow(Math.ceil((want - have) / PAGE));
      this.grows++;
      this.onGrow?.();
    }
    // Memory used before a reset holds old values: zeroed (new memory is zero already).
    if (at < this.used) new Uint8Array(this.memory.buffer, at, Math.min(end, this.used) - at).fill(0);
    if (end > this.used) this.used = end;
    return at;
  }

  /** Everything allocated so far stays; later allocations are emptied by `reset`. */
  fix(): void {
    this.fixedTop = this.top;
  }

  /** Drop every allocation made after `fix` (their views must not be used any more). */
  reset(): void {
    this.top = this.fixedTop;
  }

  f32(at: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, n);
  }

  i32(at: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, at, n);
  }
}

/** Bytes of memory a kernel's allocations of these float counts take (see Kernel.alloc). */
export function kernelBytes(floatCounts: readonly number[]): number {
  let b = (SCRATCH_AT + SCRATCH + PAD) * 4;
  for (const n of floatCounts) b += ((n + PAD) * 4 + 15) & ~15;
  return b;
}

/**
 * A kernel with its own memory of at least `bytes` (see Kernel: better too much than a growth), or
 * null where WebAssembly (with SIMD) cannot run here.
 */
export function createKernel(bytes = 0): Kernel | null {
  try {
    if (compiled === undefined) {
      compiled = null;
      if (typeof WebAssembly === 'object') {
        const bytes = kernelModuleBytes();
        if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
      }
    }
    if (compiled === null) return null;
    const pages = Math.max(16, Math.ceil(bytes / PAGE));
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: pages });
    } catch {
      // (a host that will not give that much at once: a small memory that grows)
      memory = new WebAssembly.Memory({ initial: 16 });
    }
    return new Kernel(compiled, memory);
  } catch {
    compiled = null;
    return null;
  }
}
