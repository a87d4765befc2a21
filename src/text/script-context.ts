import { ZWNJ, isArabicLetter, isNewline, isSpace } from './chars.js';

/**
 * Which script a stretch of text belongs to, for the digit, punctuation and spacing rules.
 *
 * The rule (documented in README and tested):
 * - A line is cut into *chunks* at white space. White space here is a maximal run of
 *   spaces/tabs (and any ZWNJs glued to them) that contains at least one space; ZWNJs
 *   between letters stay inside their chunk. Newlines always end a chunk.
 * - A chunk is FOREIGN when it holds a Latin (or Greek, Cyrillic, Armenian, Hebrew)
 *   letter, an `@`, or `://`. So URLs, e-mail addresses, code, `mp3`, `COVID-19`,
 *   `v1.2.3` and `user2@mail.com` are FOREIGN and never touched.
 * - A chunk with an Arabic-script letter and nothing foreign is PERSIAN.
 * - Any other chunk (digits, punctuation, symbols only: `1,000`, `12:30`, `(`) is NEUTRAL
 *   and takes the class of the nearest strong chunk before it on the same line, else
 *   the nearest after it on the same line, else PERSIAN (sokhan assumes Persian text).
 *
 * Rules only ever convert towards the Persian form, and never split a FOREIGN chunk,
 * which is what keeps them idempotent when spacing edits merge or split chunks.
 */
export const NEUTRAL = 0;
export const PERSIAN = 1;
export const FOREIGN = 2;
export type ScriptClass = 0 | 1 | 2;

/** Letters of non-Arabic alphabets that mark a chunk as foreign. */
export function isForeignLetter(c: number): boolean {
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  return (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x370 && c <= 0x5ff) || (c >= 0x1e00 && c <= 0x1fff);
}

/** Character categories (bit flags), one table lookup per code unit on the hot paths. */
export const C_SPACE = 1;
export const C_NEWLINE = 2;
export const C_ZWNJ = 4;
export const C_FOREIGN = 8;
export const C_ARABIC = 16;
/** Punctuation the punctuation/spacing rule looks at: , ; ? " . : ! ( ) [ ] { } « » ، ؛ ؟ */
export const C_PUNCT = 32;
/** Digits of the three systems and the Arabic separators ٫ ٬. */
export const C_DIGIT = 64;
export const C_COLON = 128;
export const C_QUOTE = 256;
const C_STOP = C_SPACE | C_NEWLINE;

/** The last code unit with a category (see CAT). */
export const CAT_LAST = 0x3000;

export const CAT: Uint16Array = (() => {
  const t = new Uint16Array(0x10000);
  // Every category ends at or below U+3000 (the ideographic space); the rest of the table stays 0
  // (checked against all 65,536 code units in script-context.test.ts). Start-up: 1/5 of the loop.
  for (let c = 0; c <= CAT_LAST; c++) {
    let f = 0;
    if (isSpace(c)) f |= C_SPACE;
    if (isNewline(c)) f |= C_NEWLINE;
    if (c === ZWNJ) f |= C_ZWNJ;
    if (isForeignLetter(c) || c === 0x40) f |= C_FOREIGN;
    if (isArabicLetter(c)) f |= C_ARABIC;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x06f0 && c <= 0x06f9) || (c >= 0x0660 && c <= 0x0669) || c === 0x066b || c === 0x066c) f |= C_DIGIT;
    t[c] = f;
  }
  for (const ch of ',;?".:!()[]{}«»،؛؟') t[ch.charCodeAt(0)] |= C_PUNCT;
  t[0x3a] |= C_COLON;
  t[0x22] |= C_QUOTE;
  return t;
})();

/** True when s[start, end) contains `://`. */
function hasSchemeSeparator(s: string, start: number, end: number): boolean {
  for (let i = start; i + 3 <= end; i++) {
    if (s.charCodeAt(i) === 0x3a && s.charCodeAt(i + 1) === 0x2f && s.charCodeAt(i + 2) === 0x2f) return true;
  }
  return false;
}

/** Class from the OR of a range's categories (and the range, for the rare `://` check). */
function classOf(flags: number, s: string, start: number, end: number): ScriptClass {
  if (flags & C_FOREIGN) return FOREIGN;
  if (flags & C_COLON && hasSchemeSeparator(s, start, end)) return FOREIGN;
  return flags & C_ARABIC ? PERSIAN : NEUTRAL;
}

