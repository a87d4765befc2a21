/**
 * The binary half-space model (`models/halfspace.bin`): the `@words` entries stored in the
 * order of the slots of the typed hash table (table.ts) they fill, so that loading is one
 * sequential pass that writes each record in place (no text to decode, no line to parse, no
 * hash-table insertion, no sub-table); the key hashes, and the Bloom filters restore.ts puts in
 * front of the table, are computed from the keys on the way. The file is not gzipped: it is
 * about 2.9 MB (1.25 MB gzipped), and gunzipping it would cost more than the whole pass.
 *
 * Layout (all integers little-endian):
 *
 * | bytes | what |
 * |---|---|
 * | 0-3 | magic `SKHS` |
 * | 4-7 | format version (`BINARY_VERSION`) |
 * | 8-11 | total length in bytes (a multiple of 4) |
 * | 12-15 | checksum of every byte after the 32-byte header (`checksum`) |
 * | 16-19 | log2 of the slot count of the words table |
 * | 20-23 | entries (records) |
 * | 24-27 | characters of all keys together |
 * | 28-31 | 0 (reserved) |
 *
 * then sections, each a u32 byte length and its bytes (zero-padded to a multiple of 4):
 * 1. code page: the distinct key characters, u16 each (keys are stored one byte a character);
 * 2. keys: one code-page index a character, entry after entry, in slot order;
 * 3. key lengths: one byte an entry;
 * 4. bits: one byte an entry (code % 128);
 * 5. slot gaps: a varint an entry (slot - previous slot - 1; the first: slot);
 * 6. masks: a varint an entry (code / 128);
 * 7-11. `@verbs`, `@right`, `@left`, `@rbound`, `@lbound`: UTF-8, one string a line.
 *
 * Deterministic: the encoder sorts the keys and inserts them in that order into a table of a
 * size fixed by the entry count, so the same model gives the same bytes.
 */
import { emptyKeyTable, HAS_CODE, insertKey, JOINED_FILTER_LOG, SPACED_FILTER_LOG, type KeyTable } from './table.js';
import { APPLY_JOINED, APPLY_SPACED, CODE_BITS, MAX_KEY, type HalfSpaceModel } from './model.js';

export const BINARY_MAGIC = 0x53484b53; // "SKHS" read as a little-endian u32
export const BINARY_VERSION = 1;
const HEADER = 32;
/** Free slots kept for the strings the run time flags (restore.ts's tablesOf adds a few hundred). */
export const SPARE_ENTRIES = 4096;
/** Spare pool characters for the same. */
const SPARE_CHARS = 16 * 1024;
const LISTS = ['verbStems', 'rightParts', 'leftParts', 'rightBound', 'leftBound'] as const;

/** True for the bytes of a binary half-space model (by its magic). */
export function isBinaryHalfSpaceModel(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x53 && b[1] === 0x4b && b[2] === 0x48 && b[3] === 0x53;
}

/**
 * A 32-bit checksum of b[from, to) (to - from a multiple of 4): FNV-style over little-endian
 * words. Not cryptographic: it catches a damaged or truncated file.
 */
export function checksum(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5 | 0;
  if ((b.byteOffset + from) % 4 === 0 && LITTLE_ENDIAN) {
    const w = new Int32Array(b.buffer, b.byteOffset + from, (to - from) >>> 2);
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w[i], 0x01000193);
  } else {
    for (let i = from; i < to; i += 4) h = Math.imul(h ^ (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)), 0x01000193);
  }
  return h >>> 0;
}
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

class Writer {
  buf = new Uint8Array(1 << 16);
  n = 0;
  room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + k) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.n++] = v;
  }
  u32(v: number): void {
    this.room(4);
    for (let k = 0; k < 4; k++) this.buf[this.n++] = (v >>> (8 * k)) & 0xff;
  }
  varint(v: number): void {
    let x = v >>> 0;
    while (x >= 0x80) {
      this.u8((x & 0x7f) | 0x80);
      x >>>= 7;
    }
    this.u8(x);
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }
  pad(): void {
    while (this.n % 4) this.u8(0);
  }
  /** A section: its length, then what `fill` writes, padded. */
  section(fill: (w: Writer) => void): void {
    const w = new Writer();
    fill(w);
    this.u32(w.n);
    this.bytes(w.buf.subarray(0, w.n));
    this.pad();
  }
}

