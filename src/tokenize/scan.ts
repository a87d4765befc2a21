/**
 * One left-to-right pass that finds surface tokens and sentence boundaries.
 * Hand-written loop over a class table: linear time on any input, no regular expressions.
 *
 * Conventions follow UD Persian PerDT: punctuation is split off; numbers keep their
 * . , / : separators (3.5, 1,000, 1398/05/12, 12:30) and a trailing % ; ZWNJ words are one
 * token; abbreviations (ه.ش. م.) keep their dots; `(ص)` is three tokens.
 */
import {
  CLASS,
  C_CLOSE,
  C_DIGIT,
  C_NEWLINE,
  C_OPEN,
  C_PUNCT,
  C_QUOTE,
  C_SPACE,
  C_SYMBOL,
  C_TERM,
  C_WORD,
  isDigitCode,
  isEmojiModifier,
  isLatinAlnum,
} from './chars.js';

export const K_WORD = 0;
export const K_PUNCT = 1;
export const K_SYMBOL = 2;

/** Surface tokens as parallel arrays (cheap to build for millions of tokens). */
export interface Scan {
  start: number[];
  end: number[];
  kind: number[];
  /** For each sentence, the index one past its last token (sentences are contiguous token runs). */
  sentenceEnd: number[];
  /** Token indexes that begin a paragraph (after a blank line); always includes 0 when there are tokens. */
  paragraphStart: number[];
}

export interface ScanOptions {
  /** Abbreviations with their dots (`م.`, `ه.ش.`); matched at the start of a word. */
  abbreviations?: ReadonlySet<string>;
  /** Longest abbreviation length in code units (bounds the look-ahead). */
  maxAbbreviation?: number;
}

const DOT = 0x2e;

function isWordClass(cls: number): boolean {
  return cls === C_WORD || cls === C_DIGIT;
}

/** A URL or www. address starting at i: returns its end, or -1. Stops at white space and trailing punctuation. */
function scanUrl(text: string, i: number, n: number): number {
  const c = text.charCodeAt(i);
  if (c !== 0x68 && c !== 0x77 && c !== 0x48 && c !== 0x57) return -1; // h w H W
  const head = text.slice(i, i + 8).toLowerCase();
  if (!(head.startsWith('http://') || head.startsWith('https://') || head.startsWith('www.'))) return -1;
  let j = i;
  while (j < n) {
    const cls = CLASS[text.charCodeAt(j)];
    if (cls === C_SPACE || cls === C_NEWLINE || cls === C_SYMBOL) break;
    // Persian letters end a URL written without a space before the next word.
    const cc = text.charCodeAt(j);
    if (cc >= 0x0600 && cc <= 0x06ff) break;
    if (cc === 0xab || cc === 0xbb || cc === 0x060c || cc === 0x061b || cc === 0x061f) break;
    j++;
  }
  // Trailing sentence punctuation and closing brackets are not part of the URL.
  while (j > i) {
    const cc = text.charCodeAt(j - 1);
    if (cc === DOT || cc === 0x2c || cc === 0x3a || cc === 0x3b || cc === 0x21 || cc === 0x3f || cc === 0x29 || cc === 0x5d || cc === 0x22 || cc === 0x27) j--;
    else break;
  }
  return j > i + 4 ? j : -1;
}

/**
 * End of the longest abbreviation that starts at `i` (a word start) and whose first segment
 * is text[i, dot), where text[dot] is '.'. Returns -1 when none matches.
 */
function matchAbbreviation(text: string, i: number, dot: number, n: number, abbr: ReadonlySet<string>, maxLen: number): number {
  if (dot - i >= maxLen) return -1;
  // Candidate: word characters and dots, bounded by maxLen.
  let j = dot;
  const limit = Math.min(n, i + maxLen);
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (c === DOT || isWordClass(CLASS[c])) j++;
    else break;
  }
  for (let e = j; e > dot; e--) {
    // The abbreviation must end at a word boundary (or with its own dot).
    if (e < n && text.charCodeAt(e - 1) !== DOT && isWordClass(CLASS[text.charCodeAt(e)])) continue;
    if (abbr.has(text.slice(i, e))) return e;
  }
  return -1;
}

