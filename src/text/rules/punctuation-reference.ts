/**
 * The punctuation pass as first written (rule 03 before the speed work: no plain-word skip, no
 * digit conversion), kept as the reference that the fast pass is checked against
 * (src/text/fast-path.test.ts). A behaviour fix to 03-punctuation.ts must be made here too.
 */
import { OffsetMapBuilder, type OffsetMap } from '../../doc/offset-map.js';
import { ZWNJ, isArabicLetter, isArabicMark, isDigit, isNewline } from '../chars.js';
import type { NormalizeOptions } from '../options.js';
import type { Rule } from '../rule.js';
import { CAT, C_NEWLINE, C_PUNCT, C_QUOTE, C_SPACE, C_ZWNJ, ChunkScanner, FOREIGN, PERSIAN, ScriptResolver, classify, whiteRunEnd, type ScriptClass } from '../script-context.js';

const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const QUESTION = 0x3f;
const QUOTE = 0x22;
const DOT = 0x2e;
const FA_COMMA = 0x060c; // ،
const FA_SEMICOLON = 0x061b; // ؛
const FA_QUESTION = 0x061f; // ؟
const LAQUO = 0x00ab; // «
const RAQUO = 0x00bb; // »
const ELLIPSIS = 0x2026; // …

/** Punctuation that takes no space before it and one after it (in Persian text). */
function isCloser(c: number): boolean {
  switch (c) {
    case DOT:
    case FA_COMMA:
    case FA_SEMICOLON:
    case 0x3a: // :
    case FA_QUESTION:
    case 0x21: // !
    case 0x29: // )
    case RAQUO:
    case 0x5d: // ]
    case 0x7d: // }
    case COMMA:
    case SEMICOLON:
    case QUESTION:
      return true;
    default:
      return false;
  }
}

/** Brackets and quotes that take a space before them (after a word) and none after. */
function isOpener(c: number): boolean {
  return c === 0x28 || c === 0x5b || c === 0x7b || c === LAQUO;
}

/** Number of Arabic letters (up to 2) from `k`, looking through marks and ZWNJ. */
function lettersFrom(s: string, k: number, end: number): number {
  let count = 0;
  for (; k < end && count < 2; k++) {
    const c = s.charCodeAt(k);
    if (isArabicLetter(c)) count++;
    else if (c !== ZWNJ && !isArabicMark(c)) break;
  }
  return count;
}

/**
 * One pass over the text: Persian punctuation, «» quotes, ellipsis, and spacing.
 * Works chunk by chunk (see script-context.ts); FOREIGN chunks (Latin words, URLs,
 * e-mail addresses, code) are never changed inside, and newlines are never touched.
 */
class PunctuationPass {
  private b: OffsetMapBuilder | null = null;
  private n = 0;
  private s = '';
  private o: NormalizeOptions = null as unknown as NormalizeOptions;
  private readonly ctx = new ScriptResolver();
  private readonly sc = new ChunkScanner();
  private quotesReady = false;
  // Straight double quotes of the current line, with what each becomes (0 = stays).
  private qPos: number[] = [];
  private qOut: number[] = [];
  private qn = 0;
  private qi = 0;
  // State carried through a chunk (and into the next one when the space between is deleted).
  private prevReal = 0;
  private letterRun = 0;
  private dotLetters = 0;

  /**
   * Run over `s`. One instance is reused for every call: a fresh object per call would be
   * dropped by the next full GC, and V8 then throws away the optimised loop that refers
   * to it ("weak objects" deopt), which made the pass 2-3x slower in long runs.
   */
  apply(s: string, o: NormalizeOptions): { text: string; map: OffsetMap } | null {
    this.s = s;
    this.n = s.length;
    this.o = o;
    this.b = null;
    this.ctx.reset(s);
    this.sc.reset(s);
    this.qn = 0;
    this.qi = 0;
    try {
      return this.run();
    } finally {
      // Do not keep the input alive between calls.
      this.s = '';
      this.b = null;
      this.ctx.reset('');
      this.sc.reset('');
    }
  }

  private edit(at: number, len: number, text: string): void {
    this.b ??= new OffsetMapBuilder(this.s);
    this.b.keepTo(at);
    this.b.replace(len, text);
  }

