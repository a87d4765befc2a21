/**
 * Small text utilities for the news reader: a matching key that ignores spacing/ZWNJ and
 * letter variants, and a word tokenizer with offsets. Linear time, no backtracking regexes.
 */

const FOLD: Record<string, string> = {
  'ي': 'ی', 'ى': 'ی', 'ئ': 'ی', 'ك': 'ک', 'ة': 'ه', 'ۀ': 'ه', 'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ؤ': 'و',
};

function isMark(c: number): boolean {
  return (c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640;
}

/** Matching key of a word or phrase: spaces, ZWNJ, diacritics and tatweel removed; letter variants folded; digits to ASCII. */
export function foldKey(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = ch.charCodeAt(0);
    if (c === 0x20 || c === 0x200c || c === 0x200d || c === 0x200e || c === 0x200f || c === 0xa0 || c === 9 || isMark(c)) continue;
    if (c >= 0x06f0 && c <= 0x06f9) out += String.fromCharCode(c - 0x06f0 + 48);
    else if (c >= 0x0660 && c <= 0x0669) out += String.fromCharCode(c - 0x0660 + 48);
    else out += FOLD[ch] ?? ch;
  }
  return out;
}

/** Display form: ZWNJ and whitespace runs collapsed to single spaces/ZWNJ, trimmed. */
export function cleanName(s: string): string {
  let out = '';
  let pendingSpace = false;
  for (const ch of s) {
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\u00a0') {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += FOLD[ch] === 'ی' || FOLD[ch] === 'ک' ? FOLD[ch] : ch;
  }
  return out.replace(/^\u200c+|\u200c+$/g, '');
}

export type TokKind = 'word' | 'num' | 'punct';

export interface Tok {
  start: number;
  end: number;
  /** Surface text (normalised text slice). */
  text: string;
  /** foldKey(text). */
  key: string;
  kind: TokKind;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 9 || c === 0xa0 || c === 0x200e || c === 0x200f || c === 0x200b || c === 0xfeff || c === 0x2009 || c === 0x202f;
}
function isDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 0x06f0 && c <= 0x06f9) || (c >= 0x0660 && c <= 0x0669);
}
const PUNCT = new Set('،,:;؛.!?؟«»()[]{}"\'“”‘’-–—/\\|…*#+=<>_~`^%٪@&'.split(''));
function isPunct(ch: string): boolean {
  return PUNCT.has(ch);
}

/**
 * Tokenise one line (no newlines inside) starting at `offset` in the full text. Words are
 * runs of letters/ZWNJ; numbers keep inner separators between digits (7.4, 1401/05/08, 15:30);
 * every punctuation character is its own token.
 */
export function tokenizeLine(text: string, start: number, end: number): Tok[] {
  const toks: Tok[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === 0x200c) {
      i++;
      continue;
    }
    const ch = text[i];
    if (isDigit(c)) {
      let j = i + 1;
      while (j < end) {
        const d = text.charCodeAt(j);
        if (isDigit(d)) j++;
        else if ((text[j] === '.' || text[j] === '/' || text[j] === '٫' || text[j] === ':' || text[j] === '٬' || text[j] === ',') && j + 1 < end && isDigit(text.charCodeAt(j + 1))) j += 2;
        else break;
      }
      toks.push(mk(text, i, j, 'num'));
      i = j;
      continue;
    }
    if (isPunct(ch)) {
      toks.push(mk(text, i, i + 1, 'punct'));
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end) {
      const d = text.charCodeAt(j);
      if (isSpace(d) || isPunct(text[j]) || isDigit(d) || d === 0x0a) break;
      j++;
    }
    // Trailing ZWNJ is not part of the word.
    let e = j;
    while (e > i + 1 && text.charCodeAt(e - 1) === 0x200c) e--;
    toks.push(mk(text, i, e, 'word'));
    i = j;
  }
  return toks;
}

function mk(text: string, s: number, e: number, kind: TokKind): Tok {
  const t = text.slice(s, e);
  return { start: s, end: e, text: t, key: foldKey(t), kind };
}

/** A phrase matcher over token keys: phrases match token runs whose concatenated keys equal the phrase key. */
export class PhraseSet<T = true> {
  /** Phrase key → value (the first value added for a key wins). */
  private readonly byKey = new Map<string, { key: string; value: T }>();
  /** Every non-empty prefix of every key, so a scan stops as soon as no phrase can match. */
  private readonly prefixes = new Set<string>();

  add(phrase: string, value: T): void {
    const key = foldKey(phrase);
    if (!key) return;
    if (!this.byKey.has(key)) this.byKey.set(key, { key, value });
    for (let i = key.length; i > 0; i--) {
      const p = key.slice(0, i);
      if (this.prefixes.has(p)) break; // its own prefixes are there already
      this.prefixes.add(p);
    }
  }

  /**
   * Longest phrase starting at token i (word/num tokens only; stops at punctuation).
   * Returns the exclusive end token index and the value.
   */
  matchAt(toks: readonly Tok[], i: number, limit = toks.length): { end: number; value: T; key: string } | null {
    const t = toks[i];
    if (!t || t.kind === 'punct' || !t.key) return null;
    let acc = '';
    let best: { end: number; value: T; key: string } | null = null;
    for (let j = i; j < limit && j < i + 8; j++) {
      const tj = toks[j];
      if (tj.kind === 'punct') break;
      acc += tj.key;
      if (!this.prefixes.has(acc)) break;
      const c = this.byKey.get(acc);
      if (c) best = { end: j + 1, value: c.value, key: c.key };
    }
    return best;
  }

  /** Longest phrase ending exactly at token end-1 (scanning back at most 8 tokens). */
  matchEndingAt(toks: readonly Tok[], end: number, floor = 0): { start: number; value: T; key: string } | null {
    let best: { start: number; value: T; key: string } | null = null;
    for (let s = end - 1; s >= floor && s >= end - 8; s--) {
      if (toks[s].kind === 'punct') break;
      const m = this.matchAt(toks, s, end);
      if (m && m.end === end) best = { start: s, value: m.value, key: m.key };
    }
    return best;
  }

  has(phrase: string): boolean {
    return this.byKey.has(foldKey(phrase));
  }
}