/** The encoding of a model's `@words` entries and lists (`m.words` is read once). */
export function encodeHalfSpaceModel(m: HalfSpaceModel): Uint8Array {
  const keys: string[] = [];
  for (const k of m.words.keys()) if (k.length > 0 && k.length <= MAX_KEY) keys.push(k);
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let chars = 0;
  const cp = new Map<number, number>();
  for (const k of keys) {
    chars += k.length;
    for (let i = 0; i < k.length; i++) if (!cp.has(k.charCodeAt(i))) cp.set(k.charCodeAt(i), 0);
  }
  const page = [...cp.keys()].sort((a, b) => a - b);
  if (page.length > 256) throw new Error(`halfspace model: ${page.length} distinct key characters (at most 256 fit the binary format)`);
  page.forEach((c, i) => cp.set(c, i));
  // The table the loader will rebuild: same size rule, keys inserted in sorted order.
  const t = emptyKeyTable(keys.length + SPARE_ENTRIES, chars);
  for (const k of keys) {
    const c = m.words.get(k)!;
    const mask = Math.floor(c / CODE_BITS);
    if (mask > 0x7fffffff) throw new Error(`halfspace model: mask too wide for key ${k}`);
    insertKey(t, k, k.length | ((c % CODE_BITS) << 16) | HAS_CODE, mask);
  }
  const slots: number[] = [];
  for (let s = 0; s <= t.mask; s++) if (t.rec[s * 4 + 2] !== 0) slots.push(s);

  const w = new Writer();
  w.u32(BINARY_MAGIC);
  w.u32(BINARY_VERSION);
  w.u32(0); // length, set below
  w.u32(0); // checksum, set below
  w.u32(Math.log2(t.mask + 1));
  w.u32(keys.length);
  w.u32(chars);
  w.u32(0);
  w.section((x) => {
    for (const c of page) {
      x.u8(c & 0xff);
      x.u8(c >>> 8);
    }
  });
  w.section((x) => {
    for (const s of slots) {
      const off = t.rec[s * 4 + 1];
      const len = t.rec[s * 4 + 2] & 0xff;
      for (let i = 0; i < len; i++) x.u8(cp.get(t.pool[off + i])!);
    }
  });
  w.section((x) => {
    for (const s of slots) x.u8(t.rec[s * 4 + 2] & 0xff);
  });
  w.section((x) => {
    for (const s of slots) x.u8((t.rec[s * 4 + 2] >>> 16) & 0x7f);
  });
  w.section((x) => {
    let prev = -1;
    for (const s of slots) {
      x.varint(s - prev - 1);
      prev = s;
    }
  });
  w.section((x) => {
    for (const s of slots) x.varint(t.rec[s * 4 + 3]);
  });
  const enc = new TextEncoder();
  for (const name of LISTS) w.section((x) => x.bytes(enc.encode([...m[name]].join('\n'))));
  const out = w.buf.slice(0, w.n);
  for (let k = 0; k < 4; k++) out[8 + k] = (out.length >>> (8 * k)) & 0xff;
  const sum = checksum(out, HEADER, out.length);
  for (let k = 0; k < 4; k++) out[12 + k] = (sum >>> (8 * k)) & 0xff;
  return out;
}

function bad(why: string): Error {
  return new Error(`sokhan: models/halfspace.bin is damaged or not a sokhan half-space model (${why}); rebuild it with npm run build:halfspace`);
}

/**
 * The model of a binary file (encodeHalfSpaceModel). Throws a clear error on a file that is
 * not one, of another version, truncated or damaged. The model holds `table`, `spacedBits`
 * and `joinedBits` (no `spacedTable`: the span probes go to `table`); `words` (a Map) is built
 * from the table on first access only.
 */
