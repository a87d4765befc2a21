import type { FeatureSequence, SequenceModel } from './perceptron.js';

/**
 * The emission weights of a SequenceModel as compressed sparse rows indexed directly by
 * feature bucket: bucket b owns entries `start[b] .. start[b+1]` of (`label`, `value`).
 *
 * The dense table is 21 floats per row although a row holds ~3 non-zero weights on average;
 * reading only the non-zero ones touches a fraction of the memory (the emission sum is
 * memory-bound). The result is bit-identical to `SequenceModel.emissions`: each label's
 * score is still a float32 sum over the same features in the same order, and the skipped
 * terms are +0 (stored weights are never -0), which leaves a float unchanged.
 */
export class SparseEmissions {
  readonly L: number;
  private readonly start: Uint32Array;
  private readonly label: Uint8Array;
  private readonly value: Float32Array;

  constructor(model: SequenceModel) {
    const L = model.L;
    if (L > 255) throw new Error('sokhan: SparseEmissions supports at most 255 labels');
    this.L = L;
    const rowsN = 1 << model.bits;
    const { buckets, weights } = model;
    const count = new Uint32Array(rowsN + 1);
    let nnz = 0;
    for (let r = 0; r < buckets.length; r++) {
      let c = 0;
      for (let y = 0, off = r * L; y < L; y++) if (weights[off + y] !== 0) c++;
      count[buckets[r]] += c;
      nnz += c;
    }
    const start = new Uint32Array(rowsN + 1);
    for (let b = 0; b < rowsN; b++) start[b + 1] = start[b] + count[b];
    const label = new Uint8Array(nnz);
    const value = new Float32Array(nnz);
    const fill = start.slice(0, rowsN);
    // Rows in bucket order; a bucket listed twice (never in a well-formed file) keeps both
    // rows' weights in file order, whereas the dense table keeps the last — guard against it.
    const seen = new Uint8Array(rowsN);
    for (let r = 0; r < buckets.length; r++) {
      const b = buckets[r];
      if (seen[b]) throw new Error('sokhan: sequence model lists a feature bucket twice');
      seen[b] = 1;
      for (let y = 0, off = r * L; y < L; y++) {
        const v = weights[off + y];
        if (v === 0) continue;
        label[fill[b]] = y;
        value[fill[b]++] = v;
      }
    }
    this.start = start;
    this.label = label;
    this.value = value;
  }

  /** Same contract as `SequenceModel.emissions`. */
  emissions(seq: FeatureSequence, into?: Float32Array, accumulate = false): Float32Array {
    const { n, feats, offsets } = seq;
    const L = this.L;
    const emit = into && into.length >= n * L ? into : new Float32Array(n * L);
    if (!accumulate) emit.fill(0, 0, n * L);
    const start = this.start;
    const label = this.label;
    const value = this.value;
    for (let i = 0; i < n; i++) {
      const base = i * L;
      for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
        const b = feats[k];
        for (let j = start[b], je = start[b + 1]; j < je; j++) emit[base + label[j]] += value[j];
      }
    }
    return emit;
  }
}
