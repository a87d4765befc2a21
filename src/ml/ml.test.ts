import { describe, expect, it } from 'vitest';
import { FeatureBuffer, hashFeature } from './hash.js';
import { PerceptronTrainer, SequenceModel, averageSequenceModels, packFeatures, pruneWeights, seededRandom, shuffleInPlace } from './perceptron.js';
import { deserializeModel, serializeModel } from './serialize.js';
import { bioConstraints, viterbi } from './viterbi.js';

const LABELS = ['O', 'B-X', 'I-X', 'B-Y', 'I-Y'];

function feats(words: string[], bits = 12) {
  const fb = new FeatureBuffer(bits);
  return packFeatures(
    words.map((w, i) => {
      fb.reset();
      fb.add('bias');
      fb.add('w' + w);
      fb.add('p' + (words[i - 1] ?? '<s>'));
      return fb.toArray();
    }),
  );
}

describe('hashFeature', () => {
  it('is deterministic and within range', () => {
    expect(hashFeature('abc', 10)).toBe(hashFeature('abc', 10));
    for (const s of ['', 'a', 'سلام', '\u{1F600}']) {
      const h = hashFeature(s, 10);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(1024);
    }
    expect(hashFeature('a', 16)).not.toBe(hashFeature('b', 16));
  });
});

describe('viterbi with BIO constraints', () => {
  it('never starts with I- nor puts I-X after O or B-Y', () => {
    const L = LABELS.length;
    const trans = bioConstraints(LABELS);
    // Emissions that strongly prefer I-X everywhere, then I-Y.
    const emit = new Float32Array(3 * L);
    for (let i = 0; i < 3; i++) {
      emit[i * L + 2] = 10;
      emit[i * L + 4] = 9;
    }
    const path = Array.from(viterbi(emit, 3, L, trans)).map((y) => LABELS[y]);
    expect(path[0].startsWith('I-')).toBe(false);
    for (let i = 1; i < path.length; i++) {
      if (path[i].startsWith('I-')) expect(path[i - 1].slice(2)).toBe(path[i].slice(2));
    }
  });

  it('respects an allowed mask', () => {
    const L = LABELS.length;
    const emit = new Float32Array(2 * L).fill(1);
    const allowed = new Uint8Array(2 * L);
    allowed[0 * L + 3] = 1;
    allowed[1 * L + 4] = 1;
    expect(Array.from(viterbi(emit, 2, L, bioConstraints(LABELS), allowed))).toEqual([3, 4]);
  });

  it('handles empty sequences', () => {
    expect(viterbi(new Float32Array(0), 0, 5, bioConstraints(LABELS)).length).toBe(0);
  });
});

describe('PerceptronTrainer', () => {
  // A toy language: "x" words are X entities, a "y" after "of" is Y; others O.
  const data: { words: string[]; gold: number[] }[] = [
    { words: ['a', 'x1', 'x2', 'b'], gold: [0, 1, 2, 0] },
    { words: ['of', 'y', 'c'], gold: [0, 3, 0] },
    { words: ['x1', 'b', 'of', 'y'], gold: [1, 0, 0, 3] },
    { words: ['c', 'y', 'a'], gold: [0, 0, 0] },
  ];

  it('learns a separable toy problem and survives serialisation', () => {
    const trainer = new PerceptronTrainer({ labels: LABELS, bits: 12, constraints: bioConstraints(LABELS) });
    const seqs = data.map((d) => ({ ...feats(d.words), gold: Int32Array.from(d.gold) }));
    const rand = seededRandom(7);
    const order = seqs.map((_, i) => i);
    for (let e = 0; e < 20; e++) for (const i of shuffleInPlace(order, rand)) trainer.update(seqs[i]);
    const model = trainer.finalize(0, { note: 'toy' });
    for (const d of data) expect(Array.from(model.decode(feats(d.words)))).toEqual(d.gold);
    const back = deserializeModel(serializeModel(model));
    expect(back.meta).toEqual({ note: 'toy' });
    for (const d of data) expect(Array.from(back.decode(feats(d.words)))).toEqual(d.gold);
  });

  it('with a margin, keeps updating until the gold path wins by it (loss-augmented training)', () => {
    // One sequence, one token, one feature: the plain perceptron stops after its first update
    // (gold wins by 2); with margin 5 it keeps updating until gold beats every other label by > 5.
    const seq = { ...packFeatures([Int32Array.from([3])]), gold: Int32Array.from([1]) };
    const gap = (margin: number) => {
      const t = new PerceptronTrainer({ labels: LABELS, bits: 4, margin });
      const updates: number[] = [];
      for (let k = 0; k < 10; k++) updates.push(t.update(seq));
      const m = t.finalize();
      const e = m.emissions(packFeatures([Int32Array.from([3])]));
      const others = [0, 2, 3, 4].map((y) => e[y] + m.trans[LABELS.length * (LABELS.length + 1) + y] + m.trans[y * (LABELS.length + 1) + LABELS.length]);
      const gold = e[1] + m.trans[LABELS.length * (LABELS.length + 1) + 1] + m.trans[1 * (LABELS.length + 1) + LABELS.length];
      return { updates: updates.filter((u) => u > 0).length, gap: gold - Math.max(...others) };
    };
    const plain = gap(0);
    const wide = gap(5);
    expect(plain.updates).toBe(1);
    expect(wide.updates).toBeGreaterThan(1);
    expect(wide.gap).toBeGreaterThan(plain.gap);
    // The same data with margin 0 gives the plain perceptron's model byte for byte.
    const run = (o: { margin?: number }) => {
      const t = new PerceptronTrainer({ labels: LABELS, bits: 10, ...o });
      for (const d of data) t.update({ ...feats(d.words, 10), gold: Int32Array.from(d.gold) });
      return serializeModel(t.finalize());
    };
    expect(run({ margin: 0 })).toEqual(run({}));
    expect(run({ margin: 3 })).not.toEqual(run({}));
  });

  it('with feature bagging, leaves the dropped buckets untrained and the others as before when none is dropped', () => {
    const seqs = data.map((d) => ({ ...feats(d.words, 10), gold: Int32Array.from(d.gold) }));
    const train = (drop: Uint8Array | null) => {
      const t = new PerceptronTrainer({ labels: LABELS, bits: 10, drop });
      for (let e = 0; e < 5; e++) for (const s of seqs) t.update(s);
      return t.finalize();
    };
    const used = new Set<number>();
    for (const s of seqs) for (const f of s.feats) used.add(f);
    const drop = new Uint8Array(1 << 10);
    const dropped = [...used].filter((_, i) => i % 3 === 0);
    for (const b of dropped) drop[b] = 1;
    const m = train(drop);
    for (const b of dropped) expect(m.buckets.includes(b)).toBe(false);
    expect(m.buckets.length).toBeGreaterThan(0);
    expect(serializeModel(train(new Uint8Array(1 << 10)))).toEqual(serializeModel(train(null)));
  });

  it('is deterministic', () => {
    const run = () => {
      const t = new PerceptronTrainer({ labels: LABELS, bits: 10 });
      for (const d of data) t.update({ ...feats(d.words, 10), gold: Int32Array.from(d.gold) });
      return serializeModel(t.finalize());
    };
    expect(run()).toEqual(run());
  });

  it('rejects a corrupt model file with a clear error', () => {
    expect(() => deserializeModel(new Uint8Array([1, 2, 3]))).toThrow(/not a valid sequence model/);
    expect(() => deserializeModel(new TextEncoder().encode('SKSM\u0001garbage'))).toThrow(/not a valid sequence model/);
  });
});

