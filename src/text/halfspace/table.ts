/**
 * An open-addressing hash table over UTF-16 keys, probed straight from a Uint16Array range
 * (no string is built on the hot path). Built once per model from its `words` Map plus a few
 * flagged strings (the structural-join triggers), then read-only.
 */

/**
 * The one-hash Bloom filters restore.ts puts in front of the table: over the APPLY_SPACED keys
 * (2^SPACED_FILTER_LOG bits) and the APPLY_JOINED keys (2^JOINED_FILTER_LOG bits); a key of
 * hash h sets bit filterBit(h, log).
 */
export const SPACED_FILTER_LOG = 20;
export const JOINED_FILTER_LOG = 21;
export function filterBit(h: number, log: number): number {
  return Math.imul(h, 0x9e3779b1) >>> (32 - log);
}

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
  /** Characters used in pool. */
  chars: number;
  /** Entries; kept ≤ half the slots by insertKey. */
  count: number;
}

/** An empty table sized for `n` entries of `chars` characters in all. */
export function emptyKeyTable(n: number, chars: number): KeyTable {
  let size = 16;
  while (size < n * 2) size *= 2;
  return { mask: size - 1, rec: new Int32Array(size * 4), pool: new Uint16Array(Math.max(16, chars)), chars: 0, count: 0 };
}

function grow(t: KeyTable): void {
  const old = t.rec;
  const size = (t.mask + 1) * 2;
  t.mask = size - 1;
  t.rec = new Int32Array(size * 4);
  for (let r = 0; r < old.length; r += 4) {
    if (old[r + 2] === 0) continue;
    let s = old[r] & t.mask;
    while (t.rec[s * 4 + 2] !== 0) s = (s + 1) & t.mask;
    t.rec.set(old.subarray(r, r + 4), s * 4);
  }
}

/**
 * Insert the key pool[off, off + len) (already written at t.chars, hash h) or, when present,
 * replace its info/mask (a later line wins, as Map.set). Returns the record.
 */
export function insertPooled(t: KeyTable, len: number, h: number, info: number, mask: number): number {
  if ((t.count + 1) * 2 > t.mask + 1) grow(t);
  const off = t.chars;
  const rec = t.rec;
  const pool = t.pool;
  let s = h & t.mask;
  for (;;) {
    const r = s * 4;
    const i2 = rec[r + 2];
    if (i2 === 0) {
      rec[r] = h;
      rec[r + 1] = off;
      rec[r + 2] = info;
      rec[r + 3] = mask;
      t.chars += len;
      t.count++;
      return r;
    }
    if (rec[r] === h && (i2 & 0xff) === len) {
      const po = rec[r + 1];
      let i = 0;
      while (i < len && pool[po + i] === pool[off + i]) i++;
      if (i === len) {
        rec[r + 2] = info;
        rec[r + 3] = mask;
        return r;
      }
    }
    s = (s + 1) & t.mask;
  }
}

/**
 * Insert n keys already in the pool (key q: pool[off[q], off[q] + (info[q] & 0xff)), hash h[q])
 * in slot order (a stable counting sort by slot), so the writes sweep the table once; for a key
 * given twice the later one wins, as with insertPooled one by one.
 */
