/**
 * Two-stage averaged-perceptron tagger.
 *
 * Stage A predicts UPOS (a small label set), greedy left-to-right with the previous UPOS as history.
 * Stage B then picks the joint tag `UPOS\tXPOS\tFEATS` among the tags of the predicted UPOS only
 * (joint tags are sorted, so each UPOS owns a contiguous range), using the word, its neighbours and
 * the predicted UPOS on BOTH sides. UPOS with a single joint tag (PUNCT, CCONJ, …) skip stage B.
 *
 * Speed: everything that depends only on a form is summed once per distinct form and cached: its own
 * stage-A scores and the scores it gives each neighbour position, so a token costs five short vector
 * additions, the history features and an argmax over the UPOS set.
 */
import type { Lexicon } from '../morph/lexicon.js';
import { unpackClusters } from './clusters.js';
import { historyParts, neighbourFeatures, selfFeatures, wordKey, type Clusters } from './features.js';

export const TAGGER_FORMAT = 'sokhan-tagger';
export const TAGGER_VERSION = 2;
/** Weights are stored as integers: round(weight × WEIGHT_SCALE). */
export const WEIGHT_SCALE = 1000;

/** One sparse weight table: feature f has weights entries offsets[f] .. offsets[f+1]-1 of labels/weights. */
export interface WeightTableJson {
  features: string[];
  offsets: number[];
  labels: number[];
  weights: number[];
}

export interface TaggerModelJson {
  format: typeof TAGGER_FORMAT;
  version: number;
  scheme: string;
  /** UPOS labels of stage A (sorted). */
  upos: string[];
  /** Joint tags `UPOS\tXPOS\tFEATS` of stage B (sorted, so grouped by UPOS). */
  tags: string[];
  a: WeightTableJson;
  b: WeightTableJson;
  /** Frequent, unambiguous training words → joint tag index; these skip scoring. */
  tagdict?: Record<string, number>;
  /** Distributional word clusters from unlabelled news (clusters.ts, packed). */
  clusters?: string;
  info?: Record<string, unknown>;
}

export interface TagTriple {
  upos: string;
  xpos: string;
  feats: string;
}

/** Neighbour offsets whose form features reach a token in stage A. */
export const A_NEIGHBOURS = [-2, -1, 1, 2] as const;
/** Neighbour offsets whose form features reach a token in stage B. */
export const B_NEIGHBOURS = [-1, 1] as const;
/** Relative positions of the predicted UPOS context in stage B. */
export const B_CONTEXT = [-2, -1, 1, 2] as const;
export const HIST_PARTS = 2;
const CACHE_LIMIT = 40_000;

/** Stage-A history feature strings: previous UPOS, previous two UPOS (index nU = sentence start). */
export function historyStrings(upos: readonly string[]): { p1: string[]; p21: string[] } {
  const names = [...upos, '<s>'];
  return { p1: names.map((u) => 'p1=' + u), p21: names.flatMap((a) => names.map((b) => 'p21=' + a + '|' + b)) };
}

/** Stage-A history×word feature strings: previous UPOS (or <s>) conjoined with parts of the word. */
export function historyPartStrings(upos: readonly string[], parts: readonly string[]): string[] {
  const out: string[] = [];
  for (const u of [...upos, '<s>']) for (let k = 0; k < HIST_PARTS; k++) out.push(k < parts.length ? 'h' + u + '=' + parts[k] : '');
  return out;
}

/** Stage-B context strings: `U<rel>=<upos>` per position (index nU = outside the sentence), and the ±1 pair. */
export function contextStrings(upos: readonly string[]): { single: string[][]; pair: string[] } {
  const names = [...upos, '#'];
  return {
    single: B_CONTEXT.map((r) => names.map((u) => 'U' + r + '=' + u)),
    pair: names.flatMap((a) => names.map((b) => 'U-1+1=' + a + '|' + b)),
  };
}

function addInto(s: Float32Array, v: Float32Array, w: number): void {
  for (let t = 0; t < w; t++) s[t] += v[t];
}

function addAt(s: Float32Array, m: Float32Array, at: number, w: number): void {
  for (let t = 0; t < w; t++) s[t] += m[at + t];
}

