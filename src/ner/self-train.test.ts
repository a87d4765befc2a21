import { describe, expect, it } from 'vitest';
import { tokenMargins } from './margins.js';
import { selectSelfTraining } from './self-train.js';
import { NerModel } from './model.js';
import { trainNer, type CorpusSentence } from './train.js';
import { toyPeymaData } from './testing/toy-corpus.js';
import { viterbi } from '../ml/viterbi.js';
import { seededRandom } from '../ml/perceptron.js';

/** Every label sequence of length n over L labels, scored by brute force. */
function allPaths(emit: Float64Array, n: number, L: number, trans: Float64Array): { path: number[]; score: number }[] {
  const S = L + 1;
  const out: { path: number[]; score: number }[] = [];
  const path = new Array<number>(n).fill(0);
  const rec = (i: number): void => {
    if (i === n) {
      let s = trans[L * S + path[0]] + emit[path[0]];
      for (let k = 1; k < n; k++) s += trans[path[k - 1] * S + path[k]] + emit[k * L + path[k]];
      s += trans[path[n - 1] * S + L];
      out.push({ path: [...path], score: s });
      return;
    }
    for (let y = 0; y < L; y++) {
      path[i] = y;
      rec(i + 1);
    }
  };
  rec(0);
  return out;
}

describe('tokenMargins', () => {
  it('equals the brute-force gap between the best path and the best path with another label at each token', () => {
    const rand = seededRandom(7);
    for (let trial = 0; trial < 30; trial++) {
      const L = 3;
      const n = 1 + (trial % 5);
      const S = L + 1;
      const emit = Float64Array.from({ length: n * L }, () => Math.round(rand() * 20 - 10));
      const trans = Float64Array.from({ length: S * S }, () => Math.round(rand() * 6 - 3));
      trans[0 * S + 2] = -Infinity; // a forbidden transition, as BIO constraints give
      trans[L * S + 2] = -Infinity;
      const path = viterbi(emit, n, L, trans);
      const margins = tokenMargins(emit, n, L, trans, path);
      const paths = allPaths(emit, n, L, trans);
      const best = Math.max(...paths.map((p) => p.score));
      for (let i = 0; i < n; i++) {
        const other = Math.max(...paths.filter((p) => p.path[i] !== path[i]).map((p) => p.score));
        expect(margins[i]).toBeCloseTo(best - other, 9);
        expect(margins[i]).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('handles empty input', () => {
    expect(tokenMargins(new Float64Array(0), 0, 3, new Float64Array(16), new Int32Array(0)).length).toBe(0);
  });
});

function toyData(): CorpusSentence[] {
  return toyPeymaData().slice(0, 4);
}

describe('self-training', () => {
  const teacher = NerModel.fromBytes(trainNer(toyData(), { bits: 14, epochs: 8, gazetteerFolds: 2, learner: 'perceptron', ensemble: 1 }).toBytes());
  const raw = [
    ['علی', 'رضایی', 'به', 'شیراز', 'رفت', '.'],
    ['علی', 'رضایی', 'به', 'شیراز', 'رفت', '.'], // a duplicate: counted once
    ['او', 'در', 'خانه', 'است', '.'],
    ['کوتاه', '.'], // too short
  ];

  it('tags with margins as `tag` does, margins ≥ 0', () => {
    for (const s of raw) {
      const { labels, margins } = teacher.tagWithMargins(s, 'peyma');
      expect(labels).toEqual(teacher.tag(s, 'peyma'));
      for (const m of margins) expect(m).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps distinct sentences with entities whose every token is confident, deterministically', () => {
    const a = selectSelfTraining(teacher, raw, { minMargin: 0 });
    expect(a.stats.candidates).toBe(2);
    // What the teacher's own `tag` finds entities in (the duplicate and the short one excluded).
    const expected = [raw[0], raw[2]].filter((s) => teacher.tag(s, 'peyma').some((l) => l !== 'O'));
    expect(expected.length).toBeGreaterThan(0);
    expect(a.stats.withEntities).toBe(expected.length);
    expect(a.sentences.map((s) => s.forms)).toEqual(expected);
    expect(a.sentences[0].labels).toEqual(['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'O']);
    expect(selectSelfTraining(teacher, raw, { minMargin: 0 })).toEqual(a);
    // An impossible margin keeps nothing; a sample keeps at most `max`.
    expect(selectSelfTraining(teacher, raw, { minMargin: Infinity }).sentences).toEqual([]);
    expect(selectSelfTraining(teacher, raw, { max: 1 }).sentences.length).toBe(1);
    // Tokens below the free margin are marked (all of them with an infinite one), the rest not.
    const free = selectSelfTraining(teacher, raw, { freeMargin: Infinity });
    expect(free.sentences.map((x) => [...(x.free ?? [])])).toEqual(a.sentences.map((x) => x.forms.map(() => 1)));
    expect(free.stats.free).toBe(a.sentences.reduce((n, x) => n + x.forms.length, 0));
    expect(a.sentences.every((x) => x.free === undefined)).toBe(true);
  });

  it('feeds a student model in its own domain, outside the name list', () => {
    const self = selectSelfTraining(teacher, raw).sentences;
    const m = trainNer(toyData(), { bits: 14, epochs: 4, gazetteerFolds: 2, learner: 'perceptron', ensemble: 1 }, () => {}, [], null, '', self);
    expect(m.domains).toEqual(['peyma', 'self']);
    expect(m.meta.selfTrain).toBe(self.length);
    expect(self.length).toBeGreaterThan(0);
    const plain = trainNer(toyData(), { bits: 14, epochs: 4, gazetteerFolds: 2, learner: 'perceptron', ensemble: 1 });
    expect(m.meta.gazetteer).toBe(plain.meta.gazetteer);
    const asPeyma = trainNer(toyData(), { bits: 14, epochs: 4, gazetteerFolds: 2, learner: 'perceptron', ensemble: 1, selfDomain: 'peyma' }, () => {}, [], null, '', self);
    expect(asPeyma.domains).toEqual(['peyma']);
    // Free tokens: the sentence still trains (partial labels), and the model still learns the gold data.
    const freeSelf = selectSelfTraining(teacher, raw, { freeMargin: Infinity }).sentences;
    const pm = NerModel.fromBytes(trainNer(toyData(), { bits: 14, epochs: 4, gazetteerFolds: 2, learner: 'perceptron', ensemble: 1 }, () => {}, [], null, '', freeSelf).toBytes());
    expect(pm.tag(['علی', 'رضایی', 'به', 'تهران', 'رفت', '.'], 'peyma')).toEqual(['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'O']);
  });
});
