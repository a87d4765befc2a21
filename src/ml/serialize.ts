import { SequenceModel } from './perceptron.js';
import { IntegerRows } from './sparse.js';

/**
 * Compact binary form of a SequenceModel (little endian):
 *
 *   "SKSM" u8 version=1
 *   u32 header length, header JSON (UTF-8): { labels, bits, rows, scale, meta }
 *   (L+1)² float32 transitions (constraints included; -Infinity survives float32)
 *   rows × varint: bucket numbers, delta-coded ascending
 *   rows × ceil(L/8) bytes: which labels of the row have a weight
 *   one int16 per set bit: weight / scale (scale = max|w| / 32767)
 *
 * Quantising to 16 bits costs nothing measurable in accuracy and halves the size; the file
 * is usually gzipped on top (`.gz` model files are gunzipped by `models/load.ts`).
 */
const MAGIC = [0x53, 0x4b, 0x53, 0x4d]; // SKSM
const VERSION = 1;

export function serializeModel(model: SequenceModel): Uint8Array {
  const L = model.L;
  const rows = model.buckets.length;
  let maxAbs = 0;
  for (const v of model.weights) if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const header = new TextEncoder().encode(
    JSON.stringify({ labels: model.labels, bits: model.bits, rows, scale, meta: model.meta }),
  );
  const maskBytes = (L + 7) >> 3;
  // Varint buckets.
  const varints: number[] = [];
  let prev = 0;
  for (let r = 0; r < rows; r++) {
    let d = model.buckets[r] - prev;
    prev = model.buckets[r];
    while (d >= 0x80) {
      varints.push((d & 0x7f) | 0x80);
      d >>>= 7;
    }
    varints.push(d);
  }
  const masks = new Uint8Array(rows * maskBytes);
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let y = 0; y < L; y++) {
      const q = Math.round(model.weights[r * L + y] / scale);
      if (q !== 0) {
        masks[r * maskBytes + (y >> 3)] |= 1 << (y & 7);
        values.push(q);
      }
    }
  }
  const S = L + 1;
  const size = 5 + 4 + header.length + S * S * 4 + varints.length + masks.length + values.length * 2;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let p = 0;
  for (const m of MAGIC) out[p++] = m;
  out[p++] = VERSION;
  dv.setUint32(p, header.length, true);
  p += 4;
  out.set(header, p);
  p += header.length;
  for (let k = 0; k < S * S; k++, p += 4) dv.setFloat32(p, model.trans[k], true);
  out.set(varints, p);
  p += varints.length;
  out.set(masks, p);
  p += masks.length;
  for (const v of values) {
    dv.setInt16(p, v, true);
    p += 2;
  }
  return out;
}

/**
 * A model file read straight into integer units, without the dense weight table: what
 * `quantizeModel(deserializeModel(buf))` holds, as `IntegerRows` (the same integers) and
 * the same scaled transitions. For inference; `deserializeModel` stays the reference.
 */
export interface IntegerSequenceModel {
  labels: string[];
  bits: number;
  L: number;
  trans: Float32Array;
  rows: IntegerRows;
  meta: Record<string, unknown>;
}

