import { fnv1a, mix32 } from '../ml/hash.js';
import type { IntegerRows } from '../ml/sparse.js';
import { ENTITY_TYPES } from './labels.js';
import {
  formKey,
  next2Features,
  nextFeatures,
  prev2Features,
  prevFeatures,
  selfFeatures,
  shapeOf,
  type FeatureContext,
  type Gazetteer,
} from './features.js';

/**
 * The fast path of NER scoring: the emission scores of `sentenceFeatures` /
 * `sentenceFeatureSets` (features.ts, the simple reference, used by training and by the
 * differential test `fast-features.test.ts`) summed over a model in integer units
 * (`IntegerRows`), bit for bit, without building feature strings per token:
 *
 * - integer weights make every sum exact, so the order of the terms is free: the summed
 *   weights of all features that depend on ONE word are cached per distinct form, once for
 *   each role the word plays (the token itself; the word before or after a token; two
 *   before or after), and per "convention" (shared weights + one domain's). A token's score
 *   starts as five cached vectors added together;
 * - pair features (two words) are hashed by streaming the second word onto the cached FNV-1a
 *   state of "prefix + first word + |" (FNV-1a is a streaming hash), then their rows added;
 * - gazetteer look-ups stop as soon as no name starts with the words seen so far.
 */

const FNV_OFFSET = 0x811c9dc5;
/** Forms cached per scorer; the cache is emptied when it is full (bounded memory). */
const CACHE_LIMIT = 20_000;

// Roles of a word's cached score vectors.
const SELF = 0;
const PREV = 1; // the word is the token's previous word
const NEXT = 2;
const PREV2 = 3;
const NEXT2 = 4;
const ROLES = 5;

// Pair-feature hash states per word: FNV-1a state after these prefixes.
const PAIR_PREFIXES = ['pw', 'wn', 'pn', 'ppp', 'nnn', 'wsn', 'psw', 'ps'];
const ST_PW = 0;
const ST_WN = 1;
const ST_PN = 2;
const ST_PPP = 3;
const ST_NNN = 4;
const ST_WSN = 5;
const ST_PSW = 6; // state of 'psw' + shape + '|'
const ST_PS = 7; // 'ps' + shape + '|'
const PAIRS = 8;

// Roles of a bigram's cached score vectors (bigram x y of adjacent words).
const LEFT = 0; // to x: 'wn' x|y, 'wsn' x|shape(y)
const RIGHT = 1; // to y: 'pw' x|y, 'psw' shape(x)|y
const AFTER = 2; // to the token after y: 'ppp' x|y
const BEFORE = 3; // to the token before x: 'nnn' x|y
const BI_ROLES = 4;
/** Bigrams cached per scorer (emptied when full). */
const BIGRAM_LIMIT = 150_000;
const ID_LIMIT = 1 << 26;

/** What the scorer knows of one distinct form (or a sentence boundary). */
interface FormInfo {
  /** Unique per scorer (0, 1: the boundaries), for bigram keys. */
  id: number;
  key: string;
  shape: string;
  /** Slab offsets of the cached bigram vectors of this word followed by the word with that id. */
  next: Map<number, number> | null;
  /** ROLES × C × L summed weights (role-major, then convention). */
  vec: Float32Array;
  /** PAIRS × S hash states. */
  st: Int32Array;
}

export interface FastNerOptions extends Omit<FeatureContext, 'domain' | 'memory'> {
  /**
   * Conventions to score: one emission table per domain, each = shared + that domain's
   * weights (in this order); none = one table of the shared weights only.
   */
  domains: readonly string[];
  /** The model's weights in integer units. */
  rows: IntegerRows;
}

/** The FNV seeds for [shared, ...domains] (see `sentenceFeatures`). */
export function domainSeeds(domains: readonly string[]): number[] {
  return [FNV_OFFSET, ...domains.map((d) => fnv1a(d + '\u0001'))];
}