/** Unpacked sparse weight table. */
class Table {
  readonly ids = new Map<string, number>();
  readonly offsets: Int32Array;
  readonly labels: Uint16Array;
  readonly weights: Float32Array;
  constructor(t: WeightTableJson) {
    t.features.forEach((f, i) => this.ids.set(f, i));
    this.offsets = Int32Array.from(t.offsets);
    this.labels = Uint16Array.from(t.labels);
    this.weights = new Float32Array(t.weights.length);
    for (let i = 0; i < t.weights.length; i++) this.weights[i] = t.weights[i] / WEIGHT_SCALE;
  }
  id(s: string): number {
    return this.ids.get(s) ?? -1;
  }
  idList(strings: readonly string[]): Int32Array {
    const out: number[] = [];
    for (const s of strings) {
      const i = this.ids.get(s);
      if (i !== undefined) out.push(i);
    }
    return Int32Array.from(out);
  }
  /** out[at + label] += weights of feature f. */
  addTo(out: Float32Array, at: number, f: number): void {
    const { offsets, labels, weights } = this;
    for (let k = offsets[f], end = offsets[f + 1]; k < end; k++) out[at + labels[k]] += weights[k];
  }
  /** out[label - lo] += weights of feature f, for labels in [lo, hi) only. */
  addRange(out: Float32Array, f: number, lo: number, hi: number): void {
    const { offsets, labels, weights } = this;
    // Labels are sorted within a feature: binary search for lo, stop at hi.
    let a = offsets[f];
    let b = offsets[f + 1];
    while (a < b) {
      const m = (a + b) >> 1;
      if (labels[m] < lo) a = m + 1;
      else b = m;
    }
    for (let k = a, end = offsets[f + 1]; k < end; k++) {
      const l = labels[k];
      if (l >= hi) break;
      out[l - lo] += weights[k];
    }
  }
}

interface FormEntry {
  /** Stage A: [own scores | as neighbour at -2 | -1 | +1 | +2], nU each. */
  a: Float32Array;
  /** Stage A: ids of `h<prev UPOS>=<part>`, HIST_PARTS per previous UPOS (nU+1 of them), -1 if absent. */
  hist: Int32Array;
  /** Stage B: ids of the word's own features. */
  bSelf: Int32Array;
  /** Stage B: ids of the features it gives its neighbours, indexed like B_NEIGHBOURS. */
  bNb: Int32Array[];
  /** Stage B: own scores restricted to one UPOS's range, computed on demand. */
  bCache: (Float32Array | undefined)[];
  /** Stage B: scores given to the neighbour on the left ([0]) / right ([1]), per UPOS range, on demand. */
  bNbCache: (Float32Array | undefined)[][];
  /** Joint tag from the tag dictionary, or -1. */
  fixed: number;
}

export class Tagger {
  readonly tags: string[];
  readonly triples: TagTriple[];
  readonly upos: string[];
  readonly scheme: string;
  private readonly A: Table;
  private readonly B: Table;
  private readonly nU: number;
  /** Stage A transition scores: [(p2 * (nU+1) + p1) * nU + u]. */
  private readonly trans: Float32Array;
  /** Joint tag ranges per UPOS: tags lo[u] .. hi[u]-1. */
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  /** UPOS index of each joint tag. */
  private readonly uposOfTag: Int32Array;
  /** Stage-B scores of the UPOS context, per predicted UPOS (see the constructor). */
  private readonly ctx: Float32Array[];
  private readonly tagdict: Map<string, number>;
  private readonly clusters: Clusters | undefined;
  /** Two-generation cache of form entries: frequent forms survive a flush (cheap LRU). */
  private cache = new Map<string, FormEntry>();
  private older = new Map<string, FormEntry>();
  private readonly sA: Float32Array;
  private readonly sB: Float32Array;
  private uBuf = new Int32Array(256);

