/**
 * Deterministic averaged-perceptron training for the tagger (see model.ts). Pure: takes
 * sentences in memory, returns the model JSON; scripts/train-tagger.js does the I/O.
 */
import type { Lexicon } from '../morph/lexicon.js';
import { historyParts, neighbourFeatures, selfFeatures, wordKey } from './features.js';
import { historyFeatureStrings, TAGGER_FORMAT, TAGGER_VERSION, WEIGHT_SCALE, type TaggerModelJson } from './model.js';

export interface TrainSentence {
  forms: string[];
  /** Joint tags `UPOS\tXPOS\tFEATS`. */
  tags: string[];
}

export interface TrainOptions {
  lexicon: Lexicon;
  scheme: string;
  epochs?: number;
  seed?: number;
  /** Tag dictionary: words seen at least this often with one tag ≥ 99% of the time skip scoring. */
  tagdictMin?: number;
  /** Condition on the model's own previous predictions while training, as at inference (default true; false = gold tags). */
  predictedHistory?: boolean;
  /** Drop averaged weights with |w| below this (model size). */
  prune?: number;
  log?: (msg: string) => void;
}

const REL = [-2, -1, 1, 2];

export function trainTagger(sentences: readonly TrainSentence[], o: TrainOptions): TaggerModelJson {
  const epochs = o.epochs ?? 10;
  const tagSet = new Set<string>();
  for (const s of sentences) for (const t of s.tags) tagSet.add(t);
  const tags = [...tagSet].sort();
  const tagId = new Map(tags.map((t, i) => [t, i]));
  const nT = tags.length;
  const featStrings: string[] = [];
  const feat = new Map<string, number>();
  const fid = (s: string): number => {
    let i = feat.get(s);
    if (i === undefined) {
      i = featStrings.push(s) - 1;
      feat.set(s, i);
    }
    return i;
  };
  const hs = historyFeatureStrings(tags);
  const t1 = hs.t1.map(fid);
  const u1 = hs.u1.map(fid);
  const nU = hs.u1.length;
  const u21 = hs.u2u1.flat().map(fid);
  const uposOf = new Int32Array(nT + 1);
  {
    const names = hs.u1.map((s) => s.slice(3));
    tags.forEach((t, i) => (uposOf[i] = names.indexOf(t.slice(0, t.indexOf('\t')))));
    uposOf[nT] = names.indexOf('<s>');
  }

  // Static features per distinct form, then per sentence token.
  const formCache = new Map<string, number[][]>();
  const formFeats = (f: string): number[][] => {
    let e = formCache.get(f);
    if (!e) {
      e = [selfFeatures(f, o.lexicon, o.scheme).map(fid), ...REL.map((r) => neighbourFeatures(f, r, o.lexicon, o.scheme).map(fid))];
      formCache.set(f, e);
    }
    return e;
  };
  const uposNames = hs.u1.map((x) => x.slice(3));
  const histCache = new Map<string, number[][]>();
  const histFeats = (f: string): number[][] => {
    let e = histCache.get(f);
    if (!e) {
      const parts = historyParts(f, o.lexicon);
      e = uposNames.map((u) => parts.map((p) => fid('h' + u + '=' + p)));
      histCache.set(f, e);
    }
    return e;
  };
  const data = sentences.map((s) => ({
    hist: s.forms.map(histFeats),
    static: s.forms.map((_, i) => {
      const out = [...formFeats(s.forms[i])[0]];
      REL.forEach((r, k) => {
        const j = i + r;
        if (j >= 0 && j < s.forms.length) out.push(...formFeats(s.forms[j])[k + 1]);
      });
      return Int32Array.from(out);
    }),
    gold: Int32Array.from(s.tags.map((t) => tagId.get(t)!)),
  }));

  // Sparse weights: slot per (feature, tag).
  const slotOf = new Map<number, number>();
  const featSlots: number[][] = [];
  let w = new Float64Array(1 << 16);
  let tot = new Float64Array(1 << 16);
  let ts = new Float64Array(1 << 16);
  const slotTag: number[] = [];
  let nSlots = 0;
  let clock = 0;
  const slot = (f: number, t: number): number => {
    const key = f * 1024 + t;
    let s = slotOf.get(key);
    if (s === undefined) {
      s = nSlots++;
      if (s >= w.length) {
        const grow = (a: Float64Array) => {
          const b = new Float64Array(a.length * 2);
          b.set(a);
          return b;
        };
        w = grow(w);
        tot = grow(tot);
        ts = grow(ts);
      }
      slotOf.set(key, s);
      slotTag.push(t);
      (featSlots[f] ??= []).push(s);
    }
    return s;
  };
  const upd = (f: number, t: number, v: number) => {
    const s = slot(f, t);
    tot[s] += (clock - ts[s]) * w[s];
    ts[s] = clock;
    w[s] += v;
  };
  const scores = new Float64Array(nT);
  const addF = (f: number) => {
    const l = featSlots[f];
    if (l) for (const s of l) scores[slotTag[s]] += w[s];
  };

  let seed = (o.seed ?? 1) >>> 0;
  const rand = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const order = data.map((_, i) => i);
  const active: number[] = [];
  for (let ep = 0; ep < epochs; ep++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let correct = 0;
    let total = 0;
    for (const si of order) {
      const d = data[si];
      let p1 = nT;
      let p2 = nT;
      for (let i = 0; i < d.gold.length; i++) {
        clock++;
        active.length = 0;
        for (const f of d.static[i]) active.push(f);
        active.push(t1[p1], u1[uposOf[p1]], u21[uposOf[p2] * nU + uposOf[p1]], ...d.hist[i][uposOf[p1]]);
        scores.fill(0);
        for (const f of active) addF(f);
        let best = 0;
        let bs = -Infinity;
        for (let t = 0; t < nT; t++) if (scores[t] > bs) (bs = scores[t]), (best = t);
        const g = d.gold[i];
        if (best !== g) {
          for (const f of active) {
            upd(f, g, 1);
            upd(f, best, -1);
          }
        } else correct++;
        total++;
        p2 = p1;
        p1 = o.predictedHistory === false ? g : best;
      }
    }
    o.log?.(`epoch ${ep + 1}: train accuracy ${((100 * correct) / total).toFixed(2)}`);
  }

  // Average, prune, pack.
  const prune = o.prune ?? 0.0005 * 0;
  const features: string[] = [];
  const offsets: number[] = [0];
  const tagIdx: number[] = [];
  const weights: number[] = [];
  const keep: { f: number; name: string }[] = [];
  for (let f = 0; f < featStrings.length; f++) if (featSlots[f]) keep.push({ f, name: featStrings[f] });
  keep.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { f, name } of keep) {
    const entries: [number, number][] = [];
    for (const s of featSlots[f]) {
      const avg = (tot[s] + (clock - ts[s]) * w[s]) / clock;
      const q = Math.round(avg * WEIGHT_SCALE);
      if (q !== 0 && Math.abs(avg) >= prune) entries.push([slotTag[s], q]);
    }
    if (entries.length === 0) continue;
    entries.sort((a, b) => a[0] - b[0]);
    features.push(name);
    for (const [t, q] of entries) {
      tagIdx.push(t);
      weights.push(q);
    }
    offsets.push(tagIdx.length);
  }
  // Tag dictionary (speed): frequent words that (almost) always carry one tag.
  const seen = new Map<string, Map<number, number>>();
  for (const s of sentences)
    s.forms.forEach((f, i) => {
      const k = wordKey(f);
      let m = seen.get(k);
      if (!m) seen.set(k, (m = new Map()));
      const t = tagId.get(s.tags[i])!;
      m.set(t, (m.get(t) ?? 0) + 1);
    });
  const tagdict: Record<string, number> = {};
  const minCount = o.tagdictMin ?? 20;
  for (const k of [...seen.keys()].sort()) {
    const m = seen.get(k)!;
    let total = 0;
    let best = -1;
    let bestN = 0;
    for (const [t, c] of m) {
      total += c;
      if (c > bestN || (c === bestN && t < best)) (best = t), (bestN = c);
    }
    if (total >= minCount && bestN / total >= 0.99) tagdict[k] = best;
  }
  return { format: TAGGER_FORMAT, version: TAGGER_VERSION, scheme: o.scheme, tags, features, offsets, tagIdx, weights, tagdict, info: { epochs, seed: o.seed ?? 1, sentences: sentences.length, tagdictMin: minCount } };
}
