import { fnv1a, mix32 } from '../ml/hash.js';
import type { FeatureSequence } from '../ml/perceptron.js';
import type { SparseEmissions } from '../ml/sparse.js';
import { ENTITY_TYPES } from './labels.js';
import { formKey, shapeOf, type Gazetteer } from './features.js';

/**
 * The fast path of NER feature extraction: the same hashed buckets, in the same order, as
 * `sentenceFeatureSets` / `sentenceFeatures` in `features.ts` (which stay as the simple
 * reference implementation, used by training and by the differential test
 * `fast-features.test.ts`), without building a single feature string at run time:
 *
 * - FNV-1a is a streaming hash, so `fnv1a(prefix + a + '|' + b, seed)` is
 *   `fnv1a(b, fnv1a('|', fnv1a(a, fnv1a(prefix, seed))))`: the hash state of every
 *   "prefix + word" is computed once per distinct word form and seed, and pair features only
 *   stream the second word's characters on top of it;
 * - every feature that depends on one token only (word, neighbour-position words, affixes,
 *   shape, length, ZWNJ parts, word class) is hashed once per distinct form and kept in a
 *   bounded cache (news text is Zipfian: most tokens hit);
 * - gazetteer look-ups stop as soon as no name starts with the words seen so far.
 */

const FNV_OFFSET = 0x811c9dc5;
const ZWNJ = '\u200c';
const MAX_AFFIX_FORM = 30;
/** Forms cached per featurizer; the cache is emptied when it is full (bounded memory). */
const CACHE_LIMIT = 20_000;

// Fixed per-token slots (bucket for single-token features, hash state for pair prefixes).
const W = 0; // 'w' + key
const P = 1; // 'p' + key (as previous word)
const N = 2; // 'n' + key
const PP = 3; // 'pp' + key
const NN = 4; // 'nn' + key
const PA3 = 5; // 'pa3' + key[0..3] (−1 when key.length ≤ 2)
const NA3 = 6;
const PS3 = 7; // 'ps3' + key[-3..]
const NS3 = 8;
const S_ = 9; // 's' + shape
const LEN = 10; // 'l' + min(len, 10)
const PC = 11; // 'pc' + class (as previous word)
const NC = 12;
const ST_PW = 13; // state of 'pw' + key + '|'
const ST_WN = 14; // 'wn' + key + '|'
const ST_PN = 15; // 'pn' + key + '|'
const ST_PPP = 16; // 'ppp' + key + '|'
const ST_NNN = 17; // 'nnn' + key + '|'
const ST_WSN = 18; // 'wsn' + key + '|'
const ST_PSW = 19; // 'psw' + shape + '|'
const ST_PS = 20; // 'ps' + shape + '|'
const SLOTS = 21;

const PREFIXES = ['w', 'p', 'n', 'pp', 'nn', 'pa3', 'na3', 'ps3', 'ns3', 's', 'l', 'pc', 'nc', 'pw', 'wn', 'pn', 'ppp', 'nnn', 'wsn', 'psw', 'ps'];

/** What the featurizer knows of one distinct form (or a sentence boundary). */
interface FormInfo {
  key: string;
  shape: string;
  /** Word class signature, −1 if none, −2 for a boundary. */
  cl: number;
  /** SLOTS × S values (slot-major: slot * S + seed). */
  fixed: Int32Array;
  /** Affix buckets, per seed: (count × S). */
  affix: Int32Array;
  /** ZWNJ part buckets ('zf', 'zl'), (0 or 2) × S. */
  zwnj: Int32Array;
  /** Word class buckets ('c4:…' … or 'c-'), per seed. */
  clus: Int32Array;
  /** Row ranges (start, end) of the buckets of `fixed`, `affix`, `zwnj`, `clus`. */
  fixedR: Int32Array;
  affixR: Int32Array;
  zwnjR: Int32Array;
  clusR: Int32Array;
}

