import { SequenceModel } from './perceptron.js';

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

export function deserializeModel(buf: Uint8Array): SequenceModel {
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
  return new SequenceModel(header.labels, header.bits, buckets, weights, trans, header.meta ?? {});
}