function isArabicScriptLetter(c: number): boolean {
  return (c >= 0x0620 && c <= 0x064a) || (c >= 0x066e && c <= 0x06d3) || c === 0x06d5 || (c >= 0x06fa && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefc);
}

/** End of the word token starting at i. */
function scanWord(text: string, i: number, n: number, o: ScanOptions): number {
  let j = i + 1;
  for (;;) {
    // Word characters; a change between Persian letters and digits is a token boundary
    // (۵/۳۸میلیارد → ۵/۳۸ + میلیارد), Latin letters and digits stay together (G7, MP3).
    while (j < n) {
      const cc = text.charCodeAt(j);
      const cl = CLASS[cc];
      if (cl === C_DIGIT) {
        if (isArabicScriptLetter(text.charCodeAt(j - 1))) return j;
      } else if (cl === C_WORD) {
        if (isDigitCode(text.charCodeAt(j - 1)) && isArabicScriptLetter(cc)) return j;
      } else break;
      j++;
    }
    if (j >= n) return j;
    const c = text.charCodeAt(j);
    const prev = text.charCodeAt(j - 1);
    const next = j + 1 < n ? text.charCodeAt(j + 1) : -1;
    switch (c) {
      case DOT:
        if (isDigitCode(prev) && isDigitCode(next)) {
          j += 2;
          continue;
        }
        if (isLatinAlnum(prev) && isLatinAlnum(next)) {
          j += 2;
          continue;
        }
        if (o.abbreviations) {
          const e = matchAbbreviation(text, i, j, n, o.abbreviations, o.maxAbbreviation ?? 16);
          if (e > 0) return e;
        }
        return j;
      case 0x066b: // ٫ decimal separator
      case 0x2f: // /
      case 0x3a: // :
        if (isDigitCode(prev) && isDigitCode(next)) {
          j += 2;
          continue;
        }
        return j;
      case 0x2c: // ,
      case 0x066c: // ٬ thousands separator
      case 0x060c: // ، (a normaliser may have turned a thousands comma into one)
        // Thousands groups: exactly three digits follow.
        if (
          isDigitCode(prev) &&
          j + 3 < n + 1 &&
          isDigitCode(next) &&
          isDigitCode(text.charCodeAt(j + 2)) &&
          isDigitCode(text.charCodeAt(j + 3)) &&
          !(j + 4 < n && isDigitCode(text.charCodeAt(j + 4)))
        ) {
          j += 4;
          continue;
        }
        return j;
      case 0x2d: // - inside Latin words and codes (COVID-19, CoRoT-7b)
      case 0x2010:
      case 0x2011:
        if (isLatinAlnum(prev) && isLatinAlnum(next) && !(isDigitCode(prev) && isDigitCode(next))) {
          j += 2;
          continue;
        }
        return j;
      case 0x27: // ' and ’ inside Latin words (don't, O'Neil)
      case 0x2019:
        if (isLatinAlnum(prev) && isLatinAlnum(next)) {
          j += 2;
          continue;
        }
        return j;
      case 0x40: // @ in e-mail addresses
        if (isLatinAlnum(prev) && isLatinAlnum(next)) {
          j += 2;
          continue;
        }
        return j;
      case 0x25: // % ٪ after a number belongs to it (PerDT: 5%)
      case 0x066a:
        return isDigitCode(prev) ? j + 1 : j;
      default:
        return j;
    }
  }
}

