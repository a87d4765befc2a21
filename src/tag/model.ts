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
 * additions, the history features and an argmax over the UPOS set. Those sums and argmaxes (stage A
 * and stage B) run in a small WebAssembly SIMD kernel when the
 * host has one (kernel.ts): the same float32 additions in the same order, so the same tags; the JS
 * loops below remain for hosts without WebAssembly, for a NaN, and as its reference (a sentence edge
 * runs in the kernel too: a row of -0 stands for the missing neighbour, and x + -0 is x).
 */
import type { FormSlots } from '../doc/form-slots.js';
import type { Lexicon } from '../morph/lexicon.js';
import { unpackClusters } from './clusters.js';
import { createKernel, kernelBytes, type Kernel } from './kernel.js';
import { parseWordCodes } from '../ml/word-vectors.js';
import { FEATURE_PREFIXES, wordClasses, correctionParts, emitNeighbour, emitSelf, formFacts, historyParts, neighbourFeatures, prefixId, selfFeatures, type Clusters, type FeatureSink } from './features.js';

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
  /** Stage C, the correction of stage-A UPOS from both sides (absent in older files: no correction). */
  c?: CorrectionJson;
  /** Distributional word clusters from unlabelled news (clusters.ts, packed). */
  clusters?: string;
  /** Binarised word-vector codes (src/ml/word-vectors.ts serializeWordCodes), features of the word (features.ts). */
  codes?: string;
  /** The ±1 neighbours' codes are features too. */
  codesNb?: boolean;
  /** A word without a code takes its noun base's or ZWNJ tail's (features.ts Clusters.codesBack). */
  codesBack?: boolean;
  info?: Record<string, unknown>;
}

/**
 * Stage C (optional): a correction of stage A's UPOS from the pass-1 UPOS on BOTH sides. Stage A only
 * sees its own predictions on the left; stage C re-decides each word (tag-dictionary words excepted)
 * from the pass-1 UPOS at i-2..i+2 and parts of the word conjoined with them. It is trained on
 * jackknifed pass-1 output (train.ts), and its UPOS replace stage A's before stage B.
 */
export interface CorrectionJson {
  /** Templates, `<part>:<rels>` (see parseCTemplate), in scoring order. */
  templates: string[];
  /** Weights over the UPOS labels; feature names are `C<template>=<part|>tag|tag…`. */
  table: WeightTableJson;
  /**
   * The word's stage-A scores enter stage C times this factor (absent or 0: not at all; then stage C
   * decides from its own features only).
   */
  base?: number;
  /**
   * Stage C also reads every stage-A feature of the word (`A:` + its name; the history from the pass-1
   * UPOS): a full second stage-A pass that sees the pass-1 UPOS on the right too (train.ts correctStatic).
   */
  static?: boolean;
  /**
   * Stage C re-decides only the words whose stage-A margin (best score minus the runner-up's) is below
   * this (absent: every word but the tag-dictionary ones).
   */
  gate?: number;
}

/** Parts of the word a stage-C template may conjoin (features.ts correctionParts, same order); `t`: none. */
export const C_PARTS = ['w', 's2', 's3', 'k', 'lb'] as const;

export interface CTemplate {
  /** Feature-name prefix, `C<spec>=`. */
  name: string;
  /** Index into C_PARTS, or -1 (tags only). */
  part: number;
  /** Relative positions of the pass-1 UPOS conjoined. */
  at: number[];
}

/** The default stage-C templates (train.ts). */
export const C_DEFAULT_TEMPLATES: readonly string[] = [
  't:0', 't:-1', 't:1', 't:-2', 't:2', 't:-1,0', 't:0,1', 't:-1,1', 't:0,1,2', 't:-2,-1,0',
  'w:0', 'w:1', 'w:-1', 's2:1', 's3:0,1', 'k:1', 'k:0,1', 'lb:0,1',
];

/** A stage-C template spec `<part>:<rels>` (part t = tags only; rels comma-separated in -2..2). */
export function parseCTemplate(spec: string): CTemplate {
  const c = spec.indexOf(':');
  const p = spec.slice(0, c);
  const part = p === 't' ? -1 : (C_PARTS as readonly string[]).indexOf(p);
  const at = spec
    .slice(c + 1)
    .split(',')
    .map(Number);
  if (c < 0 || (p !== 't' && part < 0) || at.length === 0 || at.length > 3 || at.some((r) => !Number.isInteger(r) || r < -2 || r > 2))
    throw new Error(`sokhan: bad stage-C template ${JSON.stringify(spec)}`);
  return { name: 'C' + spec + '=', part, at };
}

/**
 * Stage-C feature strings of one word: `parts` its correctionParts, `tagAt(rel)` the pass-1 UPOS index
 * at i + rel (upos.length outside the sentence, named '#').
 */
