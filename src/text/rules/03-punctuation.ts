import { OffsetMapBuilder, type OffsetMap } from '../../doc/offset-map.js';
import { ZWNJ, isArabicLetter, isArabicMark, isDigit, isNewline } from '../chars.js';
import '../live-shapes.js';
import type { NormalizeOptions } from '../options.js';
import type { Rule } from '../rule.js';
import { CAT, C_ARABIC, C_DIGIT, C_NEWLINE, C_PUNCT, C_QUOTE, C_SPACE, C_ZWNJ, ChunkScanner, FOREIGN, PERSIAN, ScriptResolver, classify, whiteRunEnd, type ScriptClass } from '../script-context.js';

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
export function isCloser(c: number): boolean {
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
export function isOpener(c: number): boolean {
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
   * Also convert ASCII and Arabic-Indic digits to Persian in PERSIAN chunks (`digits: 'fa'`),
   * which is what the digit rule (02) would have done before this pass: that rule cuts the
   * same chunks and resolves them with the same ScriptResolver, its edits keep every length
   * (no map edit), and this pass treats every digit system alike, so doing both in one walk
   * gives the same text and map as the two passes (see src/text/fast-path.test.ts).
   */
  private fa = false;

  /**
   * Run over `s`. One instance is reused for every call: a fresh object per call would be
   * dropped by the next full GC, and V8 then throws away the optimised loop that refers
   * to it ("weak objects" deopt), which made the pass 2-3x slower in long runs.
   */
  apply(s: string, o: NormalizeOptions, withDigits: boolean): { text: string; map: OffsetMap } | null {
    this.s = s;
    this.n = s.length;
    this.o = o;
    this.fa = withDigits && o.digits === 'fa';
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
        if (i > ls && s.charCodeAt(i) === 0x20 && !isOpener(prevLast)) {
          // Skip plain words: after a single space, a chunk of Arabic letters (and characters
          // with no category: marks, symbols) ending at white space needs no edit. It is a
          // PERSIAN chunk with no punctuation, so all the general path would do is record it.
          // (After an opening bracket the general path would delete the space.)
          // Words that end in a closer that stays as it is (است. گفت: میز،) are skipped
          // too: the general path would walk them and change nothing; their state is set
          // as that walk leaves it.
          for (;;) {
            const end = plainRunEnd(s, i, n);
            if (end > i) {
              ctx.resolve(PLAIN.start, end, PERSIAN);
              prevCls = PERSIAN;
              plainStart = PLAIN.start;
              plainEnd = end;
              prevLast = 0;
              i = end;
            }
            const ce = closedWordEnd(s, i, n);
            if (ce === i) break;
            const start = PLAIN.start;
            ctx.resolve(start, ce, PERSIAN);
            prevCls = PERSIAN;
            plainStart = -1;
            const closer = s.charCodeAt(ce - 1);
            prevLast = closer;
            this.prevReal = closer;
            this.letterRun = 0;
            this.dotLetters = closer === DOT ? lettersBeforeDot(s, start, ce - 1) : 0;
            i = ce;
          }
        }
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
            this.chunk(plainStart, plainEnd, false);
          } else if (!joined) {
            this.prevReal = 0;
            this.letterRun = 0;
            this.dotLetters = 0;
          }
          this.chunk(j, e, this.fa);
          prevLast = this.prevReal;
          plainStart = -1;
        } else {
          prevLast = 0;
          if (cls === PERSIAN) {
            plainStart = j;
            plainEnd = e;
            if (this.fa && flags & C_DIGIT) this.digitsIn(j, e);
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

  /** Persian digits for the ASCII and Arabic-Indic ones in [j, e), a run at a time. */
  private digitsIn(j: number, e: number): void {
    const s = this.s;
    let k = j;
    while (k < e) {
      if (!isFaDigitCandidate(s.charCodeAt(k))) {
        k++;
        continue;
      }
      k = this.convertDigitRun(k, e);
    }
  }

  /** Convert the run of candidate digits at k (< e); returns its end. */
  private convertDigitRun(k: number, e: number): number {
    const s = this.s;
    let r = k;
    let out = '';
    while (r < e) {
      const x = s.charCodeAt(r);
      if (x >= 0x30 && x <= 0x39) out += String.fromCharCode(x + 0x06c0);
      else if (x >= 0x0660 && x <= 0x0669) out += String.fromCharCode(x + 0x90);
      else break;
      r++;
    }
    this.edit(k, r - k, out);
    return r;
  }

  /** Convert and space the PERSIAN chunk [j, e); with `digits`, also convert its digits. */
  private chunk(j: number, e: number, digits: boolean): void {
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
      if (digits && isFaDigitCandidate(c)) {
        // A digit takes no spacing and ends any letter run (as its Persian form would).
        const r = this.convertDigitRun(k, e);
        prevReal = s.charCodeAt(r - 1);
        prevReal = prevReal <= 0x39 ? prevReal + 0x06c0 : prevReal + 0x90;
        letterRun = 0;
        dotLetters = 0;
        k = r;
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

/** Where plainRunEnd leaves the start of the last chunk it skipped. */
const PLAIN = { start: 0 };
/** Categories a plain chunk may hold. */
const PLAIN_CATS = C_ARABIC | C_ZWNJ;

/**
 * From a single space at `i`, the end of the last of the consecutive plain chunks that follow
 * (each after one space), or `i` when the next one is not plain. A plain chunk starts with no
 * ZWNJ, holds only characters whose categories are within C_ARABIC | C_ZWNJ with at least one
 * Arabic letter, does not end in a ZWNJ, and is followed by white space, a newline or the end.
 * That is exactly a chunk the general path would classify PERSIAN, find no punctuation,
 * quote or digit in, and leave unedited.
 */
function plainRunEnd(s: string, i: number, n: number): number {
  if (s.charCodeAt(i) !== 0x20) return i;
  let last = i;
  let q = i + 1;
  while (q < n) {
    // q: the start of a candidate chunk, just after a single space.
    let f = CAT[s.charCodeAt(q)];
    if (f & ~C_ARABIC) break; // white space, ZWNJ, punctuation, digit, Latin…
    const start = q;
    let acc = f;
    let c = -1;
    for (q++; q < n; q++) {
      c = s.charCodeAt(q);
      f = CAT[c];
      if (f & ~PLAIN_CATS) break;
      acc |= f;
    }
    if ((acc & C_ARABIC) === 0 || s.charCodeAt(q - 1) === ZWNJ) break;
    if (q < n) {
      if ((f & (C_SPACE | C_NEWLINE)) === 0) break;
      PLAIN.start = start;
      last = q;
      if (c !== 0x20) break;
      q++;
    } else {
      PLAIN.start = start;
      last = q;
    }
  }
  return last;
}

/** Closers the punctuation rule never changes (ASCII , ; ? become Persian; " is a quote). */
function isKeptCloser(c: number): boolean {
  switch (c) {
    case DOT:
    case 0x3a: // :
    case 0x21: // !
    case 0x29: // )
    case 0x5d: // ]
    case 0x7d: // }
    case RAQUO:
    case FA_COMMA:
    case FA_SEMICOLON:
    case FA_QUESTION:
      return true;
    default:
      return false;
  }
}

/**
 * From a single space at `i`: the end of the chunk after it when that chunk is a plain word
 * (as in plainRunEnd) followed by one kept closer and then white space, a newline or the end;
 * else `i`. The general path would walk such a chunk and make no edit: no conversion (kept
 * closer, no digit or quote), no space (a closer only asks for one before a letter after it),
 * and a single dot makes no ellipsis. PLAIN.start is left at the chunk's start.
 */
function closedWordEnd(s: string, i: number, n: number): number {
  const start = i + 1;
  if (start >= n || s.charCodeAt(i) !== 0x20) return i;
  let f = CAT[s.charCodeAt(start)];
  if (f & ~C_ARABIC) return i;
  let acc = f;
  let q = start + 1;
  for (; q < n; q++) {
    f = CAT[s.charCodeAt(q)];
    if (f & ~PLAIN_CATS) break;
    acc |= f;
  }
  if (q >= n || (acc & C_ARABIC) === 0 || s.charCodeAt(q - 1) === ZWNJ || !isKeptCloser(s.charCodeAt(q))) return i;
  const after = q + 1;
  if (after < n && (CAT[s.charCodeAt(after)] & (C_SPACE | C_NEWLINE)) === 0) return i;
  PLAIN.start = start;
  return after;
}

/**
 * Arabic letters right before the full stop at `dot` (marks and ZWNJs looked through), back to
 * `start`: what the chunk walk has in `letterRun` when it reaches the stop.
 */
function lettersBeforeDot(s: string, start: number, dot: number): number {
  let count = 0;
  for (let k = dot - 1; k >= start; k--) {
    const c = s.charCodeAt(k);
    if (isArabicLetter(c)) count++;
    else if (c !== ZWNJ && !isArabicMark(c)) break;
  }
  return count;
}

const PASS = new PunctuationPass();

/** ASCII or Arabic-Indic digit: what `digits: 'fa'` converts. */
function isFaDigitCandidate(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x0660 && c <= 0x0669);
}

/**
 * Persian punctuation (، ؛ ؟ for , ; ? but never inside numbers like 1,000), «» for
 * straight double quotes around Persian text, … for runs of dots, and spacing: no space
 * before . ، ؛ : ؟ ! ) » ] }, one after them before a letter or an opening bracket (not
 * before digits: 3.5, 12:30; not inside abbreviations: ه.ش), none inside brackets and
 * quotes, one before an opening bracket or quote after a word; runs of spaces become
 * one, and spaces at the end of a line go. Newlines are never touched. A ZWNJ inside a
 * run of spaces is part of that run (the ZWNJ rule would delete it anyway).
 */
export const punctuation: Rule = {
  name: 'punctuation',
  enabled: (o) => o.punctuation || o.quotes || o.ellipsis || o.spacing,
  apply(input, o) {
    if (input.length === 0) return null;
    return PASS.apply(input, o, false);
  },
};

/**
 * The punctuation pass that also does the digit rule's work when `digits` is 'fa' (one walk
 * over the chunks instead of two). The normaliser uses this one, and runs the digit rule on
 * its own only when this pass cannot stand in for it (see rules/index.ts).
 */
export const punctuationWithDigits: Rule = {
  name: 'punctuation+digits',
  enabled: (o) => punctuation.enabled(o),
  apply(input, o) {
    if (input.length === 0) return null;
    return PASS.apply(input, o, true);
  },
};
