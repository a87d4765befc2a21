import { seededRandom } from './perceptron.js';
import { countWords } from './simhash-clusters.js';

/**
 * Dense distributional word vectors from unlabelled text, and their binarised form as
 * features (Guo et al. 2014, "Revisiting embedding features for simple semi-supervised
 * learning"). Each frequent word gets a PPMI context vector (the most frequent words at
 * distances −2, −1, +1, +2; context counts smoothed by the power 0.75, Levy et al. 2015), the
 * PPMI matrix is reduced by a randomized SVD (Halko et al. 2011: a Gaussian sketch, power
 * iterations, an exact eigen-decomposition of the small projected matrix) and each word
 * vector is scaled to unit length. Deterministic (seeded Gaussians, fixed orders).
 *
 * `binarize` then turns each dimension into a three-way code per word: '+' above the mean of
 * that dimension's positive values, '-' below the mean of its negative values, else '0'.
 * A linear model reads the non-'0' codes as features.
 */
export interface WordVectorOptions {
  /** Dimensions kept. */
  dims: number;
  /** Words seen fewer times get no vector. */
  minCount: number;
  /** How many of the most frequent words serve as contexts (at each of 4 positions). */
  contexts: number;
  /** Extra sketch columns of the randomized SVD. */
  oversample: number;
  /** Power iterations of the randomized SVD. */
  power: number;
  /** Each dimension is scaled by the singular value to this power before the rows are normalised. */
  eigenPower: number;
  seed: number;
}

export const DEFAULT_WORD_VECTORS: WordVectorOptions = { dims: 32, minCount: 4, contexts: 1000, oversample: 16, power: 2, eigenPower: 0.5, seed: 11 };

export interface WordVectors {
  words: string[];
  dims: number;
  /** words.length × dims, row-major, unit rows. */
  vectors: Float32Array;
}

/** Orthonormalise the l columns of a (rows × l, row-major) matrix in place (modified Gram–Schmidt). */
function orthonormalize(a: Float64Array, rows: number, l: number): void {
  for (let j = 0; j < l; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += a[r * l + j] * a[r * l + k];
      for (let r = 0; r < rows; r++) a[r * l + j] -= dot * a[r * l + k];
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += a[r * l + j] * a[r * l + j];
    norm = Math.sqrt(norm);
    if (norm < 1e-12) {
      for (let r = 0; r < rows; r++) a[r * l + j] = 0;
      continue;
    }
    for (let r = 0; r < rows; r++) a[r * l + j] /= norm;
  }
}

/** Eigen-decomposition of a symmetric n × n matrix (cyclic Jacobi). Returns eigenvalues and column eigenvectors, sorted by eigenvalue descending. */
export function symmetricEigen(m: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y] - a[x * n + x] || x - y);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, j) => {
    values[j] = a[src * n + src];
    // Sign convention: the largest-magnitude component positive (deterministic output).
    let big = 0;
    for (let k = 0; k < n; k++) if (Math.abs(v[k * n + src]) > Math.abs(big)) big = v[k * n + src];
    const sg = big < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) vectors[k * n + j] = sg * v[k * n + src];
  });
  return { values, vectors };
}

