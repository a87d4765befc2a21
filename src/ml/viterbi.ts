/**
 * First-order Viterbi decoding over L labels.
 *
 * - `emit`: n×L scores, row-major (`emit[i*L + y]`).
 * - `trans`: (L+1)×(L+1) scores, `trans[prev*(L+1) + cur]`; index L stands for the sentence
 *   START (as `prev`) and END (as `cur`). A score of -Infinity forbids the transition, which
 *   is how hard constraints such as BIO well-formedness are imposed.
 * - `allowed` (optional): n×L flags; 0 forbids label y at position i (used in training with
 *   partial labels: the best path *consistent with the annotation* becomes the target).
 *
 * Returns the best label per position. If every path is forbidden (impossible with a sane
 * constraint set), falls back to the best unconstrained label per position rather than throwing.
 */
export function viterbi(
  emit: Float32Array | Float64Array,
  n: number,
  L: number,
  trans: Float32Array | Float64Array,
  allowed?: Uint8Array | null,
  out?: Int32Array,
): Int32Array {
  const path = out && out.length >= n ? out : new Int32Array(n);
  if (n === 0) return path;
  const S = L + 1;
  const score = new Float64Array(n * L);
  const back = new Int32Array(n * L);
  for (let y = 0; y < L; y++) {
    const ok = !allowed || allowed[y] !== 0;
    score[y] = ok ? trans[L * S + y] + emit[y] : -Infinity;
    back[y] = -1;
  }
  for (let i = 1; i < n; i++) {
    const base = i * L;
    const prevBase = base - L;
    for (let y = 0; y < L; y++) {
      if (allowed && allowed[base + y] === 0) {
        score[base + y] = -Infinity;
        back[base + y] = 0;
        continue;
      }
      let best = -Infinity;
      let arg = 0;
      for (let p = 0; p < L; p++) {
        const s = score[prevBase + p] + trans[p * S + y];
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      score[base + y] = best + emit[base + y];
      back[base + y] = arg;
    }
  }
  let best = -Infinity;
  let arg = -1;
  const last = (n - 1) * L;
  for (let y = 0; y < L; y++) {
    const s = score[last + y] + trans[y * S + L];
    if (s > best) {
      best = s;
      arg = y;
    }
  }
  if (arg < 0 || best === -Infinity) {
    // No admissible path: degrade to per-position argmax (never crash on odd input).
    for (let i = 0; i < n; i++) {
      let b = -Infinity;
      let a = 0;
      for (let y = 0; y < L; y++) {
        const v = emit[i * L + y];
        if (v > b) {
          b = v;
          a = y;
        }
      }
      path[i] = a;
    }
    return path;
  }
  path[n - 1] = arg;
  for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * L + path[i]];
  return path;
}

/**
 * Transition constraints for BIO tagging. `labels` are e.g. ['O','B-PER','I-PER',…].
 * Returns (L+1)×(L+1) with 0 where allowed and -Infinity where forbidden:
 * I-X may follow only B-X or I-X (so never the START).
 */
export function bioConstraints(labels: readonly string[]): Float32Array {
  const L = labels.length;
  const S = L + 1;
  const m = new Float32Array(S * S);
  const typeOf = (l: string) => (l.length > 2 && (l[0] === 'B' || l[0] === 'I') && l[1] === '-' ? l.slice(2) : null);
  for (let cur = 0; cur < L; cur++) {
    const c = labels[cur];
    if (c[0] !== 'I' || c[1] !== '-') continue;
    const t = typeOf(c);
    for (let prev = 0; prev <= L; prev++) {
      const ok = prev < L && typeOf(labels[prev]) === t;
      if (!ok) m[prev * S + cur] = -Infinity;
    }
  }
  return m;
}