describe('averageSequenceModels', () => {
  const L = 2;
  const trans = (x: number) => Float32Array.from([x, -Infinity, 0, x, 1, 2, 3, 4, x]);
  const a = new SequenceModel(['O', 'B-X'], 3, Uint32Array.from([1, 4]), Float32Array.from([1, -2, 4, 0]), trans(2));
  const b = new SequenceModel(['O', 'B-X'], 3, Uint32Array.from([4, 6]), Float32Array.from([-4, 0.5, 3, 3]), trans(4));

  it('averages the weights of the union of rows and drops rows that cancel or fall under the pruning bound', () => {
    const m = averageSequenceModels([a, b], 0.3, { k: 1 });
    expect(Array.from(m.buckets)).toEqual([1, 6]); // row 4: (4 − 4)/2 = 0 and 0.5/2 = 0.25 < 0.3
    expect(Array.from(m.weights)).toEqual([0.5, -1, 1.5, 1.5]);
    expect(m.meta).toEqual({ k: 1 });
    expect(m.L).toBe(L);
  });

  it('averages transitions and keeps forbidden ones forbidden', () => {
    const m = averageSequenceModels([a, b]);
    expect(Array.from(m.trans)).toEqual([3, -Infinity, 0, 3, 1, 2, 3, 4, 3]);
  });

  it('returns an equal model for a single model, and rejects mismatched ones', () => {
    const m = averageSequenceModels([a]);
    expect(Array.from(m.buckets)).toEqual([1, 4]);
    expect(Array.from(m.weights)).toEqual([1, -2, 4, 0]);
    expect(() => averageSequenceModels([])).toThrow();
    expect(() => averageSequenceModels([a, new SequenceModel(['O', 'B-Y'], 3, new Uint32Array(0), new Float32Array(0), trans(0))])).toThrow();
  });
});

describe('pruneWeights', () => {
  it('drops weights below the bound and the rows left empty, keeping transitions and meta', () => {
    const trans = Float32Array.from([1, -Infinity, 0, 1, 1, 2, 3, 4, 5]);
    const m = new SequenceModel(['O', 'B-X'], 3, Uint32Array.from([1, 4, 6]), Float32Array.from([150, -149, 3, -2, -150, 0]), trans, { a: 1 });
    const p = pruneWeights(m, 150);
    expect(Array.from(p.buckets)).toEqual([1, 6]);
    expect(Array.from(p.weights)).toEqual([150, 0, -150, 0]);
    expect(Array.from(p.trans)).toEqual(Array.from(trans));
    expect(p.meta).toEqual({ a: 1 });
    expect(Array.from(pruneWeights(m, 0).weights)).toEqual([150, -149, 3, -2, -150, 0]);
  });
});
