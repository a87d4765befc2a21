import { fnv1a, mix32 } from '../ml/hash.js';
import type { IntegerRows } from '../ml/sparse.js';
import { ENTITY_TYPES } from './labels.js';
import {
  formKey,
  lexiconClass,
  neighbourClass,
  next2Features,
  nextFeatures,
  posFarFeatures,
  posTripleFeatures,
  prev2Features,
  prevFeatures,
  selfFeatures,
  shapeOf,
  uposCode,
  UPOS_BOS,
  UPOS_CODES,
  UPOS_EOS,
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
const FNV_PRIME = 0x01000193;
/**
 * Forms cached per scorer (ids below this plus one sentence); the caches are emptied when
 * it is reached (bounded memory).
 */
const CACHE_LIMIT = 20_000;
/** Packed role vectors (see `FastNerScorer.packed`): c0 × PACK + c1, each |c| < PACK_LIMIT. */
const PACK = 2 ** 26;
const PACK_INV = 2 ** -26;
const PACK_LIMIT = 2 ** 22;
/** Form ids of the sentence boundaries. */
const BOS = 0;
const EOS = 1;

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

// Roles of a bigram's cached scores (bigram x y of adjacent words).
const LEFT = 0; // to x: 'wn' x|y, 'wsn' x|shape(y)
const RIGHT = 1; // to y: 'pw' x|y, 'psw' shape(x)|y
const AFTER = 2; // to the token after y: 'ppp' x|y
const BEFORE = 3; // to the token before x: 'nnn' x|y
const BI_ROLES = 4;
/** Word pairs (adjacent and skip) and shape triples cached per scorer (emptied when full). */
const BIGRAM_LIMIT = 300_000;
/** Record slab entries kept at most (emptied with the pairs when exceeded). */
const RECORD_LIMIT = 8_000_000;
/** Bigram keys: x id << 15 | y id, for ids below 2^15 (pairs of larger ids are not cached). */
const BI_SHIFT = 15;
const BI_MAX = 1 << BI_SHIFT;
/** Shape-triple keys: ids below 2^17 (others are not cached). */
const SHAPE_KEY = 2 ** 17;
/** Gazetteer trie keys: node × 2^21 + word. */
const GAZ_KEY = 2 ** 21;

export interface FastNerOptions extends Omit<FeatureContext, 'domain' | 'memory' | 'upos'> {
  /**
   * Conventions to score: one emission table per domain, each = shared + that domain's
   * weights (in this order); none = one table of the shared weights only.
   */
  domains: readonly string[];
  /** The model's weights in integer units. */
  rows: IntegerRows;
  /** Largest magnitude (exclusive) of a packed score (default and maximum 2^22; lower only to test the switch to the plain layout). */
  packLimit?: number;
}

/**
 * The tokenizer's form-cache slots of a sentence's tokens (see `doc/form-slots.ts`): a hint
 * that lets the scorer find a form's id through an integer instead of hashing the string.
 * `slots[at + i]` is token i's slot in the slot space `table` (of `size` slots), or −1. A
 * hint only: the form found for a slot is checked against the token's before it is used.
 */
export interface FormSlotHint {
  readonly table: object;
  readonly size: number;
  readonly slots: Int32Array;
  readonly at: number;
}

/** The FNV seeds for [shared, ...domains] (see `sentenceFeatures`). */
export function domainSeeds(domains: readonly string[]): number[] {
  return [FNV_OFFSET, ...domains.map((d) => fnv1a(d + '\u0001'))];
}

/**
 * Cached state, per distinct form (an integer id; 0 and 1 are the sentence boundaries):
 * `formKey`, shape, gazetteer flags and trie node, the summed role vectors (ROLES × C × L
 * floats in one slab, or packed two conventions to a float64, see `packed`; one-word
 * gazetteer names included) and the pair-feature hash states (PAIRS × S in one slab). Per
 * adjacent pair of ids, the summed pair-feature weights, kept sparse (most pairs have none,
 * the others a few labels): an open-addressing table maps the pair to a record in `rec`:
 * per role the end of its entries, then the entries, each value << IB | convention << LB |
 * label. With shared pair features (BC = 1) a token's pair records are summed once into
 * an L-vector and added to every convention's scores with its role vectors.
 */
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
  /** Conventions a bigram record holds: 1 (shared weights only) with `sharedPairs`, else C. */
  private readonly BC: number;
  /** Floats per form (ROLES × C × L). */
  private readonly RV: number;
  // Per form id.
  private readonly ids = new Map<string, number>();
  /** The form string of each id (as first seen), to check a slot hint against. */
  private formOf: string[] = [];
  /** The slot space of the hints (`FormSlotHint.table`) and, per slot, id + 1 of the form last found there (0: none). */
  private slotTable: object | null = null;
  private slotIds = new Int32Array(0);
  private count = 0;
  private cap = 0;
  private keys: string[] = [];
  /** Per form id: its word class (`clusters`; −1 none, −2 the sentence boundaries), for `pairClasses`. */
  private cls: number[] = [];
  /** Word × neighbour class pair features (`FeatureContext.pairClasses`). */
  private readonly pairClasses: boolean;
  private shapes: string[] = [];
  private gazMask = new Int32Array(0);
  private gazPre = new Uint8Array(0);
  private vecs = new Float32Array(0);
  /**
   * Two conventions with shared pair features (the pipeline's news reading): each role
   * vector is stored "packed", one float64 per label holding both conventions' integer
   * scores (c0 × 2^26 + c1), so a token's five role vectors are summed with half the loads
   * and additions (`vecP`, ROLES × L per form, instead of `vecs`). Exact: every stored
   * score is below 2^22 in magnitude (checked; a form above it switches the scorer to the
   * plain layout for good), so the sums of five vectors and the pair scores stay below
   * 2^50 with the c1 part below 2^25, and both parts are read back exactly.
   */
  private packed: boolean;
  private vecP = new Float64Array(0);
  /** Set by `build` when a packed form has a score of 2^22 or more (see `packed`). */
  private packFail = false;
  private readonly packLimit: number;
  /** A new form's role vectors while they are summed (ROLES × C × L). */
  private readonly fscratch: Float32Array;
  private sts = new Int32Array(0);
  // Word pairs: adjacent (x, y) → record of 'wn' 'wsn' 'pw' 'psw' 'ppp' 'nnn' (4 roles);
  // x _ y (skips) → record of 'pn'. Shape triples (shape ids) → record of 'ps'.
  private readonly pairs = new IntPairTable();
  private readonly triples = new PairTable();
  private readonly skips = new IntPairTable();
  private shapeIds = new Map<string, number>();
  private shapeId = new Int32Array(0);
  /** Per form id: the word's index among the gazetteer's words (−1 none, −2: the key holds a space). */
  private gazWord = new Int32Array(0);
  /** Per form id: the gazetteer trie's node for the word alone (the root's child; −1 none). */
  private gazNode = new Int32Array(0);
  private rec = new Int32Array(1024);
  /** Bits of a record entry below its value (IB), of which the label's (LB). */
  private readonly IB: number;
  private readonly LB: number;
  /** Used length of rec; [0, 4) is the empty record. */
  private bUsed = BI_ROLES;
  /** Dense scratch of one bigram (BI_ROLES × BC × L). */
  private readonly btmp: Float32Array;
  /** Shared pair-feature scores of one token (L). */
  private readonly ptmp: Float32Array;
  private readonly clusters: Map<string, number> | null;
  private readonly gaz: Gazetteer | null;
  /** Strings P such that some gazetteer name starts with P + ' '. */
  private readonly gazPrefixes = new Set<string>();
  /**
   * The gazetteer's names as a trie over their space-separated words: word index of each
   * word, child of (node, word) at key node × 2^21 + word, per node the types of the name
   * ending there and whether a longer name continues. Node 0 is the root.
   */
  private readonly gazWords = new Map<string, number>();
  private readonly gazChild = new PairTable();
  private gazNodeMask = new Int32Array(0);
  private gazNodeKids = new Uint8Array(0);
  /** Gazetteer feature buckets: code (t * 6 + kind) × S; kinds U, B, I, L, n(ext), p(rev). */
  private readonly gazB: Int32Array;
  /** Per gazetteer code, its summed weights over the seeds: code × C × L. */
  private readonly gazV: Float32Array;
  /** Memory feature buckets: 'm' + type (t), then 'm-' (T), × S. */
  private readonly memB: Int32Array;
  /** Per memory code, its summed weights: code × C × L. */
  private readonly memV: Float32Array;
  private readonly pairPre: Int32Array;
  // Queued row reads (see `queue`): bucket, seed (−1: one vector), target offset, row range.
  private qb = new Int32Array(256);
  private qk = new Int32Array(256);
  private qo = new Int32Array(256);
  private q0 = new Uint32Array(256);
  private q1 = new Uint32Array(256);
  private qn = 0;
  /** Sink of the prefetching loop in `flush` (kept so that the loop is not optimised away). */
  private touched = 0;
  private touchedF = 0;
  /** Part-of-speech features (`FeatureContext.pos`). */
  private readonly pos: boolean;
  /** Per triple of UPOS codes (before, token, after): the summed weights of its features, C × L, once computed. */
  private readonly posTri: Float32Array;
  private readonly posTriDone: Uint8Array;
  /** Per far code (0: two before, 1: two after) × UPOS code: the summed weights, C × L. */
  private readonly posFarV: Float32Array;
  // Reusable per-sentence buffers.
  private ucs = new Int32Array(64);
  private sid = new Int32Array(64);
  private bis = new Int32Array(64);
  private sks = new Int32Array(64);
  private outs: Float32Array[] = [];

  constructor(o: FastNerOptions) {
    const L = (this.L = o.rows.L);
    this.rows = o.rows;
    this.nonEmpty = o.rows.nonEmpty;
    this.mask = (1 << o.bits) - 1;
    this.seeds = domainSeeds(o.domains);
    const S = (this.S = this.seeds.length);
    this.C = Math.max(1, o.domains.length);
    if (this.C > 255) throw new Error('sokhan: FastNerScorer supports at most 255 conventions');
    this.ctx = { bits: o.bits, gazetteer: o.gazetteer, clusters: o.clusters, clusterBits: o.clusterBits, lexicon: o.lexicon, orgHeads: o.orgHeads, pos: o.pos, gazWords: o.gazWords, ngrams: o.ngrams, tagClusters: o.tagClusters, pairClasses: o.pairClasses, wordCodes: o.wordCodes };
    this.pairClasses = o.pairClasses === true;
    this.PS = o.sharedPairs ? 1 : S;
    this.clusters = o.clusters && o.clusters.size > 0 ? o.clusters : null;
    this.gaz = o.gazetteer && o.gazetteer.size > 0 ? o.gazetteer : null;
    if (this.gaz) {
      for (const k of this.gaz.entries.keys()) {
        for (let p = k.indexOf(' '); p >= 0; p = k.indexOf(' ', p + 1)) this.gazPrefixes.add(k.slice(0, p));
      }
      this.buildGazetteerTrie(this.gaz);
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
    this.pos = o.pos === true;
    const K = UPOS_CODES;
    this.posTri = new Float32Array(this.pos ? K * K * K * this.C * L : 0);
    this.posTriDone = new Uint8Array(this.pos ? K * K * K : 0);
    const far: string[] = [];
    if (this.pos) for (const f of [0, 1] as const) for (let u = 0; u < K; u++) posFarFeatures(f, u, (x) => far.push(x));
    this.posFarV = sums(strs(far));
    this.BC = this.PS === 1 ? 1 : this.C;
    // (The pair scores pt added to both halves stay below 10 × 32768 < 2^19 with BC = 1: eight pair
    // features per token, ten with `pairClasses`, each |w| ≤ 32767.)
    this.packed = this.C === 2 && this.BC === 1;
    this.packLimit = Math.min(PACK_LIMIT, o.packLimit ?? PACK_LIMIT);
    this.RV = ROLES * this.C * L;
    this.fscratch = new Float32Array(this.RV);
    this.btmp = new Float32Array(BI_ROLES * this.BC * L);
    this.ptmp = new Float32Array(L);
    const bits = (x: number) => 32 - Math.clz32(Math.max(1, x - 1));
    this.LB = bits(L);
    this.IB = this.LB + (this.BC === 1 ? 0 : bits(this.BC));
    // A record value sums at most two features per seed, each |w| ≤ 32767.
    if (2 * this.PS * 32768 > 2 ** (31 - this.IB)) throw new Error('sokhan: too many labels or conventions for the NER fast path');
    this.reset();
  }

  private buildGazetteerTrie(g: Gazetteer): void {
    const mask: number[] = [0];
    const kids: number[] = [0];
    for (const [name, m] of g.entries) {
      let node = 0;
      for (const w of name.split(' ')) {
        let wi = this.gazWords.get(w);
        if (wi === undefined) this.gazWords.set(w, (wi = this.gazWords.size));
        const ck = node * GAZ_KEY + wi;
        let child = this.gazChild.get(ck);
        if (child < 0) {
          child = mask.length;
          mask.push(0);
          kids.push(0);
          this.gazChild.set(ck, child);
          kids[node] = 1;
        }
        node = child;
      }
      mask[node] = m;
    }
    if (this.gazWords.size >= GAZ_KEY) throw new Error('sokhan: gazetteer too large for the NER fast path');
    this.gazNodeMask = Int32Array.from(mask);
    this.gazNodeKids = Uint8Array.from(kids);
  }

  private bucket(h: number): number {
    return mix32(h) & this.mask;
  }

  /** The id of a form, its cached state built on first sight. */
  private idOf(form: string): number {
    let id = this.ids.get(form);
    if (id === undefined) {
      const key = formKey(form.length > 60 ? form.slice(0, 60) : form);
      const cl = this.clusters ? (this.clusters.get(key) ?? -1) : -1;
      id = this.build(form, key, shapeOf(form), cl, true);
      this.ids.set(form, id);
      this.formOf[id] = form;
    }
    return id;
  }

  /** Adds a bucket hashed with seed k to the vectors of the conventions it belongs to. */
  private addBucket(b: number, k: number, into: Float32Array, roleBase: number): void {
    if ((this.nonEmpty[b >>> 5] & (1 << (b & 31))) === 0) return;
    const L = this.L;
    const C = this.C;
    const { start, entries } = this.rows;
    const j0 = start[b];
    const je = start[b + 1];
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

  /**
   * Queues bucket b's row (hashed with seed k; k = −1: added once, at `base`, as `addRow`)
   * to be added to `into` by `flush`. Reading the rows of many features in one batch lets
   * the processor overlap their cache misses (the row index and entries are ~10 MB, and a
   * new word's features mostly hit rows that are not in cache).
   */
  private queue(b: number, k: number, base: number): void {
    if ((this.nonEmpty[b >>> 5] & (1 << (b & 31))) === 0) return;
    if (this.qn === this.qb.length) {
      const grow = <T extends Int32Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const x = make(a.length * 2);
        x.set(a);
        return x;
      };
      this.qb = grow(this.qb, (n) => new Int32Array(n));
      this.qk = grow(this.qk, (n) => new Int32Array(n));
      this.qo = grow(this.qo, (n) => new Int32Array(n));
      this.q0 = new Uint32Array(this.qb.length);
      this.q1 = new Uint32Array(this.qb.length);
    }
    const i = this.qn++;
    this.qb[i] = b;
    this.qk[i] = k;
    this.qo[i] = base;
  }

  /** Adds the queued rows to `into` (see `queue`, `addBucket`). */
  private flush(into: Float32Array): void {
    const n = this.qn;
    this.qn = 0;
    const { start, entries } = this.rows;
    const qb = this.qb;
    const q0 = this.q0;
    const q1 = this.q1;
    // First the row ranges of all (independent loads), then the entries.
    for (let i = 0; i < n; i++) {
      const b = qb[i];
      q0[i] = start[b];
      q1[i] = start[b + 1];
    }
    // Touch each row's first entry in a branch-free loop: the loads are independent, so the
    // processor has them all in flight at once; the summing loop below then hits the cache.
    let touch = 0;
    for (let i = 0; i < n; i++) touch ^= entries[q0[i]];
    this.touched ^= touch;
    const L = this.L;
    const C = this.C;
    const qk = this.qk;
    const qo = this.qo;
    for (let i = 0; i < n; i++) {
      const k = qk[i];
      const j0 = q0[i];
      const je = q1[i];
      if (k === 0) {
        for (let c = 0; c < C; c++) {
          const base = qo[i] + c * L;
          for (let j = j0; j < je; j++) {
            const x = entries[j];
            into[base + (x & 255)] += x >> 8;
          }
        }
      } else {
        const base = k < 0 ? qo[i] : qo[i] + (k - 1) * L;
        for (let j = j0; j < je; j++) {
          const x = entries[j];
          into[base + (x & 255)] += x >> 8;
        }
      }
    }
  }

  /** Room for form ids below `need`. */
  private reserve(need: number): void {
    if (need <= this.cap) return;
    // Doubling, but not past the cache limit unless one sentence needs more.
    const cap = Math.max(need, need > CACHE_LIMIT + 2 ? this.cap * 2 : Math.min(this.cap * 2, CACHE_LIMIT + 2), 256);
    const vecs = new Float32Array(this.packed ? 0 : cap * this.RV);
    if (!this.packed) vecs.set(this.vecs.subarray(0, this.count * this.RV));
    const PV = ROLES * this.L;
    const vecP = new Float64Array(this.packed ? cap * PV : 0);
    if (this.packed) vecP.set(this.vecP.subarray(0, this.count * PV));
    this.vecP = vecP;
    const sts = new Int32Array(cap * PAIRS * this.PS);
    sts.set(this.sts.subarray(0, this.count * PAIRS * this.PS));
    const gm = new Int32Array(cap);
    gm.set(this.gazMask.subarray(0, this.count));
    const gp = new Uint8Array(cap);
    gp.set(this.gazPre.subarray(0, this.count));
    const gw = new Int32Array(cap);
    gw.set(this.gazWord.subarray(0, this.count));
    const gn = new Int32Array(cap);
    gn.set(this.gazNode.subarray(0, this.count));
    this.gazNode = gn;
    const si = new Int32Array(cap);
    si.set(this.shapeId.subarray(0, this.count));
    this.gazWord = gw;
    this.shapeId = si;
    this.vecs = vecs;
    this.sts = sts;
    this.gazMask = gm;
    this.gazPre = gp;
    this.cap = cap;
  }

  private build(form: string, key: string, shape: string, cl: number, real: boolean): number {
    const id = this.count++;
    this.reserve(this.count);
    const S = this.S;
    const CL = this.C * this.L;
    // Summed in float32 scratch (every sum an exact integer), then stored (see `storeVectors`).
    const vec = this.fscratch;
    const off = 0;
    vec.fill(0);
    const seeds = this.seeds;
    const role = (r: number) => (f: string) => {
      for (let k = 0; k < S; k++) this.queue(this.bucket(fnv1a(f, seeds[k])), k, off + r * CL);
    };
    const ctx = this.ctx;
    const lex = ctx.lexicon && form.length <= 60 ? lexiconClass(form, ctx.lexicon) : undefined;
    if (real) selfFeatures(form, key, shape, cl, ctx, role(SELF), lex);
    prevFeatures(form, key, cl, ctx, role(PREV), lex);
    nextFeatures(form, key, cl, ctx, role(NEXT), lex);
    prev2Features(key, role(PREV2));
    next2Features(key, role(NEXT2));
    this.flush(vec);
    const st = this.sts;
    const so = id * PAIRS * this.PS;
    // Only the seeds the pair features use (PS); FNV-1a streams, so "x|" is x then "|".
    for (let k = 0; k < this.PS; k++) {
      for (let p = 0; p < PAIRS; p++) st[so + p * this.PS + k] = fnv1a('|', fnv1a(p >= ST_PSW ? shape : key, this.pairPre[p * S + k]));
    }
    this.keys[id] = key;
    this.cls[id] = cl;
    this.shapes[id] = shape;
    const g = real ? this.gaz : null;
    if (g === null) {
      this.gazMask[id] = 0;
      this.gazPre[id] = 0;
      this.gazWord[id] = -1;
      this.gazNode[id] = -1;
    } else if (key.indexOf(' ') >= 0) {
      this.gazMask[id] = g.entries.get(key) ?? 0;
      this.gazPre[id] = this.gazPrefixes.has(key) ? 1 : 0;
      this.gazWord[id] = -2;
      this.gazNode[id] = -1;
    } else {
      // A one-word name, or the first word of longer ones: the root's child for this word.
      const w = this.gazWords.get(key) ?? -1;
      const node = w >= 0 ? this.gazChild.get(w) : -1;
      this.gazWord[id] = w;
      this.gazNode[id] = node;
      this.gazMask[id] = node >= 0 ? this.gazNodeMask[node] : 0;
      this.gazPre[id] = node >= 0 ? this.gazNodeKids[node] : 0;
    }
    // A one-word name's features depend on this word alone: its U feature (to the word
    // itself), "a name starts next" (to the token before: the NEXT role) and "a name just
    // ended" (to the token after: the PREV role) are part of the word's role vectors, so
    // `addGazetteer` only looks for names of two words or more.
    const m1 = this.gazMask[id];
    if (m1 !== 0) {
      const gazV = this.gazV;
      for (let t = 0, T = ENTITY_TYPES.length; t < T; t++) {
        if (!(m1 & (1 << t))) continue;
        const u = (t * 6) * CL;
        const gn = (t * 6 + 4) * CL;
        const gp = (t * 6 + 5) * CL;
        for (let q = 0; q < CL; q++) {
          vec[off + SELF * CL + q] += gazV[u + q];
          vec[off + NEXT * CL + q] += gazV[gn + q];
          vec[off + PREV * CL + q] += gazV[gp + q];
        }
      }
    }
    this.storeVectors(id, vec);
    let sh = this.shapeIds.get(shape);
    if (sh === undefined) this.shapeIds.set(shape, (sh = this.shapeIds.size));
    this.shapeId[id] = sh;
    return id;
  }

  /** Stores form `id`'s role vectors `v` (ROLES × C × L), packed or plain (see `packed`). */
  private storeVectors(id: number, v: Float32Array): void {
    if (!this.packed) {
      this.vecs.set(v, id * this.RV);
      return;
    }
    const L = this.L;
    const CL = 2 * L;
    const vp = this.vecP;
    const at = id * ROLES * L;
    const lim = this.packLimit;
    for (let r = 0; r < ROLES; r++) {
      for (let y = 0; y < L; y++) {
        const a = v[r * CL + y];
        const b = v[r * CL + L + y];
        if (a >= lim || a <= -lim || b >= lim || b <= -lim) this.packFail = true;
        vp[at + r * L + y] = a * PACK + b;
      }
    }
  }

  /** Empties the caches (bounded memory); ids 0 and 1 are the sentence boundaries again. */
  private reset(): void {
    this.ids.clear();
    this.formOf.length = 0;
    this.slotIds.fill(0);
    this.shapeIds.clear();
    this.count = 0;
    this.keys.length = 0;
    this.cls.length = 0;
    this.shapes.length = 0;
    this.build('<s>', '<s>', '<s>', -2, false);
    this.build('</s>', '</s>', '</s>', -2, false);
    this.resetBigrams();
  }

  /** Empties the pair caches only. */
  private resetBigrams(): void {
    this.pairs.clear();
    this.triples.clear();
    this.skips.clear();
    this.bUsed = BI_ROLES;
  }

  /**
   * Offset in `bval` of the cached pair-feature record of adjacent words x y (see the class
   * comment). Offset 0 is the empty record.
   */
  private bigram(x: number, y: number): number {
    if (x >= BI_MAX || y >= BI_MAX) return this.buildBigram(x, y);
    const key = (x << BI_SHIFT) | y;
    let off = this.pairs.get(key);
    if (off < 0) this.pairs.set(key, (off = this.buildBigram(x, y)));
    return off;
  }

  /** Stores the dense C' × L vector `v` (C' = v.length / L) as a one-role record; 0 if all zero. */
  private record1(v: Float32Array): number {
    let nz = 0;
    for (let j = 0; j < v.length; j++) if (v[j] !== 0) nz++;
    if (nz === 0) return 0;
    const off = this.reserveRecord(1 + nz);
    const L = this.L;
    const rec = this.rec;
    let w = off + 1;
    for (let j = 0; j < v.length; j++) {
      if (v[j] === 0) continue;
      rec[w++] = (v[j] << this.IB) | (((j / L) | 0) << this.LB) | j % L;
    }
    rec[off] = w;
    this.bUsed = w;
    return off;
  }

  private reserveRecord(size: number): number {
    const off = this.bUsed;
    const need = off + size;
    if (need > this.rec.length) {
      const r = new Int32Array(Math.max(need, Math.ceil(this.rec.length * 1.5)));
      r.set(this.rec.subarray(0, off));
      this.rec = r;
    }
    return off;
  }

  /** Record (one role) of the 'pn' feature of words x _ y. */
  private skipPair(x: number, y: number): number {
    const cached = x < BI_MAX && y < BI_MAX;
    const key = (x << BI_SHIFT) | y;
    let off = cached ? this.skips.get(key) : -1;
    if (off >= 0) return off;
    const PS = this.PS;
    const v = this.btmp.subarray(0, this.BC * this.L);
    const so = x * PAIRS * PS + ST_PN * PS;
    const yk = this.keys[y];
    for (let k = 0; k < PS; k++) this.queue(mix32(fnv1a(yk, this.sts[so + k])) & this.mask, this.BC === 1 ? -1 : k, 0);
    if (this.qn === 0) off = 0;
    else {
      v.fill(0);
      this.flush(v);
      off = this.record1(v);
    }
    if (cached) this.skips.set(key, off);
    return off;
  }

  /** Record (one role) of the 'ps' feature of a token of shape id b between shapes a and c (ids of x, cur, y). */
  private shapeTriple(x: number, cur: number, y: number): number {
    const si = this.shapeId;
    const a = si[x];
    const b = si[cur];
    const c = si[y];
    const cached = a < SHAPE_KEY && b < SHAPE_KEY && c < SHAPE_KEY;
    const key = (a * SHAPE_KEY + b) * SHAPE_KEY + c;
    let off = cached ? this.triples.get(key) : -1;
    if (off >= 0) return off;
    const v = this.btmp.subarray(0, this.BC * this.L);
    v.fill(0);
    const so = x * PAIRS * this.PS;
    const cs = this.shapes[cur];
    const ys = this.shapes[y];
    for (let k = 0; k < this.PS; k++) this.queue(mix32(fnv1a(ys, fnv1a('|', fnv1a(cs, this.sts[so + ST_PS * this.PS + k])))) & this.mask, this.BC === 1 ? -1 : k, 0);
    this.flush(v);
    off = this.record1(v);
    if (cached) this.triples.set(key, off);
    return off;
  }

  private buildBigram(x: number, y: number): number {
    const PS = this.PS;
    const L = this.L;
    const BCL = this.BC * L;
    const mask = this.mask;
    const v = this.btmp;
    const xs = this.sts;
    const xo = x * PAIRS * PS;
    const yk = this.keys[y];
    const ys = this.shapes[y];
    for (let k = 0; k < this.PS; k++) {
      // FNV-1a of y's key streamed onto five states at once (as `fnv1a(yk, state)` each).
      let h0 = xs[xo + ST_WN * PS + k] >>> 0;
      let h1 = xs[xo + ST_PW * PS + k] >>> 0;
      let h2 = xs[xo + ST_PPP * PS + k] >>> 0;
      let h3 = xs[xo + ST_NNN * PS + k] >>> 0;
      let h5 = xs[xo + ST_PSW * PS + k] >>> 0;
      for (let i = 0; i < yk.length; i++) {
        const c = yk.charCodeAt(i);
        const lo = c & 0xff;
        const hi = c >>> 8;
        h0 = Math.imul(Math.imul(h0 ^ lo, FNV_PRIME) ^ hi, FNV_PRIME);
        h1 = Math.imul(Math.imul(h1 ^ lo, FNV_PRIME) ^ hi, FNV_PRIME);
        h2 = Math.imul(Math.imul(h2 ^ lo, FNV_PRIME) ^ hi, FNV_PRIME);
        h3 = Math.imul(Math.imul(h3 ^ lo, FNV_PRIME) ^ hi, FNV_PRIME);
        h5 = Math.imul(Math.imul(h5 ^ lo, FNV_PRIME) ^ hi, FNV_PRIME);
      }
      const b0 = mix32(h0 >>> 0) & mask;
      const b1 = mix32(h1 >>> 0) & mask;
      const b2 = mix32(h2 >>> 0) & mask;
      const b3 = mix32(h3 >>> 0) & mask;
      const b4 = mix32(fnv1a(ys, xs[xo + ST_WSN * PS + k])) & mask;
      const b5 = mix32(h5 >>> 0) & mask;
      const kk = this.BC === 1 ? -1 : k;
      this.queue(b0, kk, LEFT * BCL);
      this.queue(b4, kk, LEFT * BCL);
      this.queue(b1, kk, RIGHT * BCL);
      this.queue(b5, kk, RIGHT * BCL);
      this.queue(b2, kk, AFTER * BCL);
      this.queue(b3, kk, BEFORE * BCL);
    }
    if (this.pairClasses) {
      const cb = this.ctx.clusterBits ?? 20;
      const fl = 'wnc' + this.keys[x] + '|' + neighbourClass(this.cls[y], cb);
      const fr = 'pcw' + neighbourClass(this.cls[x], cb) + '|' + yk;
      for (let k = 0; k < PS; k++) {
        const kk = this.BC === 1 ? -1 : k;
        this.queue(mix32(fnv1a(fl, this.seeds[k])) & mask, kk, LEFT * BCL);
        this.queue(mix32(fnv1a(fr, this.seeds[k])) & mask, kk, RIGHT * BCL);
      }
    }
    if (this.qn === 0) return 0; // no row has weights: the shared empty record
    v.fill(0);
    this.flush(v);
    // One pass writes the record (room for every entry reserved; only the used part is kept).
    const off = this.reserveRecord(BI_ROLES + v.length);
    const rec = this.rec;
    const IB = this.IB;
    const LB = this.LB;
    let w = off + BI_ROLES;
    for (let r = 0; r < BI_ROLES; r++) {
      for (let c = 0; c < this.BC; c++) {
        const o = r * BCL + c * L;
        for (let lab = 0; lab < L; lab++) {
          const val = v[o + lab];
          if (val !== 0) rec[w++] = (val << IB) | (c << LB) | lab;
        }
      }
      rec[off + r] = w;
    }
    if (w === off + BI_ROLES) return 0; // weights that cancel out
    this.bUsed = w;
    return off;
  }

  /** Adds role `role` of the record at `off` (with R roles) to token `base`'s scores. */
  private addRecord(off: number, R: number, role: number, base: number): void {
    if (off === 0) return;
    const rec = this.rec;
    const j = role === 0 ? off + R : rec[off + role - 1];
    const e = rec[off + role];
    const outs = this.outs;
    const IB = this.IB;
    if (this.BC === 1) {
      const m = (1 << IB) - 1;
      for (let c = 0, C = this.C; c < C; c++) {
        const out = outs[c];
        for (let q = j; q < e; q++) {
          const x = rec[q];
          out[base + (x & m)] += x >> IB;
        }
      }
    } else {
      const LB = this.LB;
      const lm = (1 << LB) - 1;
      const cm = (1 << (IB - LB)) - 1;
      for (let q = j; q < e; q++) {
        const x = rec[q];
        outs[(x >> LB) & cm][base + (x & lm)] += x >> IB;
      }
    }
  }

  /**
   * Emission scores (n × L each) of a sentence of normalised token forms, one table per
   * convention (see `FastNerOptions.domains`): equal, bit for bit, to the model's emissions
   * of `sentenceFeatures(forms, { …ctx, domain })` for each domain (or of the shared
   * features alone). The tables are views of buffers that the next call overwrites.
   */
  emissions(
    forms: readonly string[],
    memory: Map<string, number> | null = null,
    /** The UPOS of each token, for a model with part-of-speech features (missing: unknown). */
    upos: readonly (string | undefined)[] | null = null,
    /** The tokenizer's form slots of the tokens (optional; same scores with or without). */
    hint: FormSlotHint | null = null,
  ): Float32Array[] {
    const n = forms.length;
    const C = this.C;
    const L = this.L;
    const CL = C * L;
    // Caches are emptied between sentences only: a sentence's words keep their ids.
    if (this.count + n > CACHE_LIMIT && this.count > 2) this.reset();
    else if (this.pairs.size + this.triples.size + this.skips.size >= BIGRAM_LIMIT || this.bUsed > RECORD_LIMIT) this.resetBigrams();
    if (this.sid.length < n) this.sid = new Int32Array(2 * n);
    const sid = this.sid;
    if (hint && hint.at + n <= hint.slots.length && hint.size > 0) {
      if (this.slotTable !== hint.table || this.slotIds.length !== hint.size) {
        this.slotTable = hint.table;
        this.slotIds = new Int32Array(hint.size);
      }
      const slotIds = this.slotIds;
      const formOf = this.formOf;
      const slots = hint.slots;
      const at = hint.at;
      const size = hint.size;
      for (let i = 0; i < n; i++) {
        const form = forms[i];
        const sl = slots[at + i];
        if (sl >= 0 && sl < size) {
          const t = slotIds[sl] - 1;
          if (t >= 0 && formOf[t] === form) sid[i] = t;
          else slotIds[sl] = (sid[i] = this.idOf(form)) + 1;
        } else sid[i] = this.idOf(form);
      }
    } else for (let i = 0; i < n; i++) sid[i] = this.idOf(forms[i]);
    if (this.packFail) {
      // A score too large to pack: the plain layout from now on, this sentence again.
      this.packed = false;
      this.packFail = false;
      this.cap = 0;
      this.reset();
      return this.emissions(forms, memory, upos, null);
    }
    // Bigram records: bis[j] is the bigram of words j−2 and j−1 (−2, −1: <s>; n, n+1: </s>);
    // sks[i] the skip pair of token i (words i−1 and i+1). First a read of every pair's table
    // slot (independent loads: the processor has their cache misses in flight at once), then
    // the look-ups, then a read of each record found, before the token loop reads them.
    if (this.bis.length < n + 3) {
      this.bis = new Int32Array(2 * (n + 3));
      this.sks = new Int32Array(2 * (n + 3));
    }
    const bis = this.bis;
    const sks = this.sks;
    const wordAt = (j: number) => (j < 0 ? BOS : j >= n ? EOS : sid[j]);
    let touch = 0;
    for (let j = 0; j < n + 3; j++) {
      const x = wordAt(j - 2);
      const y = wordAt(j - 1);
      if (x < BI_MAX && y < BI_MAX) touch ^= this.pairs.touch((x << BI_SHIFT) | y);
    }
    for (let i = 0; i < n; i++) {
      const x = wordAt(i - 1);
      const y = wordAt(i + 1);
      if (x < BI_MAX && y < BI_MAX) touch ^= this.skips.touch((x << BI_SHIFT) | y);
    }
    for (let j = 0; j < n + 3; j++) bis[j] = this.bigram(wordAt(j - 2), wordAt(j - 1));
    for (let i = 0; i < n; i++) sks[i] = this.skipPair(wordAt(i - 1), wordAt(i + 1));
    const rec = this.rec;
    for (let j = 0; j < n + 3; j++) touch ^= rec[bis[j]];
    for (let i = 0; i < n; i++) touch ^= rec[sks[i]];
    this.touched ^= touch;
    if (this.packed) {
      // Also every cache line of the role vectors of the sentence's words (each is read at
      // five tokens), in one pass of independent loads.
      const vp = this.vecP;
      const PL = ROLES * this.L;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const b = sid[i] * PL;
        for (let k = 0; k < PL; k += 8) sum += vp[b + k];
      }
      this.touchedF += sum;
    }
    const need = n * L;
    const outs = this.outs;
    for (let c = 0; c < C; c++) {
      if (!outs[c] || outs[c].length < need) outs[c] = new Float32Array(Math.max(need, 64 * L, (outs[c]?.length ?? 0) * 2));
    }
    const pos = this.pos;
    if (pos && this.ucs.length < n) this.ucs = new Int32Array(2 * n);
    const ucs = this.ucs;
    if (pos) for (let i = 0; i < n; i++) ucs[i] = uposCode(upos ? upos[i] : undefined);
    const T = ENTITY_TYPES.length;
    const memV = this.memV;
    const RV = this.RV;
    const vec = this.vecs;
    const packed = this.packed;
    const vp = this.vecP;
    const PL = ROLES * L;
    const out0 = outs[0];
    const out1 = C > 1 ? outs[1] : outs[0];
    const keys = this.keys;
    const shared = this.BC === 1;
    const pt = this.ptmp;
    const IB = this.IB;
    const im = (1 << IB) - 1;
    for (let i = 0; i < n; i++) {
      const cur = sid[i];
      const p1 = i > 0 ? sid[i - 1] : BOS;
      const p2 = i > 1 ? sid[i - 2] : BOS;
      const n1 = i + 1 < n ? sid[i + 1] : EOS;
      const n2 = i + 2 < n ? sid[i + 2] : EOS;
      const base = i * L;
      // The five cached role vectors of the words around.
      const o0 = cur * RV + SELF * CL;
      const o1 = p1 * RV + PREV * CL;
      const o2 = n1 * RV + NEXT * CL;
      const o3 = p2 * RV + PREV2 * CL;
      const o4 = n2 * RV + NEXT2 * CL;
      if (shared) {
        // Pair features are shared by every convention: their records are summed once (into
        // pt), then added to each convention's five role vectors in one pass.
        for (let y = 0; y < L; y++) pt[y] = 0;
        // (The records of the four bigram roles, the skip pair and the shape triple, added in
        // line: role r of a record at o with R roles spans [r ? rec[o + r − 1] : o + R, rec[o + r]),
        // as in `addRecord`; o = 0 is the empty record.)
        const tri = this.shapeTriple(p1, cur, n1); // (may grow this.rec: read it after)
        const rc = this.rec;
        let o = bis[i + 2];
        if (o !== 0) for (let q = o + BI_ROLES, e = rc[o + LEFT]; q < e; q++) { const x = rc[q]; pt[x & im] += x >> IB; }
        o = bis[i + 1];
        if (o !== 0) for (let q = rc[o + RIGHT - 1], e = rc[o + RIGHT]; q < e; q++) { const x = rc[q]; pt[x & im] += x >> IB; }
        o = bis[i];
        if (o !== 0) for (let q = rc[o + AFTER - 1], e = rc[o + AFTER]; q < e; q++) { const x = rc[q]; pt[x & im] += x >> IB; }
        o = bis[i + 3];
        if (o !== 0) for (let q = rc[o + BEFORE - 1], e = rc[o + BEFORE]; q < e; q++) { const x = rc[q]; pt[x & im] += x >> IB; }
        o = sks[i];
        if (o !== 0) for (let q = o + 1, e = rc[o]; q < e; q++) { const x = rc[q]; pt[x & im] += x >> IB; }
        if (tri !== 0) for (let q = tri + 1, e = rc[tri]; q < e; q++) { const x = rc[q]; pt[x & im] += x >> IB; }
        if (packed) {
          const q0 = cur * PL + SELF * L;
          const q1 = p1 * PL + PREV * L;
          const q2 = n1 * PL + NEXT * L;
          const q3 = p2 * PL + PREV2 * L;
          const q4 = n2 * PL + NEXT2 * L;
          for (let y = 0; y < L; y++) {
            const x = vp[q0 + y] + vp[q1 + y] + vp[q2 + y] + vp[q3 + y] + vp[q4 + y] + pt[y] * (PACK + 1);
            // (+ 0: Math.round gives −0 for (−0.5, 0), where the plain sum is +0)
            const hi = Math.round(x * PACK_INV) + 0;
            out0[base + y] = hi;
            out1[base + y] = x - hi * PACK;
          }
        } else {
          for (let c = 0; c < C; c++) {
            const out = outs[c];
            const cL = c * L;
            for (let y = 0; y < L; y++) {
              const q = cL + y;
              out[base + y] = vec[o0 + q] + vec[o1 + q] + vec[o2 + q] + vec[o3 + q] + vec[o4 + q] + pt[y];
            }
          }
        }
      } else {
        for (let c = 0; c < C; c++) {
          const out = outs[c];
          const cL = c * L;
          for (let y = 0; y < L; y++) {
            const q = cL + y;
            out[base + y] = vec[o0 + q] + vec[o1 + q] + vec[o2 + q] + vec[o3 + q] + vec[o4 + q];
          }
        }
        // The four bigram records around (cur n1, p1 cur, p2 p1, n1 n2), and the records of
        // the other pair features ('pn' p1 _ n1, 'ps' shapes of p1 cur n1). Cached records
        // cost fewer cache misses than reading the rows of 'pn' afresh, once the rest of the
        // pipeline has run between two sentences.
        this.addRecord(bis[i + 2], BI_ROLES, LEFT, base);
        this.addRecord(bis[i + 1], BI_ROLES, RIGHT, base);
        this.addRecord(bis[i], BI_ROLES, AFTER, base);
        this.addRecord(bis[i + 3], BI_ROLES, BEFORE, base);
        this.addRecord(sks[i], 1, 0, base);
        this.addRecord(this.shapeTriple(p1, cur, n1), 1, 0, base);
      }
      if (memory) {
        const mem = memory.get(keys[cur]);
        if (mem) {
          for (let t = 0; t < T; t++) if (mem & (1 << t)) this.addFixed(memV, t * CL, base);
        } else this.addFixed(memV, T * CL, base);
      }
      if (pos) {
        const K = UPOS_CODES;
        const a = i > 0 ? ucs[i - 1] : UPOS_BOS;
        const b = i + 1 < n ? ucs[i + 1] : UPOS_EOS;
        this.addFixed(this.posTri, this.posTriple(a, ucs[i], b), base);
        this.addFixed(this.posFarV, (i > 1 ? ucs[i - 2] : UPOS_BOS) * CL, base);
        this.addFixed(this.posFarV, (K + (i + 2 < n ? ucs[i + 2] : UPOS_EOS)) * CL, base);
      }
    }
    // Gazetteer features: their summed weights are precomputed per code.
    this.addGazetteer(sid, n);
    return outs.slice(0, C);
  }

  /** Offset in `posTri` of the summed part-of-speech weights of UPOS codes a u b (computed on first use). */
  private posTriple(a: number, u: number, b: number): number {
    const key = (a * UPOS_CODES + u) * UPOS_CODES + b;
    const off = key * this.C * this.L;
    if (this.posTriDone[key] === 0) {
      const S = this.S;
      const seeds = this.seeds;
      posTripleFeatures(a, u, b, (f) => {
        for (let k = 0; k < S; k++) this.queue(this.bucket(fnv1a(f, seeds[k])), k, off);
      });
      this.flush(this.posTri);
      this.posTriDone[key] = 1;
    }
    return off;
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

  /** Adds the gazetteer features (names of the gazetteer found in the sentence) to the scores. */
  private addGazetteer(sid: Int32Array, n: number): void {
    const g = this.gaz;
    if (!g) return;
    const gazPre = this.gazPre;
    const gazWord = this.gazWord;
    // A word with a space in its key could join words differently than the names do:
    // then the sentence is matched on the joined strings, as the reference does.
    for (let i = 0; i < n; i++) if (gazWord[sid[i]] === -2) return this.addGazetteerByStrings(sid, n);
    const child = this.gazChild;
    const nodeMask = this.gazNodeMask;
    const nodeKids = this.gazNodeKids;
    for (let s = 0; s < n; s++) {
      // One-word names are in the words' role vectors (see `build`); whether a longer name
      // starts here is known per form.
      const id = sid[s];
      if (gazPre[id] === 0) continue;
      let node = this.gazNode[id];
      const maxE = Math.min(n, s + g.maxLen);
      for (let e = s + 2; e <= maxE && node >= 0; e++) {
        const w = gazWord[sid[e - 1]];
        if (w < 0) break;
        const next = child.get(node * GAZ_KEY + w);
        if (next < 0) break;
        if (nodeMask[next] !== 0) this.gazetteerHit(s, e, n, nodeMask[next]);
        if (nodeKids[next] === 0) break;
        node = next;
      }
    }
  }

  /** `addGazetteer` on joined key strings (as `sentenceFeatures` finds names). */
  private addGazetteerByStrings(sid: Int32Array, n: number): void {
    const g = this.gaz!;
    const entries = g.entries;
    const prefixes = this.gazPrefixes;
    const keys = this.keys;
    for (let s = 0; s < n; s++) {
      let key = '';
      const maxE = Math.min(n, s + g.maxLen);
      for (let e = s + 1; e <= maxE; e++) {
        key = e === s + 1 ? keys[sid[s]] : key + ' ' + keys[sid[e - 1]];
        // (one-word names: in the role vectors, see `build`)
        const m = e === s + 1 ? undefined : entries.get(key);
        if (m !== undefined && m !== 0) this.gazetteerHit(s, e, n, m);
        if (!prefixes.has(key)) break;
      }
    }
  }

  /** Adds the features of a name of types `m` over tokens [s, e) of a sentence of n. */
  private gazetteerHit(s: number, e: number, n: number, m: number): void {
    const CL = this.C * this.L;
    const gazV = this.gazV;
    for (let t = 0, T = ENTITY_TYPES.length; t < T; t++) {
      if (!(m & (1 << t))) continue;
      for (let i = s; i < e; i++) {
        const pos = e - s === 1 ? 0 : i === s ? 1 : i === e - 1 ? 3 : 2;
        this.addFixed(gazV, (t * 6 + pos) * CL, i * this.L);
      }
      if (s > 0) this.addFixed(gazV, (t * 6 + 4) * CL, (s - 1) * this.L);
      if (e < n) this.addFixed(gazV, (t * 6 + 5) * CL, e * this.L);
    }
  }
}

/**
 * Open-addressing hash table from non-negative int32 keys to non-negative int32 values
 * (linear probing, grows at 70 % load): 8 bytes a slot, half of `PairTable`'s.
 */
class IntPairTable {
  /** Slot h: key at 2h (−1: empty), value at 2h + 1. */
  private kv = new Int32Array(0);
  private m = 0;
  size = 0;

  constructor() {
    this.clear();
  }

  clear(): void {
    if (this.kv.length !== 8192) {
      this.kv = new Int32Array(8192);
      this.m = 4095;
    }
    this.kv.fill(-1);
    this.size = 0;
  }

  /** The key in `key`'s first slot (read only to bring the slot into cache ahead of `get`). */
  touch(key: number): number {
    return this.kv[2 * (mix32(key) & this.m)];
  }

  /** The value of `key`, or −1. */
  get(key: number): number {
    const kv = this.kv;
    const m = this.m;
    for (let h = mix32(key) & m; ; h = (h + 1) & m) {
      const x = kv[2 * h];
      if (x === key) return kv[2 * h + 1];
      if (x < 0) return -1;
    }
  }

  /** Sets a key that is not in the table. */
  set(key: number, value: number): void {
    let h = mix32(key) & this.m;
    while (this.kv[2 * h] >= 0) h = (h + 1) & this.m;
    this.kv[2 * h] = key;
    this.kv[2 * h + 1] = value;
    if (++this.size * 10 > (this.m + 1) * 7) this.grow();
  }

  private grow(): void {
    const old = this.kv;
    this.kv = new Int32Array(old.length * 2).fill(-1);
    this.m = this.kv.length / 2 - 1;
    for (let s = 0; s < old.length; s += 2) {
      if (old[s] < 0) continue;
      let h = mix32(old[s]) & this.m;
      while (this.kv[2 * h] >= 0) h = (h + 1) & this.m;
      this.kv[2 * h] = old[s];
      this.kv[2 * h + 1] = old[s + 1];
    }
  }
}

/**
 * Open-addressing hash table from non-negative integer keys below 2^53 to non-negative
 * int32 values (linear probing, grows at 70 % load).
 */
class PairTable {
  /** Slot h: key at 2h (−1: empty), value at 2h + 1 (one cache line for both). */
  private kv = new Float64Array(0);
  private m = 0;
  size = 0;

  constructor() {
    this.clear();
  }

  clear(): void {
    if (this.kv.length !== 8192) {
      this.kv = new Float64Array(8192);
      this.m = 4095;
    }
    for (let h = 0; h < 8192; h += 2) this.kv[h] = -1;
    this.size = 0;
  }

  private slot(key: number): number {
    const hi = Math.floor(key / 0x4000000);
    const lo = key - hi * 0x4000000;
    return mix32(Math.imul(hi, 0x9e3779b1) ^ lo) & this.m;
  }

  /** The value of `key`, or −1. */
  get(key: number): number {
    const kv = this.kv;
    for (let h = this.slot(key); ; h = (h + 1) & this.m) {
      const x = kv[2 * h];
      if (x === key) return kv[2 * h + 1];
      if (x < 0) return -1;
    }
  }

  /** Sets a key that is not in the table. */
  set(key: number, value: number): void {
    let h = this.slot(key);
    while (this.kv[2 * h] >= 0) h = (h + 1) & this.m;
    this.kv[2 * h] = key;
    this.kv[2 * h + 1] = value;
    if (++this.size * 10 > (this.m + 1) * 7) this.grow();
  }

  private grow(): void {
    const old = this.kv;
    this.kv = new Float64Array(old.length * 2);
    for (let h = 0; h < this.kv.length; h += 2) this.kv[h] = -1;
    this.m = this.kv.length / 2 - 1;
    for (let s = 0; s < old.length; s += 2) {
      if (old[s] < 0) continue;
      let h = this.slot(old[s]);
      while (this.kv[2 * h] >= 0) h = (h + 1) & this.m;
      this.kv[2 * h] = old[s];
      this.kv[2 * h + 1] = old[s + 1];
    }
  }
}
