/**
 * Averaged-perceptron tagger over joint tags `UPOS\tXPOS\tFEATS`, greedy left-to-right.
 * Weights are sparse: each feature keeps only the tags it has a weight for.
 */
import type { Lexicon } from '../morph/lexicon.js';
import { historyParts, neighbourFeatures, selfFeatures, wordKey } from './features.js';

export const TAGGER_FORMAT = 'sokhan-tagger';
export const TAGGER_VERSION = 1;
/** Weights are stored as integers: round(weight × WEIGHT_SCALE). */
export const WEIGHT_SCALE = 1000;

export interface TaggerModelJson {
  format: typeof TAGGER_FORMAT;
  version: number;
  scheme: string;
  /** Joint tags `UPOS\tXPOS\tFEATS`. */
  tags: string[];
  features: string[];
  /** For feature f, its weights are entries offsets[f] .. offsets[f+1]-1 of tagIdx/weights. */
  offsets: number[];
  tagIdx: number[];
  weights: number[];
  /** Frequent, unambiguous training words → tag index; these skip scoring. */
  tagdict?: Record<string, number>;
  info?: Record<string, unknown>;
}

export interface TagTriple {
  upos: string;
  xpos: string;
  feats: string;
}

const NEIGHBOURS = [-2, -1, 1, 2] as const;
const CACHE_LIMIT = 40_000;
export const HIST_PARTS = 2;

interface FormEntry {
  /** Summed weights of the word's own features, per tag (computed once per form). */
  selfScores: Float32Array;
  nb: Int32Array[]; // indexed like NEIGHBOURS
  /** Per previous UPOS u: ids of `h<u>=<part>` (-1 if absent), HIST_PARTS per u. */
  hist: Int32Array;
  /** Tag index from the tag dictionary, or -1. */
  fixed: number;
}

/** Ids of the tag-history features, precomputed per tag (or tag pair). */
function historyKeys(tags: readonly string[]): { upos: string[]; uposOf: Int32Array } {
  const upos: string[] = [];
  const uposOf = new Int32Array(tags.length + 1);
  for (let t = 0; t < tags.length; t++) {
    const u = tags[t].slice(0, tags[t].indexOf('\t'));
    let k = upos.indexOf(u);
    if (k < 0) k = upos.push(u) - 1;
    uposOf[t] = k;
  }
  uposOf[tags.length] = upos.push('<s>') - 1; // sentence start
  return { upos, uposOf };
}

/** Feature strings that depend on the previous predicted tags. */
export function historyFeatureStrings(tags: readonly string[]): { t1: string[]; u1: string[]; u2u1: string[][] } {
  const { upos } = historyKeys(tags);
  const t1 = [...tags.map((t) => 't1=' + t), 't1=<s>'];
  const u1 = upos.map((u) => 'u1=' + u);
  const u2u1 = upos.map((a) => upos.map((b) => 'u21=' + a + '|' + b));
  return { t1, u1, u2u1 };
}

export class Tagger {
  readonly tags: string[];
  readonly triples: TagTriple[];
  readonly scheme: string;
  private readonly feat = new Map<string, number>();
  private readonly offsets: Int32Array;
  private readonly tagIdx: Uint16Array;
  private readonly weights: Float32Array;
  private readonly uposOf: Int32Array;
  private readonly t1Ids: Int32Array;
  private readonly u1Ids: Int32Array;
  private readonly u21Ids: Int32Array;
  private readonly nU: number;
  private readonly uposNames: string[];
  /** Two-generation cache of form entries: frequent forms survive a flush (cheap LRU). */
  private cache = new Map<string, FormEntry>();
  private older = new Map<string, FormEntry>();
  private readonly tagdict: Map<string, number>;
  private readonly scores: Float32Array;