export function readIntegerModel(buf: Uint8Array): IntegerSequenceModel {
  const f = parseModelFile(buf);
  const { L, rows, maskStart, maskBytes, valueStart, scale } = f;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  // The dequantised weights are float32(q × scale), as `deserializeModel` stores them; then
  // `quantizeModel` divides them by max|w| / 32767 and rounds (unless they are integers
  // within int16 already). The same arithmetic, one value at a time.
  let count = 0;
  for (let k = maskStart; k < maskStart + rows * maskBytes; k++) count += popcount8(buf[k]);
  if (valueStart + 2 * count > buf.length) throw new Error('sokhan: not a valid sequence model file (truncated weights)');
  let maxAbs = 0;
  let integral = true;
  for (let j = 0; j < count; j++) {
    const w = Math.fround(dv.getInt16(valueStart + 2 * j, true) * scale);
    const a = w < 0 ? -w : w;
    if (a > maxAbs) maxAbs = a;
    if (integral && w !== Math.round(w)) integral = false;
  }
  const q = integral && maxAbs <= 32767 ? 0 : maxAbs > 0 ? maxAbs / 32767 : 1;
  const n = 1 << f.bits;
  const start = new Uint32Array(n + 1);
  const tmp = new Int32Array(count);
  let nnz = 0;
  let vp = valueStart;
  let prevBucket = -1;
  for (let r = 0; r < rows; r++) {
    const b = f.buckets[r];
    if (b <= prevBucket) throw new Error('sokhan: sequence model lists a feature bucket twice');
    if (b >= n) throw new Error('sokhan: not a valid sequence model file (bucket out of range)');
    // Empty buckets in between keep the running offset.
    for (let x = prevBucket + 1; x <= b; x++) start[x] = nnz;
    prevBucket = b;
    for (let y = 0; y < L; y++) {
      if (!(buf[maskStart + r * maskBytes + (y >> 3)] & (1 << (y & 7)))) continue;
      const w = Math.fround(dv.getInt16(vp, true) * scale);
      vp += 2;
      const v = q === 0 ? w : Math.round(w / q);
      if (v === 0) continue;
      if (!Number.isInteger(v) || Math.abs(v) > 32767) throw new Error('sokhan: IntegerRows needs integer weights (quantise the model first)');
      tmp[nnz++] = (v << 8) | y;
    }
  }
  for (let x = prevBucket + 1; x <= n; x++) start[x] = nnz;
  const trans = q === 0 ? f.trans : Float32Array.from(f.trans, (t) => t / q);
  return { labels: f.labels, bits: f.bits, L, trans, rows: IntegerRows.fromArrays(L, start, tmp.slice(0, nnz)), meta: f.meta };
}

function popcount8(x: number): number {
  x = x - ((x >> 1) & 0x55);
  x = (x & 0x33) + ((x >> 2) & 0x33);
  return (x + (x >> 4)) & 0x0f;
}

interface ModelFile {
  labels: string[];
  bits: number;
  L: number;
  rows: number;
  scale: number;
  meta: Record<string, unknown>;
  trans: Float32Array;
  buckets: Uint32Array;
  maskStart: number;
  maskBytes: number;
  valueStart: number;
}

function parseModelFile(buf: Uint8Array): ModelFile {
  const fail = (why: string): never => {
    throw new Error(`sokhan: not a valid sequence model file (${why})`);
  };
  if (buf.length < 9) fail('too short');
  for (let k = 0; k < 4; k++) if (buf[k] !== MAGIC[k]) fail('bad magic');
  if (buf[4] !== VERSION) fail(`unsupported version ${buf[4]}`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = 5;
  const hlen = dv.getUint32(p, true);
  p += 4;
  if (p + hlen > buf.length) fail('truncated header');
  const header = JSON.parse(new TextDecoder().decode(buf.subarray(p, p + hlen))) as {
    labels: string[];
    bits: number;
    rows: number;
    scale: number;
    meta: Record<string, unknown>;
  };
  p += hlen;
  const L = header.labels.length;
  const S = L + 1;
  if (p + S * S * 4 > buf.length) fail('truncated transitions');
  const trans = new Float32Array(S * S);
  for (let k = 0; k < S * S; k++, p += 4) trans[k] = dv.getFloat32(p, true);
  const rows = header.rows;
  const buckets = new Uint32Array(rows);
  let prev = 0;
  for (let r = 0; r < rows; r++) {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (p >= buf.length) fail('truncated buckets');
      const b = buf[p++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
      shift += 7;
    }
    prev += v;
    buckets[r] = prev;
  }
  const maskBytes = (L + 7) >> 3;
  const maskStart = p;
  p += rows * maskBytes;
  if (p > buf.length) fail('truncated masks');
  return { labels: header.labels, bits: header.bits, L, rows, scale: header.scale, meta: header.meta ?? {}, trans, buckets, maskStart, maskBytes, valueStart: p };
}

export function deserializeModel(buf: Uint8Array): SequenceModel {
  const fail = (why: string): never => {
    throw new Error(`sokhan: not a valid sequence model file (${why})`);
  };
  const f = parseModelFile(buf);
  const { L, rows, maskStart, maskBytes, trans, buckets } = f;
  const header = f;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = f.valueStart;
  const weights = new Float32Array(rows * L);
  for (let r = 0; r < rows; r++) {
    for (let y = 0; y < L; y++) {
      if (buf[maskStart + r * maskBytes + (y >> 3)] & (1 << (y & 7))) {
        if (p + 2 > buf.length) fail('truncated weights');
        weights[r * L + y] = dv.getInt16(p, true) * header.scale;
        p += 2;
      }
    }
  }
  return new SequenceModel(header.labels, header.bits, buckets, weights, trans, header.meta);
}
