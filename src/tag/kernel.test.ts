import { describe, expect, it } from 'vitest';
import { getLexicon } from '../morph/lexicon.js';
import { loadModelBytes } from '../models/load.js';
import { createKernel, kernelModuleBytes } from './kernel.js';
import { Tagger, type TaggerModelJson } from './model.js';

const Z = '\u200c';
const fr = Math.fround;

/** A small deterministic generator (no Math.random: a failure can be replayed). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

describe('tagger kernel (WebAssembly SIMD sums)', () => {
  it('is a valid module and runs under Node 20', () => {
    expect(WebAssembly.validate(kernelModuleBytes())).toBe(true);
    expect(createKernel()).not.toBeNull();
  });

  it('b: the float32 sums of the JS code, in the same order, and the first index of the maximum', () => {
    const k = createKernel()!;
    const n = 6000;
    const at = k.alloc(n);
    const f = k.f32(at, n);
    const base = at >> 2;
    const r = rng(1);
    // Many zeros, -0 and repeated values: ties are frequent.
    for (let i = 0; i < n; i++) f[i] = r() < 0.3 ? (r() < 0.5 ? -0 : 0) : fr(Math.round((r() - 0.5) * 40) / 8 + (r() < 0.5 ? 0 : r() / 1000));
    for (let trial = 0; trial < 5000; trial++) {
      const w = 1 + (trial % 90);
      const o = Array.from({ length: 8 }, () => Math.floor(r() * (n - 100)));
      let best = 0;
      let bs = 0;
      for (let t = 0; t < w; t++) {
        let x = f[o[0] + t];
        for (let q = 1; q < 8; q++) x = fr(x + f[o[q] + t]);
        if (t === 0 || x > bs) (bs = x), (best = t);
      }
      const got = k.b(base + o[0], base + o[1], base + o[2], base + o[3], base + o[4], base + o[5], base + o[6], base + o[7], w, k.scratch);
      expect(got, `trial ${trial}`).toBe(best);
      const sums = k.f32(k.scratch * 4, w);
      for (let t = 0; t < w; t++) {
        let x = f[o[0] + t];
        for (let q = 1; q < 8; q++) x = fr(x + f[o[q] + t]);
        expect(Object.is(sums[t], x)).toBe(true);
      }
    }
  });

  it('b with a row of -0 in place of a missing neighbour: the sums of the JS code that skips it, bit for bit', () => {
    // (the tagger passes such a row for a neighbour outside the sentence: x + -0 is x, for x = ±0 too)
    const k = createKernel()!;
    const n = 3000;
    const at = k.alloc(n);
    const f = k.f32(at, n);
    const base = at >> 2;
    const zAt = k.alloc(128);
    k.f32(zAt, 128).fill(-0);
    const z = zAt >> 2;
    const r = rng(7);
    for (let i = 0; i < n; i++) f[i] = r() < 0.4 ? (r() < 0.5 ? -0 : 0) : fr(Math.round((r() - 0.5) * 40) / 8);
    for (let trial = 0; trial < 3000; trial++) {
      const w = 1 + (trial % 100);
      const o = Array.from({ length: 8 }, () => Math.floor(r() * (n - 120)));
      const noL = trial % 3 !== 1;
      const noR = trial % 3 !== 2;
      // The JS edge path: own, the neighbours present, then the five context rows.
      const s = new Float32Array(w);
      for (let t = 0; t < w; t++) s[t] = f[o[0] + t];
      if (!noL) for (let t = 0; t < w; t++) s[t] += f[o[1] + t];
      if (!noR) for (let t = 0; t < w; t++) s[t] += f[o[2] + t];
      for (let q = 3; q < 8; q++) for (let t = 0; t < w; t++) s[t] += f[o[q] + t];
      let best = 0;
      for (let t = 1; t < w; t++) if (s[t] > s[best]) best = t;
      const got = k.b(base + o[0], noL ? z : base + o[1], noR ? z : base + o[2], base + o[3], base + o[4], base + o[5], base + o[6], base + o[7], w, k.scratch);
      expect(got, `trial ${trial}`).toBe(best);
      const sums = k.f32(k.scratch * 4, w);
      for (let t = 0; t < w; t++) expect(Object.is(sums[t], s[t]), `trial ${trial} tag ${t}`).toBe(true);
    }
  });

  it('a: the stage-A sums, the history rows added in order, the first index of the maximum', () => {
    const k = createKernel()!;
    const rowsAt = k.alloc(64);
    const n = 4000;
    const at = k.alloc(n);
    const base = at >> 2;
    const r = rng(2);
    const f = k.f32(at, n);
    for (let i = 0; i < n; i++) f[i] = r() < 0.3 ? 0 : fr(Math.round((r() - 0.5) * 40) / 8);
    const ri = k.i32(rowsAt, 64);
    const rf = k.f32(rowsAt, 64);
    for (let trial = 0; trial < 3000; trial++) {
      const m = 1 + (trial % 20);
      // One row of `cnt` distinct labels below m.
      const cnt = Math.min(m, trial % 6);
      ri[0] = cnt;
      const labels = Array.from({ length: m }, (_, q) => q).sort(() => r() - 0.5);
      for (let q = 0; q < cnt; q++) {
        ri[1 + 2 * q] = labels[q];
        rf[2 + 2 * q] = fr(Math.round((r() - 0.5) * 40) / 8);
      }
      const o = Array.from({ length: 6 }, () => Math.floor(r() * (n - 40)));
      const rows = [trial % 3 >= 1 ? rowsAt >> 2 : -1, trial % 3 === 2 ? rowsAt >> 2 : -1];
      const got = k.a(base + o[0], base + o[1], base + o[2], base + o[3], base + o[4], base + o[5], m, rows[0], rows[1], k.scratch);
      const s = new Float32Array(m);
      for (let t = 0; t < m; t++) {
        let x = f[o[0] + t];
        for (let q = 1; q < 5; q++) x = fr(x + f[o[q] + t]);
        s[t] = x + f[o[5] + t];
      }
      for (const row of rows) if (row >= 0) for (let q = 0; q < cnt; q++) s[ri[1 + 2 * q]] += rf[2 + 2 * q];
      let best = 0;
      let bs = s[0];
      for (let t = 1; t < m; t++) if (s[t] > bs) (bs = s[t]), (best = t);
      expect(got, `trial ${trial}`).toBe(best);
    }
  });

  it('returns -1 for a NaN (the tagger then runs its JS code)', () => {
    const k = createKernel()!;
    const at = k.alloc(64);
    const f = k.f32(at, 64);
    const b = at >> 2;
    f[9] = NaN;
    expect(k.b(b + 8, b, b, b, b, b, b, b, 6, k.scratch)).toBe(-1);
    expect(k.a(b + 8, b, b, b, b, b, 6, -1, -1, k.scratch)).toBe(-1);
    f[9] = 1;
    expect(k.b(b + 8, b, b, b, b, b, b, b, 6, k.scratch)).toBe(1);
  });

  it('keeps its views right across memory growth and reset (old values zeroed)', () => {
    const k = createKernel()!;
    k.fix();
    let grown = 0;
    k.onGrow = () => grown++;
    const a1 = k.alloc(1000);
    k.f32(a1, 1000).fill(5);
    k.alloc(3_000_000); // grows the memory
    expect(grown).toBeGreaterThan(0);
    expect(k.f32(a1, 1000)[999]).toBe(5);
    k.reset();
    const a2 = k.alloc(1000);
    expect(a2).toBe(a1);
    expect(k.f32(a2, 1000).every((x) => x === 0)).toBe(true);
  });
});

describe('tagger with and without the kernel', () => {
  const model = JSON.parse(new TextDecoder().decode(loadModelBytes('tagger-perdt.json.gz'))) as TaggerModelJson;
  const sentences: string[][] = [
    ['او', 'به', 'مدرسه', 'رفت', '.'],
    ['ما', 'کتاب', 'را', `می${Z}خوانیم`, 'و', 'آنها', 'نوشته', 'بودند', '.'],
    ['رئیس', 'جمهور', 'دیروز', 'در', 'تهران', 'گفت', 'که', 'اقتصاد', 'کشور', 'رشد', 'کرده', 'است', '.'],
    ['دانشجویان', 'دانشگاه', 'شریف', 'در', 'مسابقه', `بین${Z}المللی`, 'برنده', 'شدند', '.'],
    ['hello', '123', '😀', 'و', 'زیباترین', 'باغ', `نمی${Z}نویسندشان`, 'خواهیم', 'رفت'],
  ];
  const words = sentences.flat();
  const r = rng(3);
  const mixed: string[][] = [];
  for (let q = 0; q < 200; q++) mixed.push(Array.from({ length: 1 + (q % 30) }, () => words[Math.floor(r() * words.length)]));
  // Forms never seen, so that the per-form store grows and flips generations.
  for (let q = 0; q < 100; q++) mixed.push(Array.from({ length: 12 }, (_, j) => (j % 3 === 0 ? words[(q + j) % words.length] : `واژه${q}${j}ها`)));
  const all = [...sentences, ...mixed, ...sentences, ...mixed];

  it('asks for its memory at once: no growth (no detached buffer) over the default generation', () => {
    const t = new Tagger(model, getLexicon());
    const k = (t as unknown as { kernel: { grows: number } }).kernel;
    for (const forms of all) t.tagIndices(forms);
    expect(k.grows).toBe(0);
  });

  for (const cacheLimit of [undefined, 5, 37, 400]) {
    it(`gives the same tags (cacheLimit ${cacheLimit ?? 'default'})`, () => {
      const js = new Tagger(model, getLexicon(), { kernel: false, cacheLimit });
      const wasm = new Tagger(model, getLexicon(), { cacheLimit });
      expect(wasm.usesKernel).toBe(true);
      expect(js.usesKernel).toBe(false);
      for (const forms of all) expect(Array.from(wasm.tagIndices(forms)), forms.join(' ')).toEqual(Array.from(js.tagIndices(forms)));
    });
  }
});
