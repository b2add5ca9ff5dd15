/**
 * A WebAssembly SIMD kernel for exact dot-product scans. Rows are `strideBytes` apart, a multiple
 * of 64 bytes (16 floats, zero-padded), and each dot product runs four f32x4 accumulators.
 * The module is assembled here from its opcodes, so it needs no toolchain and no file on disk.
 */

/** WasmMemory is the part of WebAssembly.Memory used here (the lib settings carry no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export interface DotKernel {
  readonly memory: WasmMemory;
  /** scanAll writes the dot product of the query with rows 0..rows-1 to out[0..rows-1]. */
  scanAll(query: number, matrix: number, rows: number, strideBytes: number, out: number): void;
  /** scanList writes the dot product of the query with each row listed in list[0..count-1] to out[i]. */
  scanList(query: number, matrix: number, list: number, count: number, strideBytes: number, out: number): void;
  /**
   * scanAllI8 and scanListI8 are scanAll and scanList over rows of signed bytes (in -127..127, rows
   * a multiple of 64 bytes apart), writing each exact integer dot product as an i32.
   */
  scanAllI8(query: number, matrix: number, rows: number, strideBytes: number, out: number): void;
  scanListI8(query: number, matrix: number, list: number, count: number, strideBytes: number, out: number): void;
}

/** STRIDE_FLOATS is the row alignment the kernel needs, in floats. */
export const STRIDE_FLOATS = 16;

let compiled: object | undefined;

export function createDotKernel(): DotKernel {
  compiled ??= new wasm.Module(moduleBytes());
  const instance = new wasm.Instance(compiled, {});
  return instance.exports as unknown as DotKernel;
}

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const I32_GT_S = 0x4a;
const I32_GE_U = 0x4f;
const F32_ADD = 0x92;
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const CALL = 0x10;
const I32_LOAD = [0x28, 2, 0];
const I32_STORE = [0x36, 2, 0];
const F32_STORE = [0x38, 2, 0];

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [...uleb(s.length), ...Buffer.from(s, "ascii")];
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const i32 = (n: number) => [0x41, ...sleb(n)];
const simd = (op: number) => [0xfd, ...uleb(op)];
const V128_LOAD = (offset: number) => [...simd(0x00), 4, ...uleb(offset)];
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);
const lane = (l: number) => [...simd(0x1f), l];
const I16X8_EXTMUL_LOW_I8X16_S = simd(0x9c);
const I16X8_EXTMUL_HIGH_I8X16_S = simd(0x9d);
const I16X8_ADD = simd(0x8e);
const I32X4_EXTADD_PAIRWISE_I16X8_S = simd(0x7e);
const I32X4_ADD = simd(0xae);
const laneI32 = (l: number) => [...simd(0x1b), l];

