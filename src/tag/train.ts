/**
 * Deterministic averaged-perceptron training for the two-stage tagger (see model.ts). Pure: takes
 * sentences in memory, returns the model JSON; scripts/train-tagger.js does the I/O.
 */
import type { Lexicon } from '../morph/lexicon.js';
import { packClusters } from './clusters.js';
import { correctionParts, formFacts, historyParts, neighbourFeatures, selfFeatures, withoutCodes, wordKey, type Clusters } from './features.js';
import { serializeWordCodes } from '../ml/word-vectors.js';
import {
  A_NEIGHBOURS,
  B_CONTEXT,
  B_NEIGHBOURS,
  C_DEFAULT_TEMPLATES,
  contextStrings,
  correctionStrings,
  HIST_PARTS,
  parseCTemplate,
  historyPartStrings,
  historyStrings,
  TAGGER_FORMAT,
  TAGGER_VERSION,
  WEIGHT_SCALE,
  type CorrectionJson,
  type TaggerModelJson,
  type WeightTableJson,
} from './model.js';

export interface TrainSentence {
  forms: string[];
  /** Joint tags `UPOS\tXPOS\tFEATS`. */
  tags: string[];
  /** Extra stage-A feature strings per word (experiments only: scripts/tag/stack-exp.js; the tagger cannot compute them at run time). */
  guide?: string[][];
}

/** A sentence of another treebank used for stage A (UPOS) only. */
export interface UposSentence {
  forms: string[];
  upos: string[];
}

export interface TrainOptions {
  lexicon: Lexicon;
  scheme: string;
  /** Stage-A (UPOS) epochs. */
  epochs?: number;
  /** Stage-B (XPOS+FEATS within UPOS) epochs (default: epochs). */
  epochsB?: number;
  seed?: number;
  /** Tag dictionary: words seen at least this often with one tag ≥ 99% of the time skip scoring. */
  tagdictMin?: number;
  /** Condition stage A on its own previous predictions while training, as at inference (default true). */
  predictedHistory?: boolean;
  /** Extra UPOS-only sentences (the other treebank) for stage A; its cross-treebank UPOS fact is left out for them. */
  extraUpos?: readonly UposSentence[];
  /**
   * How the other treebank's UPOS map onto this one's: label → accepted labels here, the first being the
   * update target (e.g. Seraji has no PROPN, so its NOUN → [NOUN, PROPN] for PerDT). Unlisted: itself.
   */
  extraMap?: Readonly<Record<string, readonly string[]>>;
  /** Update size for the extra sentences (default 1). */
  extraWeight?: number;
  /**
   * The extra sentences are of THIS treebank's scheme (e.g. self-training: unlabelled text tagged by a
   * model of this treebank), so they keep the cross-treebank UPOS fact as a feature. Default false.
   */
  extraOwn?: boolean;
  /**
   * Distributional word clusters (from unlabelled text) used as features and stored in the model, with
   * optional word-vector codes (features.ts wordClasses).
   */
  clusters?: Clusters;
  /** Stage B (joint tags) reads the word-vector codes too (default true); false: stage A only. */
  codesInB?: boolean;
  /**
   * Seed ensemble: train this many perceptrons per stage on different data orders (member 0 uses `seed`,
   * so 1 reproduces a single model) and store the mean of their averaged weights: same model format,
   * inference unchanged. Default 1.
   */
  ensemble?: number;
  /** Stored weights of magnitude below this many 1/WEIGHT_SCALE units are dropped (smaller file, faster load). Default 0. */
  prune?: number;
  /**
   * Stage C (model.ts CorrectionJson): train a correction of stage A's UPOS on jackknifed pass-1 output,
   * stage A being retrained this many times on the other folds of the training sentences (0 or absent:
   * no stage C; at least 2).
   */
  correct?: number;
  /** Stage-C templates (default C_DEFAULT_TEMPLATES). */
  correctTemplates?: readonly string[];
  /** Members of each inner (jackknife) stage-A model (default 1). */
  correctInner?: number;
  /** Stage-C epochs (default: epochs). */
  epochsC?: number;
  /** Factor on the (jackknifed, at inference the real) stage-A scores added to stage C's (default 0: none). */
  correctBase?: number;
  /**
   * Stage C also gets every stage-A feature of the word (`A:` + name, the history from the pass-1 UPOS),
   * i.e. a full second stage-A pass with right-context UPOS features (CorrectionJson.static).
   */
  correctStatic?: boolean;
  /** Stored as CorrectionJson.gate: stage C only where stage A's margin is below this (default: everywhere). */
  correctGate?: number;
  log?: (msg: string) => void;
  /** The other treebank's UPOS fact as a feature (default true; false in scripts/tag/stack-exp.js, whose guide tagger must not see the gold facts of the treebank it tags). */
  other?: boolean;
}