export interface FastFeatureOptions {
  bits: number;
  gazetteer: Gazetteer | null;
  clusters?: Map<string, number> | null;
  clusterBits?: number;
  /**
   * Hash seeds: the first is the shared features' seed (FNV offset), the others each a
   * domain's (`fnv1a(domain + '\u0001')`). See `domainSeeds`.
   */
  domains: readonly string[];
  /**
   * The model's sparse weight rows: with them, each feature also gets its row range
   * (`ranges` of the result, for `SparseEmissions.emissionsFromRanges`), cached per form for
   * single-token features, which spares most random reads of the row index.
   */
  rows?: SparseEmissions | null;
}

/** A FeatureSequence plus, per feature, its weight-row range [start, end) (2 ints). */
export interface RangedFeatureSequence extends FeatureSequence {
  ranges: Int32Array;
}

/** The FNV seeds for [shared, ...domains]. */
export function domainSeeds(domains: readonly string[]): number[] {
  return [FNV_OFFSET, ...domains.map((d) => fnv1a(d + '\u0001'))];
}

export class FastFeaturizer {
  private readonly mask: number;
  private readonly seeds: number[];
  private readonly S: number;
  private readonly pre: Int32Array;
  private readonly cache = new Map<string, FormInfo>();
  private readonly bos: FormInfo;
  private readonly eos: FormInfo;
  private readonly clusters: Map<string, number> | null;
  private readonly cb: number;
  private readonly gaz: Gazetteer | null;
  /** Strings P such that some gazetteer name starts with P + ' '. */
  private readonly gazPrefixes = new Set<string>();
  /** Buckets of 'b', per seed. */
  private readonly bias: Int32Array;
  /** Gazetteer feature buckets: code (t * 6 + kind) × S; kinds U, B, I, L, n(ext), p(rev). */
  private readonly gazB: Int32Array;
  /** Memory feature buckets: 'm' + type (t), then 'm-' (T), × S. */
  private readonly memB: Int32Array;
  private readonly biasR: Int32Array;
  private readonly gazR: Int32Array;
  private readonly memR: Int32Array;
  /** Row index of the weights (bucket b's rows: start[b] .. start[b+1]); zeros without rows. */
  private readonly start: Uint32Array;
  // Reusable per-sentence buffers.
  private infos: FormInfo[] = [];
  private gazList: number[][] = [];
  private bufs: { feats: Int32Array; offsets: Int32Array; ranges: Int32Array }[] = [];

  constructor(o: FastFeatureOptions) {
    this.mask = (1 << o.bits) - 1;
    this.start = o.rows ? o.rows.start : new Uint32Array(this.mask + 2);
    this.seeds = domainSeeds(o.domains);
    const S = (this.S = this.seeds.length);
    this.clusters = o.clusters && o.clusters.size > 0 ? o.clusters : null;
    this.cb = o.clusterBits ?? 20;
    this.gaz = o.gazetteer && o.gazetteer.size > 0 ? o.gazetteer : null;
    if (this.gaz) {
      for (const k of this.gaz.entries.keys()) {
        for (let p = k.indexOf(' '); p >= 0; p = k.indexOf(' ', p + 1)) this.gazPrefixes.add(k.slice(0, p));
      }
    }
    this.pre = new Int32Array(PREFIXES.length * S);
    for (let p = 0; p < PREFIXES.length; p++) for (let k = 0; k < S; k++) this.pre[p * S + k] = fnv1a(PREFIXES[p], this.seeds[k]);
    const strs = (list: string[]) => {
      const out = new Int32Array(list.length * S);
      for (let i = 0; i < list.length; i++) for (let k = 0; k < S; k++) out[i * S + k] = this.bucket(fnv1a(list[i], this.seeds[k]));
      return out;
    };
    this.bias = strs(['b']);
    const gz: string[] = [];
    for (const ty of ENTITY_TYPES) gz.push('g' + ty + 'U', 'g' + ty + 'B', 'g' + ty + 'I', 'g' + ty + 'L', 'gn' + ty, 'gp' + ty);
    this.gazB = strs(gz);
    this.memB = strs([...ENTITY_TYPES.map((t) => 'm' + t), 'm-']);
    this.biasR = this.rangesOf(this.bias);
    this.gazR = this.rangesOf(this.gazB);
    this.memR = this.rangesOf(this.memB);
    this.bos = this.boundary('<s>');
    this.eos = this.boundary('</s>');
  }

