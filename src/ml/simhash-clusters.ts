import { seededRandom } from './perceptron.js';

/**
 * Distributional word classes from unlabelled text, cheaply: each frequent word gets a
 * context vector (counts of the most frequent words just left and just right of it,
 * PPMI-weighted), and the vector is reduced to a `bits`-bit signature by random hyperplanes
 * (SimHash). Words used in similar contexts share signatures, and shorter prefixes give
 * coarser classes, which a tagger can use like Brown-cluster prefixes. Deterministic.
 */
export interface SimHashOptions {
  /** Signature length (≤ 30). */
  bits: number;
  /** Words seen fewer times get no class. */
  minCount: number;
  /** How many of the most frequent words serve as context features. */
  contexts: number;
  seed: number;
}

export const DEFAULT_SIMHASH: SimHashOptions = { bits: 20, minCount: 4, contexts: 800, seed: 7 };

/**
 * The corpus pass both distributional models start with: the sentences kept in an array, every
 * word with its count, most frequent first (ties in code-unit order, so the result is
 * deterministic), and the `contexts` most frequent words numbered as context features.
 */
export function countWords(sentences: Iterable<readonly string[]>, contexts: number): {
  sents: (readonly string[])[];
  byFreq: [string, number][];
  ctxIndex: Map<string, number>;
} {
  const count = new Map<string, number>();
  const sents: (readonly string[])[] = [];
  for (const s of sentences) {
    sents.push(s);
    for (const w of s) count.set(w, (count.get(w) ?? 0) + 1);
  }
  const byFreq = [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const ctxIndex = new Map<string, number>();
  for (let i = 0; i < Math.min(contexts, byFreq.length); i++) ctxIndex.set(byFreq[i][0], i);
  return { sents, byFreq, ctxIndex };
}

/** Word → signature (an integer below 2^bits). */
export function simhashClusters(sentences: Iterable<readonly string[]>, options: Partial<SimHashOptions> = {}): Map<string, number> {
  const o = { ...DEFAULT_SIMHASH, ...options };
  const { sents, byFreq, ctxIndex } = countWords(sentences, o.contexts);
  const C = ctxIndex.size;
  const vocab = new Map<string, number>();
  for (const [w, c] of byFreq) if (c >= o.minCount) vocab.set(w, vocab.size);
  const V = vocab.size;
  // Sparse co-occurrence: word → Map(feature → count); feature = side*C + ctx (side 0 left, 1 right, +2 for distance 2).
  const co: Map<number, number>[] = Array.from({ length: V }, () => new Map());
  const featTotal = new Float64Array(4 * C);
  let total = 0;
  const bump = (wi: number, f: number) => {
    const m = co[wi];
    m.set(f, (m.get(f) ?? 0) + 1);
    featTotal[f]++;
    total++;
  };
  for (const s of sents) {
    for (let i = 0; i < s.length; i++) {
      const wi = vocab.get(s[i]);
      if (wi === undefined) continue;
      const l1 = i > 0 ? ctxIndex.get(s[i - 1]) : undefined;
      const r1 = i + 1 < s.length ? ctxIndex.get(s[i + 1]) : undefined;
      const l2 = i > 1 ? ctxIndex.get(s[i - 2]) : undefined;
      const r2 = i + 2 < s.length ? ctxIndex.get(s[i + 2]) : undefined;
      if (l1 !== undefined) bump(wi, l1);
      if (r1 !== undefined) bump(wi, C + r1);
      if (l2 !== undefined) bump(wi, 2 * C + l2);
      if (r2 !== undefined) bump(wi, 3 * C + r2);
    }
  }
  // Random hyperplanes: one Gaussian value per (feature, bit).
  const rand = seededRandom(o.seed);
  const gauss = () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const B = o.bits;
  const planes = new Float64Array(4 * C * B);
  for (let k = 0; k < planes.length; k++) planes[k] = gauss();
  const out = new Map<string, number>();
  const acc = new Float64Array(B);
  for (const [w, wi] of vocab) {
    const m = co[wi];
    if (m.size === 0) continue;
    let wTotal = 0;
    for (const c of m.values()) wTotal += c;
    acc.fill(0);
    for (const [f, c] of m) {
      const pmi = Math.log((c * total) / (wTotal * featTotal[f]));
      if (pmi <= 0) continue;
      const base = f * B;
      for (let b = 0; b < B; b++) acc[b] += pmi * planes[base + b];
    }
    let sig = 0;
    for (let b = 0; b < B; b++) if (acc[b] > 0) sig |= 1 << (B - 1 - b);
    out.set(w, sig);
  }
  return out;
}