/**
 * `viterbi` for a fixed transition matrix, faster: for each label only the predecessors
 * whose transition is not -Infinity are scanned (with BIO constraints an `I-X` has two),
 * in ascending order, and the work arrays are reused. Exactly the same result as
 * `viterbi(emit, n, L, trans)`: a forbidden predecessor scores -Infinity, which never beats
 * the running best (the strict `>` keeps the first best, and the default 0 when none is
 * admissible, as there).
 *
 * Labels are split once into "open" ones (every label may precede them: with BIO, O and the
 * B- labels) and "closed" ones (the I- labels), each kind scanned in its own loop without a
 * per-label test; a closed label with exactly two admissible predecessors (every I-X under
 * BIO) is scored by two comparisons. The order of the floating-point operations is the
 * reference's ((score + transition) + emission), so the scores are the same bit for bit.
 */
export class FixedTransitionViterbi {
  private readonly S: number;
  /** For label y: predecessors prevs[prevStart[y] .. prevStart[y+1]). */
  private readonly prevStart: Int32Array;
  private readonly prevs: Int32Array;
  private readonly prevTrans: Float64Array;
  /** Labels every label may precede (with BIO: O and the B- labels), ascending. */
  private readonly openY: Int32Array;
  /** The other labels, ascending. */
  private readonly closedY: Int32Array;
  /** Whether every closed label has exactly two admissible predecessors (then in pairA/pairB, ascending). */
  private readonly pairs: boolean;
  private readonly pairA: Int32Array;
  private readonly pairB: Int32Array;
  private readonly pairTA: Float64Array;
  private readonly pairTB: Float64Array;
  /** Transitions row-major from the predecessor: transFrom[p * L + y]. */
  private readonly transFrom: Float64Array;
  /**
   * Spread of the transitions into open labels (max − min over the finite ones, plus a
   * rounding margin): a predecessor scoring more than this below the best one cannot win
   * (nor tie) for any open label, so it is not scanned (see `decode`).
   */
  private readonly openSpread: number;
  private live = new Int32Array(0);
  private score = new Float64Array(0);
  private back = new Int32Array(0);
  /** Work arrays of the second table of `decodePair`. */
  private score2 = new Float64Array(0);
  private back2 = new Int32Array(0);

  constructor(
    readonly L: number,
    private readonly trans: Float32Array | Float64Array,
  ) {
    const S = (this.S = L + 1);
    const ps: number[] = [];
    const pt: number[] = [];
    this.prevStart = new Int32Array(L + 1);
    for (let y = 0; y < L; y++) {
      for (let p = 0; p < L; p++) {
        const t = trans[p * S + y];
        if (t === -Infinity) continue;
        ps.push(p);
        pt.push(t);
      }
      this.prevStart[y + 1] = ps.length;
    }
    this.prevs = Int32Array.from(ps);
    this.prevTrans = Float64Array.from(pt);
    this.transFrom = new Float64Array(L * L);
    const open: number[] = [];
    const closed: number[] = [];
    let tMin = Infinity;
    let tMax = -Infinity;
    for (let y = 0; y < L; y++) {
      const isOpen = this.prevStart[y + 1] - this.prevStart[y] === L;
      (isOpen ? open : closed).push(y);
      for (let p = 0; p < L; p++) {
        const t = (this.transFrom[p * L + y] = trans[p * S + y]);
        if (isOpen) {
          if (t < tMin) tMin = t;
          if (t > tMax) tMax = t;
        }
      }
    }
    this.openY = Int32Array.from(open);
    this.closedY = Int32Array.from(closed);
    this.pairs = closed.every((y) => this.prevStart[y + 1] - this.prevStart[y] === 2);
    const nc = closed.length;
    this.pairA = new Int32Array(nc);
    this.pairB = new Int32Array(nc);
    this.pairTA = new Float64Array(nc);
    this.pairTB = new Float64Array(nc);
    if (this.pairs) {
      for (let k = 0; k < nc; k++) {
        const j = this.prevStart[closed[k]];
        this.pairA[k] = this.prevs[j];
        this.pairTA[k] = this.prevTrans[j];
        this.pairB[k] = this.prevs[j + 1];
        this.pairTB[k] = this.prevTrans[j + 1];
      }
    }
    // NaN transitions (never in a trained model) would break the bound: no pruning then.
    const spread = tMax - tMin;
    this.openSpread = tMax >= tMin && Number.isFinite(spread) ? spread + 1e-9 * (Math.abs(tMax) + Math.abs(tMin) + 1) : Infinity;
    this.live = new Int32Array(L);
  }

