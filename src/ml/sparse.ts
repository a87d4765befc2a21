import { SequenceModel, type FeatureSequence } from './perceptron.js';

/**
 * The emission weights of a SequenceModel as compressed sparse rows indexed directly by
 * feature bucket: bucket b owns entries `start[b] .. start[b+1]` (label and value of each
 * non-zero weight).
 *
 * The dense table is 21 floats per row although a row holds ~3 non-zero weights on average
 * (50 MB vs ≈ 8 MB for the NER model); the emission sum is memory-bound. The result equals
 * `SequenceModel.emissions`: each label's score is still a float32 sum over the same
 * features in the same order, and the skipped terms are zeros, which leave a float
 * unchanged (up to the sign of a zero score, which no comparison sees; sums started at +0,
 * as every fresh emission table is, never become -0 anyway).
 */
export class SparseEmissions {
  readonly L: number;
  /** Bucket b's weights are entries start[b] .. start[b+1]. */
  readonly start: Uint32Array;
  /**
   * One 32-bit word per non-zero weight: (index of its value in `values`) << 8 | label. A
   * row is then one short run in one array (fewer cache lines than separate label and
   * value arrays); quantised models have few distinct values, so the value table stays
   * small and cached.
   */
  private readonly entries: Int32Array;
  private readonly values: Float32Array;

  constructor(model: SequenceModel) {
    const L = model.L;
    if (L > 255) throw new Error('sokhan: SparseEmissions supports at most 255 labels');
    this.L = L;
    const rowsN = 1 << model.bits;
    const { buckets, weights } = model;
    const count = new Uint32Array(rowsN + 1);
    const valueIndex = new Map<number, number>();
    const values: number[] = [];
    let nnz = 0;
    for (let r = 0; r < buckets.length; r++) {
      let c = 0;
      for (let y = 0, off = r * L; y < L; y++) {
        const v = weights[off + y];
        if (v === 0) continue;
        c++;
        if (!valueIndex.has(v)) {
          valueIndex.set(v, values.length);
          values.push(v);
        }
      }
      count[buckets[r]] += c;
      nnz += c;
    }
    if (values.length >= 1 << 23) throw new Error('sokhan: too many distinct weights for SparseEmissions');
    const start = new Uint32Array(rowsN + 1);
    for (let b = 0; b < rowsN; b++) start[b + 1] = start[b] + count[b];
    const entries = new Int32Array(nnz);
    const fill = start.slice(0, rowsN);
    // A bucket listed twice (never in a well-formed model) would keep both rows here but
    // only the last in the dense table: refuse it.
    const seen = new Uint8Array(rowsN);
    for (let r = 0; r < buckets.length; r++) {
      const b = buckets[r];
      if (seen[b]) throw new Error('sokhan: sequence model lists a feature bucket twice');
      seen[b] = 1;
      for (let y = 0, off = r * L; y < L; y++) {
        const v = weights[off + y];
        if (v === 0) continue;
        entries[fill[b]++] = (valueIndex.get(v)! << 8) | y;
      }
    }
    this.start = start;
    this.entries = entries;
    this.values = Float32Array.from(values);
  }

  /** Same contract as `SequenceModel.emissions`. */
  emissions(seq: FeatureSequence, into?: Float32Array, accumulate = false): Float32Array {
    const { n, feats, offsets } = seq;
    const L = this.L;
    const emit = into && into.length >= n * L ? into : new Float32Array(n * L);
    if (!accumulate) emit.fill(0, 0, n * L);
    const start = this.start;
    const entries = this.entries;
    const values = this.values;
    for (let i = 0; i < n; i++) {
      const base = i * L;
      for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
        const b = feats[k];
        for (let j = start[b], je = start[b + 1]; j < je; j++) {
          const x = entries[j];
          emit[base + (x & 255)] += values[x >>> 8];
        }
      }
    }
    return emit;
  }

  /**
   * `emissions` for features whose row ranges are already known (`ranges[2k]`,
   * `ranges[2k+1]` for feature k, as `start[b]`, `start[b+1]` of its bucket b): the same
   * sums, without the reads of the row index.
   */
  emissionsFromRanges(seq: FeatureSequence & { ranges: Int32Array }, into?: Float32Array, accumulate = false): Float32Array {
    const { n, offsets, ranges } = seq;
    const L = this.L;
    const emit = into && into.length >= n * L ? into : new Float32Array(n * L);
    if (!accumulate) emit.fill(0, 0, n * L);
    const entries = this.entries;
    const values = this.values;
    for (let i = 0; i < n; i++) {
      const base = i * L;
      for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
        for (let j = ranges[2 * k], je = ranges[2 * k + 1]; j < je; j++) {
          const x = entries[j];
          emit[base + (x & 255)] += values[x >>> 8];
        }
      }
    }
    return emit;
  }
}