export class FastNerScorer {
  readonly L: number;
  /** Number of conventions (emission tables) per call. */
  readonly C: number;
  private readonly mask: number;
  private readonly seeds: number[];
  private readonly S: number;
  /** Seeds the pair features use: all, or 1 (shared only) with `sharedPairs`. */
  private readonly PS: number;
  private readonly ctx: FeatureContext;
  private readonly rows: IntegerRows;
  private readonly nonEmpty: Uint32Array;
  private readonly cache = new Map<string, FormInfo>();
  private bigramCount = 0;
  private nextId = 0;
  private bis = new Int32Array(64);
  /** Conventions a bigram vector holds: 1 (shared weights only) with `sharedPairs`, else C. */
  private readonly BC: number;
  /** Floats per bigram vector. */
  private readonly V: number;
  /** Bigram vectors; [0, V) stays zero. */
  private slab: Float32Array;
  private slabUsed: number;
  private readonly bos: FormInfo;
  private readonly eos: FormInfo;
  private readonly clusters: Map<string, number> | null;
  private readonly gaz: Gazetteer | null;
  /** Strings P such that some gazetteer name starts with P + ' '. */
  private readonly gazPrefixes = new Set<string>();
  /** Gazetteer feature buckets: code (t * 6 + kind) × S; kinds U, B, I, L, n(ext), p(rev). */
  private readonly gazB: Int32Array;
  /** Per gazetteer code, its summed weights over the seeds: code × C × L. */
  private readonly gazV: Float32Array;
  /** Memory feature buckets: 'm' + type (t), then 'm-' (T), × S. */
  private readonly memB: Int32Array;
  /** Per memory code, its summed weights: code × C × L. */
  private readonly memV: Float32Array;
  private readonly pairPre: Int32Array;
  // Reusable per-sentence buffers.
  private infos: FormInfo[] = [];
  private gazList: number[][] = [];
  private outs: Float32Array[] = [];

  constructor(o: FastNerOptions) {
    this.L = o.rows.L;
    this.rows = o.rows;
    this.nonEmpty = o.rows.nonEmpty;
    this.mask = (1 << o.bits) - 1;
    this.seeds = domainSeeds(o.domains);
    const S = (this.S = this.seeds.length);
    this.C = Math.max(1, o.domains.length);
    this.ctx = { bits: o.bits, gazetteer: o.gazetteer, clusters: o.clusters, clusterBits: o.clusterBits, lexicon: o.lexicon };
    this.PS = o.sharedPairs ? 1 : S;
    this.clusters = o.clusters && o.clusters.size > 0 ? o.clusters : null;
    this.gaz = o.gazetteer && o.gazetteer.size > 0 ? o.gazetteer : null;
    if (this.gaz) {
      for (const k of this.gaz.entries.keys()) {
        for (let p = k.indexOf(' '); p >= 0; p = k.indexOf(' ', p + 1)) this.gazPrefixes.add(k.slice(0, p));
      }
    }
    this.pairPre = new Int32Array(PAIRS * S);
    for (let p = 0; p < PAIRS; p++) for (let k = 0; k < S; k++) this.pairPre[p * S + k] = fnv1a(PAIR_PREFIXES[p], this.seeds[k]);
    const strs = (list: string[]) => {
      const out = new Int32Array(list.length * S);
      for (let i = 0; i < list.length; i++) for (let k = 0; k < S; k++) out[i * S + k] = this.bucket(fnv1a(list[i], this.seeds[k]));
      return out;
    };
    const gz: string[] = [];
    for (const ty of ENTITY_TYPES) gz.push('g' + ty + 'U', 'g' + ty + 'B', 'g' + ty + 'I', 'g' + ty + 'L', 'gn' + ty, 'gp' + ty);
    this.gazB = strs(gz);
    this.memB = strs([...ENTITY_TYPES.map((t) => 'm' + t), 'm-']);
    const sums = (buckets: Int32Array) => {
      const count = buckets.length / S;
      const v = new Float32Array(count * this.C * this.L);
      for (let i = 0; i < count; i++) for (let k = 0; k < S; k++) this.addBucket(buckets[i * S + k], k, v, i * this.C * this.L);
      return v;
    };
    this.gazV = sums(this.gazB);
    this.memV = sums(this.memB);
    this.BC = this.PS === 1 ? 1 : this.C;
    this.V = BI_ROLES * this.BC * this.L;
    this.slab = new Float32Array(1024 * this.V);
    this.slabUsed = this.V;
    this.bos = this.build('<s>', '<s>', '<s>', -2, false);
    this.eos = this.build('</s>', '</s>', '</s>', -2, false);
  }

  private bucket(h: number): number {
    return mix32(h) & this.mask;
  }