export function correctionStrings(upos: readonly string[], templates: readonly CTemplate[], parts: readonly string[], tagAt: (rel: number) => number): string[] {
  const out: string[] = [];
  for (const t of templates) {
    let v = '';
    if (t.part >= 0) {
      const p = parts[t.part];
      if (p === '') continue;
      v = p + '|';
    }
    for (let k = 0; k < t.at.length; k++) {
      const u = tagAt(t.at[k]);
      v += (k > 0 ? '|' : '') + (u < upos.length ? upos[u] : '#');
    }
    out.push(t.name + v);
  }
  return out;
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
/** Distinct forms whose per-form data the tagger keeps (per generation; see Tagger.resolve). */
const CACHE_LIMIT = 40_000;

export interface TaggerOptions {
  /** Distinct forms kept per cache generation (default 40,000); small values are for tests. */
  cacheLimit?: number;
  /** false: the score sums in JS only, never in WebAssembly (kernel.ts); the tags are the same. */
  kernel?: boolean;
}

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

/**
 * Stage A's feature strings for word i of `forms`, the two previous UPOS indices being p1 and p2
 * (upos.length: none), in the plain form the reference tests and the scripts score with (the tagger
 * sums cached per-form vectors instead): the word's own and its neighbours' features, and its history.
 */
export function stageAFeatureStrings(
  forms: readonly string[],
  i: number,
  p1: number,
  p2: number,
  upos: readonly string[],
  hs: { p1: string[]; p21: string[] },
  lex: Lexicon,
  scheme: string,
  clusters?: Clusters,
): string[] {
  const nU = upos.length;
  const n = forms.length;
  const feats = [...selfFeatures(forms[i], lex, scheme, true, clusters)];
  for (const r of A_NEIGHBOURS) if (i + r >= 0 && i + r < n) feats.push(...neighbourFeatures(forms[i + r], r, lex, scheme, true, clusters));
  feats.push(hs.p1[p1], hs.p21[p2 * (nU + 1) + p1]);
  const hp = historyPartStrings(upos, historyParts(forms[i], lex));
  for (let k = 0; k < HIST_PARTS; k++) if (hp[p1 * HIST_PARTS + k]) feats.push(hp[p1 * HIST_PARTS + k]);
  return feats;
}

/** Stage-B context strings: `U<rel>=<upos>` per position (index nU = outside the sentence), and the ±1 pair. */
export function contextStrings(upos: readonly string[]): { single: string[][]; pair: string[] } {
  const names = [...upos, '#'];
  return {
    single: B_CONTEXT.map((r) => names.map((u) => 'U' + r + '=' + u)),
    pair: names.flatMap((a) => names.map((b) => 'U-1+1=' + a + '|' + b)),
  };
}

const EMPTY_F32 = new Float32Array(0);
const fround = Math.fround;

/** The largest of s[0 .. n) but s[best] (-Infinity when n = 1). */
function second(s: Float32Array, best: number, n: number): number {
  let b = -Infinity;
  for (let t = 0; t < n; t++) if (t !== best && s[t] > b) b = s[t];
  return b;
}

function addAt(s: Float32Array, m: Float32Array, at: number, w: number): void {
  for (let t = 0; t < w; t++) s[t] += m[at + t];
}

/** Split of a feature name into prefix (up to and including its first '=', or the whole name) and value. */
function splitName(name: string): [string, string] {
  const eq = name.indexOf('=');
  return eq < 0 ? [name, ''] : [name.slice(0, eq + 1), name.slice(eq + 1)];
}

/**
 * The feature names of both stages in one index, grouped by prefix (prefix → value → slot, slot →
 * stage-A id and stage-B id, -1 where absent): a new form's features are looked up once for both
 * stages, by a short prefix and a value that is often the already-flat word key, never by a long
 * concatenated string that would have to be flattened and hashed.
 */
class FeatureIndex {
  /** By prefix id (features.ts prefixId): value → slot. */
  readonly groups: (Map<string, number> | undefined)[] = [];
  readonly aId: Int32Array;
  readonly bId: Int32Array;
  /** Stage-C id of the `A:` + name feature (CorrectionJson.static), or -1. */
  readonly cId: Int32Array;
  constructor(a: readonly string[], b: readonly string[], c: readonly { name: string; id: number }[] = []) {
    const aIds: number[] = [];
    const bIds: number[] = [];
    const cIds: number[] = [];
    // Names come sorted, so runs share a prefix: the last prefix's group is reused while it matches.
    let lastPre = '';
    let lastG: Map<string, number> | undefined;
    const slot = (name: string): number => {
      let g: Map<string, number>;
      let val: string;
      if (lastG !== undefined && name.startsWith(lastPre)) {
        // lastPre ends with its only '=', so it is this name's prefix too.
        g = lastG;
        val = name.slice(lastPre.length);
      } else {
        const eq = name.indexOf('=');
        const pre = eq < 0 ? name : name.slice(0, eq + 1);
        val = eq < 0 ? '' : name.slice(eq + 1);
        const pi = prefixId(pre);
        const old = this.groups[pi];
        g = old ?? new Map<string, number>();
        if (old === undefined) this.groups[pi] = g;
        lastPre = pre;
        lastG = eq < 0 ? undefined : g;
      }
      let k = g.get(val);
      if (k === undefined) {
        k = aIds.length;
        g.set(val, k);
        aIds.push(-1);
        bIds.push(-1);
        cIds.push(-1);
      }
      return k;
    };
    a.forEach((name, i) => (aIds[slot(name)] = i));
    b.forEach((name, i) => (bIds[slot(name)] = i));
    for (const { name, id } of c) cIds[slot(name)] = id;
    this.aId = Int32Array.from(aIds);
    this.bId = Int32Array.from(bIds);
    this.cId = Int32Array.from(cIds);
    // The word-key family: one lookup of a word gives its slots under all five prefixes.
    const fam = WORD_PREFIXES.map((x) => prefixId(x));
    this.wordFamily = new Int8Array(FEATURE_PREFIXES.length).fill(-1);
    fam.forEach((pi, j) => (this.wordFamily[pi] = j));
    const slots: number[] = [];
    fam.forEach((pi, j) => {
      for (const [val, k] of this.groups[pi] ?? []) {
        let e = this.words.get(val);
        if (e === undefined) {
          e = slots.length;
          this.words.set(val, e);
          for (let q = 0; q < fam.length; q++) slots.push(-1);
        }
        slots[e + j] = k;
      }
    });
    this.wordSlots = Int32Array.from(slots);
  }
  /** Word-key family (WORD_PREFIXES): prefix id → position in the family, -1 outside it (or a prefix registered later). */
  readonly wordFamily: Int8Array;
  /** Word key → offset in wordSlots of its slots under the WORD_PREFIXES (-1 if absent). */
  readonly words = new Map<string, number>();
  readonly wordSlots: Int32Array;
  /** Slot of a feature given as prefix and value, or -1. */
  slot(prefix: number, value: string): number {
    const g = prefix < this.groups.length ? this.groups[prefix] : undefined;
    if (g === undefined) return -1;
    return g.get(value) ?? -1;
  }
  /** Stage-A / stage-B id of a whole feature name, or -1. */
  a(name: string): number {
    const [pre, val] = splitName(name);
    const k = this.slot(prefixId(pre), val);
    return k < 0 ? -1 : this.aId[k];
  }
  b(name: string): number {
    const [pre, val] = splitName(name);
    const k = this.slot(prefixId(pre), val);
    return k < 0 ? -1 : this.bId[k];
  }
}

/** The prefixes whose value is the word key (features.ts emitSelf / emitNeighbour). */
const WORD_PREFIXES = ['w=', '-2w=', '-1w=', '1w=', '2w='];

/** The word classes (clusters and word-vector codes) a model's features read, or undefined. */
export function modelClasses(model: Pick<TaggerModelJson, 'clusters' | 'codes' | 'codesNb' | 'codesBack'>): Clusters | undefined {
  const k = model.clusters ? unpackClusters(model.clusters) : undefined;
  return model.codes ? wordClasses(k, parseWordCodes(model.codes), model.codesNb === true, model.codesBack === true) : k;
}

/** Unpacked sparse weight table. */
class Table {
  readonly offsets: Int32Array;
  readonly labels: Uint16Array;
  readonly weights: Float32Array;
  constructor(t: WeightTableJson) {
    this.offsets = Int32Array.from(t.offsets);
    this.labels = Uint16Array.from(t.labels);
    this.weights = new Float32Array(t.weights.length);
    for (let i = 0; i < t.weights.length; i++) this.weights[i] = t.weights[i] / WEIGHT_SCALE;
  }
  /** out[at + label] += weights of feature f. */
  addTo(out: Float32Array, at: number, f: number): void {
    const { offsets, labels, weights } = this;
    for (let k = offsets[f], end = offsets[f + 1]; k < end; k++) out[at + labels[k]] += weights[k];
  }
  /** out[at + label - lo] += weights of feature f, for labels in [lo, hi) only. */
  addRange(out: Float32Array, at: number, f: number, lo: number, hi: number): void {
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
      out[at + l - lo] += weights[k];
    }
  }
}

/**
 * Per-form data of the tagger, for up to `cap` distinct forms, in flat typed arrays indexed by a
 * form id (ids in order of first use, so frequent forms sit together in memory): a token then costs
 * one Map lookup and reads from a few contiguous slabs, no per-form objects.
 */
class FormStore {
  readonly ids = new Map<string, number>();
  /** The form of each id. */
  readonly forms: string[] = [];
  count = 0;
  cap: number;
  /** Stage A: per form [own scores | as neighbour at -2 | -1 | +1 | +2], nU each. */
  a: Float32Array;
  /**
   * Per form, META ints (one short record, read by both stages, so a word's own record and its
   * neighbours' are in cache by stage B): [M_FIXED] the joint tag from the tag dictionary or -1;
   * [M_HIST + q] the history part q's index in Tagger.partRows or -1 (HIST_PARTS of them);
   * [M_B + 2 * part] the UPOS whose stage-B score offset is at [M_B + 2 * part + 1] (bOff's
   * 1 + offset, see below), -1 for none: the last one asked for, a shortcut past bOff.
   */
  meta: Int32Array;
  /** Stage B feature ids: the word's own, and those it gives its left ([1]) / right ([2]) neighbour… */
  bIds: Int32Array;
  bIdsUsed = 0;
  /** …at bIds[bAt[id * 3 + part]] .. + bLen[id * 3 + part] (one slab, no per-form arrays). */
  bAt: Int32Array;
  bLen: Int32Array;
  /**
   * …and where their scores over one UPOS's tag range are cached in `bSlab`: at
   * [(id * 3 + part) * nU + u], 1 + offset, or 0 when not computed yet. part 0 = own,
   * 1 = given to the neighbour on the right (the form is on its left), 2 = on the left.
   */
  bOff: Int32Array;
  bSlab: Float32Array;
  bUsed = 0;
  /**
   * Stage C: per form, `cw` ints: for each stage-C template with a part, its row set (offset in Tagger.cFlat) or
   * -1; with stage-A features in stage C, then the row sets of its history parts (the same).
   */
  c: Int32Array;
  /**
   * With stage-A features in stage C: their sums per form, laid out as `a` (own | -2 | -1 | +1 | +2),
   * computed on first use (Tagger.ensureA2: only words the gate sends through, and their neighbours, need them).
   */
  a2: Float32Array;
  /** Whether a form's `a2` sums are computed (1) or not yet (0). */
  a2Done: Uint8Array;
  /** Per tokenizer form cache (FormSlots.table): id + 1 of the form last found in each of its slots (0: none). */
  readonly slotIds = new Map<object, Int32Array>();
  /** With a kernel, `a` and `bSlab` live in its memory: byte offsets (-1: on the JS heap) and lengths. */
  aAt = -1;
  aLen = 0;
  slabAt = -1;
  slabLen = 0;

