import { EditList, OffsetMapBuilder, type OffsetMap } from '../../doc/offset-map.js';
import { stringFromUtf16 } from '../utf16.js';
import { ZWNJ, isArabicLetter, isArabicMark, isNonJoiner } from '../chars.js';
import { zwnjCleanup } from './05-zwnj.js';
import type { NormalizeOptions } from '../options.js';
import type { Rule } from '../rule.js';

/**
 * One table-driven pass over single characters: Arabic letter forms, hamza forms,
 * presentation forms, kashida, diacritics, invisible controls and exotic spaces.
 * Each code unit maps to: keep (0), one replacement code unit (>0), delete (-1) or an
 * expansion string (-2, looked up in `expansions`).
 */
const KEEP = 0;
const DELETE = -1;
const EXPAND = -2;
const ZWSP = 0x200b;

interface Table {
  action: Int32Array;
  expansions: Map<number, string>;
}

const cache = new Map<number, Table>();

/** The options the table depends on, as bits (a string key cost more than the pass on short text). */
function tableKey(o: NormalizeOptions): number {
  return (
    (o.letters ? 1 : 0) |
    (o.taMarbuta ? 2 : 0) |
    (o.hamza ? 4 : 0) |
    (o.kashida ? 8 : 0) |
    (o.diacritics === 'remove' ? 16 : 0) |
    (o.invisibles ? 32 : 0) |
    (o.spacing ? 64 : 0)
  );
}

function buildTable(o: NormalizeOptions): Table {
  const action = new Int32Array(0x10000);
  const expansions = new Map<number, string>();
  const set = (c: number, to: string | null) => {
    if (to === null) action[c] = DELETE;
    else if (to.length === 1) action[c] = to.charCodeAt(0);
    else {
      action[c] = EXPAND;
      expansions.set(c, to);
    }
  };
  const letterMap: Record<number, string> = {};
  if (o.letters) {
    letterMap[0x0643] = '\u06a9'; // ك → ک
    letterMap[0x064a] = '\u06cc'; // ي → ی
    letterMap[0x0649] = '\u06cc'; // ى → ی
    letterMap[0x06d5] = '\u0647'; // ە → ه
    letterMap[0x06c1] = '\u0647'; // ہ → ه
    letterMap[0x06be] = '\u0647'; // ھ → ه
    letterMap[0x06d2] = '\u06cc'; // ے → ی
    letterMap[0x0620] = '\u06cc'; // ؠ → ی
  }
  if (o.taMarbuta) letterMap[0x0629] = '\u0647'; // ة → ه
  if (o.hamza) {
    letterMap[0x06c0] = '\u0647\u0654'; // ۀ → هٔ
    letterMap[0x0671] = '\u0627'; // ٱ → ا
    letterMap[0x0625] = '\u0627'; // إ → ا
    letterMap[0x06c2] = '\u0647\u0654'; // ۂ → هٔ
  }
  for (const [c, to] of Object.entries(letterMap)) set(Number(c), to);
  if (o.kashida) set(0x0640, null);
  if (o.diacritics === 'remove') {
    for (let c = 0x064b; c <= 0x065f; c++) if (c !== 0x0654) set(c, null);
    set(0x0670, null);
  }
  if (o.invisibles) {
    for (const c of [0x200e, 0x200f, 0x200d, 0xfeff, 0x00ad, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x061c]) {
      set(c, null);
    }
  }
  if (o.spacing) {
    for (const c of [0xa0, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x202f, 0x205f, 0x3000]) {
      set(c, ' ');
    }
  }
  if (o.letters) {
    // Arabic presentation forms (isolated/initial/medial/final glyphs, lam-alef ligatures).
    const ranges: Array<[number, number]> = [
      [0xfb50, 0xfdff],
      [0xfe70, 0xfefc],
    ];
    for (const [a, b] of ranges) {
      for (let c = a; c <= b; c++) {
        const ch = String.fromCharCode(c);
        const k = ch.normalize('NFKC');
        if (k === ch || k.length === 0 || k.length > 8) continue;
        let mapped = '';
        for (const part of k) {
          const pc = part.charCodeAt(0);
          const lm = letterMap[pc];
          mapped += lm !== undefined ? lm : part;
        }
        // Keep only forms that decompose to Arabic-script letters and marks.
        if (![...mapped].every((p) => isArabicLetter(p.charCodeAt(0)) || (p.charCodeAt(0) >= 0x064b && p.charCodeAt(0) <= 0x065f) || p === ' ')) continue;
        if (o.diacritics === 'remove') mapped = mapped.replace(/[\u064b-\u0653\u0655-\u065f\u0670]/g, '');
        if (mapped.trim().length === 0) continue;
        set(c, mapped.trim());
      }
    }
  }
  return { action, expansions };
}

