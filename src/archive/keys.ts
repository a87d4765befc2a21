/**
 * Search keys: how a Persian word is written into (and looked up in) the FTS5 index.
 *
 * The index never sees raw text. Both the articles and the query go through the same steps:
 *  1. the sokhan normaliser (Arabic ي ك → Persian ی ک, digits, spacing …), then
 *  2. word segmentation here: runs of letters, marks and digits, with ZWNJ kept inside a word;
 *     a detached plural/comparative suffix (`تحریم ها`) or verbal prefix (`می گوید`) written
 *     with a plain space is joined to its word, so all spellings give the same word;
 *  3. folding into a key: ZWNJ, diacritics and tatweel removed, letter variants unified
 *     (ي ى ئ → ی, ك → ک, ة ۀ → ه, أ إ آ ٱ → ا, ؤ → و), digits → ASCII, lower case.
 *     `تحریم‌ها`, `تحریمها`, `تحریم ها` and `تحريم‌ها` all give the key `تحریمها`;
 *  4. the parts of a ZWNJ-joined (or space-joined) word are indexed as well (`تحریم`, `ها`);
 *  5. a lemma per word: the pipeline's lemma when the lemmatiser ran, else `lemmatize()` from
 *     src/morph when it exists, else the conservative affix stripper below (plural `ها`
 *     and ZWNJ-separated affixes only; it does not map present stems to past ones).
 *
 * A key contains only letters and digits, so SQLite's unicode61 tokenizer sees exactly one
 * token per key, and token positions in the `surf` and `lemma` columns are word positions.
 */

export interface IndexWord {
  /** Offsets in the NORMALISED text. */
  start: number;
  end: number;
  /** The folded, ZWNJ-free key of the whole word. */
  key: string;
  /** Folded parts when the word was joined from several (ZWNJ or a detached affix); else empty. */
  parts: string[];
  /** Folded lemma key (equal to `key` when nothing was stripped). */
  lemma: string;
}

const ZWNJ = 0x200c;

/** Fold one code point for a key; returns '' to drop it. */
function foldChar(c: number, ch: string): string {
  switch (c) {
    case ZWNJ:
    case 0x200d: // ZWJ
    case 0x0640: // tatweel
      return '';
    case 0x064a: // ي
    case 0x0649: // ى
    case 0x0626: // ئ
    case 0x06d0:
      return 'ی';
    case 0x0643: // ك
      return 'ک';
    case 0x0629: // ة
    case 0x06c0: // ۀ
    case 0x06be: // ھ
    case 0x06c1: // ہ
      return 'ه';
    case 0x0623: // أ
    case 0x0625: // إ
    case 0x0622: // آ
    case 0x0671: // ٱ
      return 'ا';
    case 0x0624: // ؤ
      return 'و';
    default:
      break;
  }
  if (c >= 0x06f0 && c <= 0x06f9) return String.fromCharCode(c - 0x06f0 + 48);
  if (c >= 0x0660 && c <= 0x0669) return String.fromCharCode(c - 0x0660 + 48);
  if (c < 0x80) return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? ch : '';
  if (MARK.test(ch)) return '';
  if (!WORDCHAR.test(ch)) return '';
  return ch.toLowerCase();
}

const MARK = /^\p{M}$/u;
const WORDCHAR = /^[\p{L}\p{N}]$/u;

/** foldChar for the BMP, filled on first use of each code unit (undefined = not yet known). */
const FOLD_BMP: (string | undefined)[] = new Array(0x10000);

/** The folded key of a string: letters and digits only (see the module comment). */
export function foldKey(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const cp = s.codePointAt(i)!;
      out += foldChar(cp, String.fromCodePoint(cp));
      i++;
      continue;
    }
    let f = FOLD_BMP[c];
    if (f === undefined) f = FOLD_BMP[c] = c >= 0xd800 && c <= 0xdfff ? '' : foldChar(c, String.fromCharCode(c));
    out += f;
  }
  return out;
}