  private run(): { text: string; map: OffsetMap } | null {
    const s = this.s;
    const n = this.n;
    const spacing = this.o.spacing;
    const sc = this.sc;
    const ctx = this.ctx;
    let i = 0;
    while (i < n) {
      // A new line starts at i.
      const ls = i;
      this.ctx.newLine();
      this.qn = 0;
      this.qi = 0;
      this.quotesReady = false;
      let prevCls: ScriptClass | -1 = -1;
      let prevLast = 0;
      // A PERSIAN chunk with no punctuation is not walked; its bounds are kept in case the
      // next chunk is joined to it and needs its state (letters before a full stop).
      let plainStart = -1;
      let plainEnd = -1;
      for (;;) {
        const ws = i;
        // Fast path for the usual single space between two words.
        let j: number;
        if (s.charCodeAt(i) === 0x20 && i + 1 < n && (CAT[s.charCodeAt(i + 1)] & (C_SPACE | C_ZWNJ | C_NEWLINE)) === 0) j = i + 1;
        else j = whiteRunEnd(s, i);
        if (j >= n || CAT[s.charCodeAt(j)] & C_NEWLINE) {
          // Trailing white space on the line goes.
          if (spacing && j > ws) this.edit(ws, j - ws, '');
          i = j < n ? j + 1 : n;
          break;
        }
        const e = sc.scan(j);
        const flags = sc.flags;
        const cls = ctx.resolve(j, e, sc.cls);
        if (flags & C_QUOTE && !this.quotesReady) this.setupQuotes(j);
        let joined = false;
        // A single space needs a look only next to punctuation.
        if (spacing && j > ws && (j - ws > 1 || prevLast !== 0 || CAT[s.charCodeAt(j)] & C_PUNCT || ws === ls)) {
          if (ws === ls) this.collapse(ws, j);
          else if (cls === PERSIAN && prevCls !== FOREIGN && this.startsWithCloser(j, prevLast)) joined = true;
          else if (prevCls === PERSIAN && cls !== FOREIGN && isOpener(prevLast)) joined = true;
          else this.collapse(ws, j);
          if (joined) this.edit(ws, j - ws, '');
        }
        if (cls === PERSIAN && (flags & C_PUNCT || joined)) {
          if (joined && plainStart >= 0) {
            // Walk the plain chunk this one is joined to, for its state (it makes no edits).
            this.prevReal = 0;
            this.letterRun = 0;
            this.dotLetters = 0;
            this.chunk(plainStart, plainEnd);
          } else if (!joined) {
            this.prevReal = 0;
            this.letterRun = 0;
            this.dotLetters = 0;
          }
          this.chunk(j, e);
          prevLast = this.prevReal;
          plainStart = -1;
        } else {
          prevLast = 0;
          if (cls === PERSIAN) {
            plainStart = j;
            plainEnd = e;
          } else plainStart = -1;
        }
        prevCls = cls;
        i = e;
      }
    }
    return this.b ? this.b.finish() : null;
  }

  /** Runs of white space become one space; a single space or tab stays as it is. */
  private collapse(ws: number, j: number): void {
    if (j - ws > 1) this.edit(ws, j - ws, ' ');
  }

  /**
   * Whether the chunk at `j` starts with a closer that the space before it should join to
   * the previous chunk (ending in `prevLast`). A full stop is not joined when it starts a
   * run of dots or would make one with a dot before it: '. .' → '..' would become '…' on
   * the next run, and the normaliser must be idempotent.
   */
  private startsWithCloser(j: number, prevLast: number): boolean {
    const c = this.s.charCodeAt(j);
    if (c === QUOTE) return this.quoteAt(j) === RAQUO;
    if (c === DOT) return !(this.o.ellipsis && (this.s.charCodeAt(j + 1) === DOT || prevLast === DOT));
    return isCloser(c);
  }