/** The open sentence so far is a short dateline (2 to 7 tokens, one of them a dash): «لندن - ایرنا». */
function isDateline(text: string, start: Int32Array, end: Int32Array, count: number, from: number): boolean {
  const n = count - from;
  if (n < 3 || n > 7) return false;
  for (let k = from + 1; k < count - 1; k++) {
    if (end[k] - start[k] !== 1) continue;
    const d = text.charCodeAt(start[k]);
    if (d === 0x2d || d === 0x2013 || d === 0x2014) return true;
  }
  return false;
}

function isNumber(text: string, s: number, e: number): boolean {
  if (e - s > 3) return false;
  for (let k = s; k < e; k++) if (!isDigitCode(text.charCodeAt(k))) return false;
  return true;
}

/** Surface tokens in typed arrays: the first `count` entries are used (tokenize's fast path). */
export interface ScanBuffers {
  count: number;
  start: Int32Array;
  end: Int32Array;
  kind: Uint8Array;
  sentenceEnd: number[];
  paragraphStart: number[];
}

/** Scan `text` into surface tokens and sentences. */
export function scan(text: string, o: ScanOptions = {}): Scan {
  const b = scanBuffers(text, o);
  const start = new Array<number>(b.count);
  const end = new Array<number>(b.count);
  const kind = new Array<number>(b.count);
  for (let k = 0; k < b.count; k++) {
    start[k] = b.start[k];
    end[k] = b.end[k];
    kind[k] = b.kind[k];
  }
  return { start, end, kind, sentenceEnd: b.sentenceEnd, paragraphStart: b.paragraphStart };
}

function grow<T extends Int32Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** Token buffers kept from call to call (three typed arrays per paragraph were a cost of their own), up to this many tokens. */
const KEEP_MAX = 1 << 16;
let keptStart = new Int32Array(1024);
let keptEnd = new Int32Array(1024);
let keptKind = new Uint8Array(1024);

/**
 * The scanner proper, as `scan` but into typed arrays (no closures on the hot loop: the
 * state lives in locals). The arrays are reused by the next call: read them before calling again.
 */