  constructor(
    model: TaggerModelJson,
    private readonly lex: Lexicon,
  ) {
    if (model.format !== TAGGER_FORMAT) throw new Error('sokhan: not a sokhan tagger model; rebuild it with npm run train:tagger');
    if (model.version !== TAGGER_VERSION) throw new Error(`sokhan: tagger model version ${model.version} is not ${TAGGER_VERSION}; rebuild it with npm run train:tagger`);
    this.tags = model.tags;
    this.scheme = model.scheme;
    this.triples = model.tags.map((t) => {
      const [upos, xpos, feats] = t.split('\t');
      return { upos, xpos, feats };
    });
    model.features.forEach((f, i) => this.feat.set(f, i));
    this.offsets = Int32Array.from(model.offsets);
    this.tagIdx = Uint16Array.from(model.tagIdx);
    this.weights = new Float32Array(model.weights.length);
    for (let i = 0; i < model.weights.length; i++) this.weights[i] = model.weights[i] / WEIGHT_SCALE;
    const h = historyKeys(this.tags);
    this.uposOf = h.uposOf;
    this.nU = h.upos.length;
    this.uposNames = h.upos;
    const hs = historyFeatureStrings(this.tags);
    const id = (s: string) => this.feat.get(s) ?? -1;
    this.t1Ids = Int32Array.from(hs.t1.map(id));
    this.u1Ids = Int32Array.from(hs.u1.map(id));
    this.u21Ids = Int32Array.from(hs.u2u1.flat().map(id));
    this.scores = new Float32Array(this.tags.length);
    this.tagdict = new Map(Object.entries(model.tagdict ?? {}));
  }

  private ids(strings: string[]): Int32Array {
    const out: number[] = [];
    for (const s of strings) {
      const i = this.feat.get(s);
      if (i !== undefined) out.push(i);
    }
    return Int32Array.from(out);
  }

  private entry(form: string): FormEntry {
    let e = this.cache.get(form);
    if (e) return e;
    if (this.cache.size >= CACHE_LIMIT) {
      this.older = this.cache;
      this.cache = new Map();
    }
    e = this.older.get(form);
    if (e) {
      this.cache.set(form, e);
      return e;
    }
    const parts = historyParts(form, this.lex);
    const hist = new Int32Array(this.nU * HIST_PARTS).fill(-1);
    for (let u = 0; u < this.nU; u++) for (let k = 0; k < parts.length && k < HIST_PARTS; k++) hist[u * HIST_PARTS + k] = this.feat.get('h' + this.uposNames[u] + '=' + parts[k]) ?? -1;
    const fixed = this.tagdict.get(wordKey(form)) ?? -1;
    const selfIds = this.ids(selfFeatures(form, this.lex, this.scheme));
    const selfScores = new Float32Array(this.tags.length);
    for (let k = 0; k < selfIds.length; k++) {
      const f = selfIds[k];
      for (let j = this.offsets[f], end = this.offsets[f + 1]; j < end; j++) selfScores[this.tagIdx[j]] += this.weights[j];
    }
    e = { selfScores, nb: NEIGHBOURS.map((r) => this.ids(neighbourFeatures(form, r, this.lex, this.scheme))), hist, fixed };
    this.cache.set(form, e);
    return e;
  }

  private add(f: number): void {
    const { offsets, tagIdx, weights, scores } = this;
    for (let k = offsets[f], end = offsets[f + 1]; k < end; k++) scores[tagIdx[k]] += weights[k];
  }

  /** Tag indices (into `tags`/`triples`) for one sentence of word forms. */
  tagIndices(forms: readonly string[]): Int32Array {
    const n = forms.length;
    const out = new Int32Array(n);
    const entries = forms.map((f) => this.entry(f));
    const start = this.tags.length;
    let p1 = start;
    let p2 = start;
    for (let i = 0; i < n; i++) {
      const fixed = entries[i].fixed;
      if (fixed >= 0) {
        out[i] = fixed;
        p2 = p1;
        p1 = fixed;
        continue;
      }
      this.scores.set(entries[i].selfScores);
      for (let r = 0; r < 4; r++) {
        const j = i + NEIGHBOURS[r];
        if (j < 0 || j >= n) continue;
        const nb = entries[j].nb[r];
        for (let k = 0; k < nb.length; k++) this.add(nb[k]);
      }
      const a = this.t1Ids[p1];
      if (a >= 0) this.add(a);
      const u1 = this.uposOf[p1];
      const b = this.u1Ids[u1];
      if (b >= 0) this.add(b);
      const c = this.u21Ids[this.uposOf[p2] * this.nU + u1];
      if (c >= 0) this.add(c);
      const hist = entries[i].hist;
      for (let k = 0; k < HIST_PARTS; k++) {
        const d = hist[u1 * HIST_PARTS + k];
        if (d >= 0) this.add(d);
      }
      let best = 0;
      let bs = -Infinity;
      const s = this.scores;
      for (let t = 0; t < s.length; t++) if (s[t] > bs) (bs = s[t]), (best = t);
      out[i] = best;
      p2 = p1;
      p1 = best;
    }
    return out;
  }

  /** UPOS/XPOS/FEATS for one sentence of word forms. */
  tag(forms: readonly string[]): TagTriple[] {
    const idx = this.tagIndices(forms);
    return Array.from(idx, (t) => this.triples[t]);
  }
}
