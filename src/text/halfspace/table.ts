/**
 * An open-addressing hash table over UTF-16 keys, probed straight from a Uint16Array range
 * (no string is built on the hot path). Built once per model from its `words` Map plus a few
 * flagged strings (the structural-join triggers), then read-only.
 */

/** FNV-1a over UTF-16 code units (32-bit). */
export function hashRange(buf: Uint16Array, off: number, len: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = off; i < off + len; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * Slot records, 4 Int32 each, so a probe touches one cache line (plus the key's characters):
 * [hash, key offset in pool, info, mask]; info = len | flags << 8 | bits << 16 | HAS_CODE
 * (0 = empty slot). A code is mask * 128 + bits (masks are < 2^31: keys are ≤ 30 units).
 */
export const HAS_CODE = 1 << 24;

export interface KeyTable {
  /** Slot count - 1 (a power of two minus one). */
  mask: number;
  rec: Int32Array;
  pool: Uint16Array;
}

/** The model code of the record at `r` (from findRange), or -1 when the key is not in `words`. */
export function codeAt(t: KeyTable, r: number): number {
  if (r < 0) return -1;
  const info = t.rec[r + 2];
  return info & HAS_CODE ? t.rec[r + 3] * 128 + ((info >>> 16) & 0x7f) : -1;
}

/** The caller-defined flags of the record at `r`, or 0. */
export function flagsAt(t: KeyTable, r: number): number {
  return r < 0 ? 0 : (t.rec[r + 2] >>> 8) & 0xff;
}

/** Build the table: every `words` key, plus `extra` strings with their flags (OR-ed). */
export function buildKeyTable(words: Map<string, number>, extra: Iterable<[string, number]>): KeyTable {
  const entries = new Map<string, [number, number]>();
  let chars = 0;
  for (const [k, c] of words) {
    entries.set(k, [c, 0]);
    chars += k.length;
  }
  for (const [k, f] of extra) {
    const e = entries.get(k);
    if (e) e[1] |= f;
    else {
      entries.set(k, [-1, f]);
      chars += k.length;
    }
  }
  const n = entries.size;
  let size = 16;
  while (size < n * 2) size *= 2;
  const t: KeyTable = { mask: size - 1, rec: new Int32Array(size * 4), pool: new Uint16Array(chars) };
  const rec = t.rec;
  let p = 0;
  for (const [k, [c, f]] of entries) {
    if (k.length === 0 || k.length > 255) continue;
    const off = p;
    for (let i = 0; i < k.length; i++) t.pool[p++] = k.charCodeAt(i);
    const h = hashString(k);
    let s = h & t.mask;
    while (rec[s * 4 + 2] !== 0) s = (s + 1) & t.mask;
    const r = s * 4;
    rec[r] = h;
    rec[r + 1] = off;
    const mask = c >= 0 ? Math.floor(c / 128) : 0;
    if (mask > 0x7fffffff) throw new Error(`halfspace model: mask too wide for key ${k}`);
    rec[r + 2] = k.length | (f << 8) | (c >= 0 ? ((c % 128) << 16) | HAS_CODE : 0);
    rec[r + 3] = mask;
  }
  return t;
}

/** The record (index into rec) of the key buf[off, off + len) (hash `h`), or -1. */
export function findRange(t: KeyTable, buf: Uint16Array, off: number, len: number, h: number): number {
  const rec = t.rec;
  const pool = t.pool;
  let s = h & t.mask;
  for (;;) {
    const r = s * 4;
    const info = rec[r + 2];
    if (info === 0) return -1;
    if (rec[r] === h && (info & 0xff) === len) {
      const po = rec[r + 1];
      let i = 0;
      while (i < len && pool[po + i] === buf[off + i]) i++;
      if (i === len) return r;
    }
    s = (s + 1) & t.mask;
  }
}

/** The record of string `k`, or -1. */
export function findString(t: KeyTable, k: string): number {
  const h = hashString(k);
  const len = k.length;
  const rec = t.rec;
  let s = h & t.mask;
  for (;;) {
    const r = s * 4;
    const info = rec[r + 2];
    if (info === 0) return -1;
    if (rec[r] === h && (info & 0xff) === len) {
      const po = rec[r + 1];
      let i = 0;
      while (i < len && t.pool[po + i] === k.charCodeAt(i)) i++;
      if (i === len) return r;
    }
    s = (s + 1) & t.mask;
  }
}