  constructor(
    model: TaggerModelJson,
    private readonly lex: Lexicon,
  ) {
    if (model.format !== TAGGER_FORMAT) throw new Error('sokhan: not a sokhan tagger model; rebuild it with npm run train:tagger');
    if (model.version !== TAGGER_VERSION) throw new Error(`sokhan: tagger model version ${model.version} is not ${TAGGER_VERSION}; rebuild it with npm run train:tagger`);
    this.tags = model.tags;
    this.upos = model.upos;
    this.scheme = model.scheme;
    this.triples = model.tags.map((t) => {
      const [upos, xpos, feats] = t.split('\t');
      return { upos, xpos, feats };
    });
    const nU = (this.nU = this.upos.length);
    this.A = new Table(model.a);
    this.B = new Table(model.b);
    const h = historyStrings(this.upos);
    this.trans = new Float32Array((nU + 1) * (nU + 1) * nU);
    for (let p2 = 0; p2 <= nU; p2++)
      for (let p1 = 0; p1 <= nU; p1++) {
        const at = (p2 * (nU + 1) + p1) * nU;
        const f1 = this.A.id(h.p1[p1]);
        if (f1 >= 0) this.A.addTo(this.trans, at, f1);
        const f2 = this.A.id(h.p21[p2 * (nU + 1) + p1]);
        if (f2 >= 0) this.A.addTo(this.trans, at, f2);
      }
    this.lo = new Int32Array(nU).fill(-1);
    this.hi = new Int32Array(nU).fill(-1);
    this.uposOfTag = new Int32Array(this.tags.length);
    this.triples.forEach((t, i) => {
      const u = this.upos.indexOf(t.upos);
      if (u < 0) throw new Error(`sokhan: tagger model is inconsistent (tag ${t.upos} not in the UPOS list); rebuild it`);
      this.uposOfTag[i] = u;
      if (this.lo[u] < 0) this.lo[u] = i;
      this.hi[u] = i + 1;
    });
    // Stage-B context scores per UPOS u, dense over u's tags: [single k=0..3][x] then [pair a*(nU+1)+b].
    const c = contextStrings(this.upos);
    const nX = nU + 1;
    this.ctx = [];
    for (let u = 0; u < nU; u++) {
      const w = this.hi[u] - this.lo[u];
      const m = new Float32Array((4 * nX + nX * nX) * w);
      const put = (str: string, at: number) => {
        const f = this.B.id(str);
        if (f >= 0) this.B.addRange(m.subarray(at, at + w), f, this.lo[u], this.hi[u]);
      };
      c.single.forEach((l, k) => l.forEach((str, x) => put(str, (k * nX + x) * w)));
      c.pair.forEach((str, ab) => put(str, (4 * nX + ab) * w));
      this.ctx.push(m);
    }
    this.sA = new Float32Array(nU);
    this.sB = new Float32Array(this.tags.length);
    this.tagdict = new Map(Object.entries(model.tagdict ?? {}));
    this.clusters = model.clusters ? unpackClusters(model.clusters) : undefined;
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
    const { A, B, nU, lex, scheme, clusters } = this;
    const self = selfFeatures(form, lex, scheme, true, clusters);
    const a = new Float32Array(nU * 5);
    for (const f of A.idList(self)) A.addTo(a, 0, f);
    A_NEIGHBOURS.forEach((r, k) => {
      for (const f of A.idList(neighbourFeatures(form, r, lex, scheme, true, clusters))) A.addTo(a, (k + 1) * nU, f);
    });
    const hist = Int32Array.from(historyPartStrings(this.upos, historyParts(form, lex)), (s) => (s ? A.id(s) : -1));
    e = {
      a,
      hist,
      bSelf: B.idList(self),
      bNb: B_NEIGHBOURS.map((r) => B.idList(neighbourFeatures(form, r, lex, scheme, true, clusters))),
      bCache: [],
      bNbCache: [[], []],
      fixed: this.tagdict.get(wordKey(form)) ?? -1,
    };
    this.cache.set(form, e);
    return e;
  }

  /** Stage A: UPOS index of each word into `up` (tag-dictionary words take their tag's UPOS). */
  private tagUpos(entries: readonly FormEntry[], up: Int32Array): void {
    const n = entries.length;
    const { nU, trans } = this;
    const s = this.sA;
    let p1 = nU;
    let p2 = nU;
    for (let i = 0; i < n; i++) {
      const e = entries[i];
      if (e.fixed >= 0) {
        const u = this.uposOfTag[e.fixed];
        up[i] = u;
        p2 = p1;
        p1 = u;
        continue;
      }
      const own = e.a;
      for (let t = 0; t < nU; t++) s[t] = own[t];
      // Neighbour at offset r contributes its block k+1 (r = -2, -1, +1, +2).
      if (i >= 2) this.addBlock(s, entries[i - 2].a, 1);
      if (i >= 1) this.addBlock(s, entries[i - 1].a, 2);
      if (i + 1 < n) this.addBlock(s, entries[i + 1].a, 3);
      if (i + 2 < n) this.addBlock(s, entries[i + 2].a, 4);
      const at = (p2 * (nU + 1) + p1) * nU;
      for (let t = 0; t < nU; t++) s[t] += trans[at + t];
      const h = e.hist;
      for (let k = 0; k < HIST_PARTS; k++) {
        const f = h[p1 * HIST_PARTS + k];
        if (f >= 0) this.A.addTo(s, 0, f);
      }
      let best = 0;
      let bs = s[0];
      for (let t = 1; t < nU; t++) if (s[t] > bs) (bs = s[t]), (best = t);
      up[i] = best;
      p2 = p1;
      p1 = best;
    }
  }

