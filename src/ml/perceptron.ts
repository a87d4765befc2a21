import { viterbi } from './viterbi.js';

/**
 * A structured (sequence) averaged perceptron over hashed features, first-order transitions
 * and Viterbi decoding. Generic: it knows nothing of NER or POS. A caller turns each item of
 * a sequence into hashed feature buckets (see `hash.ts`) and gives label indices.
 *
 * Emission weights are a (2^bits)×L table: feature bucket f votes `w[f*L + y]` for label y.
 * Transition weights are (L+1)×(L+1) with START/END at index L (see `viterbi.ts`). Hard
 * constraints (`constraints`, -Infinity = forbidden) are added to the learned transitions.
 */

/** The hashed features of one sequence: item i owns `feats[offsets[i] .. offsets[i+1])`. */
export interface FeatureSequence {
  n: number;
  feats: Int32Array;
  offsets: Int32Array;
}

/** A training sequence. `gold[i]` is a label index, or -1 when only `allowed` constrains it. */
export interface TrainingSequence extends FeatureSequence {
  gold: Int32Array;
  /** Optional n×L flags for partial annotation: the target is the best path within them. */
  allowed?: Uint8Array | null;
}

/** Packs per-item bucket lists into a FeatureSequence. */
export function packFeatures(items: readonly Int32Array[]): FeatureSequence {
  const n = items.length;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = total;
    total += items[i].length;
  }
  offsets[n] = total;
  const feats = new Int32Array(total);
  for (let i = 0; i < n; i++) feats.set(items[i], offsets[i]);
  return { n, feats, offsets };
}

/** A trained, read-only sequence model: sparse rows of emission weights plus transitions. */
export class SequenceModel {
  readonly L: number;
  /** bucket → row index in `weights`, or -1 (a feature never seen in training). */
  private readonly rowOf: Int32Array;
  private emitBuf = new Float32Array(0);
  private pathBuf = new Int32Array(0);

  constructor(
    readonly labels: readonly string[],
    readonly bits: number,
    readonly buckets: Uint32Array,
    readonly weights: Float32Array,
    /** Learned transitions plus constraints, (L+1)×(L+1). */
    readonly trans: Float32Array,
    readonly meta: Record<string, unknown> = {},
  ) {
    this.L = labels.length;
    this.rowOf = new Int32Array(1 << bits).fill(-1);
    for (let r = 0; r < buckets.length; r++) this.rowOf[buckets[r]] = r;
  }

  /** Emission scores n×L (a fresh array unless `into` is big enough). */
  emissions(seq: FeatureSequence, into?: Float32Array, accumulate = false): Float32Array {
    const { n, feats, offsets } = seq;
    const L = this.L;
    const emit = into && into.length >= n * L ? into : new Float32Array(n * L);
    if (!accumulate) emit.fill(0, 0, n * L);
    const w = this.weights;
    const rowOf = this.rowOf;
    for (let i = 0; i < n; i++) {
      const base = i * L;
      for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
        const r = rowOf[feats[k]];
        if (r < 0) continue;
        const off = r * L;
        for (let y = 0; y < L; y++) emit[base + y] += w[off + y];
      }
    }
    return emit;
  }

  /** Best label sequence for precomputed emission scores (n×L). */
  decodeEmissions(emit: Float32Array, n: number): Int32Array {
    return viterbi(emit, n, this.L, this.trans, null);
  }

  /** Best label index per item. The returned array is a fresh copy. */
  decode(seq: FeatureSequence): Int32Array {
    const need = seq.n * this.L;
    if (this.emitBuf.length < need) this.emitBuf = new Float32Array(Math.max(need, this.emitBuf.length * 2));
    if (this.pathBuf.length < seq.n) this.pathBuf = new Int32Array(Math.max(seq.n, this.pathBuf.length * 2));
    const emit = this.emissions(seq, this.emitBuf);
    const path = viterbi(emit, seq.n, this.L, this.trans, null, this.pathBuf);
    return path.slice(0, seq.n);
  }
}