  constructor(
    readonly nU: number,
    cap: number,
    private readonly kernel: Kernel | null,
    /** With a kernel: forms to make room for in `a` and `bSlab` at once (see Tagger.preForms). */
    pre = 0,
    /** Stage-C ints per form (see `c`). */
    readonly cw = 0,
    /** Whether `a2` is kept. */
    readonly withA2 = false,
  ) {
    this.cap = cap;
    this.c = new Int32Array(cap * cw);
    this.a2 = new Float32Array(withA2 ? cap * 5 * nU : 0);
    this.a2Done = new Uint8Array(withA2 ? cap : 0);
    this.a = this.grownA(EMPTY_F32, Math.max(cap, kernel !== null ? pre : 0) * 5 * nU);
    this.meta = new Int32Array(cap * META);
    this.bIds = new Int32Array(cap * 32);
    this.bAt = new Int32Array(cap * 3);
    this.bLen = new Int32Array(cap * 3);
    this.bOff = new Int32Array(cap * 3 * nU);
    this.bSlab = this.grownSlab(EMPTY_F32, Math.max(1024, cap * 16, kernel !== null ? pre * SLAB_PER_FORM : 0));
    // (the second allocation may have grown the memory, detaching the first view)
    if (this.kernel !== null) this.refresh(this.kernel);
  }

  /**
   * `a` (the current `old`) grown to n floats, in the kernel's memory when there is one. The
   * allocation may grow the memory: the tagger then makes this store's views again (refresh), so
   * `this.a` is read after it.
   */
  private grownA(old: Float32Array, n: number): Float32Array {
    const k = this.kernel;
    if (k === null) return grownF32(old, n);
    if (this.aAt >= 0 && this.aLen >= n) return this.a;
    const at = k.alloc(n);
    const b = k.f32(at, n);
    if (this.aAt >= 0) b.set(this.a);
    this.aAt = at;
    this.aLen = n;
    return b;
  }

  /** The same for `bSlab`. */
  private grownSlab(old: Float32Array, n: number): Float32Array {
    const k = this.kernel;
    if (k === null) return grownF32(old, n);
    if (this.slabAt >= 0 && this.slabLen >= n) return this.bSlab;
    const at = k.alloc(n);
    const b = k.f32(at, n);
    if (this.slabAt >= 0) b.set(this.bSlab);
    this.slabAt = at;
    this.slabLen = n;
    return b;
  }

  /** Views of the kernel's memory made again (after it grew: the old ones are detached). */
  refresh(k: Kernel): void {
    if (this.aAt >= 0) this.a = k.f32(this.aAt, this.aLen);
    if (this.slabAt >= 0) this.bSlab = k.f32(this.slabAt, this.slabLen);
  }

  /** This store becomes the older generation: `a` copied out of the kernel's memory, `bSlab` (no longer read) dropped. */
  detach(): void {
    if (this.aAt >= 0) this.a = this.a.slice(0, this.count * 5 * this.nU);
    this.aAt = -1;
    this.slabAt = -1;
    this.bSlab = EMPTY_F32;
  }

  /** Make room for `need` forms in all. */
  reserve(need: number): void {
    if (need <= this.cap) return;
    let cap = this.cap * 2;
    while (cap < need) cap *= 2;
    const nU = this.nU;
    this.a = this.grownA(this.a, cap * 5 * nU);
    this.meta = grownI32(this.meta, cap * META);
    this.bAt = grownI32(this.bAt, cap * 3);
    this.bLen = grownI32(this.bLen, cap * 3);
    this.bOff = grownI32(this.bOff, cap * 3 * nU);
    if (this.cw > 0) this.c = grownI32(this.c, cap * this.cw);
    if (this.withA2) {
      this.a2 = grownF32(this.a2, cap * 5 * nU);
      const d = new Uint8Array(cap);
      d.set(this.a2Done);
      this.a2Done = d;
    }
    this.cap = cap;
  }

  /** Stage-B feature ids src[from .. from + n) as list k (= id * 3 + part). */
  putB(k: number, src: Int32Array, from: number, n: number): void {
    const at = this.bIdsUsed;
    if (at + n > this.bIds.length) this.bIds = grownI32(this.bIds, Math.max(this.bIds.length * 2, at + n));
    this.bIds.set(src.subarray(from, from + n), at);
    this.bIdsUsed = at + n;
    this.bAt[k] = at;
    this.bLen[k] = n;
  }

  /** Room in `bSlab` for `w` more scores; returns the offset. */
  allocB(w: number): number {
    const at = this.bUsed;
    if (at + w > this.bSlab.length) this.bSlab = this.grownSlab(this.bSlab, Math.max(this.bSlab.length * 2, at + w));
    this.bUsed = at + w;
    return at;
  }
}

function grownF32(a: Float32Array, n: number): Float32Array {
  const b = new Float32Array(n);
  b.set(a);
  return b;
}