  private bucket(h: number): number {
    return mix32(h) & this.mask;
  }

  /** [start, end) of each bucket's weight row (0, 0 for none or a negative bucket). */
  private rangesOf(buckets: Int32Array, count = buckets.length): Int32Array {
    const out = new Int32Array(buckets.length * 2);
    const start = this.start;
    for (let i = 0; i < count; i++) {
      const b = buckets[i];
      if (b < 0) continue;
      out[2 * i] = start[b];
      out[2 * i + 1] = start[b + 1];
    }
    return out;
  }

  private boundary(tok: string): FormInfo {
    return this.build(tok, tok, tok, -2, false);
  }

  private info(form: string): FormInfo {
    let inf = this.cache.get(form);
    if (inf === undefined) {
      const f = form.length > 60 ? form.slice(0, 60) : form;
      const key = formKey(f);
      const cl = this.clusters ? (this.clusters.get(key) ?? -1) : -1;
      inf = this.build(form, key, shapeOf(form), cl, true);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(form, inf);
    }
    return inf;
  }

  private build(form: string, key: string, shape: string, cl: number, real: boolean): FormInfo {
    const S = this.S;
    const pre = this.pre;
    const fixed = new Int32Array(SLOTS * S);
    const L = key.length;
    const cb = this.cb;
    for (let k = 0; k < S; k++) {
      const h = (slot: number, s: string) => fnv1a(s, pre[slot * S + k]);
      fixed[W * S + k] = this.bucket(h(W, key));
      fixed[P * S + k] = this.bucket(h(P, key));
      fixed[N * S + k] = this.bucket(h(N, key));
      fixed[PP * S + k] = this.bucket(h(PP, key));
      fixed[NN * S + k] = this.bucket(h(NN, key));
      fixed[PA3 * S + k] = L > 2 ? this.bucket(h(PA3, key.slice(0, 3))) : -1;
      fixed[NA3 * S + k] = L > 2 ? this.bucket(h(NA3, key.slice(0, 3))) : -1;
      fixed[PS3 * S + k] = L > 2 ? this.bucket(h(PS3, key.slice(-3))) : -1;
      fixed[NS3 * S + k] = L > 2 ? this.bucket(h(NS3, key.slice(-3))) : -1;
      fixed[S_ * S + k] = this.bucket(h(S_, shape));
      fixed[LEN * S + k] = this.bucket(h(LEN, String(Math.min(L, 10))));
      const pc = cl >= 0 ? cl >>> (cb - 8) : cl;
      fixed[PC * S + k] = this.bucket(h(PC, String(pc)));
      fixed[NC * S + k] = this.bucket(h(NC, String(pc)));
      fixed[ST_PW * S + k] = h(ST_PW, key + '|');
      fixed[ST_WN * S + k] = h(ST_WN, key + '|');
      fixed[ST_PN * S + k] = h(ST_PN, key + '|');
      fixed[ST_PPP * S + k] = h(ST_PPP, key + '|');
      fixed[ST_NNN * S + k] = h(ST_NNN, key + '|');
      fixed[ST_WSN * S + k] = h(ST_WSN, key + '|');
      fixed[ST_PSW * S + k] = h(ST_PSW, shape + '|');
      fixed[ST_PS * S + k] = h(ST_PS, shape + '|');
    }
    const affixes: string[] = [];
    const zw: string[] = [];
    const cs: string[] = [];
    if (real) {
      if (L <= MAX_AFFIX_FORM) {
        for (let k = 1; k <= 4 && k < L; k++) {
          if (k <= 3) affixes.push('a' + k + key.slice(0, k));
          affixes.push('z' + k + key.slice(L - k));
        }
      }
      const z = form.length <= 60 ? form.indexOf(ZWNJ) : -1;
      if (z > 0) {
        zw.push('zf' + formKey(form.slice(0, z)));
        zw.push('zl' + formKey(form.slice(form.lastIndexOf(ZWNJ) + 1)));
      }
      if (this.clusters) {
        if (cl >= 0) for (let k = 4; k <= cb; k += 4) cs.push('c' + k + ':' + (cl >>> (cb - k)));
        else cs.push('c-');
      }
    }
    const hashAll = (list: string[]) => {
      const out = new Int32Array(list.length * S);
      for (let i = 0; i < list.length; i++) for (let k = 0; k < S; k++) out[i * S + k] = this.bucket(fnv1a(list[i], this.seeds[k]));
      return out;
    };
    const affix = hashAll(affixes);
    const zwnj = hashAll(zw);
    const clus = hashAll(cs);
    return {
      key,
      shape,
      cl,
      fixed,
      affix,
      zwnj,
      clus,
      // Only the bucket slots (before the hash states) have ranges.
      fixedR: this.rangesOf(fixed, ST_PW * S),
      affixR: this.rangesOf(affix),
      zwnjR: this.rangesOf(zwnj),
      clusR: this.rangesOf(clus),
    };
  }

