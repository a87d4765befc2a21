import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SequenceModel } from './perceptron.js';
import { IntegerRows, SparseEmissions, quantizeModel } from './sparse.js';
import { deserializeModel, readIntegerModel, serializeModel } from './serialize.js';
import { FixedTransitionViterbi, bioConstraints, viterbi } from './viterbi.js';

// Differential tests of the fast inference pieces against the simple reference ones.

describe('FixedTransitionViterbi = viterbi', () => {
  // Small integer scores make ties frequent; -Infinity forbids transitions (sometimes all).
  const score = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: 1, arbitrary: fc.constant(-Infinity) });
  it('gives the same path on random transitions and emissions, ties and dead ends included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((L) =>
          fc.record({
            L: fc.constant(L),
            trans: fc.array(score, { minLength: (L + 1) ** 2, maxLength: (L + 1) ** 2 }),
            emit: fc.array(fc.integer({ min: -4, max: 4 }), { maxLength: L * 12 }).map((a) => a.slice(0, a.length - (a.length % L))),
          }),
        ),
        ({ L, trans, emit }) => {
          const t = Float32Array.from(trans);
          const e = Float32Array.from(emit);
          const n = e.length / L;
          const fast = new FixedTransitionViterbi(L, t);
          expect(Array.from(fast.decode(e, n))).toEqual(Array.from(viterbi(e, n, L, t)));
          // Reused work arrays: a second, shorter call is still right.
          const m = Math.floor(n / 2);
          expect(Array.from(fast.decode(e, m))).toEqual(Array.from(viterbi(e, m, L, t)));
          // Into a caller's buffer (longer than the path: only its first m entries are the path).
          const buf = new Int32Array(m + 3).fill(99);
          expect(fast.decode(e, m, buf)).toBe(buf);
          expect(Array.from(buf.subarray(0, m))).toEqual(Array.from(viterbi(e, m, L, t)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('agrees under BIO constraints with real-valued scores', () => {
    const labels = ['O', 'B-A', 'I-A', 'B-B', 'I-B'];
    const c = bioConstraints(labels);
    fc.assert(
      fc.property(fc.array(fc.float({ min: -5, max: 5, noNaN: true }), { minLength: 25, maxLength: 25 }), fc.array(fc.float({ min: -5, max: 5, noNaN: true }), { maxLength: 100 }), (tr, em) => {
        const t = Float32Array.from(tr, (v, k) => v + c[k]);
        const e = Float32Array.from(em.slice(0, em.length - (em.length % 5)));
        const fast = new FixedTransitionViterbi(5, t);
        expect(Array.from(fast.decode(e, e.length / 5))).toEqual(Array.from(viterbi(e, e.length / 5, 5, t)));
      }),
    );
  });
});

describe('FixedTransitionViterbi.decodePair = two viterbi calls', () => {
  const score = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: 1, arbitrary: fc.constant(-Infinity) });
  const emitArb = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -4, max: 4 }).map((v) => v * 250) },
    { weight: 8, arbitrary: fc.integer({ min: -30, max: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN) },
  );
  const check = (L: number, t: Float32Array, a: number[], b: number[]) => {
    const n = Math.min(a.length, b.length) / L | 0;
    const e1 = Float32Array.from(a.slice(0, n * L));
    const e2 = Float64Array.from(b.slice(0, n * L));
    const fast = new FixedTransitionViterbi(L, t);
    const o1 = new Int32Array(n + 2);
    const o2 = new Int32Array(n + 2);
    fast.decodePair(e1, e2, n, o1, o2);
    expect(Array.from(o1.subarray(0, n))).toEqual(Array.from(viterbi(e1, n, L, t)));
    expect(Array.from(o2.subarray(0, n))).toEqual(Array.from(viterbi(e2, n, L, t)));
  };
  it('under BIO constraints, with pruning, ties and non-finite emissions', () => {
    const labels = ['O', 'B-A', 'I-A', 'B-B', 'I-B', 'B-C', 'I-C'];
    const c = bioConstraints(labels);
    const L = labels.length;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -6, max: 6 }), { minLength: (L + 1) ** 2, maxLength: (L + 1) ** 2 }), fc.array(emitArb, { maxLength: L * 20 }), fc.array(emitArb, { maxLength: L * 20 }), (tr, a, b) =>
        check(L, Float32Array.from(tr, (v, k) => v + c[k]), a, b),
      ),
      { numRuns: 500 },
    );
  });
  it('on arbitrary transitions (the fallback to two decodes)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((L) => fc.tuple(fc.constant(L), fc.array(score, { minLength: (L + 1) ** 2, maxLength: (L + 1) ** 2 }), fc.array(emitArb, { maxLength: L * 10 }), fc.array(emitArb, { maxLength: L * 10 }))),
        ([L, tr, a, b]) => check(L, Float32Array.from(tr), a, b),
      ),
      { numRuns: 300 },
    );
  });
});

