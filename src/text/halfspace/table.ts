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

export interface KeyTable {
  /** Slot count - 1 (a power of two minus one). */
  mask: number;
  /** Per slot: entry index + 1, or 0 when empty. */
  slots: Int32Array;
  /** Per slot: the key's hash (checked before the characters). */
  hashes: Int32Array;
  /** Per entry: its characters are pool[off, off + len). */
  off: Int32Array;
  len: Int32Array;
  pool: Uint16Array;
  /** Per entry: the model code, or -1 when the key is not in `words`. */
  code: Float64Array;
  /** Per entry: caller-defined flags. */
  flags: Uint8Array;
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
  const t: KeyTable = {
    mask: size - 1,
    slots: new Int32Array(size),
    hashes: new Int32Array(size),
    off: new Int32Array(n),
    len: new Int32Array(n),
    pool: new Uint16Array(chars),
    code: new Float64Array(n),
    flags: new Uint8Array(n),
  };
  let e = 0;
  let p = 0;
  for (const [k, [c, f]] of entries) {
    t.off[e] = p;
    t.len[e] = k.length;
    for (let i = 0; i < k.length; i++) t.pool[p++] = k.charCodeAt(i);
    t.code[e] = c;
    t.flags[e] = f;
    const h = hashString(k);
    let s = h & t.mask;
    while (t.slots[s] !== 0) s = (s + 1) & t.mask;
    t.slots[s] = e + 1;
    t.hashes[s] = h;
    e++;
  }
  return t;
}

/** The entry of the key buf[off, off + len) (hash `h`), or -1. */
export function findRange(t: KeyTable, buf: Uint16Array, off: number, len: number, h: number): number {
  let s = h & t.mask;
  for (;;) {
    const e1 = t.slots[s];
    if (e1 === 0) return -1;
    if (t.hashes[s] === h) {
      const e = e1 - 1;
      if (t.len[e] === len) {
        const po = t.off[e];
        let i = 0;
        while (i < len && t.pool[po + i] === buf[off + i]) i++;
        if (i === len) return e;
      }
    }
    s = (s + 1) & t.mask;
  }
}

/** The entry of string `k`, or -1. */
export function findString(t: KeyTable, k: string): number {
  const h = hashString(k);
  const len = k.length;
  let s = h & t.mask;
  for (;;) {
    const e1 = t.slots[s];
    if (e1 === 0) return -1;
    if (t.hashes[s] === h) {
      const e = e1 - 1;
      if (t.len[e] === len) {
        const po = t.off[e];
        let i = 0;
        while (i < len && t.pool[po + i] === k.charCodeAt(i)) i++;
        if (i === len) return e;
      }
    }
    s = (s + 1) & t.mask;
  }
}