  private info(form: string): FormInfo {
    let inf = this.cache.get(form);
    if (inf === undefined) {
      const key = formKey(form.length > 60 ? form.slice(0, 60) : form);
      const cl = this.clusters ? (this.clusters.get(key) ?? -1) : -1;
      inf = this.build(form, key, shapeOf(form), cl, true);
      this.cache.set(form, inf);
    }
    return inf;
  }

  /** Adds a bucket hashed with seed k to the vectors of the conventions it belongs to. */
  private addBucket(b: number, k: number, into: Float32Array, roleBase: number): void {
    const L = this.L;
    const C = this.C;
    const { start, entries } = this.rows;
    const j0 = start[b];
    const je = start[b + 1];
    if (j0 === je) return;
    if (k === 0) {
      for (let c = 0; c < C; c++) {
        const base = roleBase + c * L;
        for (let j = j0; j < je; j++) {
          const x = entries[j];
          into[base + (x & 255)] += x >> 8;
        }
      }
    } else {
      const base = roleBase + (k - 1) * L;
      for (let j = j0; j < je; j++) {
        const x = entries[j];
        into[base + (x & 255)] += x >> 8;
      }
    }
  }

  private build(form: string, key: string, shape: string, cl: number, real: boolean): FormInfo {
    const S = this.S;
    const L = this.L;
    const C = this.C;
    const vec = new Float32Array(ROLES * C * L);
    const seeds = this.seeds;
    const role = (r: number) => (f: string) => {
      for (let k = 0; k < S; k++) this.addBucket(this.bucket(fnv1a(f, seeds[k])), k, vec, r * C * L);
    };
    if (real) selfFeatures(form, key, shape, cl, this.ctx, role(SELF));
    prevFeatures(form, key, cl, this.ctx, role(PREV));
    nextFeatures(form, key, cl, this.ctx, role(NEXT));
    prev2Features(key, role(PREV2));
    next2Features(key, role(NEXT2));
    const st = new Int32Array(PAIRS * S);
    for (let k = 0; k < S; k++) {
      for (let p = 0; p < PAIRS; p++) st[p * S + k] = fnv1a((p >= ST_PSW ? shape : key) + '|', this.pairPre[p * S + k]);
    }
    return { id: this.nextId++, key, shape, next: null, vec, st };
  }

  /** Empties the caches (bounded memory). */
  private reset(): void {
    this.cache.clear();
    this.bos.next = null;
    this.eos.next = null;
    this.bigramCount = 0;
    this.slabUsed = this.V;
    this.nextId = 2;
  }

  /** Empties the bigram caches only. */
  private resetBigrams(): void {
    for (const inf of this.cache.values()) inf.next = null;
    this.bos.next = null;
    this.eos.next = null;
    this.bigramCount = 0;
    this.slabUsed = this.V;
  }

  /**
   * Offset in `slab` of the cached pair-feature sums of adjacent words x y (BI_ROLES × BC × L;
   * see LEFT … BEFORE). Offset 0 is an all-zero vector.
   */
  private bigram(x: FormInfo, y: FormInfo): number {
    let off = x.next === null ? undefined : x.next.get(y.id);
    if (off !== undefined) return off;
    const S = this.S;
    const V = this.V;
    const BCL = this.BC * this.L;
    const mask = this.mask;
    if (this.slabUsed + V > this.slab.length) {
      const grown = new Float32Array(Math.max(this.slabUsed + V, Math.min(this.slab.length * 2, (BIGRAM_LIMIT + 2) * V)));
      grown.set(this.slab.subarray(0, this.slabUsed));
      this.slab = grown;
    }
    const v = this.slab;
    off = this.slabUsed;
    v.fill(0, off, off + V);
    const xs = x.st;
    for (let k = 0; k < this.PS; k++) {
      const b0 = mix32(fnv1a(y.key, xs[ST_WN * S + k])) & mask;
      const b1 = mix32(fnv1a(y.key, xs[ST_PW * S + k])) & mask;
      const b2 = mix32(fnv1a(y.key, xs[ST_PPP * S + k])) & mask;
      const b3 = mix32(fnv1a(y.key, xs[ST_NNN * S + k])) & mask;
      const b4 = mix32(fnv1a(y.shape, xs[ST_WSN * S + k])) & mask;
      const b5 = mix32(fnv1a(y.key, xs[ST_PSW * S + k])) & mask;
      if (this.BC === 1) {
        this.addRow(b0, v, off + LEFT * BCL);
        this.addRow(b4, v, off + LEFT * BCL);
        this.addRow(b1, v, off + RIGHT * BCL);
        this.addRow(b5, v, off + RIGHT * BCL);
        this.addRow(b2, v, off + AFTER * BCL);
        this.addRow(b3, v, off + BEFORE * BCL);
      } else {
        this.addBucket(b0, k, v, off + LEFT * BCL);
        this.addBucket(b4, k, v, off + LEFT * BCL);
        this.addBucket(b1, k, v, off + RIGHT * BCL);
        this.addBucket(b5, k, v, off + RIGHT * BCL);
        this.addBucket(b2, k, v, off + AFTER * BCL);
        this.addBucket(b3, k, v, off + BEFORE * BCL);
      }
    }
    let any = false;
    for (let j = off; j < off + V && !any; j++) if (v[j] !== 0) any = true;
    if (any) this.slabUsed += V;
    else off = 0; // no pair weights: the shared zero vector
    (x.next ??= new Map()).set(y.id, off);
    this.bigramCount++;
    return off;
  }