/**
 * The emission weights of a SequenceModel whose weights are all integers (|w| ≤ 2^15, e.g.
 * a model put in quantisation units by `quantizeModel`), as compressed sparse rows indexed by
 * feature bucket: bucket b owns `entries[start[b] .. start[b+1])`, each `w << 8 | label`.
 *
 * With integer weights every float32 sum is exact (while it stays below 2^24 in magnitude),
 * so scores do not depend on the order in which features are added: a fast path may cache
 * partial sums (per word form, say) and still give bit-identical scores.
 */
export class IntegerRows {
  readonly L: number;
  readonly start: Uint32Array;
  readonly entries: Int32Array;
  /**
   * Bit b set when bucket b has weights. Most buckets a text hashes to are empty; this
   * 2^bits-bit set (128 KB for 2^20) stays in cache where `start` (4 MB) does not.
   */
  readonly nonEmpty: Uint32Array;

  constructor(model: SequenceModel) {
    const L = model.L;
    if (L > 255) throw new Error('sokhan: IntegerRows supports at most 255 labels');
    this.nonEmpty = new Uint32Array(Math.max(1, (1 << model.bits) >>> 5));
    this.L = L;
    const rowsN = 1 << model.bits;
    const { buckets, weights } = model;
    const count = new Uint32Array(rowsN + 1);
    let nnz = 0;
    for (let r = 0; r < buckets.length; r++) {
      for (let y = 0, off = r * L; y < L; y++) {
        const v = weights[off + y];
        if (v === 0) continue;
        if (!Number.isInteger(v) || Math.abs(v) > 32767) throw new Error('sokhan: IntegerRows needs integer weights (quantise the model first)');
        count[buckets[r]]++;
        nnz++;
      }
    }
    const start = new Uint32Array(rowsN + 1);
    for (let b = 0; b < rowsN; b++) start[b + 1] = start[b] + count[b];
    const entries = new Int32Array(nnz);
    const fill = start.slice(0, rowsN);
    const seen = new Uint8Array(rowsN);
    for (let r = 0; r < buckets.length; r++) {
      const b = buckets[r];
      if (seen[b]) throw new Error('sokhan: sequence model lists a feature bucket twice');
      seen[b] = 1;
      for (let y = 0, off = r * L; y < L; y++) {
        const v = weights[off + y];
        if (v !== 0) entries[fill[b]++] = (v << 8) | y;
      }
      if (start[b + 1] > start[b]) this.nonEmpty[b >>> 5] |= 1 << (b & 31);
    }
    this.start = start;
    this.entries = entries;
  }

  /**
   * Rows from their parts: `start` (2^bits + 1 offsets) and `entries` (w << 8 | label).
   * The "bucket has weights" bit set is derived.
   */
  static fromArrays(L: number, start: Uint32Array, entries: Int32Array): IntegerRows {
    const rows = Object.create(IntegerRows.prototype) as IntegerRows;
    const n = start.length - 1;
    const nonEmpty = new Uint32Array(Math.max(1, n >>> 5));
    for (let b = 0; b < n; b++) if (start[b + 1] > start[b]) nonEmpty[b >>> 5] |= 1 << (b & 31);
    Object.assign(rows, { L, start, entries, nonEmpty });
    return rows;
  }

  /** Adds bucket b's weights to `into[base + label]`. */
  addRow(b: number, into: Float32Array, base: number): void {
    const entries = this.entries;
    for (let j = this.start[b], je = this.start[b + 1]; j < je; j++) {
      const x = entries[j];
      into[base + (x & 255)] += x >> 8;
    }
  }
}

/**
 * The same model in integer units: weights w / scale rounded (scale = max|w| / 32767, as
 * `serializeModel` stores them) and transitions divided by scale. Decoding picks the same
 * paths up to that rounding (a positive factor does not change an argmax). A model that is
 * already in these units comes back unchanged.
 */
export function quantizeModel(model: SequenceModel): SequenceModel {
  const w = model.weights;
  const n = w.length;
  let maxAbs = 0;
  let integral = true;
  for (let k = 0; k < n; k++) {
    const v = w[k];
    const a = v < 0 ? -v : v;
    if (a > maxAbs) maxAbs = a;
    if (integral && v !== Math.round(v)) integral = false;
  }
  if (integral && maxAbs <= 32767) return model;
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const weights = new Float32Array(n);
  for (let k = 0; k < n; k++) if (w[k] !== 0) weights[k] = Math.round(w[k] / scale);
  const trans = new Float32Array(model.trans.length);
  for (let k = 0; k < trans.length; k++) trans[k] = model.trans[k] / scale;
  return new SequenceModel(model.labels, model.bits, model.buckets, weights, trans, model.meta);
}
