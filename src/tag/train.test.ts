import { describe, expect, it } from 'vitest';
import { getLexicon } from '../morph/lexicon.js';
import { Tagger, WEIGHT_SCALE } from './model.js';
import { trainTagger, type TrainSentence } from './train.js';

const Z = '\u200c';
// Short sentences written for this test (joint tags UPOS\tXPOS\tFEATS).
const N = 'NOUN\tN_SING\tNumber=Sing';
const NP = 'NOUN\tN_PL\tNumber=Plur';
const ADJ = 'ADJ\tADJ\t_';
const ADP = 'ADP\tP\t_';
const V = 'VERB\tV_PA\tNumber=Sing|Person=3|Tense=Past';
const PUNCT = 'PUNCT\tDELM\t_';
const S: TrainSentence[] = [
  { forms: ['او', 'به', 'مدرسه', 'رفت', '.'], tags: ['PRON\tPRO\tNumber=Sing|Person=3', ADP, N, V, PUNCT] },
  { forms: [`کتاب${Z}ها`, 'خوب', 'بود', '.'], tags: [NP, ADJ, 'AUX\tV_PA\tNumber=Sing|Person=3|Tense=Past', PUNCT] },
  { forms: ['مرد', 'بزرگ', 'به', 'خانه', 'رفت', '.'], tags: [N, ADJ, ADP, N, V, PUNCT] },
  { forms: ['دانشجو', 'از', 'دانشگاه', 'آمد', '.'], tags: [N, ADP, N, V, PUNCT] },
  { forms: ['شهر', 'زیبا', 'است', '.'], tags: [N, ADJ, 'AUX\tV_PRS\tNumber=Sing|Person=3|Tense=Pres', PUNCT] },
];