export interface TrainerOptions {
  labels: readonly string[];
  /** log2 of the number of feature buckets (e.g. 20). */
  bits: number;
  /** Hard transition constraints, (L+1)×(L+1), 0 = allowed, -Infinity = forbidden. */
  constraints?: Float32Array;
  /**
   * Loss-augmented training (a margin): while training, every label but the gold one gets this
   * much added to its emission score before decoding, so a sequence is also updated when
   * the gold path wins by less than the margin per token (0 = the plain perceptron). Only for
   * fully labelled sequences.
   */
  margin?: number;
  /** With `margin`: the margin at tokens whose gold label is not label 0 (e.g. inside a named entity); default `margin`. */
  marginEntity?: number;
  /**
   * Feature bagging: buckets flagged here (one byte per bucket, 1 = dropped) are ignored by this
   * trainer, in decoding and in updates, so they keep weight 0. An ensemble whose members drop
   * different random buckets makes each member rely on other features (e.g. context and
   * affixes where the word's own feature is missing), as with unseen words at run time.
   */
  drop?: Uint8Array | null;
}

/** Averaged structured perceptron trainer (Collins 2002), with lazy averaging. */
export class PerceptronTrainer {
  readonly L: number;
  readonly bits: number;
  private readonly w: Float32Array;
  /** Sum of c·Δ, so that the average is w − u/c. */
  private readonly u: Float64Array;
  private readonly tw: Float64Array;
  private readonly tu: Float64Array;
  private readonly constraints: Float32Array;
  private c = 1;
  private emit = new Float32Array(0);
  private transEff: Float32Array;

  constructor(readonly options: TrainerOptions) {
    this.L = options.labels.length;
    this.bits = options.bits;
    const size = (1 << options.bits) * this.L;
    this.w = new Float32Array(size);
    this.u = new Float64Array(size);
    const S = this.L + 1;
    this.tw = new Float64Array(S * S);
    this.tu = new Float64Array(S * S);
    this.constraints = options.constraints ?? new Float32Array(S * S);
    this.transEff = new Float32Array(S * S);
  }

  private currentTrans(): Float32Array {
    for (let k = 0; k < this.tw.length; k++) this.transEff[k] = this.tw[k] + this.constraints[k];
    return this.transEff;
  }

