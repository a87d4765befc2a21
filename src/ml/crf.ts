import { SequenceModel, type FeatureSequence, type TrainingSequence } from './perceptron.js';

/**
 * A first-order linear-chain CRF (Lafferty et al. 2001) trained by conditional
 * log-likelihood, over the same hashed features, label set and transition layout as
 * `PerceptronTrainer`, so its result is an ordinary `SequenceModel` (decoded by the same
 * Viterbi, stored in the same file format).
 *
 * - Forward-backward in probability space with per-position scaling (the emission scores of
 *   a position are shifted by their maximum before `exp`, and the forward vector is
 *   renormalised at every position), which is exact up to rounding and much cheaper than
 *   log-space sums. Hard constraints (`-Infinity` transitions, e.g. BIO) become zeros of
 *   the transition matrix, so forbidden paths have probability 0.
 * - Partial labels (`allowed`): the target expectation is the model's own distribution over
 *   the paths the annotation allows (the gradient of log Z_allowed − log Z), as for the
 *   latent-variable perceptron.
 * - Optimiser: AdaGrad (Duchi et al. 2011) on each example in turn, with an L2 penalty
 *   `l2/2 ‖w‖²` over the whole training set, i.e. `l2 / N` per example. The penalty's shrink
 *   is applied lazily: a feature row absent from k examples is shrunk for all k at once
 *   when next read (`(1 − η_j·l2/N)^k`, η_j its AdaGrad rate), so a step costs only the rows
 *   the example uses. Transitions are dense and updated every step.
 * - Deterministic: the caller fixes the data order; no randomness here.
 */
export interface CrfTrainerOptions {
  labels: readonly string[];
  /** log2 of the number of feature buckets. */
  bits: number;
  /** Hard transition constraints, (L+1)×(L+1), 0 = allowed, -Infinity = forbidden. */
  constraints?: Float32Array;
  /** AdaGrad base learning rate (default 0.1). */
  eta?: number;
  /** L2 coefficient for the whole training set: objective Σ NLL + l2/2 ‖w‖² (default 1). */
  l2?: number;
  /** Number of training sequences (the per-example share of the penalty is l2 / size). */
  size: number;
  /**
   * Softmax-margin training (Gimpel & Smith 2010): while training, every label but the gold
   * one gets this cost added to its score inside the partition function, so the model is
   * pushed to win by a margin where it errs (0 = plain conditional likelihood). Only for fully
   * labelled sequences.
   */
  cost?: number;
  /** With `cost`: the cost at tokens whose gold label is not label 0 (inside an entity); default `cost`. */
  costEntity?: number;
  /**
   * Emission gradients of magnitude at most this are not applied (0 = all non-zero ones). Far
   * fewer rows are written, and no entry gets a first AdaGrad step from a negligible gradient
   * (AdaGrad's first step has size ≈ eta whatever the gradient), so the model stays sparser.
   */
  minGrad?: number;
  /** Buckets flagged 1 here are ignored (as `TrainerOptions.drop`). */
  drop?: Uint8Array | null;
}

const EPS = 1e-8;

export class CrfTrainer {
  readonly L: number;
  readonly bits: number;
  private readonly w: Float32Array;
  /** AdaGrad sums of squared gradients. */
  private readonly g2: Float32Array;
  /** Step at which each row's penalty was last brought up to date. */
  private readonly last: Int32Array;
  private readonly tw: Float64Array;
  private readonly tg2: Float64Array;
  private readonly constraints: Float32Array;
  private readonly eta: number;
  private readonly lambda: number;
  private t = 0;
  /** Sum of the weights at `snapshot()` calls (epoch ends), for an averaged model. */
  private sumW: Float32Array | null = null;
  private sumT: Float64Array | null = null;
  private snapshots = 0;
  /** Sequences skipped because their scores under- or overflowed (should stay 0). */
  skipped = 0;
  // Work buffers.
  private emit = new Float64Array(0);
  private psi = new Float64Array(0);
  private alpha = new Float64Array(0);
  private beta = new Float64Array(0);
  private scale = new Float64Array(0);
  private margModel = new Float64Array(0);
  private margTarget = new Float64Array(0);
  private readonly pairModel: Float64Array;
  private readonly pairTarget: Float64Array;
  private readonly M: Float64Array;
  private readonly ys: Int32Array;
  private readonly gs: Float64Array;
  private readonly startP: Float64Array;
  private readonly endP: Float64Array;

