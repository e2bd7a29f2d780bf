/**
 * Would a compiled kernel pay? The usual scheme's band loop of
 * bench/batching.ts (a share φ of the source leaves for one target, and its
 * follower loses φ too; 13 years × 19 age bands; 10,000 iterations), three ways:
 *   - in JavaScript, one iteration at a time, as applyScheme runs it;
 *   - in WebAssembly, the same loop (f64 arithmetic, no bounds checks);
 *   - in WebAssembly with f64x2 SIMD, two iterations a vector (each lane does
 *     exactly what one iteration does).
 * WebAssembly's f64 operations are IEEE 754 double precision, rounded to
 * nearest, never fused or reordered, so the same operations in the same order
 * give the same bits as JavaScript: the bench checks that all three agree.
 *
 * No toolchain: the module is a few hundred bytes, assembled here from its
 * opcodes (the WebAssembly 2.0 binary format: bulk memory and fixed-width
 * SIMD, both in Node 20).
 */
import { BAND_LOOP, makeCase, nsPerCell, perIteration, type Case } from './batching.js';

// Node's global WebAssembly, which the project's type libraries (ES2023, Node's) do not declare: only what this file uses
declare const WebAssembly: {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

const { nYears: NY, nBands: NB, n: N } = BAND_LOOP;
const CELLS = 3 * NY * NB;

// Linear memory, in bytes: the phase, the base activity (and the same with each value twice, for two lanes), the activity worked on, each iteration's inputs, and what leaves in each iteration and year.
const PHASE = 0;
const BASE = 128;
const BASE2 = BASE + CELLS * 8 + 16;
const ACT = BASE2 + CELLS * 16 + 16;
const ACT2 = ACT + CELLS * 8 + 16;
const FRAC = ACT2 + CELLS * 16 + 16;
const WEIGHT = FRAC + N * 8;
const OUT = WEIGHT + N * 8;
const PAGES = Math.ceil((OUT + N * NY * 8) / 65536);

/** Unsigned LEB128. */
function u(x: number): number[] {
  const out: number[] = [];
  do {
    let b = x & 0x7f;
    x >>>= 7;
    if (x) b |= 0x80;
    out.push(b);
  } while (x);
  return out;
}

/** Signed LEB128 (an i32.const's immediate). */
function s(x: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = x & 0x7f;
    x >>= 7;
    if ((x === 0 && !(b & 0x40)) || (x === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]) => [...u(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...u(body.length), ...body];
const name = (x: string) => [...u(x.length), ...Buffer.from(x)];

// opcodes (https://webassembly.github.io/spec/core/binary/instructions.html)
const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const op = {
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  brIf: (l: number) => [0x0d, ...u(l)],
  get: (x: number) => [0x20, ...u(x)],
  set: (x: number) => [0x21, ...u(x)],
  i32: (v: number) => [0x41, ...s(v)],
  f64: (v: number) => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)],
  add: [0x6a],
  mul: [0x6c],
  shl: [0x74],
  ltU: [0x49],
  f64Load: (offset: number) => [0x2b, 3, ...u(offset)],
  f64Store: (offset: number) => [0x39, 3, ...u(offset)],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64Ne: [0x62],
  memoryCopy: [0xfc, ...u(10), 0, 0],
  v128Load: (offset: number) => [0xfd, ...u(0), 3, ...u(offset)],
  v128Store: (offset: number) => [0xfd, ...u(11), 3, ...u(offset)],
  v128Zero: [0xfd, ...u(12), ...new Array<number>(16).fill(0)],
  splat: [0xfd, ...u(20)],
  lane: (k: number) => [0xfd, ...u(33), k],
  vAdd: [0xfd, ...u(240)],
  vSub: [0xfd, ...u(241)],
  vMul: [0xfd, ...u(242)],
};

/** `x += by` for an i32 local. */
const bump = (x: number, by: number) => [...op.get(x), ...op.i32(by), ...op.add, ...op.set(x)];
/** Loop while the i32 local `x`, after `bump`, is below `to` (the loop body first). */
const loopUntil = (x: number, by: number, to: number, body: number[]) => [...op.loop, ...body, ...bump(x, by), ...op.get(x), ...op.i32(to), ...op.ltU, ...op.brIf(0), ...op.end];

/**
 * The band loop for `lanes` iterations at a time (1: scalar f64, 2: f64x2).
 * Locals: i32 i, t, a, s, g, f; f64 ph; then (f64 or v128) w, fr, phi, removed, followerRemoved, cur, cut, gone.
 */
function bandLoop(lanes: 1 | 2): number[] {
  // the locals' indices, in the order declared below
  const [i, t, a, sp, gp, fp, ph, w, fr, phi, removed, gone2, cur, cut, gone] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14] as const;
  const one = lanes === 1;
  const width = 8 * lanes;
  const load = one ? op.f64Load : op.v128Load;
  const store = one ? op.f64Store : op.v128Store;
  const [add, sub, mul] = one ? [op.f64Add, op.f64Sub, op.f64Mul] : [op.vAdd, op.vSub, op.vMul];
  const zero = one ? op.f64(0) : op.v128Zero;
  const act = one ? ACT : ACT2;
  // iteration i's inputs (and, with two lanes, i + 1's beside them)
  const input = (at: number) => [...op.get(i), ...op.i32(3), ...op.shl, ...load(at)];
  const band = [
    // cur = act[s]; cut = φ × cur; act[s] = cur − cut; removed += cut
    ...op.get(sp), ...op.get(sp), ...load(0), ...op.set(cur),
    ...op.get(phi), ...op.get(cur), ...mul, ...op.set(cut),
    ...op.get(cur), ...op.get(cut), ...sub, ...store(0),
    ...op.get(removed), ...op.get(cut), ...add, ...op.set(removed),
    // act[g] += cut × w
    ...op.get(gp), ...op.get(gp), ...load(0), ...op.get(cut), ...op.get(w), ...mul, ...add, ...store(0),
    // gone = act[f] × φ; act[f] −= gone; followerRemoved += gone
    ...op.get(fp), ...load(0), ...op.get(phi), ...mul, ...op.set(gone),
    ...op.get(fp), ...op.get(fp), ...load(0), ...op.get(gone), ...sub, ...store(0),
    ...op.get(gone2), ...op.get(gone), ...add, ...op.set(gone2),
    ...bump(sp, width), ...bump(gp, width),
    ...bump(fp, width),
  ];
  // what left in the year: one lane's into out[i × NY + t], the other's into out[(i + 1) × NY + t]
  const record = (lane: number) => [
    ...op.get(i), ...op.i32(NY), ...op.mul, ...op.get(t), ...op.add, ...op.i32(3), ...op.shl,
    ...op.get(removed), ...op.get(gone2), ...add, ...(one ? [] : op.lane(lane)), ...op.f64Store(OUT + lane * NY * 8),
  ];
  const year = [
    ...op.get(t), ...op.i32(3), ...op.shl, ...op.f64Load(PHASE), ...op.set(ph),
    ...op.get(ph), ...op.f64(0), ...op.f64Ne, ...op.if,
    ...op.get(fr), ...op.get(ph), ...(one ? [] : op.splat), ...mul, ...op.set(phi),
    ...op.get(t), ...op.i32(NB * width), ...op.mul, ...op.i32(act), ...op.add, ...op.set(sp),
    ...op.get(sp), ...op.i32(NY * NB * width), ...op.add, ...op.set(gp),
    ...op.get(sp), ...op.i32(2 * NY * NB * width), ...op.add, ...op.set(fp),
    ...zero, ...op.set(removed), ...zero, ...op.set(gone2),
    ...op.i32(0), ...op.set(a),
    ...loopUntil(a, 1, NB, band),
    ...record(0), ...(one ? [] : record(1)),
    ...op.end,
  ];
  const iteration = [
    ...op.i32(act), ...op.i32(one ? BASE : BASE2), ...op.i32(CELLS * width), ...op.memoryCopy,
    ...input(WEIGHT), ...op.set(w), ...input(FRAC), ...op.set(fr),
    ...op.i32(0), ...op.set(t),
    ...loopUntil(t, 1, NY, year),
  ];
  const body = [...op.i32(0), ...op.set(i), ...loopUntil(i, lanes, N, iteration), ...op.end];
  const locals = vec([[...u(6), I32], [...u(1), F64], [...u(8), one ? F64 : V128]]);
  const code = [...locals, ...body];
  return [...u(code.length), ...code];
}