  /** Collect and pair the straight double quotes of the line, from the chunk at `from` that holds its first one. */
  private setupQuotes(from: number): void {
    this.quotesReady = true;
    if (!this.o.quotes) return;
    const s = this.s;
    const n = this.n;
    for (let k = from; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c === QUOTE) {
        this.qPos[this.qn] = k;
        this.qOut[this.qn] = 0;
        this.qn++;
      } else if (isNewline(c)) break;
    }
    // Pair them in order; an odd count means a stray quote (an inch mark, a typo): leave the line.
    if (this.qn % 2 !== 0) return;
    for (let p = 0; p < this.qn; p += 2) {
      if (classify(s, this.qPos[p] + 1, this.qPos[p + 1]) === PERSIAN) {
        this.qOut[p] = LAQUO;
        this.qOut[p + 1] = RAQUO;
      }
    }
  }

  /** What the straight quote at `pos` becomes (0 = stays). Positions are asked in order. */
  private quoteAt(pos: number): number {
    while (this.qi < this.qn && this.qPos[this.qi] < pos) this.qi++;
    return this.qi < this.qn && this.qPos[this.qi] === pos ? this.qOut[this.qi] : 0;
  }

  /** Convert and space the PERSIAN chunk [j, e). */
  private chunk(j: number, e: number): void {
    const s = this.s;
    const o = this.o;
    let prevReal = this.prevReal;
    let letterRun = this.letterRun;
    let dotLetters = this.dotLetters;
    let zStart = -1;
    let zEnd = -1;
    let k = j;
    while (k < e) {
      const c = s.charCodeAt(k);
      if (c === ZWNJ) {
        zStart = k;
        while (k < e && s.charCodeAt(k) === ZWNJ) k++;
        zEnd = k;
        continue;
      }
      let cc = c;
      let len = 1;
      if (c < 0x80) {
        switch (c) {
          case COMMA:
            if (o.punctuation && !(isDigit(s.charCodeAt(k - 1)) && isDigit(s.charCodeAt(k + 1)))) cc = FA_COMMA;
            break;
          case SEMICOLON:
            if (o.punctuation && !(isDigit(s.charCodeAt(k - 1)) && isDigit(s.charCodeAt(k + 1)))) cc = FA_SEMICOLON;
            break;
          case QUESTION:
            if (o.punctuation) cc = FA_QUESTION;
            break;
          case QUOTE: {
            const q = this.quoteAt(k);
            if (q !== 0) cc = q;
            break;
          }
          case DOT:
            if (o.ellipsis && k + 1 < e && s.charCodeAt(k + 1) === DOT) {
              let d = k + 2;
              while (d < e && s.charCodeAt(d) === DOT) d++;
              len = d - k;
              cc = ELLIPSIS;
            }
            break;
          default:
            break;
        }
      }
      if (o.spacing && prevReal !== 0) {
        let need = false;
        if (isOpener(cc)) {
          need = isCloser(prevReal) || isArabicLetter(prevReal) || isArabicMark(prevReal) || isDigit(prevReal);
        } else if (isCloser(prevReal) && isArabicLetter(cc)) {
          // After a full stop only between real words: not in ه.ش or ج.ا.ا (abbreviations).
          need = prevReal !== DOT || (dotLetters >= 2 && lettersFrom(s, k, e) >= 2);
        }
        if (need) {
          if (zEnd === k) this.edit(zStart, k - zStart, ' ');
          else this.edit(k, 0, ' ');
        }
      }
      if (cc !== c || len !== 1) this.edit(k, len, String.fromCharCode(cc));
      if (isArabicLetter(cc)) letterRun++;
      else if (!isArabicMark(cc)) {
        dotLetters = cc === DOT ? letterRun : 0;
        letterRun = 0;
      }
      prevReal = cc;
      k += len;
    }
    this.prevReal = prevReal;
    this.letterRun = letterRun;
    this.dotLetters = dotLetters;
  }
}

const PASS = new PunctuationPass();

/**
 * Persian punctuation (، ؛ ؟ for , ; ? but never inside numbers like 1,000), «» for
 * straight double quotes around Persian text, … for runs of dots, and spacing: no space
 * before . ، ؛ : ؟ ! ) » ] }, one after them before a letter or an opening bracket (not
 * before digits: 3.5, 12:30; not inside abbreviations: ه.ش), none inside brackets and
 * quotes, one before an opening bracket or quote after a word; runs of spaces become
 * one, and spaces at the end of a line go. Newlines are never touched. A ZWNJ inside a
 * run of spaces is part of that run (the ZWNJ rule would delete it anyway).
 */
export const punctuationReference: Rule = {
  name: 'punctuation',
  enabled: (o) => o.punctuation || o.quotes || o.ellipsis || o.spacing,
  apply(input, o) {
    if (input.length === 0) return null;
    return PASS.apply(input, o);
  },
};