  constructor(readonly options: CrfTrainerOptions) {
    const L = options.labels.length;
    this.L = L;
    this.bits = options.bits;
    const size = (1 << options.bits) * L;
    this.w = new Float32Array(size);
    this.g2 = new Float32Array(size);
    this.last = new Int32Array(1 << options.bits);
    const S = L + 1;
    this.tw = new Float64Array(S * S);
    this.tg2 = new Float64Array(S * S);
    this.constraints = options.constraints ?? new Float32Array(S * S);
    this.eta = options.eta ?? 0.1;
    this.lambda = (options.l2 ?? 1) / Math.max(1, options.size);
    this.pairModel = new Float64Array(S * S);
    this.pairTarget = new Float64Array(S * S);
    this.M = new Float64Array(L * L);
    this.ys = new Int32Array(L);
    this.gs = new Float64Array(L);
    this.startP = new Float64Array(L);
    this.endP = new Float64Array(L);
  }

  private ensure(n: number): void {
    const need = n * this.L;
    if (this.emit.length >= need) return;
    const size = need * 2;
    this.emit = new Float64Array(size);
    this.psi = new Float64Array(size);
    this.alpha = new Float64Array(size);
    this.beta = new Float64Array(size);
    this.margModel = new Float64Array(size);
    this.margTarget = new Float64Array(size);
    this.scale = new Float64Array(n * 2);
  }

  /** Brings row r's penalty up to the current step. */
  private touch(r: number): void {
    const k = this.t - this.last[r];
    if (k <= 0) return;
    this.last[r] = this.t;
    const L = this.L;
    const off = r * L;
    const w = this.w;
    const g2 = this.g2;
    const el = this.eta * this.lambda;
    for (let y = 0; y < L; y++) {
      const v = w[off + y];
      if (v === 0) continue;
      const f = el / Math.sqrt(g2[off + y] + EPS);
      w[off + y] = f >= 1 ? 0 : k === 1 ? v * (1 - f) : v * Math.pow(1 - f, k);
    }
  }

  private effectiveTrans(): void {
    const L = this.L;
    const S = L + 1;
    for (let p = 0; p < L; p++) for (let y = 0; y < L; y++) this.M[p * L + y] = Math.exp(this.tw[p * S + y] + this.constraints[p * S + y]);
    for (let y = 0; y < L; y++) {
      this.startP[y] = Math.exp(this.tw[L * S + y] + this.constraints[L * S + y]);
      this.endP[y] = Math.exp(this.tw[y * S + L] + this.constraints[y * S + L]);
    }
  }