function tableFor(o: NormalizeOptions): Table {
  const key = tableKey(o);
  let t = cache.get(key);
  if (!t) {
    t = buildTable(o);
    cache.set(key, t);
  }
  return t;
}

/** Output buffer shared by calls (inputs up to this many code units; longer ones get their own). */
const SHARED_MAX = 1 << 23;
let shared = new Uint16Array(1024);
/** Edit lists reused by every call (toMap copies them into the map). */
const EDITS = new EditList();
const DELETIONS = new EditList();
/** Output positions of the ZWNJs written, for the fused clean-up. */
let zwnjAt = new Int32Array(1024);

/**
 * The fast pass's table: the reference table with ZWSP, ZWNJ and surrogates marked SPECIAL,
 * so that the common case (keep, or one replacement unit) takes one compare. Replacement
 * units all lie below 0x8000, so 16 bits a slot do.
 */
const SPECIAL = -3;
const fastCache = new Map<Table, Int16Array>();
function fastTable(t: Table): Int16Array {
  let f = fastCache.get(t);
  if (f) return f;
  f = new Int16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const a = t.action[c];
    if (a >= 0x8000) throw new Error(`characters: replacement U+${a.toString(16)} does not fit the fast table`);
    f[c] = a;
  }
  for (const c of [ZWSP, ZWNJ]) if (t.action[c] === KEEP) f[c] = SPECIAL;
  for (let c = 0xd800; c <= 0xdfff; c++) if (t.action[c] === KEEP) f[c] = SPECIAL;
  fastCache.set(t, f);
  return f;
}

/**
 * The fast pass: writes the output into a code-unit buffer (one store per character) and
 * records only the length-changing edits, merged exactly as OffsetMapBuilder merges them, so
 * text and map equal those of `charactersReference` (checked by a differential test).
 *
 * With `cleanZwnj` it also does the ZWNJ clean-up (rule 05) that runs next in the normaliser,
 * on the buffer, before any string is made: it visits only the ZWNJs this pass wrote (their
 * positions are noted on the way), decides each run exactly as `zwnjCleanup` would on the
 * pass's output, and returns the two maps chained as the two passes would have.
 */