/** Folded key of a multi-word name, words joined by one space (for entity / speaker matching). */
export function nameKey(s: string): string {
  return segment(s)
    .map((w) => w.key)
    .filter((k) => k.length > 0)
    .join(' ');
}

/** Suffixes that are written detached with a plain space and belong to the word before. */
const DETACHED_SUFFIXES = new Set([
  'ها', 'های', 'هایی', 'هایم', 'هایت', 'هایش', 'هایمان', 'هایتان', 'هایشان', 'ی', 'تر', 'ترین', 'ترها',
]);
/** Verbal prefixes that are written detached with a plain space. */
const DETACHED_PREFIXES = new Set(['می', 'نمی']);

/** ZWNJ-separated affix parts that the fallback lemma drops. */
const PREFIX_PARTS = new Set(['می', 'نمی']);
const SUFFIX_PARTS = new Set([
  'ها', 'های', 'هایی', 'هایم', 'هایت', 'هایش', 'هایمان', 'هایتان', 'هایشان', 'ترها',
  'ی', 'ای', 'یی', 'تر', 'ترین', 'ام', 'ات', 'اش', 'مان', 'تان', 'شان', 'ایم', 'اید', 'اند', 'است',
]);
/** Words ending in ها that are not plurals (with a stem of 3+ letters). */
const NOT_PLURAL = new Set(['انتها', 'اشتباها', 'الهها']);
const PLURAL_ENDINGS = ['هایشان', 'هایتان', 'هایمان', 'هایی', 'هایم', 'هایت', 'هایش', 'های', 'ها'];

/**
 * The conservative fallback lemma (used only when no lemmatiser is available): drops
 * ZWNJ-separated verbal prefixes and suffix parts, and a joined plural `ها(ی…)` after a stem
 * of at least three letters. It never guesses verb stems.
 */
export function fallbackLemma(key: string, parts: readonly string[]): string {
  if (parts.length > 1) {
    let a = 0;
    let b = parts.length;
    while (a < b - 1 && PREFIX_PARTS.has(parts[a])) a++;
    while (b - 1 > a && SUFFIX_PARTS.has(parts[b - 1])) b--;
    const stem = parts.slice(a, b).join('');
    return stem.length > 0 ? stem : key;
  }
  if (NOT_PLURAL.has(key)) return key;
  for (const end of PLURAL_ENDINGS) {
    if (key.length - end.length >= 3 && key.endsWith(end)) return key.slice(0, key.length - end.length);
  }
  return key;
}

/** A lemma written by a lemmatiser, as a key: verb lemmas `past#present` keep the past stem. */
export function lemmaKey(lemma: string): string {
  const hash = lemma.indexOf('#');
  const base = hash > 0 ? lemma.slice(0, hash) : lemma;
  return foldKey(base);
}

interface RawWord {
  start: number;
  end: number;
  key: string;
  parts: string[];
}

/** isWordCode for the BMP: 0 unknown, 1 yes, 2 no. */
const WORD_BMP = new Uint8Array(0x10000);

function isWordCode(c: number, ch: string): boolean {
  if (c < 0x10000) {
    const k = WORD_BMP[c];
    if (k !== 0) return k === 1;
    const r = isWordCodeSlow(c, ch);
    WORD_BMP[c] = r ? 1 : 2;
    return r;
  }
  return isWordCodeSlow(c, ch);
}

function isWordCodeSlow(c: number, ch: string): boolean {
  if (c === ZWNJ) return true;
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c === 0x0640) return true;
  return WORDCHAR_OR_MARK.test(ch);
}
const WORDCHAR_OR_MARK = /^[\p{L}\p{N}\p{M}]$/u;