/** Feature-string interning for one weight table. */
class Interner {
  readonly strings: string[] = [];
  private readonly map = new Map<string, number>();
  id(s: string): number {
    let i = this.map.get(s);
    if (i === undefined) {
      i = this.strings.push(s) - 1;
      this.map.set(s, i);
    }
    return i;
  }
}

/** Averaged multi-class perceptron over sparse (feature, label) slots. */
class Perceptron {
  private readonly slotOf = new Map<number, number>();
  private readonly featSlots: number[][] = [];
  private readonly slotLabel: number[] = [];
  private w = new Float64Array(1 << 16);
  private tot = new Float64Array(1 << 16);
  private ts = new Float64Array(1 << 16);
  private n = 0;
  clock = 0;

  private slot(f: number, l: number): number {
    const key = f * 1024 + l;
    let s = this.slotOf.get(key);
    if (s === undefined) {
      s = this.n++;
      if (s >= this.w.length) {
        const grow = (a: Float64Array) => {
          const b = new Float64Array(a.length * 2);
          b.set(a);
          return b;
        };
        this.w = grow(this.w);
        this.tot = grow(this.tot);
        this.ts = grow(this.ts);
      }
      this.slotOf.set(key, s);
      this.slotLabel.push(l);
      (this.featSlots[f] ??= []).push(s);
    }
    return s;
  }

  private upd(f: number, l: number, v: number): void {
    const s = this.slot(f, l);
    this.tot[s] += (this.clock - this.ts[s]) * this.w[s];
    this.ts[s] = this.clock;
    this.w[s] += v;
  }

  /** scores[l - lo] += weights, for labels in [lo, hi). */
  score(active: readonly number[], scores: Float64Array, lo: number, hi: number): void {
    scores.fill(0, 0, hi - lo);
    for (const f of active) {
      const l = this.featSlots[f];
      if (l) for (const s of l) {
        const lab = this.slotLabel[s];
        if (lab >= lo && lab < hi) scores[lab - lo] += this.w[s];
      }
    }
  }

  update(active: readonly number[], gold: number, pred: number, size = 1): void {
    for (const f of active) {
      this.upd(f, gold, size);
      this.upd(f, pred, -size);
    }
  }

  hasFeature(f: number): boolean {
    return this.featSlots[f] !== undefined;
  }

  /** Adds the averaged weights of feature f into acc[label] (and marks the labels in seen). */
  addAveraged(f: number, acc: Float64Array, seen: Uint8Array): void {
    const slots = this.featSlots[f];
    if (!slots) return;
    const clock = Math.max(1, this.clock);
    for (const s of slots) {
      const l = this.slotLabel[s];
      acc[l] += (this.tot[s] + (clock - this.ts[s]) * this.w[s]) / clock;
      seen[l] = 1;
    }
  }
}

/**
 * The members' mean averaged weights as a dense [feature * nLabels + label] table, rounded and pruned as
 * exportMean stores them (what a model file of these members would score with).
 */
function denseMean(members: readonly Perceptron[], nF: number, nLabels: number, prune = 0): Float64Array {
  const out = new Float64Array(nF * nLabels);
  const acc = new Float64Array(nLabels);
  const seen = new Uint8Array(nLabels);
  const K = members.length;
  for (let f = 0; f < nF; f++) {
    if (!members.some((p) => p.hasFeature(f))) continue;
    acc.fill(0);
    seen.fill(0);
    for (const p of members) p.addAveraged(f, acc, seen);
    for (let l = 0; l < nLabels; l++) {
      if (!seen[l]) continue;
      const q = Math.round((acc[l] / K) * WEIGHT_SCALE);
      if (q !== 0 && Math.abs(q) >= prune) out[f * nLabels + l] = q / WEIGHT_SCALE;
    }
  }
  return out;
}

/**
 * The mean of the members' averaged weights (one member: its averaged weights), rounded to
 * 1/WEIGHT_SCALE, features sorted by name (deterministic bytes). All members share one interner.
 */