  /** Adds bucket b's weights to into[base + label]. */
  private addRow(b: number, into: Float32Array, base: number): void {
    if ((this.nonEmpty[b >>> 5] & (1 << (b & 31))) === 0) return;
    const { start, entries } = this.rows;
    for (let j = start[b], je = start[b + 1]; j < je; j++) {
      const x = entries[j];
      into[base + (x & 255)] += x >> 8;
    }
  }

  /**
   * Emission scores (n × L each) of a sentence of normalised token forms, one table per
   * convention (see `FastNerOptions.domains`): equal, bit for bit, to the model's emissions
   * of `sentenceFeatures(forms, { …ctx, domain })` for each domain (or of the shared
   * features alone). The tables are views of buffers that the next call overwrites.
   */
  emissions(forms: readonly string[], memory: Map<string, number> | null = null): Float32Array[] {
    const n = forms.length;
    const S = this.S;
    const C = this.C;
    const L = this.L;
    const CL = C * L;
    const infos = this.infos;
    // Caches are emptied between sentences only: a sentence's words keep their ids.
    if (this.cache.size >= CACHE_LIMIT || this.nextId >= ID_LIMIT - n) this.reset();
    else if (this.bigramCount >= BIGRAM_LIMIT) this.resetBigrams();
    infos.length = n;
    for (let i = 0; i < n; i++) infos[i] = this.info(forms[i]);
    // Bigram vectors: bis[j] is the bigram of words j−2 and j−1 (−2, −1: <s>; n, n+1: </s>).
    if (this.bis.length < n + 3) this.bis = new Int32Array(2 * (n + 3));
    const bis = this.bis;
    for (let j = 0; j < n + 3; j++) {
      const x = j >= 2 && j - 2 < n ? infos[j - 2] : j < 2 ? this.bos : this.eos;
      const y = j >= 1 && j - 1 < n ? infos[j - 1] : j < 1 ? this.bos : this.eos;
      bis[j] = this.bigram(x, y);
    }
    const gaz = this.gazetteerCodes(infos, n);
    const need = n * L;
    const outs = this.outs;
    for (let c = 0; c < C; c++) {
      if (!outs[c] || outs[c].length < need) outs[c] = new Float32Array(Math.max(need, 64 * L, (outs[c]?.length ?? 0) * 2));
    }
    const mask = this.mask;
    const T = ENTITY_TYPES.length;
    const bos = this.bos;
    const eos = this.eos;
    const gazV = this.gazV;
    const memV = this.memV;
    const PS = this.PS;
    for (let i = 0; i < n; i++) {
      const cur = infos[i];
      const p1 = i > 0 ? infos[i - 1] : bos;
      const p2 = i > 1 ? infos[i - 2] : bos;
      const n1 = i + 1 < n ? infos[i + 1] : eos;
      const n2 = i + 2 < n ? infos[i + 2] : eos;
      const base = i * L;
      // The five cached role vectors of the words and the four of the bigrams around.
      const vs = cur.vec;
      const vp = p1.vec;
      const vn = n1.vec;
      const vpp = p2.vec;
      const vnn = n2.vec;
      const slab = this.slab;
      const BCL = this.BC * L;
      const bl = bis[i + 2] + LEFT * BCL; // cur n1
      const br = bis[i + 1] + RIGHT * BCL; // p1 cur
      const ba = bis[i] + AFTER * BCL; // p2 p1
      const bb = bis[i + 3] + BEFORE * BCL; // n1 n2
      for (let c = 0; c < C; c++) {
        const out = outs[c];
        const cL = c * L;
        const bc = this.BC === 1 ? 0 : cL;
        const o0 = SELF * CL + cL;
        const o1 = PREV * CL + cL;
        const o2 = NEXT * CL + cL;
        const o3 = PREV2 * CL + cL;
        const o4 = NEXT2 * CL + cL;
        const q0 = bl + bc;
        const q1 = br + bc;
        const q2 = ba + bc;
        const q3 = bb + bc;
        for (let y = 0; y < L; y++) {
          out[base + y] = vs[o0 + y] + vp[o1 + y] + vn[o2 + y] + vpp[o3 + y] + vnn[o4 + y] + slab[q0 + y] + slab[q1 + y] + slab[q2 + y] + slab[q3 + y];
        }
      }
      // The other pair features ('pn', 'ps'), for each seed they use.
      const ps = p1.st;
      for (let k = 0; k < PS; k++) {
        this.addToken(mix32(fnv1a(n1.key, ps[ST_PN * S + k])) & mask, k, base);
        this.addToken(mix32(fnv1a(n1.shape, fnv1a('|', fnv1a(cur.shape, ps[ST_PS * S + k])))) & mask, k, base);
      }
      // Gazetteer and memory features: their summed weights are precomputed per code.
      const g = gaz[i];
      for (let j = 0; j < g.length; j++) this.addFixed(gazV, g[j] * CL, base);
      if (memory) {
        const mem = memory.get(cur.key);
        if (mem) {
          for (let t = 0; t < T; t++) if (mem & (1 << t)) this.addFixed(memV, t * CL, base);
        } else this.addFixed(memV, T * CL, base);
      }
    }
    return outs.slice(0, C);
  }