export function decodeHalfSpaceModel(b: Uint8Array): HalfSpaceModel {
  if (b.length < HEADER || !isBinaryHalfSpaceModel(b)) throw bad('no SKHS header');
  const u32 = (at: number): number => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
  if (u32(4) !== BINARY_VERSION) throw bad(`format version ${u32(4)}, this sokhan reads ${BINARY_VERSION}`);
  const total = u32(8);
  if (total !== b.length) throw bad(`${b.length} bytes where the header says ${total}`);
  if (total % 4 !== 0) throw bad('length not a multiple of 4');
  if (checksum(b, HEADER, total) !== u32(12)) throw bad('checksum mismatch');
  const slotsLog = u32(16);
  const count = u32(20);
  const chars = u32(24);
  if (slotsLog > 28 || count * 2 > 1 << slotsLog) throw bad('table size');
  // Sections.
  const sec: [number, number][] = [];
  let at = HEADER;
  for (let k = 0; k < 6 + LISTS.length; k++) {
    if (at + 4 > total) throw bad('truncated');
    const len = u32(at);
    at += 4;
    if (len > total - at) throw bad('truncated section');
    sec.push([at, at + len]);
    at += (len + 3) & ~3;
  }
  if (at !== total) throw bad('trailing bytes');
  const [pageS, keyS, lenS, bitS, gapS, maskS] = sec;
  const pageN = (pageS[1] - pageS[0]) >> 1;
  if (pageN > 256 || (pageS[1] - pageS[0]) % 2) throw bad('code page');
  const page = new Uint16Array(256);
  for (let i = 0; i < pageN; i++) page[i] = b[pageS[0] + 2 * i] | (b[pageS[0] + 2 * i + 1] << 8);
  if (keyS[1] - keyS[0] !== chars || lenS[1] - lenS[0] !== count || bitS[1] - bitS[0] !== count) throw bad('section sizes');

  const size = 2 ** slotsLog;
  const rec = new Int32Array(size * 4);
  const pool = new Uint16Array(chars + SPARE_CHARS);
  const table: KeyTable = { mask: size - 1, rec, pool, chars, count };
  const spacedBits = new Int32Array(1 << (SPACED_FILTER_LOG - 5));
  const joinedBits = new Int32Array(1 << (JOINED_FILTER_LOG - 5));
  const why = place(b, sec, page, pageN, count, chars, table, spacedBits, joinedBits);
  if (why) throw bad(why);

  const dec = new TextDecoder();
  const lists = LISTS.map((_, k) => {
    const [from, to] = sec[6 + k];
    const s = dec.decode(b.subarray(from, to));
    return new Set(s.length === 0 ? [] : s.split('\n'));
  });
  let wordsMap: Map<string, number> | null = null;
  const model: HalfSpaceModel = {
    get words(): Map<string, number> {
      if (wordsMap === null) wordsMap = tableToMapLazy(table);
      return wordsMap;
    },
    verbStems: lists[0],
    rightParts: lists[1],
    leftParts: lists[2],
    rightBound: lists[3],
    leftBound: lists[4],
    table,
    spacedBits,
    joinedBits,
  };
  return model;
}

/**
 * The one pass: entry e (its key's characters, length, bits, slot gap and mask from the
 * sections) is written at its slot with its hash, and its hash goes into the filters.
 * Checks every index and that every entry is reachable from its home slot by linear probing.
 * Returns what is wrong, or ''.
 */