  private scores(seq: FeatureSequence): Float32Array {
    const { n, feats, offsets } = seq;
    const L = this.L;
    if (this.emit.length < n * L) this.emit = new Float32Array(n * L * 2);
    const emit = this.emit;
    emit.fill(0, 0, n * L);
    const w = this.w;
    const drop = this.options.drop ?? null;
    for (let i = 0; i < n; i++) {
      const base = i * L;
      for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
        if (drop !== null && drop[feats[k]] === 1) continue;
        const off = feats[k] * L;
        for (let y = 0; y < L; y++) emit[base + y] += w[off + y];
      }
    }
    return emit;
  }

  /** Predict with the current (non-averaged) weights. */
  predict(seq: FeatureSequence, allowed?: Uint8Array | null): Int32Array {
    return viterbi(this.scores(seq), seq.n, this.L, this.currentTrans(), allowed ?? null);
  }

  private bump(seq: FeatureSequence, path: Int32Array, delta: number): void {
    const { n, feats, offsets } = seq;
    const L = this.L;
    const S = L + 1;
    const cd = this.c * delta;
    const drop = this.options.drop ?? null;
    for (let i = 0; i < n; i++) {
      const y = path[i];
      for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
        if (drop !== null && drop[feats[k]] === 1) continue;
        const idx = feats[k] * L + y;
        this.w[idx] += delta;
        this.u[idx] += cd;
      }
      const prev = i === 0 ? L : path[i - 1];
      this.tw[prev * S + y] += delta;
      this.tu[prev * S + y] += cd;
    }
    if (n > 0) {
      this.tw[path[n - 1] * S + L] += delta;
      this.tu[path[n - 1] * S + L] += cd;
    }
  }

  /**
   * One online step. The target is the gold path, or with partial labels the best path that
   * the annotation allows. Returns the number of items predicted wrongly.
   */
  update(seq: TrainingSequence): number {
    const n = seq.n;
    let target: Int32Array;
    if (seq.allowed) target = this.predict(seq, seq.allowed);
    else target = seq.gold;
    const m0 = this.options.margin ?? 0;
    const m1 = this.options.marginEntity ?? m0;
    let guess: Int32Array;
    if ((m0 > 0 || m1 > 0) && !seq.allowed) {
      const emit = this.scores(seq);
      const L = this.L;
      for (let i = 0; i < n; i++) {
        const g = target[i];
        const m = g === 0 ? m0 : m1;
        for (let y = 0; y < L; y++) if (y !== g) emit[i * L + y] += m;
      }
      guess = viterbi(emit, n, L, this.currentTrans(), null);
    } else guess = this.predict(seq);
    let errors = 0;
    for (let i = 0; i < n; i++) if (guess[i] !== target[i]) errors++;
    if (errors > 0) {
      // Only the differing positions matter, but bumping whole paths is equivalent and simpler.
      const t = Int32Array.from(target);
      const g = Int32Array.from(guess);
      this.bump(seq, t, 1);
      this.bump(seq, g, -1);
    }
    this.c++;
    return errors;
  }

  /**
   * The averaged model. Weights whose magnitude is below `prune` are dropped, which keeps the
   * model small; rows with no weight left are not stored.
   */
  finalize(prune = 0, meta: Record<string, unknown> = {}): SequenceModel {
    const L = this.L;
    const rowsN = 1 << this.bits;
    const c = this.c;
    const avg = new Float32Array(L);
    const buckets: number[] = [];
    const chunks: Float32Array[] = [];
    for (let r = 0; r < rowsN; r++) {
      let any = false;
      const off = r * L;
      for (let y = 0; y < L; y++) {
        const v = this.w[off + y] - this.u[off + y] / c;
        const kept = Math.abs(v) < prune ? 0 : v;
        avg[y] = kept;
        if (kept !== 0) any = true;
      }
      if (any) {
        buckets.push(r);
        chunks.push(Float32Array.from(avg));
      }
    }
    const weights = new Float32Array(buckets.length * L);
    for (let k = 0; k < chunks.length; k++) weights.set(chunks[k], k * L);
    const S = L + 1;
    const trans = new Float32Array(S * S);
    for (let k = 0; k < S * S; k++) trans[k] = this.tw[k] - this.tu[k] / c + this.constraints[k];
    return new SequenceModel(this.options.labels, this.bits, Uint32Array.from(buckets), weights, trans, meta);
  }
}