  /** Adds a precomputed C × L vector (at `off` in `v`) to token `base`'s scores. */
  private addFixed(v: Float32Array, off: number, base: number): void {
    const L = this.L;
    const outs = this.outs;
    for (let c = 0, C = this.C; c < C; c++) {
      const out = outs[c];
      const o = off + c * L;
      for (let y = 0; y < L; y++) out[base + y] += v[o + y];
    }
  }

  /** Adds a bucket hashed with seed k to token `base`'s scores in the tables it belongs to. */
  private addToken(b: number, k: number, base: number): void {
    if ((this.nonEmpty[b >>> 5] & (1 << (b & 31))) === 0) return;
    const { start, entries } = this.rows;
    const j0 = start[b];
    const je = start[b + 1];
    if (j0 === je) return;
    const outs = this.outs;
    if (k === 0) {
      for (let c = 0, C = this.C; c < C; c++) {
        const out = outs[c];
        for (let j = j0; j < je; j++) {
          const x = entries[j];
          out[base + (x & 255)] += x >> 8;
        }
      }
    } else {
      const out = outs[k - 1];
      for (let j = j0; j < je; j++) {
        const x = entries[j];
        out[base + (x & 255)] += x >> 8;
      }
    }
  }

  /** Per token, the gazetteer feature codes (t * 6 + kind), as the reference extraction finds them. */
  private gazetteerCodes(infos: readonly FormInfo[], n: number): number[][] {
    const out = this.gazList;
    while (out.length < n) out.push([]);
    for (let i = 0; i < n; i++) out[i].length = 0;
    const g = this.gaz;
    if (!g) return out;
    const entries = g.entries;
    const prefixes = this.gazPrefixes;
    const T = ENTITY_TYPES.length;
    for (let s = 0; s < n; s++) {
      let key = '';
      const maxE = Math.min(n, s + g.maxLen);
      for (let e = s + 1; e <= maxE; e++) {
        key = e === s + 1 ? infos[s].key : key + ' ' + infos[e - 1].key;
        const m = entries.get(key);
        if (m !== undefined) {
          for (let t = 0; t < T; t++) {
            if (!(m & (1 << t))) continue;
            for (let i = s; i < e; i++) {
              const pos = e - s === 1 ? 0 : i === s ? 1 : i === e - 1 ? 3 : 2;
              out[i].push(t * 6 + pos);
            }
            if (s > 0) out[s - 1].push(t * 6 + 4);
            if (e < n) out[e].push(t * 6 + 5);
          }
        }
        if (!prefixes.has(key)) break;
      }
    }
    return out;
  }
}