/** Word vectors (see the module comment) of the words of `sentences` seen at least `minCount` times. */
export function wordVectors(sentences: Iterable<readonly string[]>, options: Partial<WordVectorOptions> = {}): WordVectors {
  const o = { ...DEFAULT_WORD_VECTORS, ...options };
  const { sents, byFreq, ctxIndex } = countWords(sentences, o.contexts);
  const C = ctxIndex.size;
  const F = 4 * C;
  const words: string[] = [];
  const vocab = new Map<string, number>();
  for (const [w, c] of byFreq) {
    if (c < o.minCount) break;
    vocab.set(w, words.length);
    words.push(w);
  }
  const V = words.length;
  const D = Math.max(1, Math.floor(o.dims));
  if (V === 0 || F === 0) return { words: [], dims: D, vectors: new Float32Array(0) };
  const co: Map<number, number>[] = Array.from({ length: V }, () => new Map());
  for (const s of sents) {
    for (let i = 0; i < s.length; i++) {
      const wi = vocab.get(s[i]);
      if (wi === undefined) continue;
      const m = co[wi];
      for (const [d, side] of [[-1, 0], [1, 1], [-2, 2], [2, 3]] as const) {
        const j = i + d;
        if (j < 0 || j >= s.length) continue;
        const c = ctxIndex.get(s[j]);
        if (c === undefined) continue;
        const f = side * C + c;
        m.set(f, (m.get(f) ?? 0) + 1);
      }
    }
  }
  // PPMI with smoothed context probabilities, as a CSR matrix (rows sorted by feature).
  const featTotal = new Float64Array(F);
  let total = 0;
  for (const m of co) {
    for (const [f, c] of m) {
      featTotal[f] += c;
      total += c;
    }
  }
  let smoothTotal = 0;
  const smooth = new Float64Array(F);
  for (let f = 0; f < F; f++) smoothTotal += smooth[f] = Math.pow(featTotal[f], 0.75);
  const rowPtr = new Int32Array(V + 1);
  const colList: number[] = [];
  const valList: number[] = [];
  for (let r = 0; r < V; r++) {
    const m = co[r];
    let wTotal = 0;
    for (const c of m.values()) wTotal += c;
    const entries = [...m].sort((a, b) => a[0] - b[0]);
    for (const [f, c] of entries) {
      const pmi = Math.log((c / wTotal) / (smooth[f] / smoothTotal));
      if (pmi > 0) {
        colList.push(f);
        valList.push(pmi);
      }
    }
    rowPtr[r + 1] = colList.length;
  }
  const col = Int32Array.from(colList);
  const val = Float64Array.from(valList);
  const l = Math.min(D + Math.max(0, o.oversample), F, V);
  // Y = M Ω with a seeded Gaussian Ω (F × l).
  const rand = seededRandom(o.seed);
  const gauss = () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const omega = new Float64Array(F * l);
  for (let k = 0; k < omega.length; k++) omega[k] = gauss();
  const times = (x: Float64Array): Float64Array => {
    // M (V × F) times x (F × l).
    const y = new Float64Array(V * l);
    for (let r = 0; r < V; r++) {
      const yo = r * l;
      for (let p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
        const xo = col[p] * l;
        const v = val[p];
        for (let j = 0; j < l; j++) y[yo + j] += v * x[xo + j];
      }
    }
    return y;
  };
  const timesT = (y: Float64Array): Float64Array => {
    // Mᵀ (F × V) times y (V × l).
    const z = new Float64Array(F * l);
    for (let r = 0; r < V; r++) {
      const yo = r * l;
      for (let p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
        const zo = col[p] * l;
        const v = val[p];
        for (let j = 0; j < l; j++) z[zo + j] += v * y[yo + j];
      }
    }
    return z;
  };
  let q = times(omega);
  orthonormalize(q, V, l);
  for (let it = 0; it < o.power; it++) {
    const z = timesT(q);
    orthonormalize(z, F, l);
    q = times(z);
    orthonormalize(q, V, l);
  }
  // B = Qᵀ M (l × F); B Bᵀ = (Mᵀ Q)ᵀ (Mᵀ Q).
  const bt = timesT(q);
  const g = new Float64Array(l * l);
  for (let f = 0; f < F; f++) {
    const o2 = f * l;
    for (let i = 0; i < l; i++) {
      const bi = bt[o2 + i];
      if (bi === 0) continue;
      for (let j = i; j < l; j++) g[i * l + j] += bi * bt[o2 + j];
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) g[i * l + j] = g[j * l + i];
  const { values, vectors: u } = symmetricEigen(g, l);
  const dims = Math.min(D, l);
  const scale = new Float64Array(dims);
  for (let d = 0; d < dims; d++) scale[d] = Math.pow(Math.sqrt(Math.max(values[d], 0)), o.eigenPower);
  // Word vectors: Q U S^p, rows normalised.
  const out = new Float32Array(V * D);
  const row = new Float64Array(dims);
  for (let r = 0; r < V; r++) {
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      let s = 0;
      for (let j = 0; j < l; j++) s += q[r * l + j] * u[j * l + d];
      row[d] = s * scale[d];
      norm += row[d] * row[d];
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < dims; d++) out[r * D + d] = row[d] / norm;
  }
  return { words, dims: D, vectors: out };
}

/**
 * Three-way codes of each word's vector (a string of `dims` characters '-', '0', '+'; see the
 * module comment), keyed by word.
 */
export function binarizeWordVectors(wv: WordVectors): Map<string, string> {
  const { words, dims: D, vectors } = wv;
  const V = words.length;
  const pos = new Float64Array(D);
  const neg = new Float64Array(D);
  const np = new Int32Array(D);
  const nn = new Int32Array(D);
  for (let r = 0; r < V; r++) {
    for (let d = 0; d < D; d++) {
      const x = vectors[r * D + d];
      if (x > 0) {
        pos[d] += x;
        np[d]++;
      } else if (x < 0) {
        neg[d] += x;
        nn[d]++;
      }
    }
  }
  for (let d = 0; d < D; d++) {
    pos[d] = np[d] > 0 ? pos[d] / np[d] : Infinity;
    neg[d] = nn[d] > 0 ? neg[d] / nn[d] : -Infinity;
  }
  const out = new Map<string, string>();
  for (let r = 0; r < V; r++) {
    let code = '';
    for (let d = 0; d < D; d++) {
      const x = vectors[r * D + d];
      code += x >= pos[d] ? '+' : x <= neg[d] ? '-' : '0';
    }
    out.set(words[r], code);
  }
  return out;
}

/** Serialise word codes as sorted `word\tcode` lines. */
export function serializeWordCodes(m: ReadonlyMap<string, string>): string {
  return [...m]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}\t${v}`)
    .join('\n');
}

export function parseWordCodes(s: string): Map<string, string> {
  const m = new Map<string, string>();
  if (!s) return m;
  for (const line of s.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab > 0) m.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return m;
}