/** A deterministic PRNG (mulberry32) for shuffling training data reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place with the given PRNG. */
export function shuffleInPlace<T>(a: T[], rand: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/**
 * The average of several sequence models over the same labels and buckets (for instance
 * averaged perceptrons trained on different orders of the same data: a seed ensemble whose
 * average is one model, so it costs nothing more at run time). Weights whose averaged
 * magnitude is below `prune` are dropped; rows with no weight left are not stored.
 */
export function averageSequenceModels(models: readonly SequenceModel[], prune = 0, meta: Record<string, unknown> = models[0]?.meta ?? {}): SequenceModel {
  if (models.length === 0) throw new Error('sokhan: averageSequenceModels needs at least one model');
  const first = models[0];
  const L = first.L;
  for (const m of models) {
    if (m.bits !== first.bits || m.labels.join('\u0000') !== first.labels.join('\u0000')) throw new Error('sokhan: averageSequenceModels: models differ in labels or bits');
  }
  const K = models.length;
  const sum = new Float32Array((1 << first.bits) * L);
  const used = new Uint8Array(1 << first.bits);
  for (const m of models) {
    for (let r = 0; r < m.buckets.length; r++) {
      const b = m.buckets[r];
      used[b] = 1;
      for (let y = 0; y < L; y++) sum[b * L + y] += m.weights[r * L + y];
    }
  }
  const buckets: number[] = [];
  const rows: number[] = [];
  for (let b = 0; b < used.length; b++) {
    if (!used[b]) continue;
    let any = false;
    for (let y = 0; y < L; y++) {
      const v = sum[b * L + y] / K;
      sum[b * L + y] = Math.abs(v) < prune ? 0 : v;
      if (sum[b * L + y] !== 0) any = true;
    }
    if (any) {
      buckets.push(b);
      rows.push(b);
    }
  }
  const weights = new Float32Array(buckets.length * L);
  for (let k = 0; k < rows.length; k++) weights.set(sum.subarray(rows[k] * L, rows[k] * L + L), k * L);
  const S = (L + 1) * (L + 1);
  const trans = new Float32Array(S);
  for (let k = 0; k < S; k++) {
    // Forbidden transitions (−∞) stay forbidden; the others are averaged.
    let t = 0;
    for (const m of models) t += m.trans[k];
    trans[k] = t === -Infinity ? -Infinity : t / K;
  }
  return new SequenceModel(first.labels, first.bits, Uint32Array.from(buckets), weights, trans, meta);
}

/** `model` without its weights of magnitude below `threshold` (rows left empty are dropped). */
export function pruneWeights(model: SequenceModel, threshold: number): SequenceModel {
  const L = model.L;
  const buckets: number[] = [];
  const keep: number[] = [];
  const w = model.weights;
  for (let r = 0; r < model.buckets.length; r++) {
    let any = false;
    for (let y = 0; y < L; y++) if (Math.abs(w[r * L + y]) >= threshold && w[r * L + y] !== 0) any = true;
    if (any) {
      buckets.push(model.buckets[r]);
      keep.push(r);
    }
  }
  const weights = new Float32Array(keep.length * L);
  for (let k = 0; k < keep.length; k++) {
    for (let y = 0; y < L; y++) {
      const v = w[keep[k] * L + y];
      weights[k * L + y] = Math.abs(v) >= threshold ? v : 0;
    }
  }
  return new SequenceModel(model.labels, model.bits, Uint32Array.from(buckets), weights, model.trans, model.meta);
}

/**
 * A weighted mix of sequence models over the same labels and buckets, each first divided by
 * its largest weight magnitude (so models of different scales, e.g. an averaged perceptron
 * and a CRF, count by `shares` rather than by their units): w = Σ_k shares[k] · w_k / max|w_k|,
 * transitions alike (forbidden ones stay forbidden). Rows with no weight are not stored.
 */
export function mixSequenceModels(models: readonly SequenceModel[], shares: readonly number[], meta: Record<string, unknown> = models[0]?.meta ?? {}): SequenceModel {
  if (models.length === 0 || shares.length !== models.length) throw new Error('sokhan: mixSequenceModels needs one share per model');
  const first = models[0];
  const L = first.L;
  for (const m of models) {
    if (m.bits !== first.bits || m.labels.join('\u0000') !== first.labels.join('\u0000')) throw new Error('sokhan: mixSequenceModels: models differ in labels or bits');
  }
  const rowsN = 1 << first.bits;
  const sum = new Float64Array(rowsN * L);
  const used = new Uint8Array(rowsN);
  const S = (L + 1) * (L + 1);
  const trans = new Float64Array(S);
  models.forEach((m, k) => {
    let maxAbs = 0;
    for (const v of m.weights) if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
    const f = maxAbs > 0 ? shares[k] / maxAbs : 0;
    for (let r = 0; r < m.buckets.length; r++) {
      const b = m.buckets[r];
      used[b] = 1;
      for (let y = 0; y < L; y++) sum[b * L + y] += f * m.weights[r * L + y];
    }
    for (let j = 0; j < S; j++) trans[j] += m.trans[j] === -Infinity ? -Infinity : f * m.trans[j];
  });
  const buckets: number[] = [];
  for (let b = 0; b < rowsN; b++) {
    if (!used[b]) continue;
    let any = false;
    for (let y = 0; y < L; y++) if (sum[b * L + y] !== 0) any = true;
    if (any) buckets.push(b);
  }
  const weights = new Float32Array(buckets.length * L);
  for (let k = 0; k < buckets.length; k++) for (let y = 0; y < L; y++) weights[k * L + y] = sum[buckets[k] * L + y];
  return new SequenceModel(first.labels, first.bits, Uint32Array.from(buckets), weights, Float32Array.from(trans), meta);
}
