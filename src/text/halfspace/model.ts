import { loadModel } from '../../models/load.js';
import { decodeHalfSpaceModel } from './binary.js';
import { emptyKeyTable, findRange, HAS_CODE, insertPooled, insertQueued, reservePool, tableToMap, type KeyTable } from './table.js';

/** The file under models/ (built by scripts/build-halfspace.js; binary, not gzipped: see binary.ts). */
export const HALFSPACE_MODEL_FILE = 'halfspace.bin';

/** Longest joined key (in UTF-16 units) the model stores; longer words are never looked up. */
export const MAX_KEY = 30;

/** Bits of a word's code (the rest, code / CODE_BITS, is its ZWNJ mask: bit p = a ZWNJ before key[p]). */
export const APPLY_JOINED = 1; // a joined word (ZWNJ deleted) gets the mask's ZWNJs
export const APPLY_SPACED = 2; // words written apart at the mask's ZWNJs are joined with ZWNJ
export const KNOWN = 4; // a word seen written joined: never split by the productive rules
export const STEM = 8; // a stem that takes a ZWNJ before a plural/clitic/compound part
export const ADJECTIVE = 16; // takes تر / ترین after a ZWNJ
export const SPAN_PREFIX = 32; // a key up to a ZWNJ of an APPLY_SPACED form (filter for spans)
export const SPAN_SEGMENT = 64; // a part after a ZWNJ of an APPLY_SPACED form (filter for spans)
export const CODE_BITS = 128;

export interface HalfSpaceModel {
  /** Joined key (the word without ZWNJ) → code: mask * CODE_BITS + bits. One lookup per word. */
  words: Map<string, number>;
  /** Verb stems (present and past) that take می/نمی + ZWNJ. */
  verbStems: Set<string>;
  /** Productive compound parts written after a ZWNJ (نامه, گر) ... */
  rightParts: Set<string>;
  /** ... and before one (هم, نیم). */
  leftParts: Set<string>;
  /** Words that after a word stand after a ZWNJ, almost never after a space (سازی) ... */
  rightBound: Set<string>;
  /** ... and before one. */
  leftBound: Set<string>;
  /**
   * The `@words` entries as a typed table (table.ts), when the model was parsed from a file
   * whose words all come from `@words` lines; `words` is then built from it on first access
   * only (the fast pass never needs the Map). Such a model is read-only.
   */
  table?: KeyTable;
  /**
   * With `table`: a small table of the entries whose code has APPLY_SPACED (probed for spans).
   * A binary model has none: its span probes go to `table` (the same answers).
   */
  spacedTable?: KeyTable;
  /**
   * With `table` (binary models, made while loading): the Bloom filters over the hashes of the
   * APPLY_SPACED and the APPLY_JOINED entries (table.ts filterBit, SPACED_FILTER_LOG and
   * JOINED_FILTER_LOG bits).
   */
  spacedBits?: Int32Array;
  joinedBits?: Int32Array;
}

export function emptyHalfSpaceModel(): HalfSpaceModel {
  return { words: new Map(), verbStems: new Set(), rightParts: new Set(), leftParts: new Set(), rightBound: new Set(), leftBound: new Set() };
}

export function addBits(m: HalfSpaceModel, key: string, bits: number, mask = 0): void {
  if (key.length === 0 || key.length > MAX_KEY) return;
  const old = m.words.get(key);
  if (old === undefined) m.words.set(key, mask * CODE_BITS + bits);
  else {
    const oldMask = Math.floor(old / CODE_BITS);
    m.words.set(key, (mask || oldMask) * CODE_BITS + ((old % CODE_BITS) | bits));
  }
}

/** Add a form written with its ZWNJs, valid for joined (1) and/or spaced (2) words. */
export function addForm(m: HalfSpaceModel, form: string, flags: number): void {
  let key = '';
  let mask = 0;
  for (let k = 0; k < form.length; k++) {
    if (form.charCodeAt(k) === 0x200c) mask |= 1 << key.length;
    else key += form[k];
  }
  if (mask === 0 || key.length > MAX_KEY) return;
  addBits(m, key, flags & 3, mask);
  if (flags & APPLY_SPACED) {
    let from = -1;
    for (let p = 1; p <= key.length; p++) {
      if (p < key.length && !(mask & (1 << p))) continue;
      if (p < key.length) addBits(m, key.slice(0, p), SPAN_PREFIX);
      if (from > 0) addBits(m, key.slice(from, p), SPAN_SEGMENT);
      from = p;
    }
  }
}

/**
 * Parse the model text: sections introduced by `@name` lines.
 * - `@words`: `key<TAB>code` (the compact form the build script writes);
 * - `@forms`: `form-with-ZWNJ<TAB>flags`; `@joined`, `@stems`, `@adj`: one key a line
 *   (readable forms, for hand-made models in tests);
 * - `@verbs`, `@right`, `@left`, `@rbound`, `@lbound`: one string a line.
 */
