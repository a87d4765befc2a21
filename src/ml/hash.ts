/**
 * Feature hashing: a string feature is mapped to one of 2^bits buckets with 32-bit FNV-1a.
 * Collisions are accepted (the learner copes); no feature dictionary has to be stored.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a hash of the UTF-16 code units of `s` (unsigned). */
export function fnv1a(s: string, seed = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h ^= c & 0xff;
    h = Math.imul(h, FNV_PRIME);
    h ^= c >>> 8;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** Final avalanche so that the low bits used for bucketing are well mixed (murmur3 fmix32). */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Bucket of a string feature in a table of 2^bits rows. */
export function hashFeature(s: string, bits: number): number {
  return mix32(fnv1a(s)) & ((1 << bits) - 1);
}

/**
 * Collects the hashed features of one item (e.g. one token) into a reusable buffer.
 * `add('w=' + form)` is the usual call; duplicates are allowed (they simply add up).
 */
export class FeatureBuffer {
  private buf: Int32Array;
  length = 0;
  constructor(
    readonly bits: number,
    capacity = 64,
  ) {
    this.buf = new Int32Array(capacity);
  }
  reset(): void {
    this.length = 0;
  }
  add(feature: string): void {
    if (this.length === this.buf.length) {
      const b = new Int32Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.length++] = hashFeature(feature, this.bits);
  }
  /** A copy of the collected buckets. */
  toArray(): Int32Array {
    return this.buf.slice(0, this.length);
  }
}