  /** The best path of n positions (written to `out` when it is long enough, else to a new array). */
  decode(emit: Float32Array | Float64Array, n: number, out?: Int32Array): Int32Array {
    const path = out && out.length >= n ? out : new Int32Array(n);
    if (n === 0) return path;
    const L = this.L;
    const S = this.S;
    const trans = this.trans;
    if (this.score.length < n * L) {
      this.score = new Float64Array(n * L * 2);
      this.back = new Int32Array(n * L * 2);
    }
    const score = this.score;
    const back = this.back;
    const prevStart = this.prevStart;
    const prevs = this.prevs;
    const prevTrans = this.prevTrans;
    const openY = this.openY;
    const nOpen = openY.length;
    const closedY = this.closedY;
    const nClosed = closedY.length;
    const pairs = this.pairs;
    const pairA = this.pairA;
    const pairB = this.pairB;
    const pairTA = this.pairTA;
    const pairTB = this.pairTB;
    const transFrom = this.transFrom;
    // M: the best score of the previous position (NaN scores never count, as in `viterbi`).
    let M = -Infinity;
    for (let y = 0; y < L; y++) {
      const s0 = (score[y] = trans[L * S + y] + emit[y]);
      if (s0 > M) M = s0;
      back[y] = -1;
    }
    const live = this.live;
    const spread = this.openSpread;
    for (let i = 1; i < n; i++) {
      const base = i * L;
      const prevBase = base - L;
      // Predecessors that can still win for an open label. A label p whose score is more
      // than the transitions' spread below the best score M (label m) loses to m for every
      // open y: score[p] + t(p,y) ≤ score[p] + tMax < M + tMin ≤ M + t(m,y), strictly (the
      // margin covers float64 rounding), so skipping it changes neither the best score nor
      // which label is first to reach it. Typically one or two labels stay live.
      let nLive = 0;
      const finite = M > -Infinity && M < Infinity;
      if (finite) {
        const floor = M - spread - 1e-9 * Math.abs(M);
        for (let p = 0; p < L; p++) if (score[prevBase + p] >= floor) live[nLive++] = p;
      } else {
        for (let p = 0; p < L; p++) live[nLive++] = p;
      }
      M = -Infinity;
      if (nLive === 1 && finite) {
        // The one live predecessor (finite score, finite transition) wins every open label.
        const p0 = live[0];
        const s0 = score[prevBase + p0];
        const row = p0 * L;
        for (let k = 0; k < nOpen; k++) {
          const y = openY[k];
          const sc = (score[base + y] = s0 + transFrom[row + y] + emit[base + y]);
          if (sc > M) M = sc;
          back[base + y] = p0;
        }
      } else {
        // Every predecessor is admissible: scan the live ones in order.
        for (let k = 0; k < nOpen; k++) {
          const y = openY[k];
          let best = -Infinity;
          let arg = 0;
          for (let j = 0; j < nLive; j++) {
            const p = live[j];
            const s = score[prevBase + p] + transFrom[p * L + y];
            if (s > best) {
              best = s;
              arg = p;
            }
          }
          const sc = (score[base + y] = best + emit[base + y]);
          if (sc > M) M = sc;
          back[base + y] = arg;
        }
      }
      if (pairs) {
        for (let k = 0; k < nClosed; k++) {
          const y = closedY[k];
          let best = -Infinity;
          let arg = 0;
          const a = pairA[k];
          const sa = score[prevBase + a] + pairTA[k];
          if (sa > best) {
            best = sa;
            arg = a;
          }
          const b = pairB[k];
          const sb = score[prevBase + b] + pairTB[k];
          if (sb > best) {
            best = sb;
            arg = b;
          }
          const sc = (score[base + y] = best + emit[base + y]);
          if (sc > M) M = sc;
          back[base + y] = arg;
        }
      } else {
        for (let k = 0; k < nClosed; k++) {
          const y = closedY[k];
          let best = -Infinity;
          let arg = 0;
          for (let j = prevStart[y], e = prevStart[y + 1]; j < e; j++) {
            const s = score[prevBase + prevs[j]] + prevTrans[j];
            if (s > best) {
              best = s;
              arg = prevs[j];
            }
          }
          const sc = (score[base + y] = best + emit[base + y]);
          if (sc > M) M = sc;
          back[base + y] = arg;
        }
      }
    }
    let best = -Infinity;
    let arg = -1;
    const last = (n - 1) * L;
    for (let y = 0; y < L; y++) {
      const s = score[last + y] + trans[y * S + L];
      if (s > best) {
        best = s;
        arg = y;
      }
    }
    if (arg < 0 || best === -Infinity) return viterbi(emit, n, L, trans, null, path);
    path[n - 1] = arg;
    for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * L + path[i]];
    return path;
  }

  /**
   * `decode` of two emission tables of n positions at once (into out1 and out2), the same
   * paths as two `decode` calls: the two recurrences are independent, so running them in one
   * loop lets the processor overlap their dependency chains. Used when every closed label has
   * two predecessors (BIO); otherwise, or when a best score is not finite (−∞, NaN or +∞
   * emissions), it falls back to two `decode` calls.
   */
  decodePair(e1: Float32Array | Float64Array, e2: Float32Array | Float64Array, n: number, out1: Int32Array, out2: Int32Array): void {
    if (!this.pairs || n <= 1 || out1.length < n || out2.length < n) {
      this.decode(e1, n, out1);
      this.decode(e2, n, out2);
      return;
    }
    const L = this.L;
    const S = this.S;
    const trans = this.trans;
    if (this.score2.length < n * L) {
      this.score2 = new Float64Array(n * L * 2);
      this.back2 = new Int32Array(n * L * 2);
    }
    if (this.score.length < n * L) {
      this.score = new Float64Array(n * L * 2);
      this.back = new Int32Array(n * L * 2);
    }
    const s1 = this.score;
    const b1 = this.back;
    const s2 = this.score2;
    const b2 = this.back2;
    const openY = this.openY;
    const nOpen = openY.length;
    const closedY = this.closedY;
    const nClosed = closedY.length;
    const pairA = this.pairA;
    const pairB = this.pairB;
    const pairTA = this.pairTA;
    const pairTB = this.pairTB;
    const transFrom = this.transFrom;
    const spread = this.openSpread;
    let M1 = -Infinity;
    let M2 = -Infinity;
    for (let y = 0; y < L; y++) {
      const t = trans[L * S + y];
      const a = (s1[y] = t + e1[y]);
      if (a > M1) M1 = a;
      const b = (s2[y] = t + e2[y]);
      if (b > M2) M2 = b;
      b1[y] = -1;
      b2[y] = -1;
    }
    for (let i = 1; i < n; i++) {
      if (!(M1 > -Infinity && M1 < Infinity && M2 > -Infinity && M2 < Infinity)) {
        this.decode(e1, n, out1);
        this.decode(e2, n, out2);
        return;
      }
      const base = i * L;
      const pb = base - L;
      // The live predecessors of each table (see `decode`): the first one and how many.
      const f1 = M1 - spread - 1e-9 * Math.abs(M1);
      const f2 = M2 - spread - 1e-9 * Math.abs(M2);
      let p1 = -1;
      let p2 = -1;
      let c1 = 0;
      let c2 = 0;
      for (let p = 0; p < L; p++) {
        if (s1[pb + p] >= f1 && c1++ === 0) p1 = p;
        if (s2[pb + p] >= f2 && c2++ === 0) p2 = p;
      }
      M1 = -Infinity;
      M2 = -Infinity;
      if (c1 === 1 && c2 === 1) {
        const x1 = s1[pb + p1];
        const x2 = s2[pb + p2];
        const r1 = p1 * L;
        const r2 = p2 * L;
        for (let k = 0; k < nOpen; k++) {
          const y = openY[k];
          const a = (s1[base + y] = x1 + transFrom[r1 + y] + e1[base + y]);
          if (a > M1) M1 = a;
          b1[base + y] = p1;
          const b = (s2[base + y] = x2 + transFrom[r2 + y] + e2[base + y]);
          if (b > M2) M2 = b;
          b2[base + y] = p2;
        }
      } else {
        M1 = this.openStep(s1, b1, e1, pb, base, f1, c1 === 1 ? p1 : -1);
        M2 = this.openStep(s2, b2, e2, pb, base, f2, c2 === 1 ? p2 : -1);
      }
      for (let k = 0; k < nClosed; k++) {
        const y = closedY[k];
        const A = pairA[k];
        const B = pairB[k];
        const tA = pairTA[k];
        const tB = pairTB[k];
        let best = -Infinity;
        let arg = 0;
        const sa = s1[pb + A] + tA;
        if (sa > best) {
          best = sa;
          arg = A;
        }
        const sb = s1[pb + B] + tB;
        if (sb > best) {
          best = sb;
          arg = B;
        }
        const a = (s1[base + y] = best + e1[base + y]);
        if (a > M1) M1 = a;
        b1[base + y] = arg;
        let best2 = -Infinity;
        let arg2 = 0;
        const ta = s2[pb + A] + tA;
        if (ta > best2) {
          best2 = ta;
          arg2 = A;
        }
        const tb = s2[pb + B] + tB;
        if (tb > best2) {
          best2 = tb;
          arg2 = B;
        }
        const b = (s2[base + y] = best2 + e2[base + y]);
        if (b > M2) M2 = b;
        b2[base + y] = arg2;
      }
    }
    if (!this.backtrack(s1, b1, n, out1) || !this.backtrack(s2, b2, n, out2)) {
      this.decode(e1, n, out1);
      this.decode(e2, n, out2);
    }
  }

  /**
   * The open labels of position `base` in one table (scores `sc`, back pointers `bk`) from
   * the live predecessors: `p0` alone, or (p0 = −1) every label scoring at least `floor`,
   * scanned in order. Returns the best score of those labels.
   */
  private openStep(sc: Float64Array, bk: Int32Array, e: Float32Array | Float64Array, pb: number, base: number, floor: number, p0: number): number {
    const L = this.L;
    const openY = this.openY;
    const transFrom = this.transFrom;
    const live = this.live;
    let nLive = 0;
    if (p0 >= 0) live[nLive++] = p0;
    else for (let p = 0; p < L; p++) if (sc[pb + p] >= floor) live[nLive++] = p;
    let M = -Infinity;
    for (let k = 0; k < openY.length; k++) {
      const y = openY[k];
      let best = -Infinity;
      let arg = 0;
      for (let j = 0; j < nLive; j++) {
        const p = live[j];
        const s = sc[pb + p] + transFrom[p * L + y];
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      const v = (sc[base + y] = best + e[base + y]);
      if (v > M) M = v;
      bk[base + y] = arg;
    }
    return M;
  }

  /** The best path from final scores and back pointers into `out`; false when no path is admissible. */
  private backtrack(sc: Float64Array, bk: Int32Array, n: number, out: Int32Array): boolean {
    const L = this.L;
    const S = this.S;
    const trans = this.trans;
    let best = -Infinity;
    let arg = -1;
    const last = (n - 1) * L;
    for (let y = 0; y < L; y++) {
      const s = sc[last + y] + trans[y * S + L];
      if (s > best) {
        best = s;
        arg = y;
      }
    }
    if (arg < 0 || best === -Infinity) return false;
    out[n - 1] = arg;
    for (let i = n - 1; i > 0; i--) out[i - 1] = bk[i * L + out[i]];
    return true;
  }
}