describe('trainTagger seed ensemble', () => {
  const lexicon = getLexicon();
  const base = { lexicon, scheme: 'perdt', epochs: 3 } as const;

  it('ensemble 1 is the single model, byte for byte', () => {
    expect(JSON.stringify(trainTagger(S, { ...base, ensemble: 1 }))).toBe(JSON.stringify(trainTagger(S, base)));
  });

  it('an ensemble is deterministic, keeps the format and differs from one member', () => {
    const a = trainTagger(S, { ...base, ensemble: 3 });
    const b = trainTagger(S, { ...base, ensemble: 3 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const one = trainTagger(S, base);
    expect(a.format).toBe(one.format);
    expect(a.upos).toEqual(one.upos);
    expect(a.tags).toEqual(one.tags);
    expect(JSON.stringify(a.a)).not.toBe(JSON.stringify(one.a));
    expect(a.info).toMatchObject({ ensemble: 3 });
    // Offsets delimit each feature's labels; labels ascend within a feature.
    for (const t of [a.a, a.b]) {
      expect(t.offsets.length).toBe(t.features.length + 1);
      expect(t.offsets[t.offsets.length - 1]).toBe(t.labels.length);
      for (let f = 0; f < t.features.length; f++)
        for (let k = t.offsets[f] + 1; k < t.offsets[f + 1]; k++) expect(t.labels[k]).toBeGreaterThan(t.labels[k - 1]);
    }
    // It learns its training data like a single model does.
    const tagger = new Tagger(a, lexicon);
    const got = tagger.tag(S[2].forms).map((p) => p.upos);
    expect(got).toEqual(['NOUN', 'ADJ', 'ADP', 'NOUN', 'VERB', 'PUNCT']);
  });

  it('an ensemble weight is the mean of its members (member m = the single model with seed + 7919 m)', () => {
    const m0 = trainTagger(S, base);
    const m1 = trainTagger(S, { ...base, seed: 1 + 7919 });
    const two = trainTagger(S, { ...base, ensemble: 2 });
    const weights = (t: typeof m0.a) => {
      const out = new Map<string, number>();
      t.features.forEach((f, i) => {
        for (let k = t.offsets[i]; k < t.offsets[i + 1]; k++) out.set(f + '|' + t.labels[k], t.weights[k]);
      });
      return out;
    };
    for (const stage of ['a', 'b'] as const) {
      const w0 = weights(m0[stage]);
      const w1 = weights(m1[stage]);
      const wm = weights(two[stage]);
      const keys = new Set([...w0.keys(), ...w1.keys(), ...wm.keys()]);
      let differ = 0;
      for (const k of keys) {
        const a = w0.get(k) ?? 0;
        const b = w1.get(k) ?? 0;
        // Members are stored rounded to 1/WEIGHT_SCALE, the mean is rounded once: at most one unit apart.
        expect(Math.abs((wm.get(k) ?? 0) - (a + b) / 2), `${stage} ${k}`).toBeLessThanOrEqual(1);
        if (a !== b) differ++;
      }
      expect(differ).toBeGreaterThan(0); // the two data orders really gave two different members
    }
  });

  it('prune drops stored weights below the threshold', () => {
    const full = trainTagger(S, base);
    const pruned = trainTagger(S, { ...base, prune: 50 });
    const small = full.a.weights.filter((q) => Math.abs(q) < 50).length;
    expect(small).toBeGreaterThan(0);
    expect(pruned.a.weights.length).toBe(full.a.weights.length - small);
    expect(pruned.a.weights.every((q) => Math.abs(q) >= 50)).toBe(true);
    expect(WEIGHT_SCALE).toBe(1000);
  });

  it('stage C (correct: J): deterministic, stored with its templates, applied at inference; absent otherwise', () => {
    const one = trainTagger(S, base);
    expect(one.c).toBeUndefined();
    const logs: string[] = [];
    const c1 = trainTagger(S, { ...base, correct: 2, log: (m) => logs.push(m) });
    const c2 = trainTagger(S, { ...base, correct: 2 });
    expect(JSON.stringify(c1)).toBe(JSON.stringify(c2));
    // Stages A and B are the same as without stage C (the jackknife uses data orders of its own).
    expect(JSON.stringify(c1.a)).toBe(JSON.stringify(one.a));
    expect(JSON.stringify(c1.b)).toBe(JSON.stringify(one.b));
    expect(c1.c!.templates.length).toBeGreaterThan(5);
    expect(c1.c!.table.features.length).toBeGreaterThan(20);
    expect(c1.c!.table.features.every((f) => f.startsWith('C'))).toBe(true);
    expect(logs.some((m) => m.startsWith('A jackknife 2/2'))).toBe(true);
    expect(logs.some((m) => m.startsWith('C: jackknifed pass-1 UPOS accuracy'))).toBe(true);
    const tagger = new Tagger(c1, lexicon);
    expect(tagger.tag(S[2].forms).map((p) => p.upos)).toEqual(['NOUN', 'ADJ', 'ADP', 'NOUN', 'VERB', 'PUNCT']);
    expect(() => trainTagger(S, { ...base, correct: 2, correctTemplates: ['q:0'] })).toThrow(/stage-C template/);
  });

  it('stage C with the stage-A features (correctStatic: a second stage-A pass) is stored as such and runs', () => {
    const m = trainTagger(S, { ...base, correct: 2, correctStatic: true });
    expect(m.c!.static).toBe(true);
    expect(m.c!.table.features.some((f) => f.startsWith('A:w='))).toBe(true);
    expect(m.c!.table.features.some((f) => f.startsWith('A:p1='))).toBe(true);
    // (3 epochs on 5 sentences, jackknifed in 2: a weak second pass; the fast = plain check is reference.test.ts)
    const got = new Tagger(m, lexicon).tag(S[2].forms).map((p) => p.upos);
    expect(got).toHaveLength(6);
    expect(got.every((u) => m.upos.includes(u))).toBe(true);
    expect(got[5]).toBe('PUNCT');
    const withBase = trainTagger(S, { ...base, correct: 2, correctBase: 2 });
    expect(withBase.c!.base).toBe(2);
    expect(withBase.c!.static).toBeUndefined();
    expect(new Tagger(withBase, lexicon).tag(S[0].forms)).toHaveLength(5);
  });
});