/**
 * Scans chunks in one pass per code unit: `scan(i)` returns the end of the chunk at `i`
 * and leaves the OR of its categories in `flags` and its raw class in `cls`.
 */
export class ChunkScanner {
  flags = 0;
  cls: ScriptClass = NEUTRAL;
  constructor(private s: string = '') {}

  /** Point the scanner at another string (instances are reused across calls; see 03). */
  reset(s: string): void {
    this.s = s;
  }

  scan(i: number): number {
    const s = this.s;
    const n = s.length;
    const start = i;
    let acc = 0;
    while (i < n) {
      const f = CAT[s.charCodeAt(i)];
      if ((f & (C_STOP | C_ZWNJ)) === 0) {
        acc |= f;
        i++;
        continue;
      }
      if (f & C_STOP) break;
      {
        let k = i + 1;
        while (k < n && s.charCodeAt(k) === ZWNJ) k++;
        if (k < n && CAT[s.charCodeAt(k)] & C_SPACE) break;
        acc |= f;
        i = k;
      }
    }
    this.flags = acc;
    this.cls = classOf(acc, s, start, i);
    return i;
  }
}

/**
 * End of the chunk that starts at `i` (exclusive): stops at a newline, a space, or a ZWNJ
 * run that is followed by a space.
 */
export function chunkEnd(s: string, i: number): number {
  return new ChunkScanner(s).scan(i);
}

/** Raw class of s[start, end): FOREIGN, PERSIAN or NEUTRAL. */
export function classify(s: string, start: number, end: number): ScriptClass {
  let acc = 0;
  for (let i = start; i < end; i++) acc |= CAT[s.charCodeAt(i)];
  return classOf(acc, s, start, end);
}

/**
 * End of the white-space run at `i` (spaces/tabs and ZWNJs, with at least one space),
 * or `i` when there is none (a ZWNJ run not touching a space belongs to its chunk).
 */
export function whiteRunEnd(s: string, i: number): number {
  const n = s.length;
  let j = i;
  let acc = 0;
  while (j < n) {
    const f = CAT[s.charCodeAt(j)];
    if ((f & (C_SPACE | C_ZWNJ)) === 0) break;
    acc |= f;
    j++;
  }
  return acc & C_SPACE ? j : i;
}

/**
 * Resolves NEUTRAL chunks to the class of their strong neighbours on the same line.
 * Call `newLine()` at every line start and `resolve()` for every chunk in order; the
 * look-ahead is cached, so a line costs O(length) however many neutral chunks it has.
 */
export class ScriptResolver {
  private prevStrong: ScriptClass = NEUTRAL;
  /** Neutral chunks starting before `aheadUntil` resolve to `aheadClass`. */
  private aheadUntil = -1;
  private aheadClass: ScriptClass = PERSIAN;

  private readonly scanner: ChunkScanner;
  constructor(private s: string = '') {
    this.scanner = new ChunkScanner(s);
  }

  /** Start over on another string. */
  reset(s: string): void {
    this.s = s;
    this.scanner.reset(s);
    this.newLine();
  }

  newLine(): void {
    this.prevStrong = NEUTRAL;
    this.aheadUntil = -1;
  }

  /** Resolved class (PERSIAN or FOREIGN) of the chunk [start, end) whose raw class is `raw`. */
  resolve(start: number, end: number, raw: ScriptClass): ScriptClass {
    if (raw !== NEUTRAL) {
      this.prevStrong = raw;
      return raw;
    }
    if (this.prevStrong !== NEUTRAL) return this.prevStrong;
    if (start < this.aheadUntil) return this.aheadClass;
    // Look ahead along the line for the first strong chunk.
    const s = this.s;
    const n = s.length;
    let i = end;
    let cls: ScriptClass = PERSIAN;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (isNewline(c)) break;
      const w = whiteRunEnd(s, i);
      if (w > i) {
        i = w;
        continue;
      }
      const e = this.scanner.scan(i);
      const k = this.scanner.cls;
      if (k !== NEUTRAL) {
        cls = k;
        break;
      }
      i = e > i ? e : i + 1;
    }
    this.aheadUntil = i;
    this.aheadClass = cls;
    return cls;
  }
}