describe('FixedTransitionViterbi prunes predecessors without changing the path', () => {
  // Emissions far apart relative to the transitions (as in a trained model, where most
  // labels are out of reach after one step), with exact ties, large magnitudes and labels
  // at the pruning border.
  const labels = ['O', 'B-A', 'I-A', 'B-B', 'I-B', 'B-C', 'I-C'];
  const c = bioConstraints(labels);
  const L = labels.length;
  it('gives the reference path when most predecessors are pruned', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -6, max: 6 }), { minLength: (L + 1) ** 2, maxLength: (L + 1) ** 2 }),
        fc.array(fc.oneof(fc.integer({ min: -4, max: 4 }).map((v) => v * 250), fc.integer({ min: -30, max: 30 })), { maxLength: L * 20 }),
        fc.constantFrom(1, 1e6, 3e9),
        (tr, em, scale) => {
          const t = Float32Array.from(tr, (v, k) => v + c[k]);
          const e = Float64Array.from(em.slice(0, em.length - (em.length % L)), (v) => v * scale);
          const fast = new FixedTransitionViterbi(L, t);
          expect(Array.from(fast.decode(e, e.length / L))).toEqual(Array.from(viterbi(e, e.length / L, L, t)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('handles infinite and NaN emissions like the reference', () => {
    const t = Float32Array.from(c, (v, k) => v + (k % 5));
    for (const bad of [Infinity, -Infinity, NaN]) {
      const e = new Float64Array(4 * L).map((_, k) => (k * 37) % 11);
      e[L + 2] = bad;
      e[2 * L] = bad;
      const fast = new FixedTransitionViterbi(L, t);
      expect(Array.from(fast.decode(e, 4))).toEqual(Array.from(viterbi(e, 4, L, t)));
    }
  });
});

describe('SparseEmissions = SequenceModel.emissions', () => {
  it('gives bit-identical float32 scores', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.float({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }), fc.boolean()), { maxLength: 200 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 30 }), { maxLength: 8 }),
        (L, cells, items) => {
          // A random sparse model over 2^8 buckets: each cell sets one row's weights (some zero).
          const rows = new Map<number, Float32Array>();
          for (const [b, v, zero] of cells) {
            const r = rows.get(b) ?? new Float32Array(L);
            r[Math.abs(Math.round(v * 7)) % L] = zero ? 0 : v;
            rows.set(b, r);
          }
          const buckets = Uint32Array.from([...rows.keys()].sort((a, b) => a - b));
          const weights = new Float32Array(buckets.length * L);
          buckets.forEach((b, k) => weights.set(rows.get(b)!, k * L));
          const model = new SequenceModel(Array.from({ length: L }, (_, i) => `l${i}`), 8, buckets, weights, new Float32Array((L + 1) ** 2));
          const offsets = new Int32Array(items.length + 1);
          items.forEach((it, i) => (offsets[i + 1] = offsets[i] + it.length));
          const seq = { n: items.length, feats: Int32Array.from(items.flat()), offsets };
          const sparse = new SparseEmissions(model);
          expect(Array.from(sparse.emissions(seq))).toEqual(Array.from(model.emissions(seq)));
          const start = Float32Array.from({ length: items.length * L }, (_, k) => (k % 3) - 1.5);
          expect(Array.from(sparse.emissions(seq, Float32Array.from(start), true))).toEqual(Array.from(model.emissions(seq, Float32Array.from(start), true)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('readIntegerModel = IntegerRows(quantizeModel(deserializeModel(file)))', () => {
  it('gives the same integer rows and transitions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1023 }), fc.float({ noNaN: true, noDefaultInfinity: true, min: -50, max: 50 }), fc.nat(20)), { maxLength: 150 }),
        fc.array(fc.float({ noNaN: true, min: -20, max: 20 }), { minLength: 100, maxLength: 100 }),
        (L, cells, tr) => {
          const rows = new Map<number, Float32Array>();
          for (const [b, v, y] of cells) {
            const r = rows.get(b) ?? new Float32Array(L);
            r[y % L] = v;
            rows.set(b, r);
          }
          const buckets = Uint32Array.from([...rows.keys()].sort((a, b) => a - b));
          const weights = new Float32Array(buckets.length * L);
          buckets.forEach((b, k) => weights.set(rows.get(b)!, k * L));
          const trans = Float32Array.from({ length: (L + 1) ** 2 }, (_, k) => (k % 7 === 3 ? -Infinity : tr[k % tr.length]));
          const model = new SequenceModel(Array.from({ length: L }, (_, i) => `l${i}`), 10, buckets, weights, trans, { x: 1 });
          const bytes = serializeModel(model);
          const want = quantizeModel(deserializeModel(bytes));
          const wantRows = new IntegerRows(want);
          const got = readIntegerModel(bytes);
          expect(Array.from(got.rows.start)).toEqual(Array.from(wantRows.start));
          expect(Array.from(got.rows.entries)).toEqual(Array.from(wantRows.entries));
          expect(Array.from(got.rows.nonEmpty)).toEqual(Array.from(wantRows.nonEmpty));
          expect(Array.from(got.trans)).toEqual(Array.from(want.trans));
          expect(got.labels).toEqual(want.labels);
          expect(got.meta).toEqual({ x: 1 });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects truncated files with a clear error', () => {
    const model = new SequenceModel(['a', 'b'], 4, Uint32Array.from([1, 3]), Float32Array.from([1, -2, 0, 3]), new Float32Array(9));
    const bytes = serializeModel(model);
    for (const cut of [3, 20, bytes.length - 1]) expect(() => readIntegerModel(bytes.subarray(0, cut))).toThrow(/sokhan: not a valid sequence model file/);
  });
});
