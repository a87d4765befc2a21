import { describe, expect, it } from 'vitest';
import { CrfTrainer } from './crf.js';
import { FeatureBuffer } from './hash.js';
import { SequenceModel, mixSequenceModels, packFeatures, seededRandom, shuffleInPlace, type TrainingSequence } from './perceptron.js';
import { bioConstraints, viterbi } from './viterbi.js';

const LABELS = ['O', 'B-X', 'I-X', 'B-Y', 'I-Y'];
const BITS = 10;

function seq(words: string[], gold: number[], allowed: Uint8Array | null = null): TrainingSequence {
  const fb = new FeatureBuffer(BITS);
  const f = packFeatures(
    words.map((w, i) => {
      fb.reset();
      fb.add('bias');
      fb.add('w' + w);
      fb.add('p' + (words[i - 1] ?? '<s>'));
      return fb.toArray();
    }),
  );
  return { ...f, gold: Int32Array.from(gold), allowed };
}

/** All label sequences of length n (L^n; small n only). */
function* paths(n: number, L: number): Generator<number[]> {
  const p = new Array<number>(n).fill(0);
  for (;;) {
    yield p.slice();
    let i = n - 1;
    while (i >= 0 && p[i] === L - 1) p[i--] = 0;
    if (i < 0) return;
    p[i]++;
  }
}

/** Brute-force −log p(gold | x) (or of the allowed set) under a finalised model's raw scores. */
function bruteNll(emit: Float32Array, trans: Float32Array, n: number, L: number, gold: number[] | null, allowed: Uint8Array | null, cost = 0): number {
  const S = L + 1;
  const score = (p: number[]) => {
    let s = trans[L * S + p[0]] + trans[p[n - 1] * S + L];
    if (gold && cost) for (let i = 0; i < n; i++) if (p[i] !== gold[i]) s += cost;
    for (let i = 0; i < n; i++) s += emit[i * L + p[i]] + (i > 0 ? trans[p[i - 1] * S + p[i]] : 0);
    return s;
  };
  let z = 0;
  let za = 0;
  for (const p of paths(n, L)) {
    const s = Math.exp(score(p));
    z += s;
    if (allowed ? p.every((y, i) => allowed[i * L + y] === 1) : gold!.every((y, i) => y === p[i])) za += s;
  }
  return Math.log(z) - Math.log(za);
}