export function scanBuffers(text: string, o: ScanOptions = {}): ScanBuffers {
  const n = text.length;
  let cap = Math.max(16, (n >> 2) + 16);
  let start: Int32Array;
  let end: Int32Array;
  let kind: Uint8Array;
  if (cap <= KEEP_MAX) {
    if (keptStart.length < cap) {
      const size = Math.min(KEEP_MAX, Math.max(cap, keptStart.length * 2));
      keptStart = new Int32Array(size);
      keptEnd = new Int32Array(size);
      keptKind = new Uint8Array(size);
    }
    start = keptStart;
    end = keptEnd;
    kind = keptKind;
    cap = start.length;
  } else {
    start = new Int32Array(cap);
    end = new Int32Array(cap);
    kind = new Uint8Array(cap);
  }
  let count = 0;
  const sentenceEnd: number[] = [];
  const paragraphStart: number[] = [];
  let lastBoundary = 0; // token index where the open sentence starts
  let pendingEnd = false; // a sentence-final mark was seen; the sentence closes before the next non-closing token
  let quotes = 0; // straight double quotes seen in the open sentence
  let newlines = 0; // consecutive line breaks just passed (2+ = blank line = new paragraph)
  let newPara = true;

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const cls = CLASS[c];
    if (cls === C_SPACE) {
      i++;
      continue;
    }
    if (cls === C_NEWLINE) {
      // Close the open sentence.
      if (count > lastBoundary) {
        sentenceEnd.push(count);
        lastBoundary = count;
      }
      pendingEnd = false;
      quotes = 0;
      // \r\n counts as one line break.
      if (!(c === 0x0d && i + 1 < n && text.charCodeAt(i + 1) === 0x0a)) {
        newlines++;
        if (newlines >= 2) newPara = true;
      }
      i++;
      continue;
    }
    // A sentence-final mark closes the sentence unless closing quotes/brackets or more marks follow.
    if (pendingEnd) {
      const attaches = cls === C_CLOSE || cls === C_TERM || (cls === C_QUOTE && c === 0x22 && (quotes & 1) === 1);
      if (!attaches) {
        if (count > lastBoundary) {
          sentenceEnd.push(count);
          lastBoundary = count;
        }
        pendingEnd = false;
        quotes = 0;
      }
    }
    // Every branch below emits exactly one token [i, j) of kind k.
    let j: number;
    let k: number;
    switch (cls) {
      case C_WORD:
      case C_DIGIT: {
        const u = scanUrl(text, i, n);
        j = u > 0 ? u : scanWord(text, i, n, o);
        k = K_WORD;
        break;
      }
      case C_TERM: {
        // A run of the same mark (... !!! ؟؟) is one token; different marks are split (PerDT: ! ؟).
        j = i + 1;
        while (j < n && text.charCodeAt(j) === c) j++;
        // A lone '.' or ! ? ends a sentence; an ellipsis (.. ... …) does not, unless ! or ? follows.
        const ellipsis = (c === DOT && j - i > 1) || c === 0x2026;
        // A list number opening a sentence (1. … / ۲. …) does not end it.
        const listMarker =
          c === DOT && j - i === 1 && count - 1 === lastBoundary && count > lastBoundary && end[count - 1] === i && isNumber(text, start[count - 1], i) && j < n && CLASS[text.charCodeAt(j)] === C_SPACE;
        k = K_PUNCT;
        if (!ellipsis && !listMarker) pendingEnd = true;
        break;
      }
      case C_SYMBOL: {
        j = i + 1;
        if (c >= 0xd800 && c <= 0xdbff && j < n) {
          const lo = text.charCodeAt(j);
          if (lo >= 0xdc00 && lo <= 0xdfff) j++;
        }
        // Glue variation selectors, keycaps, skin tones and ZWJ sequences.
        for (;;) {
          if (j >= n) break;
          const d = text.charCodeAt(j);
          if (isEmojiModifier(d)) {
            j++;
            if (d === 0x200d && j < n && CLASS[text.charCodeAt(j)] === C_SYMBOL) {
              const h = text.charCodeAt(j);
              j++;
              if (h >= 0xd800 && h <= 0xdbff && j < n && text.charCodeAt(j) >= 0xdc00 && text.charCodeAt(j) <= 0xdfff) j++;
            }
            continue;
          }
          // Skin-tone modifiers U+1F3FB-1F3FF: D83C DFFB-DFFF.
          if (d === 0xd83c && j + 1 < n) {
            const lo = text.charCodeAt(j + 1);
            if (lo >= 0xdffb && lo <= 0xdfff) {
              j += 2;
              continue;
            }
          }
          break;
        }
        k = K_SYMBOL;
        break;
      }
      case C_QUOTE:
        if (c === 0x22) quotes++;
        j = i + 1;
        k = K_PUNCT;
        break;
      case C_OPEN:
      case C_CLOSE:
        j = i + 1;
        k = K_PUNCT;
        break;
      default: {
        // C_PUNCT: a run of the same character is one token (---, ***, ،،).
        j = i + 1;
        while (j < n && text.charCodeAt(j) === c) j++;
        // A news dateline is a sentence of its own: «تهران - ایرنا:» at the start of a sentence.
        if (c === 0x3a && j - i === 1 && isDateline(text, start, end, count, lastBoundary)) pendingEnd = true;
        k = K_PUNCT;
      }
    }
    // Emit [i, j).
    if (newPara) {
      paragraphStart.push(count);
      newPara = false;
    }
    if (count === cap) {
      cap *= 2;
      start = grow(start, cap);
      end = grow(end, cap);
      kind = grow(kind, cap);
    }
    start[count] = i;
    end[count] = j;
    kind[count] = k;
    count++;
    newlines = 0;
    i = j;
  }
  if (count > lastBoundary) sentenceEnd.push(count);
  return { count, start, end, kind, sentenceEnd, paragraphStart };
}