function rawWords(text: string): RawWord[] {
  const out: RawWord[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let c = text.charCodeAt(i);
    let ch: string;
    // Skip non-word characters (a lone ZWNJ does not start a word).
    for (;;) {
      if (i >= n) return out;
      c = text.codePointAt(i)!;
      ch = String.fromCodePoint(c);
      if (c !== ZWNJ && isWordCode(c, ch)) break;
      i += ch.length;
    }
    const start = i;
    let lastNonZwnj = i;
    while (i < n) {
      c = text.codePointAt(i)!;
      ch = String.fromCodePoint(c);
      if (!isWordCode(c, ch)) break;
      i += ch.length;
      if (c !== ZWNJ) lastNonZwnj = i;
    }
    const end = lastNonZwnj;
    const surface = text.slice(start, end);
    const key = foldKey(surface);
    if (key.length === 0) continue;
    let parts: string[] = [];
    if (surface.indexOf('\u200c') >= 0) {
      parts = surface.split('\u200c').map(foldKey).filter((p) => p.length > 0);
      if (parts.length < 2) parts = [];
    }
    out.push({ start, end, key, parts });
  }
  return out;
}

function onlySpacesBetween(text: string, a: number, b: number): boolean {
  if (b <= a) return false;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0xa0 && c !== 0x200c) return false;
  }
  return b - a <= 3;
}

function isPersianKey(k: string): boolean {
  const c = k.charCodeAt(0);
  return c >= 0x0600 && c <= 0x06ff;
}

/**
 * Split normalised text into index words (without lemmas: `lemma` = `key`); detached
 * suffixes and prefixes are joined (see the module comment).
 */
export function segment(text: string): IndexWord[] {
  const raw = rawWords(text);
  const out: IndexWord[] = [];
  for (let i = 0; i < raw.length; i++) {
    let w = raw[i];
    // A detached verbal prefix joins the next Persian word.
    if (DETACHED_PREFIXES.has(w.key) && i + 1 < raw.length) {
      const nx = raw[i + 1];
      if (isPersianKey(nx.key) && !DETACHED_SUFFIXES.has(nx.key) && onlySpacesBetween(text, w.end, nx.start)) {
        w = join(w, nx);
        i++;
      }
    }
    // Detached suffixes join the word before (at most two, e.g. `بزرگ تر ها`).
    for (let joined = 0; joined < 2 && i + 1 < raw.length && isPersianKey(w.key) && DETACHED_SUFFIXES.has(raw[i + 1].key) && onlySpacesBetween(text, w.end, raw[i + 1].start); joined++) {
      w = join(w, raw[i + 1]);
      i++;
    }
    out.push({ start: w.start, end: w.end, key: w.key, parts: w.parts, lemma: w.key });
  }
  return out;
}

function join(a: RawWord, b: RawWord): RawWord {
  const pa = a.parts.length ? a.parts : [a.key];
  const pb = b.parts.length ? b.parts : [b.key];
  return { start: a.start, end: b.end, key: a.key + b.key, parts: [...pa, ...pb] };
}

/** Words with lemmas; `lemmaAt(start, end, key, parts)` may return a lemma key or undefined. */
export function indexWords(
  text: string,
  lemmaAt?: (w: IndexWord) => string | undefined,
): IndexWord[] {
  const words = segment(text);
  for (const w of words) {
    const l = lemmaAt?.(w);
    w.lemma = l && l.length > 0 ? l : fallbackLemma(w.key, w.parts);
  }
  return words;
}

/** Serialise words for the `words` column: `key|lemma|p1,p2` per word, space-separated. */
export function encodeWords(words: readonly IndexWord[]): string {
  let s = '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (i > 0) s += ' ';
    s += w.key;
    const l = w.lemma === w.key ? '' : w.lemma;
    const p = w.parts.join(',');
    if (l || p) s += '|' + l + (p ? '|' + p : '');
  }
  return s;
}

export interface StoredWord {
  key: string;
  lemma: string;
  parts: string[];
}

export function decodeWords(s: string): StoredWord[] {
  if (!s) return [];
  return s.split(' ').map((e) => {
    const bar = e.indexOf('|');
    if (bar < 0) return { key: e, lemma: e, parts: [] };
    const [key, l, p] = e.split('|');
    return { key, lemma: l || key, parts: p ? p.split(',') : [] };
  });
}