function place(b: Uint8Array, sec: [number, number][], page: Uint16Array, pageN: number, count: number, chars: number, t: KeyTable, spacedBits: Int32Array, joinedBits: Int32Array): string {
  const rec = t.rec;
  const pool = t.pool;
  const mask = t.mask;
  let kp = sec[1][0];
  const lenAt = sec[2][0];
  const bitAt = sec[3][0];
  let gp = sec[4][0];
  const gEnd = sec[4][1];
  let mp = sec[5][0];
  const mEnd = sec[5][1];
  const sShift = 32 - SPACED_FILTER_LOG;
  const jShift = 32 - JOINED_FILTER_LOG;
  let cur = 0;
  let slot = -1;
  let runStart = 0;
  let wrapped = -1; // the lowest home slot of an entry that wrapped round the table's end
  let badChar = 0;
  for (let e = 0; e < count; e++) {
    // Slot gap and mask: varints (nearly always one byte).
    if (gp >= gEnd || mp >= mEnd) return 'varint sections';
    let gap = b[gp++];
    if (gap >= 0x80) {
      gap &= 0x7f;
      for (let shift = 7; ; shift += 7) {
        if (gp >= gEnd || shift > 28) return 'slot gaps';
        const v = b[gp++];
        gap |= (v & 0x7f) << shift;
        if (v < 0x80) break;
      }
    }
    let m = b[mp++];
    if (m >= 0x80) {
      m &= 0x7f;
      for (let shift = 7; ; shift += 7) {
        if (mp >= mEnd || shift > 28) return 'masks';
        const v = b[mp++];
        m |= (v & 0x7f) << shift;
        if (v < 0x80) break;
      }
    }
    slot += gap + 1;
    if (slot > mask || gap < 0) return 'slot out of range';
    if (gap > 0 || e === 0) runStart = slot;
    const len = b[lenAt + e];
    const bits = b[bitAt + e];
    if (len === 0 || len > MAX_KEY || cur + len > chars) return 'key length';
    let h = 0x811c9dc5 | 0;
    for (let k = 0; k < len; k++) {
      const x = b[kp + k];
      badChar |= x >= pageN ? 1 : 0;
      const c = page[x];
      pool[cur + k] = c;
      h = Math.imul(h ^ c, 0x01000193);
    }
    kp += len;
    const home = h & mask;
    if (home > slot) {
      if (runStart !== 0) return 'table order';
      wrapped = wrapped < 0 || home < wrapped ? home : wrapped;
    } else if (home < runStart) return 'table order';
    const r = slot * 4;
    rec[r] = h;
    rec[r + 1] = cur;
    rec[r + 2] = len | (bits << 16) | HAS_CODE;
    rec[r + 3] = m;
    const f = Math.imul(h, 0x9e3779b1);
    if (bits & APPLY_SPACED) spacedBits[f >>> (sShift + 5)] |= 1 << ((f >>> sShift) & 31);
    if (bits & APPLY_JOINED) joinedBits[f >>> (jShift + 5)] |= 1 << ((f >>> jShift) & 31);
    cur += len;
  }
  if (badChar) return 'key character outside the code page';
  if (cur !== chars || kp !== sec[1][1] || gp !== gEnd || mp !== mEnd) return 'section sizes';
  // Entries whose home is past their slot wrapped round: every slot from their home to the
  // table's end (and from 0 to them: runStart was 0) must be full.
  if (wrapped >= 0) for (let s = wrapped; s <= mask; s++) if (rec[s * 4 + 2] === 0) return 'table order';
  return '';
}

/** Every key with a code, as a Map, in key order (as the text model lists them). */
function tableToMapLazy(t: KeyTable): Map<string, number> {
  const entries: [string, number][] = [];
  for (let r = 0; r < t.rec.length; r += 4) {
    const info = t.rec[r + 2];
    if (!(info & HAS_CODE)) continue;
    const off = t.rec[r + 1];
    let k = '';
    for (let i = 0; i < (info & 0xff); i++) k += String.fromCharCode(t.pool[off + i]);
    entries.push([k, t.rec[r + 3] * CODE_BITS + ((info >>> 16) & 0x7f)]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Map(entries);
}

/** The model in the text format (`@words` lines sorted, then the lists), as the build writes it. */
export function halfSpaceModelText(m: HalfSpaceModel): string {
  const words = [...m.words].map(([k, c]) => `${k}\t${c}`).sort();
  const names = ['verbs', 'right', 'left', 'rbound', 'lbound'];
  const lines = ['@words', ...words];
  LISTS.forEach((l, k) => lines.push(`@${names[k]}`, ...m[l]));
  return '#sokhan halfspace model v1\n' + lines.join('\n') + '\n';
}
