/**
 * Distributional word clusters learned from unlabelled text (no tags involved), used as tagger
 * features: words that occur between the same neighbours (e.g. adjectives after nouns, names before
 * titles) share a cluster even when the annotated data never saw them.
 *
 * Each frequent word is described by the counts of its left and right neighbours among the most
 * frequent words (square-root scaled, unit length), then k-means (cosine, deterministic seeding)
 * groups the words. Pure and deterministic: same sentences and options, same clusters.
 */

export interface ClusterOptions {
  /** Words seen fewer times are not clustered. */
  minCount?: number;
  /** Number of most frequent words used as context dimensions (left and right each). */
  contextWords?: number;
  /** Number of clusters. */
  k?: number;
  iterations?: number;
}

/** word → cluster id (0..k-1) for the words seen at least minCount times. */
export function buildClusters(sentences: readonly (readonly string[])[], o: ClusterOptions = {}): Map<string, number> {
  const minCount = o.minCount ?? 5;
  const C = o.contextWords ?? 400;
  const k = o.k ?? 128;
  const iterations = o.iterations ?? 12;

  const freq = new Map<string, number>();
  for (const s of sentences) for (const w of s) freq.set(w, (freq.get(w) ?? 0) + 1);
  const byFreq = [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const ctxId = new Map<string, number>();
  for (let i = 0; i < Math.min(C, byFreq.length); i++) ctxId.set(byFreq[i][0], i);
  const vocab = byFreq.filter(([, c]) => c >= minCount).map(([w]) => w);
  const vId = new Map(vocab.map((w, i) => [w, i]));
  const V = vocab.length;
  const D = 2 * C + 2; // left contexts, right contexts, and "rare word" on either side
  if (V === 0) return new Map();

  // Sparse context counts per vocabulary word.
  const counts: Map<number, number>[] = vocab.map(() => new Map());
  const BOS = 2 * C; // reuse the "rare" slots for sentence boundaries as well
  for (const s of sentences)
    for (let i = 0; i < s.length; i++) {
      const v = vId.get(s[i]);
      if (v === undefined) continue;
      const m = counts[v];
      const l = i > 0 ? ctxId.get(s[i - 1]) : undefined;
      const r = i + 1 < s.length ? ctxId.get(s[i + 1]) : undefined;
      const li = l ?? BOS;
      const ri = r !== undefined ? C + r : BOS + 1;
      m.set(li, (m.get(li) ?? 0) + 1);
      m.set(ri, (m.get(ri) ?? 0) + 1);
    }
  // Packed, normalised sparse vectors.
  const start = new Int32Array(V + 1);
  for (let v = 0; v < V; v++) start[v + 1] = start[v] + counts[v].size;
  const dim = new Int32Array(start[V]);
  const val = new Float32Array(start[V]);
  for (let v = 0; v < V; v++) {
    const entries = [...counts[v]].sort((a, b) => a[0] - b[0]);
    let norm = 0;
    for (const [, c] of entries) norm += c;
    norm = Math.sqrt(norm) || 1;
    entries.forEach(([d, c], j) => {
      dim[start[v] + j] = d;
      val[start[v] + j] = Math.sqrt(c) / norm;
    });
  }

  // Deterministic seeding: spread over the frequency ranks.
  const kk = Math.min(k, V);
  const cent = new Float32Array(kk * D);
  for (let c = 0; c < kk; c++) {
    const v = Math.floor(((c + 0.5) * Math.min(V, kk * 20)) / kk);
    for (let j = start[v]; j < start[v + 1]; j++) cent[c * D + dim[j]] = val[j];
  }
  const assign = new Int32Array(V).fill(-1);
  const sums = new Float64Array(kk * D);
  for (let it = 0; it < iterations; it++) {
    let changed = 0;
    for (let v = 0; v < V; v++) {
      let best = 0;
      let bs = -Infinity;
      for (let c = 0; c < kk; c++) {
        const at = c * D;
        let dot = 0;
        for (let j = start[v]; j < start[v + 1]; j++) dot += val[j] * cent[at + dim[j]];
        if (dot > bs) (bs = dot), (best = c);
      }
      if (assign[v] !== best) changed++;
      assign[v] = best;
    }
    sums.fill(0);
    for (let v = 0; v < V; v++) {
      const at = assign[v] * D;
      for (let j = start[v]; j < start[v + 1]; j++) sums[at + dim[j]] += val[j];
    }
    for (let c = 0; c < kk; c++) {
      let norm = 0;
      for (let d = 0; d < D; d++) norm += sums[c * D + d] * sums[c * D + d];
      norm = Math.sqrt(norm);
      // An empty cluster keeps its previous centre.
      if (norm > 0) for (let d = 0; d < D; d++) cent[c * D + d] = sums[c * D + d] / norm;
    }
    if (changed === 0) break;
  }
  const out = new Map<string, number>();
  for (let v = 0; v < V; v++) out.set(vocab[v], assign[v]);
  return out;
}

/** Compact text form for the model file: `word cluster` per line, sorted by word. */
export function packClusters(m: ReadonlyMap<string, number>): string {
  return [...m]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([w, c]) => w + ' ' + c.toString(36))
    .join('\n');
}

export function unpackClusters(s: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!s) return out;
  for (const line of s.split('\n')) {
    const i = line.lastIndexOf(' ');
    if (i > 0) out.set(line.slice(0, i), parseInt(line.slice(i + 1), 36));
  }
  return out;
}