export function insertQueued(t: KeyTable, h: Int32Array, off: Int32Array, info: Int32Array, mask: Int32Array, n: number): void {
  while ((t.count + n) * 2 > t.mask + 1) grow(t);
  const size = t.mask + 1;
  let shift = 0;
  while (size >>> shift > 65536) shift++;
  const nb = size >>> shift;
  const start = new Int32Array(nb + 1);
  for (let q = 0; q < n; q++) start[((h[q] & t.mask) >>> shift) + 1]++;
  for (let b = 0; b < nb; b++) start[b + 1] += start[b];
  const order = new Int32Array(n);
  for (let q = 0; q < n; q++) order[start[(h[q] & t.mask) >>> shift]++] = q;
  const rec = t.rec;
  const pool = t.pool;
  for (let x = 0; x < n; x++) {
    const q = order[x];
    const hq = h[q];
    const len = info[q] & 0xff;
    const o = off[q];
    let s = hq & t.mask;
    for (;;) {
      const r = s * 4;
      const i2 = rec[r + 2];
      if (i2 === 0) {
        rec[r] = hq;
        rec[r + 1] = o;
        rec[r + 2] = info[q];
        rec[r + 3] = mask[q];
        t.count++;
        break;
      }
      if (rec[r] === hq && (i2 & 0xff) === len) {
        const po = rec[r + 1];
        let i = 0;
        while (i < len && pool[po + i] === pool[o + i]) i++;
        if (i === len) {
          rec[r + 2] = info[q];
          rec[r + 3] = mask[q];
          break;
        }
      }
      s = (s + 1) & t.mask;
    }
  }
}

/** Room for `len` more characters in the pool. */
export function reservePool(t: KeyTable, len: number): void {
  if (t.chars + len <= t.pool.length) return;
  const p = new Uint16Array(Math.max(t.pool.length * 2, t.chars + len));
  p.set(t.pool.subarray(0, t.chars));
  t.pool = p;
}

/** Insert (or update) string `k`. */
export function insertKey(t: KeyTable, k: string, info: number, mask: number): number {
  reservePool(t, k.length);
  for (let i = 0; i < k.length; i++) t.pool[t.chars + i] = k.charCodeAt(i);
  return insertPooled(t, k.length, hashString(k), info, mask);
}

/** OR `flags` into the key's record, inserting it (without a code) when absent. */
export function addFlags(t: KeyTable, k: string, flags: number): void {
  if (k.length === 0 || k.length > 255) return;
  const r = findString(t, k);
  if (r >= 0) t.rec[r + 2] |= flags << 8;
  else insertKey(t, k, k.length | (flags << 8), 0);
}

/** A new table holding the records of `t` whose info passes `keep`. */
export function subTable(t: KeyTable, keep: (info: number) => boolean): KeyTable {
  let n = 0;
  let chars = 0;
  for (let r = 0; r < t.rec.length; r += 4) {
    const info = t.rec[r + 2];
    if (info !== 0 && keep(info)) {
      n++;
      chars += info & 0xff;
    }
  }
  const u = emptyKeyTable(n, chars);
  for (let r = 0; r < t.rec.length; r += 4) {
    const info = t.rec[r + 2];
    if (info === 0 || !keep(info)) continue;
    const len = info & 0xff;
    u.pool.set(t.pool.subarray(t.rec[r + 1], t.rec[r + 1] + len), u.chars);
    insertPooled(u, len, t.rec[r], info, t.rec[r + 3]);
  }
  return u;
}

/** Every key with a code, as a Map (key → code). */
export function tableToMap(t: KeyTable): Map<string, number> {
  const out = new Map<string, number>();
  for (let r = 0; r < t.rec.length; r += 4) {
    const info = t.rec[r + 2];
    if (!(info & HAS_CODE)) continue;
    const off = t.rec[r + 1];
    const k = String.fromCharCode.apply(null, t.pool.subarray(off, off + (info & 0xff)) as unknown as number[]);
    out.set(k, t.rec[r + 3] * 128 + ((info >>> 16) & 0x7f));
  }
  return out;
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
export function buildKeyTable(words: Map<string, number>, extra: readonly [string, number][]): KeyTable {
  let chars = 0;
  for (const k of words.keys()) chars += k.length;
  const t = emptyKeyTable(words.size + extra.length, chars + 64);
  words.forEach((c, k) => {
    if (k.length === 0 || k.length > 255) return;
    const mask = Math.floor(c / 128);
    if (mask > 0x7fffffff) throw new Error(`halfspace model: mask too wide for key ${k}`);
    insertKey(t, k, k.length | ((c % 128) << 16) | HAS_CODE, mask);
  });
  for (const [k, f] of extra) addFlags(t, k, f);
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