function exportMean(members: readonly Perceptron[], strings: readonly string[], nLabels: number, prune = 0): WeightTableJson {
  const out: WeightTableJson = { features: [], offsets: [0], labels: [], weights: [] };
  const keep: { f: number; name: string }[] = [];
  for (let f = 0; f < strings.length; f++) if (members.some((p) => p.hasFeature(f))) keep.push({ f, name: strings[f] });
  keep.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const acc = new Float64Array(nLabels);
  const seen = new Uint8Array(nLabels);
  const K = members.length;
  for (const { f, name } of keep) {
    acc.fill(0);
    seen.fill(0);
    for (const p of members) p.addAveraged(f, acc, seen);
    let any = false;
    for (let l = 0; l < nLabels; l++) {
      if (!seen[l]) continue;
      const q = Math.round((acc[l] / K) * WEIGHT_SCALE);
      if (q !== 0 && Math.abs(q) >= prune) {
        out.labels.push(l);
        out.weights.push(q);
        any = true;
      }
    }
    if (!any) continue;
    out.features.push(name);
    out.offsets.push(out.labels.length);
  }
  return out;
}

function shuffler(seed0: number): <T>(a: T[]) => void {
  let seed = seed0 >>> 0;
  const rand = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  return (a) => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
  };
}

