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
  if (c < 0x80) return ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  return (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x370 && c <= 0x5ff) || (c >= 0x1e00 && c <= 0x1fff);
}

/**
 * End of the chunk that starts at `i` (exclusive): stops at a newline, a space, or a ZWNJ
 * run that is followed by a space.
 */
export function chunkEnd(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === ZWNJ) {
      let k = i + 1;
      while (k < n && s.charCodeAt(k) === ZWNJ) k++;
      if (k < n && isSpace(s.charCodeAt(k))) return i;
      i = k;
      continue;
    }
    if (c <= 0x20 || c >= 0x2000 || c === 0xa0 || c === 0x85) {
      if (isSpace(c) || isNewline(c)) return i;
    }
    i++;
  }
  return n;
}

/** Raw class of s[start, end): FOREIGN, PERSIAN or NEUTRAL. */
export function classify(s: string, start: number, end: number): ScriptClass {
  let persian = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      const l = c | 0x20;
      if (l >= 0x61 && l <= 0x7a) return FOREIGN;
      if (c === 0x40) return FOREIGN; // @
      if (c === 0x3a && i + 2 < end && s.charCodeAt(i + 1) === 0x2f && s.charCodeAt(i + 2) === 0x2f) return FOREIGN; // ://
    } else if (c >= 0x600 && c <= 0x6ff) {
      if (!persian && isArabicLetter(c)) persian = true;
    } else if (isForeignLetter(c)) return FOREIGN;
  }
  return persian ? PERSIAN : NEUTRAL;
}

/**
 * Length of the white-space run at `i` (spaces/tabs and ZWNJs, with at least one space),
 * or 0 when there is none (a ZWNJ run not touching a space belongs to its chunk).
 */
export function whiteRunEnd(s: string, i: number): number {
  const n = s.length;
  let j = i;
  let space = false;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c === ZWNJ) j++;
    else if (isSpace(c)) {
      space = true;
      j++;
    } else break;
  }
  return space ? j : i;
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

  constructor(private readonly s: string) {}

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
      const e = chunkEnd(s, i);
      const k = classify(s, i, e);
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