export function parseHalfSpaceModel(text: string): HalfSpaceModel {
  let wordsMap: Map<string, number> | null = null;
  const m: HalfSpaceModel = {
    get words(): Map<string, number> {
      if (wordsMap === null) wordsMap = m.table ? tableToMap(m.table) : new Map();
      return wordsMap;
    },
    verbStems: new Set(),
    rightParts: new Set(),
    leftParts: new Set(),
    rightBound: new Set(),
    leftBound: new Set(),
  };
  /** Entries added another way than `@words` lines: the Map becomes the truth. */
  const dropTable = (): void => {
    if (m.table) {
      void m.words;
      delete m.table;
      delete m.spacedTable;
    }
  };
  let table: KeyTable | null = null;
  // @words entries waiting for insertion into `table`: hash, pool offset, info, mask.
  let qH = new Int32Array(1024);
  let qOff = new Int32Array(1024);
  let qInfo = new Int32Array(1024);
  let qMask = new Int32Array(1024);
  let qn = 0;
  const finishWords = (): void => {
    if (table !== null && qn > 0) insertQueued(table, qH, qOff, qInfo, qMask, qn);
    qn = 0;
  };
  let spaced: KeyTable | null = null;
  let section = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    let j = text.indexOf('\n', i);
    if (j < 0) j = n;
    if (section === 'words' && j > i && text.charCodeAt(i) !== 0x40 /* @ */) {
      // Hot path (≈ 250k lines): no per-line string beyond the key.
      let tab = i;
      while (tab < j && text.charCodeAt(tab) !== 0x09) tab++;
      if (tab > i && tab < j && tab - i <= MAX_KEY) {
        let code = 0;
        for (let k = tab + 1; k < j; k++) {
          const d = text.charCodeAt(k) - 0x30;
          if (d < 0 || d > 9) break;
          code = code * 10 + d;
        }
        if (table !== null) {
          const len = tab - i;
          if (table.chars + len > table.pool.length) reservePool(table, len);
          const pool = table.pool;
          const o = table.chars;
          let h = 0x811c9dc5 | 0;
          for (let k = 0; k < len; k++) {
            const c = text.charCodeAt(i + k);
            pool[o + k] = c;
            h = Math.imul(h ^ c, 0x01000193);
          }
          const info = len | ((code % 128) << 16) | HAS_CODE;
          // Queued, inserted in slot order at the section's end (finishWords): sequential writes.
          if (qn === qH.length) {
            const g = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
              const b = new Int32Array(a.length * 2);
              b.set(a);
              return b;
            };
            qH = g(qH);
            qOff = g(qOff);
            qInfo = g(qInfo);
            qMask = g(qMask);
          }
          qH[qn] = h;
          qOff[qn] = o;
          qInfo[qn] = info;
          qMask[qn] = Math.floor(code / 128);
          qn++;
          table.chars += len;
          // The spaced sub-table follows every line for the keys it holds (a later line wins).
          const sp = spaced!;
          if (code % 128 & APPLY_SPACED) {
            reservePool(sp, len);
            for (let k = 0; k < len; k++) sp.pool[sp.chars + k] = pool[o + k];
            insertPooled(sp, len, h, info, Math.floor(code / 128));
          } else if (sp.count > 0) {
            const r = findRange(sp, pool, o, len, h);
            if (r >= 0) {
              sp.rec[r + 2] = info;
              sp.rec[r + 3] = Math.floor(code / 128);
            }
          }
        } else m.words.set(text.slice(i, tab), code);
      }
    } else if (j > i && text.charCodeAt(i) !== 0x23 /* # */) {
      const line = text.slice(i, j);
      if (line.charCodeAt(0) === 0x40 /* @ */) {
        finishWords();
        section = line.slice(1);
        if (section === 'words' && table === null && wordsMap === null && !m.table) {
          // Size the table from the section's line count.
          const end = text.indexOf('\n@', j);
          const stop = end < 0 ? n : end;
          let lines = 1;
          let chars = 0;
          for (let k = text.indexOf('\n', j + 1); k >= 0 && k < stop; k = text.indexOf('\n', k + 1)) lines++;
          chars = stop - j;
          table = emptyKeyTable(lines + 1024, chars);
          qH = new Int32Array(lines + 1);
          qOff = new Int32Array(lines + 1);
          qInfo = new Int32Array(lines + 1);
          qMask = new Int32Array(lines + 1);
          m.table = table;
          spaced = emptyKeyTable(1024, 16 * 1024);
          m.spacedTable = spaced;
        } else if (section === 'forms' || section === 'joined' || section === 'stems' || section === 'adj') {
          table = null;
          dropTable();
        }
      } else {
        const tab = line.indexOf('\t');
        switch (section) {
          case 'words':
            if (tab > 0) {
              const key = line.slice(0, tab);
              table = null;
              dropTable();
              if (key.length <= MAX_KEY) m.words.set(key, Number(line.slice(tab + 1)) || 0);
            }
            break;
          case 'forms':
            if (tab > 0) addForm(m, line.slice(0, tab), Number(line.slice(tab + 1)) & 3);
            break;
          case 'joined':
            addBits(m, line, KNOWN);
            break;
          case 'stems':
            addBits(m, line, STEM);
            break;
          case 'adj':
            addBits(m, line, ADJECTIVE);
            break;
          case 'verbs':
            m.verbStems.add(line);
            break;
          case 'right':
            m.rightParts.add(line);
            break;
          case 'left':
            m.leftParts.add(line);
            break;
          case 'rbound':
            m.rightBound.add(line);
            break;
          case 'lbound':
            m.leftBound.add(line);
            break;
          default:
            break;
        }
      }
    }
    i = j + 1;
  }
  finishWords();
  return m;
}

/** The shipped model, loaded once on first use. */
export function halfSpaceModel(): HalfSpaceModel {
  return loadModel(HALFSPACE_MODEL_FILE, decodeHalfSpaceModel);
}