  private bOwn(e: FormEntry, u: number): Float32Array {
    let v = e.bCache[u];
    if (!v) {
      const a = this.lo[u];
      const b = this.hi[u];
      v = new Float32Array(b - a);
      for (let k = 0; k < e.bSelf.length; k++) this.B.addRange(v, e.bSelf[k], a, b);
      e.bCache[u] = v;
    }
    return v;
  }

  /** Scores the word `e` gives a neighbour tagged u; side 0 = e is on its left, 1 = on its right. */
  private bNeighbour(e: FormEntry, side: 0 | 1, u: number): Float32Array {
    let v = e.bNbCache[side][u];
    if (!v) {
      const a = this.lo[u];
      const b = this.hi[u];
      v = new Float32Array(b - a);
      const ids = e.bNb[side];
      for (let k = 0; k < ids.length; k++) this.B.addRange(v, ids[k], a, b);
      e.bNbCache[side][u] = v;
    }
    return v;
  }

  private addBlock(s: Float32Array, a: Float32Array, block: number): void {
    const nU = this.nU;
    const at = block * nU;
    for (let t = 0; t < nU; t++) s[t] += a[at + t];
  }

  /** Joint tag indices (into `tags`/`triples`) for one sentence of word forms. */
  tagIndices(forms: readonly string[]): Int32Array {
    const n = forms.length;
    const out = new Int32Array(n);
    if (n === 0) return out;
    const entries = new Array<FormEntry>(n);
    for (let i = 0; i < n; i++) entries[i] = this.entry(forms[i]);
    if (this.uBuf.length < n) this.uBuf = new Int32Array(n * 2);
    const up = this.uBuf;
    this.tagUpos(entries, up);
    const { nU, lo, hi } = this;
    const s = this.sB;
    for (let i = 0; i < n; i++) {
      const e = entries[i];
      if (e.fixed >= 0) {
        out[i] = e.fixed;
        continue;
      }
      const u = up[i];
      const a = lo[u];
      const b = hi[u];
      if (b - a <= 1) {
        out[i] = a;
        continue;
      }
      const w = b - a;
      const own = this.bOwn(e, u);
      for (let t = 0; t < w; t++) s[t] = own[t];
      if (i >= 1) addInto(s, this.bNeighbour(entries[i - 1], 0, u), w);
      if (i + 1 < n) addInto(s, this.bNeighbour(entries[i + 1], 1, u), w);
      const um1 = i >= 1 ? up[i - 1] : nU;
      const up1 = i + 1 < n ? up[i + 1] : nU;
      const ctx = this.ctx[u];
      const stride = (nU + 1) * w;
      addAt(s, ctx, (i >= 2 ? up[i - 2] : nU) * w, w);
      addAt(s, ctx, stride + um1 * w, w);
      addAt(s, ctx, 2 * stride + up1 * w, w);
      addAt(s, ctx, 3 * stride + (i + 2 < n ? up[i + 2] : nU) * w, w);
      addAt(s, ctx, 4 * stride + (um1 * (nU + 1) + up1) * w, w);
      let best = 0;
      let bs = s[0];
      for (let t = 1; t < w; t++) if (s[t] > bs) (bs = s[t]), (best = t);
      out[i] = a + best;
    }
    return out;
  }

  /** UPOS/XPOS/FEATS for one sentence of word forms. */
  tag(forms: readonly string[]): TagTriple[] {
    const idx = this.tagIndices(forms);
    return Array.from(idx, (t) => this.triples[t]);
  }
}