  /**
   * The features of a sentence of normalised token forms, one FeatureSequence per seed
   * (shared, then each domain), equal to `sentenceFeatureSets(forms, ctx, domains)`. With
   * `interleave`, a single sequence with each shared feature followed by its domain twins,
   * equal to `sentenceFeatures(forms, { …ctx, domain })` (for one domain).
   *
   * The returned arrays are views of buffers that the next call overwrites (no allocation
   * per sentence): use them before calling again, or copy them.
   */
  features(forms: readonly string[], memory: Map<string, number> | null = null, interleave = false): RangedFeatureSequence[] {
    const n = forms.length;
    const S = this.S;
    const infos = this.infos;
    infos.length = n;
    for (let i = 0; i < n; i++) infos[i] = this.info(forms[i]);
    const gaz = this.gazetteerCodes(infos, n);
    const mask = this.mask;
    // Upper bound of features per token: 23 fixed + 7 affix + 2 zwnj + clusters + gazetteer + memory.
    const outs: RangedFeatureSequence[] = [];
    const nOut = interleave ? 1 : S;
    let cap = 0;
    for (let i = 0; i < n; i++) cap += 40 + infos[i].clus.length + gaz[i].length + ENTITY_TYPES.length + 1;
    cap *= interleave ? S : 1;
    for (let o = 0; o < nOut; o++) {
      let b = this.bufs[o];
      if (!b || b.feats.length < cap || b.offsets.length < n + 1) {
        b = { feats: new Int32Array(Math.max(cap, 1024) * 2), offsets: new Int32Array(Math.max(n + 1, 64) * 2), ranges: new Int32Array(0) };
        b.ranges = new Int32Array(b.feats.length * 2);
        this.bufs[o] = b;
      }
      b.offsets[0] = 0;
      outs.push({ n, feats: b.feats, offsets: b.offsets.subarray(0, n + 1), ranges: b.ranges });
    }
    const start = this.start;
    const biasR = this.biasR;
    const gazR = this.gazR;
    const memR = this.memR;
    const bias = this.bias;
    const gazB = this.gazB;
    const memB = this.memB;
    const T = ENTITY_TYPES.length;
    const bos = this.bos;
    const eos = this.eos;
    for (let k = 0; k < S; k++) {
      const o = interleave ? 0 : k;
      const feats = outs[o].feats;
      const offsets = outs[o].offsets;
      // Interleaved, seed k's j-th feature of token i goes to offsets[i] + j*S + k (every
      // seed emits the same number of features per token; seed 0 sets the offsets).
      const stride = interleave ? S : 1;
      let len = 0;
      const ranges = outs[o].ranges;
      // A cached bucket (arr[idx]) with its cached row range (rr[2idx], rr[2idx+1]).
      const put = (arr: Int32Array, rr: Int32Array, idx: number) => {
        feats[len] = arr[idx];
        ranges[2 * len] = rr[2 * idx];
        ranges[2 * len + 1] = rr[2 * idx + 1];
        len += stride;
      };
      // A bucket hashed here: its range is looked up.
      const putH = (b: number) => {
        feats[len] = b;
        ranges[2 * len] = start[b];
        ranges[2 * len + 1] = start[b + 1];
        len += stride;
      };
      for (let i = 0; i < n; i++) {
        if (interleave) len = offsets[i] + k;
        const cur = infos[i];
        const p1 = i > 0 ? infos[i - 1] : bos;
        const p2 = i > 1 ? infos[i - 2] : bos;
        const n1 = i + 1 < n ? infos[i + 1] : eos;
        const n2 = i + 2 < n ? infos[i + 2] : eos;
        const cf = cur.fixed;
        const w = cur.key;
        put(bias, biasR, k);
        put(cf, cur.fixedR, W * S + k);
        put(p1.fixed, p1.fixedR, P * S + k);
        put(n1.fixed, n1.fixedR, N * S + k);
        put(p2.fixed, p2.fixedR, PP * S + k);
        put(n2.fixed, n2.fixedR, NN * S + k);
        putH(mix32(fnv1a(w, p1.fixed[ST_PW * S + k])) & mask);
        putH(mix32(fnv1a(n1.key, cf[ST_WN * S + k])) & mask);
        putH(mix32(fnv1a(n1.key, p1.fixed[ST_PN * S + k])) & mask);
        putH(mix32(fnv1a(p1.key, p2.fixed[ST_PPP * S + k])) & mask);
        putH(mix32(fnv1a(n2.key, n1.fixed[ST_NNN * S + k])) & mask);
        if (n1.key.length > 2) put(n1.fixed, n1.fixedR, NA3 * S + k);
        if (p1.key.length > 2) put(p1.fixed, p1.fixedR, PA3 * S + k);
        putH(mix32(fnv1a(n1.shape, cf[ST_WSN * S + k])) & mask);
        putH(mix32(fnv1a(w, p1.fixed[ST_PSW * S + k])) & mask);
        const aff = cur.affix;
        for (let j = k; j < aff.length; j += S) put(aff, cur.affixR, j);
        put(cf, cur.fixedR, S_ * S + k);
        putH(mix32(fnv1a(n1.shape, fnv1a('|', fnv1a(cur.shape, p1.fixed[ST_PS * S + k])))) & mask);
        put(cf, cur.fixedR, LEN * S + k);
        const zw = cur.zwnj;
        for (let j = k; j < zw.length; j += S) put(zw, cur.zwnjR, j);
        if (p1.key.length > 2) put(p1.fixed, p1.fixedR, PS3 * S + k);
        if (n1.key.length > 2) put(n1.fixed, n1.fixedR, NS3 * S + k);
        const g = gaz[i];
        for (let j = 0; j < g.length; j++) put(gazB, gazR, g[j] * S + k);
        if (memory) {
          const mem = memory.get(w);
          if (mem) {
            for (let t = 0; t < T; t++) if (mem & (1 << t)) put(memB, memR, t * S + k);
          } else put(memB, memR, T * S + k);
        }
        if (this.clusters) {
          const cs = cur.clus;
          for (let j = k; j < cs.length; j += S) put(cs, cur.clusR, j);
          put(p1.fixed, p1.fixedR, PC * S + k);
          put(n1.fixed, n1.fixedR, NC * S + k);
        }
        if (k === 0 || !interleave) offsets[i + 1] = len;
      }
    }
    for (const o of outs) {
      o.feats = o.feats.subarray(0, o.offsets[n]);
      o.ranges = o.ranges.subarray(0, 2 * o.offsets[n]);
    }
    return outs;
  }

  /** Per token, the gazetteer feature codes in the order of the reference extraction. */
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