function grownI32(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/**
 * Stage-B score floats per form made room for at once in the kernel's memory (news text used
 * about 61 per form in a full generation, 28k forms).
 */
const SLAB_PER_FORM = 96;
/** At most this many forms' room is asked for at once (a larger cacheLimit grows the memory). */
const PRE_FORMS_MAX = 65536;

/** Layout of FormStore.meta (see there). */
const M_FIXED = 0;
const M_HIST = 1;
const M_B = M_HIST + HIST_PARTS;
const META = M_B + 6;

/** Forms a store holds before it becomes the older generation (see Tagger.ensure). */
const STORE_FIRST_CAP = 1024;

export class Tagger {
  readonly tags: string[];
  readonly triples: TagTriple[];
  readonly upos: string[];
  readonly scheme: string;
  private readonly A: Table;
  private readonly B: Table;
  /** Feature names of both stages (see FeatureIndex). */
  private readonly fx: FeatureIndex;
  /** Scratch lists of stage-B ids while a new form's features are looked up (own, left, right). */
  private bScratch = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
  private bCount = [0, 0, 0];
  /** Where the sink of a new form's features adds: stage-A block (offset into st.a), stage-B list (or -1). */
  private sinkA: Float32Array = new Float32Array(0);
  private sinkAt = 0;
  /** Off while ensureA2 runs the emission pass for stage C's sums only. */
  private sinkAOn = true;
  private sinkB = -1;
  /** The word key of the form being added, and its offset in fx.wordSlots (-1 if not a feature value). */
  private sinkW = '';
  private sinkWAt = -1;
  private readonly sink: FeatureSink;
  private readonly nU: number;
  /** Stage A transition scores: [(p2 * (nU+1) + p1) * nU + u]. */
  private trans: Float32Array;
  /** Joint tag ranges per UPOS: tags lo[u] .. hi[u]-1. */
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  /** UPOS index of each joint tag. */
  private readonly uposOfTag: Int32Array;
  /** Stage-B scores of the UPOS context, per predicted UPOS (see the constructor). */
  private readonly ctx: Float32Array[];
  private readonly tagdict: Map<string, number>;
  private readonly clusters: Clusters | undefined;
  /**
   * Two generations of per-form data: when the current store is full it becomes the older one,
   * and forms found there are copied forward (frequent forms survive a flush: a cheap LRU).
   */
  private store: FormStore;
  private older: FormStore | null = null;
  /**
   * Stage-A weights again, packed row by row for the history features read per token: at
   * aRowAt[f], the count n, then n pairs (label in aRowI, weight in aRowF, one buffer), so a row
   * is one memory read instead of three (offsets, labels, weights).
   */
  private readonly aRowAt: Int32Array;
  private aRowI: Int32Array;
  private aRowF: Float32Array;
  /**
   * The WebAssembly sums (kernel.ts), or null (JS only). With a kernel, trans, the history rows
   * (aRowI/aRowF), ctx and the current store's `a` and `bSlab` are views of its memory, at these
   * byte offsets; they are made again when the memory grows (refreshViews).
   */
  private readonly kernel: Kernel | null;
  /** Forms a store makes room for at once in the kernel's memory. */
  private readonly preForms: number;
  private transAt = -1;
  private rowsAt = -1;
  private ctxAt = new Int32Array(0);
  /** With a kernel: byte offset of a row of -0 (negZeroLen floats), the scores of a neighbour outside the sentence. */
  private negZeroAt = -1;
  private negZeroLen = 0;
  private readonly sA: Float32Array;
  private readonly sB: Float32Array;
  /** Per-sentence buffers: form ids, predicted UPOS. */
  private idBuf = new Int32Array(256);
  private uBuf = new Int32Array(256);
  private readonly cacheLimit: number;
  /**
   * Stage-A history features by word part: part → row (aRowAt) of `h<u>=<part>` for each previous
   * UPOS u (index nU = sentence start), -1 if absent. Built once from the model's feature names, so a
   * new form needs one lookup per part instead of building and looking up (nU + 1) strings.
   */
  private readonly histRows = new Map<string, Int32Array>();
  /** The same rows in one array: part index (partIndex) × (nU + 1) + previous UPOS → row, or -1. */
  private readonly partIndex = new Map<string, number>();
  private readonly partRows: Int32Array;
  /** Stage C (CorrectionJson), or null: its weights, templates (relative positions flattened), tables. */
  private readonly C: Table | null = null;
  private readonly cAt: Int32Array[] = [];
  /** Per template: dense scores [tuple * nU + u] of a tags-only template, or null (a template with a part). */
  private readonly cDense: (Float32Array | null)[] = [];
  /**
   * The tags-only templates summed per window of three positions (starting at -2, -1, 0; null: none):
   * [((x * nX + y) * nX + z) * nU + u], and whether a template is in one (then not read by itself).
   */
  private readonly cWin: (Float32Array | null)[] = [null, null, null];
  private cInWin = new Uint8Array(0);
  /** Per template with a part: part value → index into cSets. */
  private readonly cParts: (Map<string, number> | null)[] = [];
  /** The part index (into correctionParts) of each template with a part, in template order. */
  private readonly cPartOf: number[] = [];
  /** Row sets: a (template, part value)'s stage-C feature id by pass-1 tag tuple, -1 if absent. */
  private readonly cSets: Int32Array[] = [];
  /**
   * The same row sets (and the history row sets) flattened: the maps above then give a set's offset
   * here; an entry is the offset of its feature's packed row in cRowI/cRowF (count, then label and
   * weight pairs; one buffer) or -1.
   */
  private cFlat = new Int32Array(0);
  private cRowI = new Int32Array(0);
  private cRowF = new Float32Array(0);
  /** Stage-C templates with a part, and all ints per form in FormStore.c (those plus the history parts with cStatic). */
  private readonly nCP: number = 0;
  private readonly nCW: number = 0;
  /** Stage C reads the stage-A features too (CorrectionJson.static): its transition scores and history row sets. */
  private readonly cStatic: boolean = false;
  private readonly cTrans: Float32Array = EMPTY_F32;
  private readonly cHistParts = new Map<string, number>();
  private readonly cHistSets: Int32Array[] = [];
  private sinkC: Float32Array | null = null;
  private sinkCAt = 0;
  /** Stage C: the positions it re-decides in the sentence, and a sum kept so that its prefetching reads stay. */
  private todo = new Int32Array(256);
  private touchedC = 0;
  /** Pass-1 (stage-A) UPOS of the sentence while stage C runs. */
  private u1Buf = new Int32Array(256);
  /** Stage C's factor on the stage-A scores (CorrectionJson.base), and those scores per word of the sentence. */
  private readonly cBase: number = 0;
  /** CorrectionJson.gate (Infinity: none). */
  private readonly cGate: number = Infinity;
  private aScores = new Float32Array(0);
  /** With a gate: stage A's margin per word of the sentence. */
  private aMargins = new Float32Array(0);
  /** With a kernel: a view of its scratch row (stage A's sums of the last word), made again when its memory grows. */
  private kSums: Float32Array = EMPTY_F32;

  constructor(
    model: TaggerModelJson,
    private readonly lex: Lexicon,
    options: TaggerOptions = {},
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
    // Stage C's copies of the stage-A features (`A:` + name), looked up with the others.
    const cStaticNames: { name: string; id: number }[] = [];
    if (model.c?.static === true)
      model.c.table.features.forEach((name, id) => {
        if (name.startsWith('A:')) cStaticNames.push({ name: name.slice(2), id });
      });
    this.fx = new FeatureIndex(model.a.features, model.b.features, cStaticNames);
    this.sink = (prefix, value) => {
      const fx = this.fx;
      // The word key under its five prefixes: looked up once per form (in add), not five times.
      const j = prefix < fx.wordFamily.length ? fx.wordFamily[prefix] : -1;
      const k = j >= 0 && value === this.sinkW ? (this.sinkWAt < 0 ? -1 : fx.wordSlots[this.sinkWAt + j]) : fx.slot(prefix, value);
      if (k < 0) return;
      const fa = this.fx.aId[k];
      if (fa >= 0 && this.sinkAOn) this.A.addTo(this.sinkA, this.sinkAt, fa);
      if (this.sinkC !== null) {
        const fc = this.fx.cId[k];
        if (fc >= 0) this.C!.addTo(this.sinkC, this.sinkCAt, fc);
      }
      const q = this.sinkB;
      if (q >= 0) {
        const fb = this.fx.bId[k];
        if (fb >= 0) {
          let buf = this.bScratch[q];
          const c = this.bCount[q];
          if (c === buf.length) {
            const g = new Int32Array(c * 2);
            g.set(buf);
            this.bScratch[q] = buf = g;
          }
          buf[c] = fb;
          this.bCount[q] = c + 1;
        }
      }
    };
    {
      const { offsets, labels, weights } = this.A;
      const nF = offsets.length - 1;
      const buf = new ArrayBuffer(4 * (nF + 2 * weights.length));
      this.aRowI = new Int32Array(buf);
      this.aRowF = new Float32Array(buf);
      this.aRowAt = new Int32Array(nF);
      let at = 0;
      for (let f = 0; f < nF; f++) {
        this.aRowAt[f] = at;
        this.aRowI[at++] = offsets[f + 1] - offsets[f];
        for (let k = offsets[f]; k < offsets[f + 1]; k++) {
          this.aRowI[at++] = labels[k];
          this.aRowF[at++] = weights[k];
        }
      }
    }
    const uIndex = new Map<string, number>([...this.upos, '<s>'].map((u, i) => [u, i]));
    model.a.features.forEach((name, f) => {
      // `h<u>=<part>`: u has no '=', so the first '=' ends it.
      if (name.charCodeAt(0) !== 0x68 /* h */) return;
      const eq = name.indexOf('=');
      const u = eq > 1 ? uIndex.get(name.slice(1, eq)) : undefined;
      if (u === undefined) return;
      const part = name.slice(eq + 1);
      let rows = this.histRows.get(part);
      if (rows === undefined) this.histRows.set(part, (rows = new Int32Array(nU + 1).fill(-1)));
      rows[u] = this.aRowAt[f];
    });
    {
      const rows = new Int32Array(this.histRows.size * (nU + 1));
      let q = 0;
      for (const [part, r] of this.histRows) {
        this.partIndex.set(part, q);
        rows.set(r, q * (nU + 1));
        q++;
      }
      this.partRows = rows;
    }
    const h = historyStrings(this.upos);
    this.trans = new Float32Array((nU + 1) * (nU + 1) * nU);
    for (let p2 = 0; p2 <= nU; p2++)
      for (let p1 = 0; p1 <= nU; p1++) {
        const at = (p2 * (nU + 1) + p1) * nU;
        const f1 = this.fx.a(h.p1[p1]);
        if (f1 >= 0) this.A.addTo(this.trans, at, f1);
        const f2 = this.fx.a(h.p21[p2 * (nU + 1) + p1]);
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
        const f = this.fx.b(str);
        if (f >= 0) this.B.addRange(m, at, f, this.lo[u], this.hi[u]);
      };
      c.single.forEach((l, k) => l.forEach((str, x) => put(str, (k * nX + x) * w)));
      c.pair.forEach((str, ab) => put(str, (4 * nX + ab) * w));
      this.ctx.push(m);
    }
    this.sA = new Float32Array(nU);
    this.sB = new Float32Array(this.tags.length);
    this.tagdict = new Map(Object.entries(model.tagdict ?? {}));
    this.clusters = modelClasses(model);
    if (model.c !== undefined) {
      const C = (this.C = new Table(model.c.table));
      this.cBase = model.c.base ?? 0;
      this.cGate = model.c.gate ?? Infinity;
      const tpls = model.c.templates.map(parseCTemplate);
      const byName = new Map(tpls.map((t, k) => [t.name, k]));
      const names = new Map([...this.upos, '#'].map((u, i) => [u, i]));
      for (const t of tpls) {
        this.cAt.push(Int32Array.from(t.at));
        this.cDense.push(t.part < 0 ? new Float32Array((nU + 1) ** t.at.length * nU) : null);
        this.cParts.push(t.part < 0 ? null : new Map());
        if (t.part >= 0) this.cPartOf.push(t.part);
      }
      this.nCP = this.cPartOf.length;
      this.nCW = this.nCP;
      if (model.c.static === true) {
        this.cStatic = true;
        this.nCW += HIST_PARTS;
        // Transition scores (pass-1 p1, then p21, as stage A sums them) and the history rows by part.
        const nX = nU + 1;
        const h = historyStrings(this.upos);
        const hNames = new Map([...this.upos, '<s>'].map((u, i) => [u, i]));
        const ids = new Map<string, number>();
        model.c.table.features.forEach((name, f) => {
          if (name.startsWith('A:p1=') || name.startsWith('A:p21=')) ids.set(name.slice(2), f);
          else if (name.charCodeAt(2) === 0x68 /* h */ && name.startsWith('A:h')) {
            const eq = name.indexOf('=');
            const u = eq < 0 ? undefined : hNames.get(name.slice(3, eq));
            if (u === undefined) return;
            const part = name.slice(eq + 1);
            let q = this.cHistParts.get(part);
            if (q === undefined) {
              q = this.cHistSets.push(new Int32Array(nX).fill(-1)) - 1;
              this.cHistParts.set(part, q);
            }
            this.cHistSets[q][u] = f;
          }
        });
        this.cTrans = new Float32Array(nX * nX * nU);
        for (let p2 = 0; p2 <= nU; p2++)
          for (let p1 = 0; p1 <= nU; p1++) {
            const at = (p2 * nX + p1) * nU;
            const f1 = ids.get(h.p1[p1]);
            if (f1 !== undefined) C.addTo(this.cTrans, at, f1);
            const f2 = ids.get(h.p21[p2 * nX + p1]);
            if (f2 !== undefined) C.addTo(this.cTrans, at, f2);
          }
      }
      model.c.table.features.forEach((name, f) => {
        const eq = name.indexOf('=');
        const k = byName.get(name.slice(0, eq + 1));
        if (k === undefined) return;
        // The tags from the right (a part may itself contain '|'); what is left is the part.
        let v = name.slice(eq + 1);
        const ar = tpls[k].at.length;
        let idx = 0;
        let mul = 1;
        for (let q = 0; q < ar; q++) {
          const bar = v.lastIndexOf('|');
          const u = names.get(bar < 0 ? v : v.slice(bar + 1));
          if (u === undefined) return;
          idx += u * mul;
          mul *= nU + 1;
          v = bar < 0 ? '' : v.slice(0, bar);
        }
        const dense = this.cDense[k];
        if (dense !== null) C.addTo(dense, idx * nU, f);
        else {
          const m = this.cParts[k]!;
          let set = m.get(v);
          if (set === undefined) {
            set = this.cSets.push(new Int32Array(mul).fill(-1)) - 1;
            m.set(v, set);
          }
          this.cSets[set][idx] = f;
        }
      });
      // Tags-only templates within a window of three positions: their scores summed per window (one
      // add per window and word instead of one per template).
      this.cInWin = new Uint8Array(tpls.length);
      {
        const nX = nU + 1;
        for (let w = 0; w < 3; w++) {
          const lo = w - 2;
          const mine: number[] = [];
          tpls.forEach((t, k) => {
            if (t.part < 0 && !this.cInWin[k] && t.at.every((r) => r >= lo && r <= lo + 2)) mine.push(k);
          });
          if (mine.length === 0) continue;
          const win = new Float32Array(nX * nX * nX * nU);
          const tg = [0, 0, 0];
          for (let x = 0; x < nX * nX * nX; x++) {
            tg[0] = Math.floor(x / (nX * nX));
            tg[1] = Math.floor(x / nX) % nX;
            tg[2] = x % nX;
            for (const k of mine) {
              let idx = 0;
              for (const r of tpls[k].at) idx = idx * nX + tg[r - lo];
              const d = this.cDense[k]!;
              for (let t = 0; t < nU; t++) win[x * nU + t] += d[idx * nU + t];
            }
          }
          for (const k of mine) this.cInWin[k] = 1;
          this.cWin[w] = win;
        }
      }
      {
        // Row sets flattened, their features' rows packed (see cFlat); the maps then give offsets.
        const sets = [...this.cSets, ...this.cHistSets];
        const setBase = new Int32Array(sets.length);
        let total = 0;
        sets.forEach((x, q) => {
          setBase[q] = total;
          total += x.length;
        });
        const rowAt = new Map<number, number>();
        let rowLen = 0;
        for (const x of sets)
          for (const f of x)
            if (f >= 0 && !rowAt.has(f)) {
              rowAt.set(f, rowLen);
              rowLen += 1 + 2 * (C.offsets[f + 1] - C.offsets[f]);
            }
        const buf = new ArrayBuffer(4 * rowLen);
        const rI = (this.cRowI = new Int32Array(buf));
        const rF = (this.cRowF = new Float32Array(buf));
        for (const [f, at] of rowAt) {
          rI[at] = C.offsets[f + 1] - C.offsets[f];
          for (let q = C.offsets[f], j = at + 1; q < C.offsets[f + 1]; q++, j += 2) {
            rI[j] = C.labels[q];
            rF[j + 1] = C.weights[q];
          }
        }
        const flat = (this.cFlat = new Int32Array(total).fill(-1));
        sets.forEach((x, q) => {
          for (let t = 0; t < x.length; t++) if (x[t] >= 0) flat[setBase[q] + t] = rowAt.get(x[t])!;
        });
        for (const m of this.cParts) if (m !== null) for (const [v, q] of m) m.set(v, setBase[q]);
        for (const [v, q] of this.cHistParts) this.cHistParts.set(v, setBase[this.cSets.length + q]);
      }
    }
    this.cacheLimit = Math.max(1, Math.floor(options.cacheLimit ?? CACHE_LIMIT));
    // The kernel's memory: the tables below and one generation of per-form data (see Kernel).
    this.preForms = Math.min(this.cacheLimit, PRE_FORMS_MAX);
    const aw = 5 * nU;
    this.kernel =
      options.kernel === false
        ? null
        : createKernel(
            kernelBytes([this.trans.length, this.aRowI.length, ...this.ctx.map((m) => m.length), Math.max(nU, this.tags.length), this.preForms * aw, Math.max(1024, this.preForms * SLAB_PER_FORM)]),
          );
    if (this.kernel !== null && Math.max(nU, ...Array.from(this.hi, (h, u) => h - this.lo[u])) + 4 > this.kernel.scratchSize) this.kernel = null;
    const k = this.kernel;
    if (k !== null) {
      // The arrays the kernel reads, copied into its memory (all allocated first: an allocation may grow it).
      this.transAt = k.alloc(this.trans.length);
      this.rowsAt = k.alloc(this.aRowI.length);
      this.ctxAt = Int32Array.from(this.ctx, (m) => k.alloc(m.length));
      // (room for every UPOS's scores, stage A's or stage B's over its tags: at most all the tags)
      this.negZeroLen = Math.max(nU, this.tags.length);
      this.negZeroAt = k.alloc(this.negZeroLen);
      k.fix();
      const [trans, rowsI, ctx] = [this.trans, this.aRowI, this.ctx.slice()];
      this.refreshViews();
      this.trans.set(trans);
      this.aRowI.set(rowsI);
      this.ctx.forEach((m, u) => m.set(ctx[u]));
      k.f32(this.negZeroAt, this.negZeroLen).fill(-0);
      k.onGrow = () => this.refreshViews();
    }
    this.store = new FormStore(nU, Math.min(STORE_FIRST_CAP, this.cacheLimit), k, this.preForms, this.nCW, this.cStatic);
  }

  /** The views of the kernel's memory, made again (it grew: the old ones are detached). */
  private refreshViews(): void {
    const k = this.kernel;
    if (k === null) return;
    this.trans = k.f32(this.transAt, (this.nU + 1) * (this.nU + 1) * this.nU);
    const nRows = this.aRowAt.length + 2 * this.A.weights.length;
    this.aRowI = k.i32(this.rowsAt, nRows);
    this.aRowF = k.f32(this.rowsAt, nRows);
    this.kSums = k.f32(k.scratch * 4, this.nU);
    const nX = this.nU + 1;
    for (let u = 0; u < this.nU; u++) this.ctx[u] = k.f32(this.ctxAt[u], (4 * nX + nX * nX) * (this.hi[u] - this.lo[u]));
    // (`store` is unset while the constructor runs)
    (this.store as FormStore | undefined)?.refresh(k);
  }

  /**
   * Ids of the forms of one sentence into `ids`, adding the forms not yet in the store. With `fs`,
   * fs.slots[slotAt + i] is the tokenizer's cache slot of forms[i] (a hint): the id last found for
   * that slot is taken when its form is forms[i].
   */
  private resolve(forms: readonly string[], n: number, ids: Int32Array, fs?: FormSlots, slotAt = 0): void {
    let st = this.store;
    // A generation never flips in the middle of a sentence (its ids must stay valid).
    if (st.count + n > this.cacheLimit && st.count > 0) {
      this.older = st;
      st.detach();
      this.kernel?.reset();
      st = this.store = new FormStore(this.nU, Math.min(STORE_FIRST_CAP, this.cacheLimit), this.kernel, this.preForms, this.nCW, this.cStatic);
    }
    const map = st.ids;
    if (fs !== undefined && slotAt + n <= fs.count) {
      let slotIds = st.slotIds.get(fs.table);
      if (slotIds === undefined || slotIds.length !== fs.size) {
        if (st.slotIds.size >= 4) st.slotIds.clear();
        st.slotIds.set(fs.table, (slotIds = new Int32Array(fs.size)));
      }
      const slots = fs.slots;
      const stForms = st.forms;
      const nSlots = slotIds.length;
      // Two passes: the candidate ids first (independent loads, whose cache misses overlap), then
      // each checked against its form. (A candidate made stale by a form added earlier in this
      // sentence fails the check and is looked up as below: the ids are the same.)
      for (let i = 0; i < n; i++) {
        const sl = slots[slotAt + i];
        ids[i] = sl >= 0 && sl < nSlots ? slotIds[sl] - 1 : -1;
      }
      for (let i = 0; i < n; i++) {
        const form = forms[i];
        const t = ids[i];
        if (t >= 0 && stForms[t] === form) continue;
        const sl = slots[slotAt + i];
        if (sl >= 0 && sl < nSlots) {
          const id = map.get(form);
          const v = id !== undefined ? id : this.add(st, form);
          slotIds[sl] = v + 1;
          ids[i] = v;
          continue;
        }
        const id = map.get(form);
        ids[i] = id !== undefined ? id : this.add(st, form);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const form = forms[i];
      const id = map.get(form);
      ids[i] = id !== undefined ? id : this.add(st, form);
    }
  }

  /** Put `form` in the store (copied from the older generation or computed); returns its id. */
  private add(st: FormStore, form: string): number {
    const id = st.count;
    st.reserve(id + 1);
    st.count = id + 1;
    st.ids.set(form, id);
    st.forms.push(form);
    const { nU } = this;
    const aw = 5 * nU;
    const old = this.older;
    const oid = old !== null ? old.ids.get(form) : undefined;
    if (old !== null && oid !== undefined) {
      st.a.set(old.a.subarray(oid * aw, oid * aw + aw), id * aw);
      const m = st.meta;
      const om = old.meta;
      for (let q = 0; q < M_B; q++) m[id * META + q] = om[oid * META + q];
      for (let q = M_B; q < META; q += 2) m[id * META + q] = -1;
      for (let q = 0; q < 3; q++) st.putB(id * 3 + q, old.bIds, old.bAt[oid * 3 + q], old.bLen[oid * 3 + q]);
      const cw = this.nCW;
      for (let q = 0; q < cw; q++) st.c[id * cw + q] = old.c[oid * cw + q];
      if (this.cStatic && old.a2Done[oid] === 1) {
        st.a2.set(old.a2.subarray(oid * aw, oid * aw + aw), id * aw);
        st.a2Done[id] = 1;
      }
      return id;
    }
    const { lex, scheme, clusters, sink } = this;
    const facts = formFacts(form, lex, scheme, true, clusters);
    const base = id * aw;
    this.sinkA = st.a;
    this.sinkC = null;
    this.sinkW = facts.w;
    this.sinkWAt = this.fx.words.get(facts.w) ?? -1;
    this.bCount[0] = this.bCount[1] = this.bCount[2] = 0;
    // Own features: stage-A scores summed in place, stage-B ids listed (in feature order, as ever).
    this.sinkAt = this.sinkCAt = base;
    this.sinkB = 0;
    emitSelf(facts, lex, sink, clusters);
    // Neighbour features: the ±1 ones serve both stages (B_NEIGHBOURS ⊂ A_NEIGHBOURS).
    // B_NEIGHBOURS = [-1, +1]: features given to the word on the right (this one at -1), then on the left.
    for (let k = 0; k < A_NEIGHBOURS.length; k++) {
      const r = A_NEIGHBOURS[k];
      this.sinkAt = this.sinkCAt = base + (k + 1) * nU;
      this.sinkB = r === B_NEIGHBOURS[0] ? 1 : r === B_NEIGHBOURS[1] ? 2 : -1;
      emitNeighbour(facts, r, sink, clusters);
    }
    this.sinkA = EMPTY_F32;
    this.sinkC = null;
    // History rows: part q's rows (by previous UPOS), in the order historyPartStrings gives them.
    const parts = historyParts(form, lex, facts);
    const m = st.meta;
    const r = id * META;
    for (let q = 0; q < HIST_PARTS; q++) m[r + M_HIST + q] = q < parts.length ? (this.partIndex.get(parts[q]) ?? -1) : -1;
    for (let q = M_B; q < META; q += 2) m[r + q] = -1;
    m[r + M_FIXED] = this.tagdict.get(facts.w) ?? -1;
    for (let q = 0; q < 3; q++) st.putB(id * 3 + q, this.bScratch[q], 0, this.bCount[q]);
    if (this.nCW > 0) {
      const cp = correctionParts(facts);
      const at = id * this.nCW;
      let j = 0;
      for (const m of this.cParts) if (m !== null) (st.c[at + j] = m.get(cp[this.cPartOf[j]]) ?? -1), j++;
      if (this.cStatic) for (let q = 0; q < HIST_PARTS; q++) st.c[at + j + q] = q < parts.length ? (this.cHistParts.get(parts[q]) ?? -1) : -1;
    }
    return id;
  }

  /**
   * Stage C's sums of the stage-A features of form `id` (st.a2), computed on first use: the same emission
   * pass as in `add`, with stage A and stage B switched off, so the float32 sums are added in the same order.
   */
  private ensureA2(st: FormStore, id: number): void {
    if (st.a2Done[id] === 1) return;
    const { nU, lex, scheme, clusters, sink } = this;
    const facts = formFacts(st.forms[id], lex, scheme, true, clusters);
    const base = id * 5 * nU;
    this.sinkAOn = false;
    this.sinkC = st.a2;
    this.sinkB = -1;
    this.sinkW = facts.w;
    this.sinkWAt = this.fx.words.get(facts.w) ?? -1;
    this.sinkCAt = base;
    emitSelf(facts, lex, sink, clusters);
    for (let k = 0; k < A_NEIGHBOURS.length; k++) {
      this.sinkCAt = base + (k + 1) * nU;
      emitNeighbour(facts, A_NEIGHBOURS[k], sink, clusters);
    }
    this.sinkC = null;
    this.sinkAOn = true;
    st.a2Done[id] = 1;
  }

  /** Offset in st.bSlab of the stage-B scores of part `part` of form `id` over UPOS u's tags (computed on first use). */
  private bScores(st: FormStore, id: number, part: number, u: number): number {
    const meta = st.meta;
    const mb = id * META + M_B + 2 * part;
    if (meta[mb] === u) return meta[mb + 1] - 1;
    const k = (id * 3 + part) * this.nU + u;
    const o = st.bOff[k];
    if (o !== 0) {
      meta[mb] = u;
      meta[mb + 1] = o;
      return o - 1;
    }
    const a = this.lo[u];
    const b = this.hi[u];
    const at = st.allocB(b - a);
    const v = st.bSlab;
    const ids = st.bIds;
    for (let j = st.bAt[id * 3 + part], end = j + st.bLen[id * 3 + part]; j < end; j++) this.B.addRange(v, at, ids[j], a, b);
    st.bOff[k] = at + 1;
    meta[mb] = u;
    meta[mb + 1] = at + 1;
    return at;
  }

  /** Sum of the values `touch` read (kept so that its reads are not optimised away). */
  private touched = 0;

  /**
   * Reads one value from every cache line of each word's stage-A block and meta record, before
   * the passes that use them: these reads do not depend on each other, so the processor overlaps
   * their cache misses, where the passes below, word after word, would wait for each in turn.
   * (The same for the stage-B scores measured no gain.)
   */
  private touch(st: FormStore, ids: Int32Array, n: number): void {
    const a = st.a;
    const meta = st.meta;
    const aw = 5 * this.nU;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      const o = id * aw;
      acc += meta[id * META] + a[o] + a[o + 16] + a[o + 32] + a[o + 48] + a[o + aw - 1];
    }
    this.touched = acc;
  }

  /** Stage A: UPOS index of each word into `up` (tag-dictionary words take their tag's UPOS). */
  private tagUpos(st: FormStore, ids: Int32Array, n: number, up: Int32Array, keep: Float32Array | null = null, margins: Float32Array | null = null): void {
    const { nU, trans } = this;
    const s = this.sA;
    const a = st.a;
    const meta = st.meta;
    const partRows = this.partRows;
    const nX = nU + 1;
    const aw = 5 * nU;
    const rowI = this.aRowI;
    const rowF = this.aRowF;
    const K = this.kernel;
    // Float indices of the kernel's arrays (see kernel.ts a()).
    const kA = st.aAt >> 2;
    const kT = this.transAt >> 2;
    const kR = this.rowsAt >> 2;
    const kS = K !== null ? K.scratch : 0;
    const kZ = this.negZeroAt >> 2;
    // (the kernel leaves its sums in its scratch row)
    const kSums = K !== null && (keep !== null || margins !== null) ? this.kSums : null;
    let p1 = nU;
    let p2 = nU;
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      const r = id * META;
      const fx = meta[r + M_FIXED];
      if (fx >= 0) {
        const u = this.uposOfTag[fx];
        up[i] = u;
        p2 = p1;
        p1 = u;
        continue;
      }
      // Own scores, then neighbour at offset r's block k+1 (r = -2, -1, +1, +2), then the transition, in
      // this order; each sum rounded to float32 as a Float32Array store would (`s[t] += x`).
      const own = id * aw;
      const at = (p2 * (nU + 1) + p1) * nU;
      if (K !== null && HIST_PARTS === 2) {
        // In WebAssembly: the same sums and argmax (-1 only for a NaN). A neighbour outside the
        // sentence adds the row of -0 (x + -0 is x, bit for bit), where the JS below adds nothing.
        const q0 = meta[r + M_HIST];
        const q1 = meta[r + M_HIST + 1];
        const o0 = q0 >= 0 ? partRows[q0 * nX + p1] : -1;
        const o1 = q1 >= 0 ? partRows[q1 * nX + p1] : -1;
        const best = K.a(
          kA + own,
          i >= 2 ? kA + ids[i - 2] * aw + nU : kZ,
          i >= 1 ? kA + ids[i - 1] * aw + 2 * nU : kZ,
          i + 1 < n ? kA + ids[i + 1] * aw + 3 * nU : kZ,
          i + 2 < n ? kA + ids[i + 2] * aw + 4 * nU : kZ,
          kT + at,
          nU,
          o0 >= 0 ? kR + o0 : -1,
          o1 >= 0 ? kR + o1 : -1,
          kS,
        );
        if (best >= 0) {
          up[i] = best;
          if (keep !== null) keep.set(kSums!, i * nU);
          if (margins !== null) margins[i] = kSums![best] - second(kSums!, best, nU);
          p2 = p1;
          p1 = best;
          continue;
        }
      }
      if (i >= 2 && i + 2 < n) {
        // Inside the sentence: all four neighbours, one pass over the labels.
        const m2 = ids[i - 2] * aw + nU;
        const m1 = ids[i - 1] * aw + 2 * nU;
        const q1 = ids[i + 1] * aw + 3 * nU;
        const q2 = ids[i + 2] * aw + 4 * nU;
        for (let t = 0; t < nU; t++) {
          let x = a[own + t];
          x = fround(x + a[m2 + t]);
          x = fround(x + a[m1 + t]);
          x = fround(x + a[q1 + t]);
          x = fround(x + a[q2 + t]);
          s[t] = x + trans[at + t];
        }
      } else {
        for (let t = 0; t < nU; t++) s[t] = a[own + t];
        if (i >= 2) {
          const o = ids[i - 2] * aw + nU;
          for (let t = 0; t < nU; t++) s[t] += a[o + t];
        }
        if (i >= 1) {
          const o = ids[i - 1] * aw + 2 * nU;
          for (let t = 0; t < nU; t++) s[t] += a[o + t];
        }
        if (i + 1 < n) {
          const o = ids[i + 1] * aw + 3 * nU;
          for (let t = 0; t < nU; t++) s[t] += a[o + t];
        }
        if (i + 2 < n) {
          const o = ids[i + 2] * aw + 4 * nU;
          for (let t = 0; t < nU; t++) s[t] += a[o + t];
        }
        for (let t = 0; t < nU; t++) s[t] += trans[at + t];
      }
      for (let k = 0; k < HIST_PARTS; k++) {
        const q = meta[r + M_HIST + k];
        const o = q >= 0 ? partRows[q * nX + p1] : -1;
        if (o >= 0) for (let j = o + 1, end = o + 1 + 2 * rowI[o]; j < end; j += 2) s[rowI[j]] += rowF[j + 1];
      }
      let best = 0;
      let bs = s[0];
      for (let t = 1; t < nU; t++) if (s[t] > bs) (bs = s[t]), (best = t);
      up[i] = best;
      if (keep !== null) keep.set(s, i * nU);
      if (margins !== null) margins[i] = bs - second(s, best, nU);
      p2 = p1;
      p1 = best;
    }
  }

  /**
   * Stage C: each word's UPOS re-decided from the pass-1 UPOS in `up` (both sides) and the word's
   * parts; tag-dictionary words keep theirs. Sums in template order (correctionStrings).
   */
  private correct(st: FormStore, ids: Int32Array, n: number, up: Int32Array): void {
    if (this.u1Buf.length < n) this.u1Buf = new Int32Array(n * 2);
    const u1 = this.u1Buf;
    u1.set(up.subarray(0, n));
    const { nU, cAt, cDense, nCP, nCW, cStatic, cTrans, cInWin, cFlat, cRowI, cRowF } = this;
    const [w0, w1, w2] = this.cWin;
    const a2 = st.a2;
    const aw = 5 * nU;
    const C = this.C!;
    const nX = nU + 1;
    const s = this.sA;
    const meta = st.meta;
    const c = st.c;
    const nT = cAt.length;
    const base = this.cBase;
    const gate = this.cGate;
    const aS = this.aScores;
    // The words to re-decide first (stage A's margin: its best score minus the runner-up's), with one
    // read of each per-form record and table row they will use: independent loads whose cache misses
    // overlap, where the sums below, word after word, would wait for each in turn.
    if (this.todo.length < n) this.todo = new Int32Array(2 * n);
    const todo = this.todo;
    let nTodo = 0;
    const margins = this.aMargins;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      if (meta[id * META + M_FIXED] >= 0) continue;
      if (gate !== Infinity && margins[i] >= gate) continue;
      todo[nTodo++] = i;
      if (cStatic) for (let j = Math.max(0, i - 2), e = Math.min(n, i + 3); j < e; j++) this.ensureA2(st, ids[j]);
      acc += c[id * nCW];
      if (cStatic) {
        acc += a2[id * aw];
        if (i >= 2) acc += a2[ids[i - 2] * aw + nU];
        if (i >= 1) acc += a2[ids[i - 1] * aw + 2 * nU];
        if (i + 1 < n) acc += a2[ids[i + 1] * aw + 3 * nU];
        if (i + 2 < n) acc += a2[ids[i + 2] * aw + 4 * nU];
      }
    }
    this.touchedC = acc;
    for (let q = 0; q < nTodo; q++) {
      const i = todo[q];
      const id = ids[i];
      if (base !== 0) for (let t = 0; t < nU; t++) s[t] = base * aS[i * nU + t];
      else s.fill(0);
      let j = id * nCW;
      {
        const nX = nU + 1;
        const tm2 = i >= 2 ? u1[i - 2] : nU;
        const tm1 = i >= 1 ? u1[i - 1] : nU;
        const t0 = u1[i];
        const tp1 = i + 1 < n ? u1[i + 1] : nU;
        const tp2 = i + 2 < n ? u1[i + 2] : nU;
        if (w0 !== null) for (let t = 0, o = ((tm2 * nX + tm1) * nX + t0) * nU; t < nU; t++) s[t] += w0[o + t];
        if (w1 !== null) for (let t = 0, o = ((tm1 * nX + t0) * nX + tp1) * nU; t < nU; t++) s[t] += w1[o + t];
        if (w2 !== null) for (let t = 0, o = ((t0 * nX + tp1) * nX + tp2) * nU; t < nU; t++) s[t] += w2[o + t];
      }
      if (cStatic) {
        // The stage-A features' stage-C sums, in stage A's order: own, neighbours at -2, -1, +1, +2
        // (block k + 1), the transition from the pass-1 UPOS, the history rows.
        const own = id * aw;
        for (let t = 0; t < nU; t++) s[t] += a2[own + t];
        if (i >= 2) for (let t = 0, o = ids[i - 2] * aw + nU; t < nU; t++) s[t] += a2[o + t];
        if (i >= 1) for (let t = 0, o = ids[i - 1] * aw + 2 * nU; t < nU; t++) s[t] += a2[o + t];
        if (i + 1 < n) for (let t = 0, o = ids[i + 1] * aw + 3 * nU; t < nU; t++) s[t] += a2[o + t];
        if (i + 2 < n) for (let t = 0, o = ids[i + 2] * aw + 4 * nU; t < nU; t++) s[t] += a2[o + t];
        const q1 = i >= 1 ? u1[i - 1] : nU;
        const q2 = i >= 2 ? u1[i - 2] : nU;
        for (let t = 0, o = (q2 * (nU + 1) + q1) * nU; t < nU; t++) s[t] += cTrans[o + t];
        for (let q = 0; q < HIST_PARTS; q++) {
          const at = c[j + nCP + q];
          const r = at >= 0 ? cFlat[at + q1] : -1;
          if (r >= 0) for (let e = r + 1, end = r + 1 + 2 * cRowI[r]; e < end; e += 2) s[cRowI[e]] += cRowF[e + 1];
        }
      }
      for (let k = 0; k < nT; k++) {
        if (cInWin[k] === 1) continue;
        const at = cAt[k];
        let idx = 0;
        // (the last position varies fastest: the constructor read the tags from the right)
        for (let q = 0; q < at.length; q++) {
          const p = i + at[q];
          idx = idx * nX + (p >= 0 && p < n ? u1[p] : nU);
        }
        const d = cDense[k];
        if (d !== null) {
          const o = idx * nU;
          for (let t = 0; t < nU; t++) s[t] += d[o + t];
        } else {
          const at = c[j++];
          const r = at >= 0 ? cFlat[at + idx] : -1;
          if (r >= 0) for (let q = r + 1, end = r + 1 + 2 * cRowI[r]; q < end; q += 2) s[cRowI[q]] += cRowF[q + 1];
        }
      }
      let best = 0;
      let bs = s[0];
      for (let t = 1; t < nU; t++) if (s[t] > bs) (bs = s[t]), (best = t);
      up[i] = best;
    }
  }

  /** Whether the score sums run in WebAssembly here (kernel.ts); false: in JS (same tags). */
  get usesKernel(): boolean {
    return this.kernel !== null;
  }

  /** Joint tag indices (into `tags`/`triples`) for one sentence of word forms. */
  tagIndices(forms: readonly string[]): Int32Array {
    const out = new Int32Array(forms.length);
    this.tagSentence(forms, out, 0);
    return out;
  }

  /**
   * The current generation of form ids: ids handed out by `tagSentence` stay valid (and
   * `generationForms` names them) while this object is unchanged.
   */
  get formGeneration(): object {
    return this.store;
  }

  /** The forms of the current generation's ids (an array that only grows while the generation lasts). */
  get generationForms(): readonly string[] {
    return this.store.forms;
  }

  /**
   * Tags one sentence: its joint tag indices into out[at ..], and, if `ids` is given, the words'
   * form ids (see `formGeneration`) into ids[at ..]. A new generation only ever starts at the
   * start of a sentence. `fs`/`slotAt`: the tokenizer's form slots of the words (see resolve);
   * they only speed the lookup of the forms up, the tags are the same without them. `count`: tag
   * forms[0, count) only (a buffer longer than the sentence).
   */
  tagSentence(forms: readonly string[], out: Int32Array, at: number, idsOut?: Int32Array, fs?: FormSlots, slotAt = 0, count = forms.length): void {
    const n = Math.min(count, forms.length);
    if (n === 0) return;
    if (this.idBuf.length < n) {
      this.idBuf = new Int32Array(n * 2);
      this.uBuf = new Int32Array(n * 2);
    }
    const ids = this.idBuf;
    const up = this.uBuf;
    this.resolve(forms, n, ids, fs, slotAt);
    const st = this.store;
    if (idsOut !== undefined) for (let i = 0; i < n; i++) idsOut[at + i] = ids[i];
    this.touch(st, ids, n);
    if (this.C !== null) {
      let keep: Float32Array | null = null;
      if (this.cBase !== 0) {
        if (this.aScores.length < n * this.nU) this.aScores = new Float32Array(2 * n * this.nU);
        keep = this.aScores;
      }
      let margins: Float32Array | null = null;
      if (this.cGate !== Infinity) {
        if (this.aMargins.length < n) this.aMargins = new Float32Array(2 * n);
        margins = this.aMargins;
      }
      this.tagUpos(st, ids, n, up, keep, margins);
      this.correct(st, ids, n, up);
    } else this.tagUpos(st, ids, n, up);
    const { nU, lo, hi } = this;
    const s = this.sB;
    const meta = st.meta;
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      const fx = meta[id * META + M_FIXED];
      if (fx >= 0) {
        out[at + i] = fx;
        continue;
      }
      const u = up[i];
      const a = lo[u];
      const b = hi[u];
      if (b - a <= 1) {
        out[at + i] = a;
        continue;
      }
      const w = b - a;
      // Own scores, the left neighbour's, the right neighbour's, then the UPOS context (same order as ever).
      // (bScores, with its shortcut through the meta record written out here.)
      const mO = id * META + M_B;
      const oOwn = meta[mO] === u ? meta[mO + 1] - 1 : this.bScores(st, id, 0, u);
      let oL = -1;
      if (i >= 1) {
        const mL = ids[i - 1] * META + M_B + 2;
        oL = meta[mL] === u ? meta[mL + 1] - 1 : this.bScores(st, ids[i - 1], 1, u);
      }
      let oR = -1;
      if (i + 1 < n) {
        const mR = ids[i + 1] * META + M_B + 4;
        oR = meta[mR] === u ? meta[mR + 1] - 1 : this.bScores(st, ids[i + 1], 2, u);
      }
      const v = st.bSlab;
      const um1 = i >= 1 ? up[i - 1] : nU;
      const up1 = i + 1 < n ? up[i + 1] : nU;
      const ctx = this.ctx[u];
      const stride = (nU + 1) * w;
      const c0 = (i >= 2 ? up[i - 2] : nU) * w;
      const c1 = stride + um1 * w;
      const c2 = 2 * stride + up1 * w;
      const c3 = 3 * stride + (i + 2 < n ? up[i + 2] : nU) * w;
      const c4 = 4 * stride + (um1 * (nU + 1) + up1) * w;
      let best = 0;
      const K = this.kernel;
      if (K !== null) {
        // In WebAssembly: the same sums and argmax (-1 only for a NaN: then the JS below). A
        // neighbour outside the sentence adds the row of -0 (x + -0 is x), where the JS adds nothing.
        const kV = st.slabAt >> 2;
        const kC = this.ctxAt[u] >> 2;
        const kZ = this.negZeroAt >> 2;
        best = K.b(kV + oOwn, oL >= 0 ? kV + oL : kZ, oR >= 0 ? kV + oR : kZ, kC + c0, kC + c1, kC + c2, kC + c3, kC + c4, w, K.scratch);
        if (best >= 0) {
          out[at + i] = a + best;
          continue;
        }
        best = 0;
      }
      if (oL >= 0 && oR >= 0) {
        // Both neighbours: one pass over the tags, each sum rounded to float32 as a Float32Array
        // store would, in the order below (own, left, right, the five context scores); then the argmax.
        let bs = 0;
        for (let t = 0; t < w; t++) {
          let x = v[oOwn + t];
          x = fround(x + v[oL + t]);
          x = fround(x + v[oR + t]);
          x = fround(x + ctx[c0 + t]);
          x = fround(x + ctx[c1 + t]);
          x = fround(x + ctx[c2 + t]);
          x = fround(x + ctx[c3 + t]);
          x = fround(x + ctx[c4 + t]);
          if (t === 0 || x > bs) (bs = x), (best = t);
        }
      } else {
        // Own scores, the left neighbour's, the right neighbour's, then the UPOS context (same order as ever).
        for (let t = 0; t < w; t++) s[t] = v[oOwn + t];
        if (oL >= 0) for (let t = 0; t < w; t++) s[t] += v[oL + t];
        if (oR >= 0) for (let t = 0; t < w; t++) s[t] += v[oR + t];
        addAt(s, ctx, c0, w);
        addAt(s, ctx, c1, w);
        addAt(s, ctx, c2, w);
        addAt(s, ctx, c3, w);
        addAt(s, ctx, c4, w);
        let bs = s[0];
        for (let t = 1; t < w; t++) if (s[t] > bs) (bs = s[t]), (best = t);
      }
      out[at + i] = a + best;
    }
  }

  /** UPOS/XPOS/FEATS for one sentence of word forms. */
  tag(forms: readonly string[]): TagTriple[] {
    const idx = this.tagIndices(forms);
    return Array.from(idx, (t) => this.triples[t]);
  }
}