describe('CrfTrainer', () => {
  it('returns the exact negative log-likelihood (brute force over every path), with and without partial labels', () => {
    const L = LABELS.length;
    const train = [seq(['a', 'b', 'c'], [1, 2, 0]), seq(['d', 'a', 'b', 'e'], [0, 1, 2, 3]), seq(['c', 'e'], [3, 4])];
    const crf = new CrfTrainer({ labels: LABELS, bits: BITS, constraints: bioConstraints(LABELS), eta: 0.3, l2: 0, size: train.length });
    for (let k = 0; k < 6; k++) for (const s of train) crf.update(s);
    // With l2 = 0 there is no lazy penalty, so the finalised weights are the trainer's current ones.
    const model = crf.finalize();
    const probe = seq(['a', 'b', 'e', 'c'], [1, 2, 0, 3]);
    const emit = model.emissions(probe);
    const nll = bruteNll(emit, model.trans, 4, L, [1, 2, 0, 3], null);
    const got = crf.update(probe);
    expect(got).toBeCloseTo(nll, 4);
    const allowed = new Uint8Array(4 * L);
    allowed.fill(1, 0, 2 * L); // positions 0-1 unconstrained
    allowed[2 * L + 0] = 1;
    allowed[3 * L + 3] = 1;
    const crf2 = new CrfTrainer({ labels: LABELS, bits: BITS, constraints: bioConstraints(LABELS), eta: 0.3, l2: 0, size: train.length });
    for (let k = 0; k < 6; k++) for (const s of train) crf2.update(s);
    const m2 = crf2.finalize();
    const partial = { ...probe, gold: new Int32Array(4).fill(-1), allowed };
    const nll2 = bruteNll(m2.emissions(partial), m2.trans, 4, L, null, allowed);
    expect(crf2.update(partial)).toBeCloseTo(nll2, 4);
    expect(nll2).toBeLessThan(nll + 10); // sanity: finite
    expect(crf.skipped + crf2.skipped).toBe(0);
  });

  it('with a cost, returns the softmax-margin loss (brute force), and averages its snapshots', () => {
    const L = LABELS.length;
    const train = [seq(['a', 'b', 'c'], [1, 2, 0]), seq(['d', 'a', 'b', 'e'], [0, 1, 2, 3])];
    const crf = new CrfTrainer({ labels: LABELS, bits: BITS, constraints: bioConstraints(LABELS), eta: 0.3, l2: 0, size: 2, cost: 1.5 });
    for (let k = 0; k < 3; k++) for (const s of train) crf.update(s);
    crf.snapshot();
    const m1 = crf.finalize();
    const probe = seq(['a', 'b', 'e'], [1, 2, 0]);
    const loss = bruteNll(m1.emissions(probe), m1.trans, 3, L, [1, 2, 0], null, 1.5);
    expect(crf.update(probe)).toBeCloseTo(loss, 4);
    expect(loss).toBeGreaterThan(bruteNll(m1.emissions(probe), m1.trans, 3, L, [1, 2, 0], null, 0));
    crf.snapshot();
    const m2 = crf.finalize();
    const avg = crf.finalize(0, {}, true);
    // Rows present in both: the average is the mean (l2 = 0, so no penalty in between).
    const row = (m: typeof m1, b: number) => {
      const r = Array.from(m.buckets).indexOf(b);
      return r < 0 ? new Array<number>(L).fill(0) : Array.from(m.weights.subarray(r * L, r * L + L));
    };
    for (const b of avg.buckets) {
      const a = row(avg, b);
      const x = row(m1, b);
      const y = row(m2, b);
      for (let k = 0; k < L; k++) expect(a[k]).toBeCloseTo((x[k] + y[k]) / 2, 5);
    }
  });

  it('learns a toy BIO task, is deterministic, and the L2 penalty shrinks the weights', () => {
    const L = LABELS.length;
    const names = ['x1', 'x2', 'x3'];
    const ys = ['y1', 'y2'];
    const rand = seededRandom(5);
    const data: TrainingSequence[] = [];
    for (let k = 0; k < 60; k++) {
      const words: string[] = [];
      const gold: number[] = [];
      for (let j = 0; j < 6; j++) {
        const r = rand();
        if (r < 0.2) {
          words.push(names[Math.floor(rand() * 3)], names[Math.floor(rand() * 3)]);
          gold.push(1, 2);
        } else if (r < 0.35) {
          words.push(ys[Math.floor(rand() * 2)]);
          gold.push(3);
        } else {
          words.push('o' + Math.floor(rand() * 5));
          gold.push(0);
        }
      }
      data.push(seq(words, gold));
    }
    const run = (l2: number) => {
      const crf = new CrfTrainer({ labels: LABELS, bits: BITS, constraints: bioConstraints(LABELS), eta: 0.2, l2, size: data.length });
      const order = data.map((_, i) => i);
      const r = seededRandom(1);
      let first = 0;
      let lastNll = 0;
      for (let e = 0; e < 5; e++) {
        shuffleInPlace(order, r);
        let nll = 0;
        for (const i of order) nll += crf.update(data[i]);
        if (e === 0) first = nll;
        lastNll = nll;
      }
      if (l2 < 1) expect(lastNll).toBeLessThan(first / 2);
      return crf.finalize();
    };
    const m = run(0.5);
    const test = seq(['o1', 'x2', 'x1', 'y2', 'o3'], [0, 1, 2, 3, 0]);
    expect(Array.from(m.decode(test))).toEqual([0, 1, 2, 3, 0]);
    const again = run(0.5);
    expect(Array.from(again.weights)).toEqual(Array.from(m.weights));
    expect(Array.from(again.trans)).toEqual(Array.from(m.trans));
    const strong = run(50);
    const norm = (w: Float32Array) => w.reduce((a, b) => a + b * b, 0);
    expect(norm(strong.weights)).toBeLessThan(norm(m.weights));
    // The decoded path respects BIO (viterbi on the model's own scores).
    const path = viterbi(m.emissions(test), 5, L, m.trans);
    for (let i = 0; i < 5; i++) if (path[i] === 2) expect(i > 0 && (path[i - 1] === 1 || path[i - 1] === 2)).toBe(true);
  });

  it('handles empty sequences and extreme scores without NaN weights', () => {
    const crf = new CrfTrainer({ labels: LABELS, bits: BITS, constraints: bioConstraints(LABELS), eta: 1000, l2: 1, size: 2 });
    expect(crf.update(seq([], []))).toBe(0);
    for (let k = 0; k < 20; k++) crf.update(seq(['a', 'b'], [1, 2]));
    const m = crf.finalize();
    for (const v of m.weights) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('mixSequenceModels', () => {
  it('adds models scaled to max |w| = 1 by their shares, over the union of their rows', () => {
    const L = 2;
    const t = new Float32Array(9);
    t[2] = -Infinity;
    const a = new SequenceModel(['O', 'B-X'], 4, Uint32Array.from([1, 3]), Float32Array.from([2, -4, 1, 0]), Float32Array.from(t.map((v, i) => (v === -Infinity ? v : i))), {});
    const b = new SequenceModel(['O', 'B-X'], 4, Uint32Array.from([3, 5]), Float32Array.from([0.5, 0.25, 0, -0.1]), Float32Array.from(t), {});
    const m = mixSequenceModels([a, b], [0.25, 0.75]);
    expect(Array.from(m.buckets)).toEqual([1, 3, 5]);
    const w = Array.from(m.weights);
    const want = [0.25 * 0.5, 0.25 * -1, 0.25 * 0.25 + 0.75 * 1, 0.75 * 0.5, 0, 0.75 * -0.2];
    want.forEach((v, k) => expect(w[k]).toBeCloseTo(v, 6));
    expect(m.trans[2]).toBe(-Infinity);
    expect(m.trans[4]).toBeCloseTo(0.25 * (4 / 4), 6);
    expect(m.L).toBe(L);
    expect(() => mixSequenceModels([a], [0.5, 0.5])).toThrow();
  });
});