/** The module: one memory, and the loop as `scalar` and as `simd`. */
function assemble(): Uint8Array {
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, 0, 0]])),
    ...section(3, vec([u(0), u(0)])),
    ...section(5, vec([[0x00, ...u(PAGES)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('scalar'), 0x00, 0], [...name('simd'), 0x00, 1]])),
    ...section(10, vec([bandLoop(1), bandLoop(2)])),
  ];
  return Uint8Array.from(bytes);
}

/** Σ of what left in each iteration and year the scheme has reached, in the order perIteration adds them. */
function checkOf(out: Float64Array, c: Case): number {
  let check = 0;
  for (let i = 0; i < N; i++) for (let t = 0; t < NY; t++) if (c.phase[t] !== 0) check += out[i * NY + t]!;
  return check;
}

/** Print JavaScript's, WebAssembly's and WebAssembly SIMD's cost per band-cell, and whether their results agree to the bit. */
export async function benchWasm(): Promise<void> {
  const c = makeCase();
  const { instance } = await WebAssembly.instantiate(assemble());
  const { memory, scalar, simd } = instance.exports as { memory: { buffer: ArrayBuffer }; scalar: () => void; simd: () => void };
  const f64 = new Float64Array(memory.buffer);
  f64.set(c.phase, PHASE / 8);
  f64.set(c.base, BASE / 8);
  for (let k = 0; k < CELLS; k++) f64[BASE2 / 8 + 2 * k] = f64[BASE2 / 8 + 2 * k + 1] = c.base[k]!;
  f64.set(c.fraction, FRAC / 8);
  f64.set(c.weight, WEIGHT / 8);
  const out = f64.subarray(OUT / 8, OUT / 8 + N * NY);
  const last = new Float64Array(CELLS);
  const js = perIteration(c, last);
  const results = [scalar, simd].map((fn) => {
    out.fill(0);
    fn();
    return checkOf(out, c);
  });
  // what left each year summed in order, and the last iteration's activity (the targets' too, which the sums do not read) bit for bit: scalar, and the second lane of the last pair
  const bits = (x: number, y: number) => Object.is(x, y);
  const sameActivity = Array.from(last, (v, k) => bits(v, f64[ACT / 8 + k]!) && bits(v, f64[ACT2 / 8 + 2 * k + 1]!)).every(Boolean);
  const same = results.every((r) => r === js) && sameActivity;
  const one = nsPerCell(perIteration, c);
  const wasm = nsPerCell(() => (scalar(), 0), c);
  const two = nsPerCell(() => (simd(), 0), c);
  console.log(
    `  compiled? (bench/wasm.ts: the same loop, results ${same ? 'the same to the bit' : 'DIFFERENT'}): JavaScript ${one.toFixed(1)} ns a band-cell, WebAssembly ${wasm.toFixed(1)} ns (${(one / wasm).toFixed(1)}×), WebAssembly SIMD with two iterations a vector ${two.toFixed(1)} ns (${(one / two).toFixed(1)}×)`,
  );
}