function applyCharacters(input: string, o: NormalizeOptions, cleanZwnj: boolean): { text: string; map: OffsetMap } | null {
  const table = tableFor(o);
  const { action, expansions } = table;
  const n = input.length;
  let i = 0;
  // Fast scan: most text needs no change.
  for (; i < n; i++) {
    const c = input.charCodeAt(i);
    if (action[c] !== KEEP || c === ZWSP) break;
  }
  if (i === n) return cleanZwnj ? zwnjCleanup.apply(input, o) : null;
  const fast = fastTable(table);
  let buf: Uint16Array;
  if (n <= SHARED_MAX) {
    if (shared.length < n) shared = new Uint16Array(Math.min(SHARED_MAX, Math.max(n, shared.length * 2)));
    buf = shared;
  } else buf = new Uint16Array(n);
  let zs = zwnjAt;
  let nz = 0;
  let surrogates = false;
  const edits = EDITS;
  edits.clear();
  const invisibles = o.invisibles;
  let out = 0;
  for (i = 0; i < n; i++) {
    // Kept and one-unit replacements (nearly all) in a tight loop; out - i is constant there.
    const d = out - i;
    i = copyMapped(input, i, n, fast, buf, d);
    out = i + d;
    if (i >= n) break;
    const c = input.charCodeAt(i);
    const a = fast[c];
    if (a === DELETE) {
      if (i > 0 && isHighSurrogate(input.charCodeAt(i - 1))) buf[out++] = c; // see afterHighSurrogate
      else edits.add(out, out, i, i + 1);
    } else if (a === SPECIAL) {
      let w = c;
      if (c === ZWSP) {
        if (invisibles) {
          // A zero-width space between two letters is a misplaced ZWNJ; elsewhere it is noise.
          const prev = i > 0 ? input.charCodeAt(i - 1) : 0;
          const next = i + 1 < n ? input.charCodeAt(i + 1) : 0;
          if (!(isArabicLetter(prev) && isArabicLetter(next))) {
            if (isHighSurrogate(prev)) buf[out++] = c; // see afterHighSurrogate
            else edits.add(out, out, i, i + 1);
            continue;
          }
          w = ZWNJ;
        }
      } else if (c !== ZWNJ) surrogates = true;
      if (w === ZWNJ && cleanZwnj) {
        if (nz === zs.length) {
          const bigger = new Int32Array(zs.length * 2);
          bigger.set(zs);
          zs = bigger;
          if (bigger.length <= SHARED_MAX) zwnjAt = bigger;
        }
        zs[nz++] = out;
      }
      buf[out++] = w;
    } else {
      const x = expansions.get(c)!;
      const len = x.length;
      // Room for the expansion and the rest of the input (each at most one unit a character).
      const need = out + len + (n - i - 1);
      if (need > buf.length) {
        const bigger = new Uint16Array(Math.max(need, buf.length * 2));
        bigger.set(buf.subarray(0, out));
        buf = bigger;
        if (bigger.length <= SHARED_MAX) shared = bigger;
      }
      for (let q = 0; q < len; q++) buf[out + q] = x.charCodeAt(q);
      edits.add(out, out + len, i, i + 1);
      out += len;
    }
  }
  const map = edits.toMap(out, n);
  if (nz === 0) return { text: stringFromUtf16(buf, out, surrogates), map };
  // The ZWNJ clean-up on buf[0, out), as zwnjCleanup does it on the string: decide every run
  // on the unmodified buffer first, then close the gaps.
  const del = DELETIONS;
  del.clear();
  let gone = 0;
  let k = 0;
  while (k < nz) {
    const a = zs[k];
    let b = a + 1;
    k++;
    while (k < nz && zs[k] === b) {
      b++;
      k++;
    }
    const keepLen = zwnjUsefulIn(buf, out, a, b) || (a > 0 && b < out && isHighSurrogate(buf[a - 1]) && (buf[b] & 0xfc00) === 0xdc00) ? 1 : 0;
    if (b - a !== keepLen) {
      const from = a + keepLen;
      del.add(from - gone, from - gone, from, b);
      gone += b - from;
    }
  }
  if (gone === 0) return { text: stringFromUtf16(buf, out, surrogates), map };
  // Close the gaps, left to right (each deleted range is [srcStart, srcEnd) of an edit).
  let write = del.srcStart[0];
  for (let e = 0; e < del.length; e++) {
    const next = e + 1 < del.length ? del.srcStart[e + 1] : out;
    const from = del.srcEnd[e];
    const len = next - from;
    // copyWithin is a native call: worth it for long stretches only (ZWNJ-dense text has
    // millions of one-character ones).
    if (len > 32) buf.copyWithin(write, from, next);
    else for (let q = 0; q < len; q++) buf[write + q] = buf[from + q];
    write += len;
  }
  const len = out - gone;
  return { text: stringFromUtf16(buf, len, surrogates), map: map.then(del.toMap(len, out)) };
}

/** Copy input[i..) into buf at i + d, through the table, up to the first special code unit; returns its index. */
function copyMapped(s: string, i: number, n: number, t: Int16Array, buf: Uint16Array, d: number): number {
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    const a = t[c];
    if (a < 0) break;
    buf[i + d] = a === KEEP ? c : a;
  }
  return i;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/**
 * A character that would be deleted right after a high surrogate is kept: that surrogate is
 * unpaired (no deletable character is a low surrogate), and deleting what follows could put
 * it next to an unpaired low one, making a new character out of two halves (found by the
 * long property hunt: lone high surrogate, fatha, lone low surrogate became one emoji).
 */
