import { loadModel } from '../../models/load.js';

/** The file under models/ (built by scripts/build-halfspace.js). */
export const HALFSPACE_MODEL_FILE = 'halfspace.txt.gz';

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
  const m = emptyHalfSpaceModel();
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
        m.words.set(text.slice(i, tab), code);
      }
    } else if (j > i && text.charCodeAt(i) !== 0x23 /* # */) {
      const line = text.slice(i, j);
      if (line.charCodeAt(0) === 0x40 /* @ */) section = line.slice(1);
      else {
        const tab = line.indexOf('\t');
        switch (section) {
          case 'words':
            if (tab > 0) {
              const key = line.slice(0, tab);
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
  return m;
}

/** The shipped model, loaded once on first use. */
export function halfSpaceModel(): HalfSpaceModel {
  return loadModel(HALFSPACE_MODEL_FILE, (b) => parseHalfSpaceModel(new TextDecoder().decode(b)));
}