  /** Emission scores with the current weights (rows brought up to date first). */
  private scores(seq: FeatureSequence): Float64Array {
    const { n, feats, offsets } = seq;
    const L = this.L;
    const emit = this.emit;
    emit.fill(0, 0, n * L);
    const w = this.w;
    const drop = this.options.drop ?? null;
    for (let i = 0; i < n; i++) {
      const base = i * L;
      for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
        const f = feats[k];
        if (drop !== null && drop[f] === 1) continue;
        this.touch(f);
        const off = f * L;
        for (let y = 0; y < L; y++) emit[base + y] += w[off + y];
      }
    }
    return emit;
  }

  /**
   * Forward-backward over the lattice (restricted to `allowed` when given): writes the
   * marginals into `marg` (n×L), adds the transition expectations into `pair` ((L+1)²) and
   * returns log Z, or NaN when the scaled sums broke down.
   */
  private forwardBackward(n: number, allowed: Uint8Array | null, marg: Float64Array, pair: Float64Array): number {
    const L = this.L;
    const S = L + 1;
    const { emit, psi, alpha, beta, scale, M, startP, endP } = this;
    let logZ = 0;
    for (let i = 0; i < n; i++) {
      const base = i * L;
      let m = -Infinity;
      for (let y = 0; y < L; y++) if ((allowed === null || allowed[base + y] !== 0) && emit[base + y] > m) m = emit[base + y];
      if (m === -Infinity) return NaN;
      logZ += m;
      for (let y = 0; y < L; y++) psi[base + y] = allowed === null || allowed[base + y] !== 0 ? Math.exp(emit[base + y] - m) : 0;
    }
    // Forward.
    let c = 0;
    for (let y = 0; y < L; y++) {
      const v = startP[y] * psi[y];
      alpha[y] = v;
      c += v;
    }
    if (!(c > 0) || !Number.isFinite(c)) return NaN;
    for (let y = 0; y < L; y++) alpha[y] /= c;
    scale[0] = c;
    logZ += Math.log(c);
    for (let i = 1; i < n; i++) {
      const base = i * L;
      const prev = base - L;
      c = 0;
      for (let y = 0; y < L; y++) {
        const p = psi[base + y];
        if (p === 0) {
          alpha[base + y] = 0;
          continue;
        }
        let s = 0;
        for (let q = 0; q < L; q++) s += alpha[prev + q] * M[q * L + y];
        const v = s * p;
        alpha[base + y] = v;
        c += v;
      }
      if (!(c > 0) || !Number.isFinite(c)) return NaN;
      for (let y = 0; y < L; y++) alpha[base + y] /= c;
      scale[i] = c;
      logZ += Math.log(c);
    }
    const lastBase = (n - 1) * L;
    let z = 0;
    for (let y = 0; y < L; y++) z += alpha[lastBase + y] * endP[y];
    if (!(z > 0) || !Number.isFinite(z)) return NaN;
    logZ += Math.log(z);
    // Backward (scaled so that alpha·beta is the marginal).
    for (let y = 0; y < L; y++) beta[lastBase + y] = endP[y] / z;
    for (let i = n - 2; i >= 0; i--) {
      const base = i * L;
      const next = base + L;
      const cn = scale[i + 1];
      for (let q = 0; q < L; q++) {
        let s = 0;
        for (let y = 0; y < L; y++) {
          const p = psi[next + y];
          if (p !== 0) s += M[q * L + y] * p * beta[next + y];
        }
        beta[base + q] = s / cn;
      }
    }
    for (let k = 0; k < n * L; k++) marg[k] = alpha[k] * beta[k];
    for (let y = 0; y < L; y++) {
      pair[L * S + y] += marg[y];
      pair[y * S + L] += marg[lastBase + y];
    }
    for (let i = 1; i < n; i++) {
      const base = i * L;
      const prev = base - L;
      const ci = scale[i];
      for (let y = 0; y < L; y++) {
        const r = (psi[base + y] * beta[base + y]) / ci;
        if (r === 0) continue;
        for (let q = 0; q < L; q++) {
          const a = alpha[prev + q];
          if (a !== 0) pair[q * S + y] += a * M[q * L + y] * r;
        }
      }
    }
    return logZ;
  }

  /**
   * One AdaGrad step on a sequence. Returns its negative conditional log-likelihood (before
   * the step; with a cost, the softmax-margin loss), or NaN when the sequence was skipped.
   */
  update(seq: TrainingSequence): number {
    const n = seq.n;
    const L = this.L;
    const S = L + 1;
    this.t++;
    if (n === 0) return 0;
    this.ensure(n);
    this.effectiveTrans();
    const emit = this.scores(seq);
    this.pairModel.fill(0);
    this.pairTarget.fill(0);
    const allowed = seq.allowed ?? null;
    let nll: number;
    if (allowed) {
      const logZa = this.forwardBackward(n, allowed, this.margTarget, this.pairTarget);
      const logZ = this.forwardBackward(n, null, this.margModel, this.pairModel);
      nll = logZ - logZa;
    } else {
      const gold = seq.gold;
      // Softmax-margin: every wrong label's score is raised by its cost inside log Z (the gold
      // path costs nothing, so its score is unchanged).
      const c0 = this.options.cost ?? 0;
      const c1 = this.options.costEntity ?? c0;
      if (c0 !== 0 || c1 !== 0) {
        for (let i = 0; i < n; i++) {
          const g = gold[i];
          const c = g === 0 ? c0 : c1;
          for (let y = 0; y < L; y++) if (y !== g) emit[i * L + y] += c;
        }
      }
      const logZ = this.forwardBackward(n, null, this.margModel, this.pairModel);
      let score = 0;
      const mt = this.margTarget;
      mt.fill(0, 0, n * L);
      for (let i = 0; i < n; i++) {
        const g = gold[i];
        mt[i * L + g] = 1;
        score += emit[i * L + g];
        const prev = i === 0 ? L : gold[i - 1];
        this.pairTarget[prev * S + g] += 1;
        score += this.tw[prev * S + g] + this.constraints[prev * S + g];
      }
      this.pairTarget[gold[n - 1] * S + L] += 1;
      score += this.tw[gold[n - 1] * S + L] + this.constraints[gold[n - 1] * S + L];
      nll = logZ - score;
    }
    if (!Number.isFinite(nll)) {
      this.skipped++;
      return NaN;
    }
    // Emission rows: gradient = model marginal − target marginal.
    const { feats, offsets } = seq;
    const w = this.w;
    const g2 = this.g2;
    const eta = this.eta;
    const mm = this.margModel;
    const mt = this.margTarget;
    const drop = this.options.drop ?? null;
    const minGrad = this.options.minGrad ?? 0;
    const ys = this.ys;
    const gs = this.gs;
    for (let i = 0; i < n; i++) {
      const base = i * L;
      // The labels whose gradient at this token is not negligible (usually one to three).
      let m = 0;
      for (let y = 0; y < L; y++) {
        const g = mm[base + y] - mt[base + y];
        if (g > minGrad || g < -minGrad) {
          ys[m] = y;
          gs[m++] = g;
        }
      }
      if (m === 0) continue;
      for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
        const f = feats[k];
        if (drop !== null && drop[f] === 1) continue;
        const off = f * L;
        for (let j = 0; j < m; j++) {
          const idx = off + ys[j];
          const g = gs[j];
          const acc = g2[idx] + g * g;
          g2[idx] = acc;
          w[idx] -= (eta * g) / Math.sqrt(acc + EPS);
        }
      }
    }
    // Transitions (dense): data gradient plus the penalty.
    for (let k = 0; k < S * S; k++) {
      if (this.constraints[k] === -Infinity) continue;
      const g = this.pairModel[k] - this.pairTarget[k];
      const acc = this.tg2[k] + g * g;
      this.tg2[k] = acc;
      const rate = eta / Math.sqrt(acc + EPS);
      this.tw[k] -= rate * (g + this.lambda * this.tw[k]);
    }
    return nll;
  }

  /**
   * Adds the current weights (every row's penalty brought up to date) to a running sum; then
   * `finalize(prune, meta, true)` returns the average of the snapshots taken (e.g. at the
   * ends of the last few epochs: a cheap form of iterate averaging).
   */
  snapshot(): void {
    const L = this.L;
    const rowsN = 1 << this.bits;
    this.sumW ??= new Float32Array(rowsN * L);
    this.sumT ??= new Float64Array(this.tw.length);
    for (let r = 0; r < rowsN; r++) this.touch(r);
    const w = this.w;
    const sw = this.sumW;
    for (let k = 0; k < w.length; k++) if (w[k] !== 0) sw[k] += w[k];
    for (let k = 0; k < this.tw.length; k++) this.sumT[k] += this.tw[k];
    this.snapshots++;
  }

  /**
   * The trained model (every row's penalty brought up to date). Weights whose magnitude is
   * below `prune` are dropped; rows with no weight left are not stored.
   */
  finalize(prune = 0, meta: Record<string, unknown> = {}, averaged = false): SequenceModel {
    const L = this.L;
    const rowsN = 1 << this.bits;
    const buckets: number[] = [];
    if (averaged) {
      if (!this.sumW || !this.sumT || this.snapshots === 0) throw new Error('sokhan: CrfTrainer.finalize(averaged) needs snapshot() first');
      const inv = 1 / this.snapshots;
      for (let k = 0; k < this.w.length; k++) this.w[k] = this.sumW[k] * inv;
      for (let k = 0; k < this.tw.length; k++) this.tw[k] = this.sumT[k] * inv;
      this.last.fill(this.t);
    }
    for (let r = 0; r < rowsN; r++) {
      this.touch(r);
      let any = false;
      const off = r * L;
      for (let y = 0; y < L; y++) {
        if (Math.abs(this.w[off + y]) < prune) this.w[off + y] = 0;
        if (this.w[off + y] !== 0) any = true;
      }
      if (any) buckets.push(r);
    }
    const weights = new Float32Array(buckets.length * L);
    for (let k = 0; k < buckets.length; k++) weights.set(this.w.subarray(buckets[k] * L, buckets[k] * L + L), k * L);
    const S = L + 1;
    const trans = new Float32Array(S * S);
    for (let k = 0; k < S * S; k++) trans[k] = this.tw[k] + this.constraints[k];
    return new SequenceModel(this.options.labels, this.bits, Uint32Array.from(buckets), weights, trans, meta);
  }
}