function afterHighSurrogate(s: string, i: number): boolean {
  return i > 0 && isHighSurrogate(s.charCodeAt(i - 1));
}

/** zwnjIsUseful (rule 05) on a code-unit buffer of length `n`: the ZWNJ run [i, j). */
function zwnjUsefulIn(buf: Uint16Array, n: number, i: number, j: number): boolean {
  let p = i - 1;
  while (p >= 0 && isArabicMark(buf[p])) p--;
  if (p < 0) return false;
  const left = buf[p];
  if (!isArabicLetter(left) || isNonJoiner(left)) return false;
  if (j >= n) return false;
  return isArabicLetter(buf[j]);
}

/**
 * Below this length the builder-based reference pass is used: the buffer path has a fixed cost
 * (a decoder call, ~0.3 µs) that a short string (a token, a title) does not pay back.
 */
const SHORT = 64;

/** The buffer-written pass at any length (exported for the differential test). */
export function charactersFast(input: string, o: NormalizeOptions, cleanZwnj: boolean): { text: string; map: OffsetMap } | null {
  return applyCharacters(input, o, cleanZwnj);
}

export const characters: Rule = {
  name: 'characters',
  enabled: (o) => o.letters || o.taMarbuta || o.hamza || o.kashida || o.diacritics === 'remove' || o.invisibles || o.spacing,
  apply: (input, o) => (input.length < SHORT ? charactersReference.apply(input, o) : applyCharacters(input, o, false)),
};

/**
 * The character pass and the ZWNJ clean-up after it, in one pass (see applyCharacters): the
 * same text and map as `characters` then `zwnjCleanup`. Enabled when the character pass is;
 * the normaliser runs the clean-up on its own when only it is enabled (rules/index.ts).
 */
export const charactersAndZwnj: Rule = {
  name: 'characters+zwnj',
  enabled: characters.enabled,
  apply(input, o) {
    if (input.length >= SHORT) return applyCharacters(input, o, o.zwnj);
    // Short input: the two reference passes, their maps chained as the normaliser chains them.
    const c = charactersReference.apply(input, o);
    if (!o.zwnj) return c;
    if (c === null) return zwnjCleanup.apply(input, o);
    const z = zwnjCleanup.apply(c.text, o);
    return z === null ? c : { text: z.text, map: c.map.then(z.map) };
  },
};

/**
 * The reference pass (the original, written with OffsetMapBuilder): same text and map as
 * `characters`, kept for the differential test in 01-characters.test.ts.
 */
export const charactersReference: Rule = {
  name: 'characters',
  enabled: characters.enabled,
  apply(input, o) {
    const { action, expansions } = tableFor(o);
    const n = input.length;
    let i = 0;
    for (; i < n; i++) {
      const c = input.charCodeAt(i);
      if (action[c] !== KEEP || c === ZWSP) break;
    }
    if (i === n) return null;
    const b = new OffsetMapBuilder(input);
    for (; i < n; i++) {
      const c = input.charCodeAt(i);
      const a = action[c];
      if (c === ZWSP) {
        if (!o.invisibles) continue;
        b.keepTo(i);
        const prev = i > 0 ? input.charCodeAt(i - 1) : 0;
        const next = i + 1 < n ? input.charCodeAt(i + 1) : 0;
        if (isArabicLetter(prev) && isArabicLetter(next)) b.replace(1, '\u200c');
        else if (!isHighSurrogate(prev)) b.skip(1);
        continue;
      }
      if (a === KEEP) continue;
      b.keepTo(i);
      if (a === DELETE) {
        if (!afterHighSurrogate(input, i)) b.skip(1);
      } else if (a === EXPAND) b.replace(1, expansions.get(c)!);
      else b.replace(1, String.fromCharCode(a));
    }
    return b.finish();
  },
};