export function trainTagger(sentences: readonly TrainSentence[], o: TrainOptions): TaggerModelJson {
  const epochs = o.epochs ?? 10;
  const epochsB = o.epochsB ?? epochs;
  const lex = o.lexicon;
  const tags = [...new Set(sentences.flatMap((s) => s.tags))].sort();
  const tagId = new Map(tags.map((t, i) => [t, i]));
  const uposOfTagName = (t: string) => t.slice(0, t.indexOf('\t'));
  const upos = [...new Set(tags.map(uposOfTagName))].sort();
  const uId = new Map(upos.map((u, i) => [u, i]));
  const nU = upos.length;
  const uposOfTag = tags.map((t) => uId.get(uposOfTagName(t))!);
  const lo = new Int32Array(nU).fill(-1);
  const hi = new Int32Array(nU);
  uposOfTag.forEach((u, i) => {
    if (lo[u] < 0) lo[u] = i;
    hi[u] = i + 1;
  });

  // ---- Stage A: UPOS, greedy, own-prediction history.
  const FA = new Interner();
  const hs = historyStrings(upos);
  const p1Ids = hs.p1.map((s) => FA.id(s));
  const p21Ids = hs.p21.map((s) => FA.id(s));
  const aCache = new Map<string, number[][]>();
  const aFeats = (form: string, other: boolean): number[][] => {
    const key = (other ? '1' : '0') + form;
    let e = aCache.get(key);
    if (!e) {
      const self = selfFeatures(form, lex, o.scheme, other, o.clusters).map((s) => FA.id(s));
      const nb = A_NEIGHBOURS.map((r) => neighbourFeatures(form, r, lex, o.scheme, other, o.clusters).map((s) => FA.id(s)));
      const hist = historyPartStrings(upos, historyParts(form, lex)).map((s) => (s ? FA.id(s) : -1));
      e = [self, ...nb, hist];
      aCache.set(key, e);
    }
    return e;
  };
  interface ASent {
    static: Int32Array[];
    hist: number[][];
    gold: Int32Array; // -1 = label outside this treebank's UPOS set (no update)
    /** A second accepted label (or -1): a prediction of it is not corrected. */
    alt?: Int32Array;
    weight: number;
  }
  const aSent = (forms: readonly string[], gold: Int32Array, other: boolean, weight: number, alt?: Int32Array, guide?: string[][]): ASent => {
    const fs = forms.map((f) => aFeats(f, other));
    return {
      static: forms.map((_, i) => {
        const out = [...fs[i][0]];
        if (guide) for (const g of guide[i]) out.push(FA.id(g));
        A_NEIGHBOURS.forEach((r, k) => {
          const j = i + r;
          if (j >= 0 && j < forms.length) out.push(...fs[j][k + 1]);
        });
        return Int32Array.from(out);
      }),
      hist: fs.map((e) => e[A_NEIGHBOURS.length + 1]),
      gold,
      alt,
      weight,
    };
  };
  const aData: ASent[] = sentences.map((s) => aSent(s.forms, Int32Array.from(s.tags, (t) => uposOfTag[tagId.get(t)!]), o.other !== false, 1, undefined, s.guide));
  const mapped = (u: string, k: number) => {
    const m = o.extraMap?.[u] ?? [u];
    return k < m.length ? (uId.get(m[k]) ?? -1) : -1;
  };
  for (const s of o.extraUpos ?? [])
    aData.push(aSent(s.forms, Int32Array.from(s.upos, (u) => mapped(u, 0)), o.extraOwn === true, o.extraWeight ?? 1, Int32Array.from(s.upos, (u) => mapped(u, 1))));

  const K = Math.max(1, Math.floor(o.ensemble ?? 1));
  const seed = o.seed ?? 1;
  // One data-order stream per member, carried from stage A into stage B (member 0: the single-model stream).
  const shuffles = Array.from({ length: K }, (_, m) => shuffler(m === 0 ? seed : seed + 7919 * m));
  const scores = new Float64Array(Math.max(nU, tags.length));
  const active: number[] = [];
  const trainA = (data: readonly ASent[], shuffle: <T>(a: T[]) => void, label: string): Perceptron => {
    const PA = new Perceptron();
    const order = data.map((_, i) => i);
    for (let ep = 0; ep < epochs; ep++) {
      shuffle(order);
      let correct = 0;
      let total = 0;
      for (const si of order) {
        const d = data[si];
        let p1 = nU;
        let p2 = nU;
        for (let i = 0; i < d.gold.length; i++) {
          PA.clock++;
          active.length = 0;
          for (const f of d.static[i]) active.push(f);
          active.push(p1Ids[p1], p21Ids[p2 * (nU + 1) + p1]);
          for (let k = 0; k < HIST_PARTS; k++) {
            const f = d.hist[i][p1 * HIST_PARTS + k];
            if (f >= 0) active.push(f);
          }
          PA.score(active, scores, 0, nU);
          let best = 0;
          for (let t = 1; t < nU; t++) if (scores[t] > scores[best]) best = t;
          const g = d.gold[i];
          if (g >= 0) {
            if (best !== g && !(d.alt && d.alt[i] === best)) PA.update(active, g, best, d.weight);
            else correct++;
            total++;
          }
          p2 = p1;
          p1 = o.predictedHistory === false && g >= 0 ? g : best;
        }
      }
      o.log?.(`A${label} epoch ${ep + 1}: train UPOS accuracy ${((100 * correct) / total).toFixed(2)}`);
    }
    return PA;
  };
  const PAs: Perceptron[] = [];
  for (let m = 0; m < K; m++) PAs.push(trainA(aData, shuffles[m], K > 1 ? ` member ${m + 1}` : ''));

  // ---- Stage B: joint tag within the (gold) UPOS's range; context = gold UPOS on both sides.
  const FB = new Interner();
  const cs = contextStrings(upos);
  const ctxIds = cs.single.map((l) => l.map((s) => FB.id(s)));
  const pairIds = cs.pair.map((s) => FB.id(s));
  const bCache = new Map<string, number[][]>();
  const clustersB = o.codesInB === false ? withoutCodes(o.clusters) : o.clusters;
  const bFeats = (form: string): number[][] => {
    let e = bCache.get(form);
    if (!e) {
      e = [
        selfFeatures(form, lex, o.scheme, o.other !== false, clustersB).map((s) => FB.id(s)),
        ...B_NEIGHBOURS.map((r) => neighbourFeatures(form, r, lex, o.scheme, o.other !== false, clustersB).map((s) => FB.id(s))),
      ];
      bCache.set(form, e);
    }
    return e;
  };
  const bData: { active: Int32Array; gold: number; u: number }[][] = sentences.map((s) => {
    const n = s.forms.length;
    const gold = s.tags.map((t) => tagId.get(t)!);
    const us = gold.map((g) => uposOfTag[g]);
    const fs = s.forms.map(bFeats);
    const rows: { active: Int32Array; gold: number; u: number }[] = [];
    for (let i = 0; i < n; i++) {
      const u = us[i];
      if (hi[u] - lo[u] <= 1) continue;
      const act = [...fs[i][0]];
      B_NEIGHBOURS.forEach((r, k) => {
        const j = i + r;
        if (j >= 0 && j < n) act.push(...fs[j][k + 1]);
      });
      const at = (r: number) => (i + r >= 0 && i + r < n ? us[i + r] : nU);
      B_CONTEXT.forEach((r, k) => act.push(ctxIds[k][at(r)]));
      act.push(pairIds[at(-1) * (nU + 1) + at(1)]);
      rows.push({ active: Int32Array.from(act), gold: gold[i], u });
    }
    return rows;
  });
  const PBs: Perceptron[] = [];
  const bActive: number[] = [];
  for (let m = 0; m < K; m++) {
    const PB = new Perceptron();
    PBs.push(PB);
    const shuffle = shuffles[m];
    const bOrder = bData.map((_, i) => i);
    for (let ep = 0; ep < epochsB; ep++) {
      shuffle(bOrder);
      let correct = 0;
      let total = 0;
      for (const si of bOrder)
        for (const row of bData[si]) {
          PB.clock++;
          bActive.length = 0;
          for (const f of row.active) bActive.push(f);
          const a = lo[row.u];
          const b = hi[row.u];
          PB.score(bActive, scores, a, b);
          let best = 0;
          for (let t = 1; t < b - a; t++) if (scores[t] > scores[best]) best = t;
          if (a + best !== row.gold) PB.update(bActive, row.gold, a + best);
          else correct++;
          total++;
        }
      o.log?.(`B${K > 1 ? ` member ${m + 1}` : ''} epoch ${ep + 1}: train accuracy within UPOS ${((100 * correct) / Math.max(1, total)).toFixed(2)}`);
    }
  }

  // ---- Tag dictionary (speed): frequent words that (almost) always carry one joint tag.
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

  // ---- Stage C (optional): stage A's UPOS corrected from the pass-1 UPOS on both sides, learnt from
  // jackknifed pass-1 output (each training sentence tagged by a stage A trained without its fold).
  let cJson: CorrectionJson | undefined;
  const J = Math.floor(o.correct ?? 0);
  if (J >= 2) {
    const specs = [...(o.correctTemplates ?? C_DEFAULT_TEMPLATES)];
    const tpls = specs.map(parseCTemplate);
    const Ki = Math.max(1, Math.floor(o.correctInner ?? 1));
    const nS = sentences.length;
    const dictMap = new Map(Object.entries(tagdict));
    const dictU = sentences.map((s) =>
      Int32Array.from(s.forms, (f) => {
        const t = dictMap.get(wordKey(f));
        return t === undefined ? -1 : uposOfTag[t];
      }),
    );
    const sc = new Float64Array(nU);
    // Greedy stage A with dense weights: UPOS per word, and its scores (as float32, as the tagger keeps them).
    const decodeA = (d: ASent, W: Float64Array, dict: Int32Array): { u: Int32Array; s: Float32Array } => {
      const out = new Int32Array(d.gold.length);
      const sOut = new Float32Array(d.gold.length * nU);
      const add = (f: number) => {
        const at = f * nU;
        for (let t = 0; t < nU; t++) sc[t] += W[at + t];
      };
      let p1 = nU;
      let p2 = nU;
      for (let i = 0; i < out.length; i++) {
        let best = dict[i];
        if (best < 0) {
          sc.fill(0);
          for (const f of d.static[i]) add(f);
          add(p1Ids[p1]);
          add(p21Ids[p2 * (nU + 1) + p1]);
          for (let k = 0; k < HIST_PARTS; k++) {
            const f = d.hist[i][p1 * HIST_PARTS + k];
            if (f >= 0) add(f);
          }
          best = 0;
          for (let t = 1; t < nU; t++) if (sc[t] > sc[best]) best = t;
          sOut.set(sc, i * nU);
        }
        out[i] = best;
        p2 = p1;
        p1 = best;
      }
      return { u: out, s: sOut };
    };
    const pass1: { u: Int32Array; s: Float32Array }[] = new Array<{ u: Int32Array; s: Float32Array }>(nS);
    for (let j = 0; j < J; j++) {
      const data = aData.filter((_, i) => i >= nS || i % J !== j);
      const members: Perceptron[] = [];
      for (let m = 0; m < Ki; m++) members.push(trainA(data, shuffler(seed + 104729 * (j + 1) + 7919 * m), ` jackknife ${j + 1}/${J}${Ki > 1 ? ` member ${m + 1}` : ''}`));
      const W = denseMean(members, FA.strings.length, nU, o.prune ?? 0);
      for (let si = j; si < nS; si += J) pass1[si] = decodeA(aData[si], W, dictU[si]);
    }
    const FC = new Interner();
    let ok1 = 0;
    let n1 = 0;
    const cBase = o.correctBase ?? 0;
    const cData = sentences.map((s, si) => {
      const p = pass1[si].u;
      const n = s.forms.length;
      const rows: { active: Int32Array; gold: number; base: Float32Array }[] = [];
      for (let i = 0; i < n; i++) {
        const g = aData[si].gold[i];
        ok1 += p[i] === g ? 1 : 0;
        n1++;
        if (dictU[si][i] >= 0) continue;
        const parts = correctionParts(formFacts(s.forms[i], lex, o.scheme, true, o.clusters));
        const strs = correctionStrings(upos, tpls, parts, (r) => (i + r >= 0 && i + r < n ? p[i + r] : nU));
        if (o.correctStatic) {
          const d = aData[si];
          const q1 = i >= 1 ? p[i - 1] : nU;
          const q2 = i >= 2 ? p[i - 2] : nU;
          const fa = [...d.static[i], p1Ids[q1], p21Ids[q2 * (nU + 1) + q1]];
          for (let k = 0; k < HIST_PARTS; k++) {
            const f = d.hist[i][q1 * HIST_PARTS + k];
            if (f >= 0) fa.push(f);
          }
          for (const f of fa) strs.push('A:' + FA.strings[f]);
        }
        rows.push({ active: Int32Array.from(strs, (x) => FC.id(x)), gold: g, base: pass1[si].s.subarray(i * nU, i * nU + nU) });
      }
      return rows;
    });
    o.log?.(`C: jackknifed pass-1 UPOS accuracy ${((100 * ok1) / Math.max(1, n1)).toFixed(2)}`);
    const PCs: Perceptron[] = [];
    const cActive: number[] = [];
    const epochsC = o.epochsC ?? epochs;
    for (let m = 0; m < K; m++) {
      const PC = new Perceptron();
      PCs.push(PC);
      const shuffle = shuffler(seed + 7919 * m + 3);
      const order = cData.map((_, i) => i);
      for (let ep = 0; ep < epochsC; ep++) {
        shuffle(order);
        let correct = 0;
        let total = 0;
        for (const si of order)
          for (const row of cData[si]) {
            PC.clock++;
            cActive.length = 0;
            for (const f of row.active) cActive.push(f);
            PC.score(cActive, scores, 0, nU);
            if (cBase !== 0) for (let t = 0; t < nU; t++) scores[t] += cBase * row.base[t];
            let best = 0;
            for (let t = 1; t < nU; t++) if (scores[t] > scores[best]) best = t;
            if (best !== row.gold) PC.update(cActive, row.gold, best);
            else correct++;
            total++;
          }
        o.log?.(`C${K > 1 ? ` member ${m + 1}` : ''} epoch ${ep + 1}: train UPOS accuracy ${((100 * correct) / Math.max(1, total)).toFixed(2)}`);
      }
    }
    cJson = { templates: specs, table: exportMean(PCs, FC.strings, nU, o.prune ?? 0), ...(cBase !== 0 ? { base: cBase } : {}), ...(o.correctStatic ? { static: true } : {}), ...(o.correctGate !== undefined && o.correctGate !== Infinity ? { gate: o.correctGate } : {}) };
  }
  return {
    format: TAGGER_FORMAT,
    version: TAGGER_VERSION,
    scheme: o.scheme,
    upos,
    tags,
    a: exportMean(PAs, FA.strings, nU, o.prune ?? 0),
    b: exportMean(PBs, FB.strings, tags.length, o.prune ?? 0),
    tagdict,
    ...(cJson ? { c: cJson } : {}),
    ...(o.clusters && !o.clusters.kOff ? { clusters: packClusters(o.clusters) } : {}),
    ...(o.clusters?.codes ? { codes: serializeWordCodes(o.clusters.codes), ...(o.clusters.codesNb ? { codesNb: true } : {}), ...(o.clusters.codesBack ? { codesBack: true } : {}) } : {}),
    info: { epochs, epochsB, seed, ...(K > 1 ? { ensemble: K } : {}), ...(o.prune ? { prune: o.prune } : {}), ...(cJson ? { correct: J, correctInner: Math.max(1, Math.floor(o.correctInner ?? 1)), epochsC: o.epochsC ?? epochs } : {}), sentences: sentences.length, extraUposSentences: o.extraUpos?.length ?? 0, tagdictMin: minCount },
  };
}