function moduleBytes(): Uint8Array {
  // The loop step of both dot products: p and q move on 64 bytes, n counts them down, and the loop
  // runs again while bytes remain.
  const NEXT_64_BYTES = [
    ...get(0), ...i32(64), I32_ADD, ...set(0),
    ...get(1), ...i32(64), I32_ADD, ...set(1),
    ...get(2), ...i32(64), I32_SUB, ...tee(2), ...i32(0), I32_GT_S, BR_IF, 0,
  ];
  // dot(p, q, n) -> f32, with n a positive multiple of 64 bytes; locals 3..6 are v128 accumulators.
  const accumulate = (a: number, offset: number) => [
    ...get(a), ...get(0), ...V128_LOAD(offset), ...get(1), ...V128_LOAD(offset), ...F32X4_MUL, ...F32X4_ADD, ...set(a),
  ];
  const dot = [
    ...vec([[4, V128]]),
    ...LOOP,
    ...accumulate(3, 0), ...accumulate(4, 16), ...accumulate(5, 32), ...accumulate(6, 48),
    ...NEXT_64_BYTES,
    END,
    ...get(3), ...get(4), ...F32X4_ADD, ...get(5), ...get(6), ...F32X4_ADD, ...F32X4_ADD, ...tee(3),
    ...lane(0), ...get(3), ...lane(1), F32_ADD, ...get(3), ...lane(2), ...get(3), ...lane(3), F32_ADD, F32_ADD,
    END,
  ];
  // dot8(p, q, n) -> i32 over signed bytes, n a positive multiple of 64; locals 3..4 are i32x4
  // accumulators. Each 16 bytes: two widening multiplies to i16 (|product| <= 127 * 127, so the
  // sum of two fits in i16), one i16 add, one pairwise widening add into the i32 lanes.
  // Locals 5 and 6 hold the 16 bytes of each side, loaded once.
  const accumulate8 = (a: number, offset: number) => [
    ...get(a),
    ...get(0), ...V128_LOAD(offset), ...tee(5), ...get(1), ...V128_LOAD(offset), ...tee(6), ...I16X8_EXTMUL_LOW_I8X16_S,
    ...get(5), ...get(6), ...I16X8_EXTMUL_HIGH_I8X16_S,
    ...I16X8_ADD, ...I32X4_EXTADD_PAIRWISE_I16X8_S, ...I32X4_ADD, ...set(a),
  ];
  const dot8 = [
    ...vec([[4, V128]]),
    ...LOOP,
    ...accumulate8(3, 0), ...accumulate8(4, 16), ...accumulate8(3, 32), ...accumulate8(4, 48),
    ...NEXT_64_BYTES,
    END,
    ...get(3), ...get(4), ...I32X4_ADD, ...tee(3),
    ...laneI32(0), ...get(3), ...laneI32(1), I32_ADD, ...get(3), ...laneI32(2), ...get(3), ...laneI32(3), I32_ADD, I32_ADD,
    END,
  ];
  // scanAll(q, m, rows, stride, out); local 5 is the row counter. dotFn is the index of the dot
  // function called on each row, and store the instruction that stores its result.
  const scanAll = (dotFn: number, store: number[]) => [
    ...vec([[1, I32]]),
    ...BLOCK, ...LOOP,
    ...get(5), ...get(2), I32_GE_U, BR_IF, 1,
    ...get(4), ...get(1), ...get(0), ...get(3), CALL, dotFn, ...store,
    ...get(4), ...i32(4), I32_ADD, ...set(4),
    ...get(1), ...get(3), I32_ADD, ...set(1),
    ...get(5), ...i32(1), I32_ADD, ...set(5),
    BR, 0, END, END, END,
  ];
  // scanList(q, m, list, count, stride, out); local 6 is the counter.
  const scanList = (dotFn: number, store: number[]) => [
    ...vec([[1, I32]]),
    ...BLOCK, ...LOOP,
    ...get(6), ...get(3), I32_GE_U, BR_IF, 1,
    ...get(5), ...get(1), ...get(2), ...I32_LOAD, ...get(4), I32_MUL, I32_ADD, ...get(0), ...get(4), CALL, dotFn, ...store,
    ...get(5), ...i32(4), I32_ADD, ...set(5),
    ...get(2), ...i32(4), I32_ADD, ...set(2),
    ...get(6), ...i32(1), I32_ADD, ...set(6),
    BR, 0, END, END, END,
  ];
  const types = vec([
    [0x60, ...vec([[I32], [I32], [I32]]), ...vec([[F32]])],
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), ...vec([])],
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32]]), ...vec([])],
    [0x60, ...vec([[I32], [I32], [I32]]), ...vec([[I32]])],
  ]);
  const body = (code: number[]) => [...uleb(code.length), ...code];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    // Functions: 0 dot, 1 scanAll, 2 scanList, 3 dot8, 4 scanAllI8, 5 scanListI8.
    ...section(3, vec([[0], [1], [2], [3], [1], [2]])),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([
      [...name("memory"), 0x02, 0],
      [...name("scanAll"), 0x00, 1],
      [...name("scanList"), 0x00, 2],
      [...name("scanAllI8"), 0x00, 4],
      [...name("scanListI8"), 0x00, 5],
    ])),
    ...section(10, vec([body(dot), body(scanAll(0, F32_STORE)), body(scanList(0, F32_STORE)), body(dot8), body(scanAll(3, I32_STORE)), body(scanList(3, I32_STORE))])),
  ]);
}
