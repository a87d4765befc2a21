import { EditList, OffsetMapBuilder, type OffsetMap } from '../../doc/offset-map.js';
import { stringFromUtf16 } from '../utf16.js';
import { isArabicLetter } from '../chars.js';
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

const cache = new Map<string, Table>();

function tableKey(o: NormalizeOptions): string {
  return [o.letters, o.taMarbuta, o.hamza, o.kashida, o.diacritics, o.invisibles, o.spacing].join(',');
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
const SHARED_MAX = 1 << 22;
let shared = new Uint16Array(1024);

/**
 * The fast pass: writes the output into a code-unit buffer (one store per character) and
 * records only the length-changing edits, merged exactly as OffsetMapBuilder merges them, so
 * text and map equal those of `charactersReference` (checked by a differential test).
 */
function applyCharacters(input: string, o: NormalizeOptions): { text: string; map: OffsetMap } | null {
  const { action, expansions } = tableFor(o);
  const n = input.length;
  let i = 0;
  // Fast scan: most text needs no change.
  for (; i < n; i++) {
    const c = input.charCodeAt(i);
    if (action[c] !== KEEP || c === ZWSP) break;
  }
  if (i === n) return null;
  let buf: Uint16Array;
  if (n <= SHARED_MAX) {
    if (shared.length < n) shared = new Uint16Array(Math.min(SHARED_MAX, Math.max(n, shared.length * 2)));
    buf = shared;
  } else buf = new Uint16Array(n);
  let surrogates = false;
  for (let k = 0; k < i; k++) {
    const c = input.charCodeAt(k);
    if ((c & 0xf800) === 0xd800) surrogates = true;
    buf[k] = c;
  }
  const edits = new EditList();
  const invisibles = o.invisibles;
  let out = i;
  for (; i < n; i++) {
    const c = input.charCodeAt(i);
    const a = action[c];
    if (a === KEEP) {
      if (c === ZWSP && invisibles) {
        // A zero-width space between two letters is a misplaced ZWNJ; elsewhere it is noise.
        const prev = i > 0 ? input.charCodeAt(i - 1) : 0;
        const next = i + 1 < n ? input.charCodeAt(i + 1) : 0;
        if (isArabicLetter(prev) && isArabicLetter(next)) buf[out++] = 0x200c;
        else edits.add(out, out, i, i + 1);
        continue;
      }
      if ((c & 0xf800) === 0xd800) surrogates = true;
      buf[out++] = c;
    } else if (a > 0) {
      buf[out++] = a;
    } else if (a === DELETE) {
      edits.add(out, out, i, i + 1);
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
  // Expansions are letters and marks, never surrogates: only copied input can hold them.
  const text = stringFromUtf16(buf, out, surrogates);
  return { text, map: edits.toMap(out, n) };
}

export const characters: Rule = {
  name: 'characters',
  enabled: (o) => o.letters || o.taMarbuta || o.hamza || o.kashida || o.diacritics === 'remove' || o.invisibles || o.spacing,
  apply: applyCharacters,
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
        else b.skip(1);
        continue;
      }
      if (a === KEEP) continue;
      b.keepTo(i);
      if (a === DELETE) b.skip(1);
      else if (a === EXPAND) b.replace(1, expansions.get(c)!);
      else b.replace(1, String.fromCharCode(a));
    }
    return b.finish();
  },
};
