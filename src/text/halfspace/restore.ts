/**
 * Half-space restoration. Two kinds of damage are repaired:
 * - joined: a ZWNJ was dropped inside a word (میشود → می‌شود, تحریمهای → تحریم‌های);
 * - spaced: a ZWNJ was typed as a space (می شود → می‌شود, توانسته اند → توانسته‌اند).
 * Decisions come from the model (forms seen with ZWNJ in gold data, corpora and lexicons,
 * weighed against the same letters seen joined or apart), then from productive rules for
 * unseen words (می/نمی + a verb stem, a known stem + plural/clitic suffix), which never fire
 * on a word known to be written joined (میز, تهران, امیر).
 *
 * One left-to-right pass over words; each word is looked up at most a few times, words longer
 * than MAX_KEY are never looked up, so the pass is linear on any input. Only single ASCII
 * spaces between two words are ever replaced; newlines are never touched.
 */
import { OffsetMapBuilder, type OffsetMap } from '../../doc/offset-map.js';
import { isArabicLetter, isArabicMark, isNonJoiner, ZWNJ } from '../chars.js';
import '../live-shapes.js';
import { addFlags, buildKeyTable, findRange, findString, flagsAt, hashRange, HAS_CODE, JOINED_FILTER_LOG, SPACED_FILTER_LOG, subTable, type KeyTable } from './table.js';
import { ADJECTIVE, APPLY_JOINED, APPLY_SPACED, CODE_BITS, KNOWN, MAX_KEY, SPAN_PREFIX, SPAN_SEGMENT, STEM, type HalfSpaceModel } from './model.js';

const ZWNJ_STR = '\u200c';
/** Longest span of words (joined by spaces) tried as one compound. */
const MAX_SPAN = 4;

/** Plural suffixes, written after a ZWNJ when the stem ends in a joining letter; longest first. */
const PLURAL_SUFFIXES = ['هایشان', 'هایتان', 'هایمان', 'هایش', 'هایت', 'هایم', 'هایی', 'هاست', 'های', 'ها'];
/** Clitics written after a ZWNJ after a final ه or ی (خانه‌ای, کرده‌اند, صندلی‌ام). */
const CLITICS = ['اند', 'ایم', 'اید', 'ای', 'ام', 'ات', 'اش'];
const COMPARATIVES = ['ترینها', 'ترهای', 'ترها', 'ترین', 'تری', 'تر'];
const VERB_PREFIXES = ['نمی', 'می', 'برمی', 'بازمی', 'فرومی', 'درمی', 'ورمی', 'وامی', 'فرامی', 'برنمی', 'بازنمی', 'فرونمی', 'درنمی', 'فرانمی'];
/** Participle endings (کرده, داشته) that take اند/ایم/اید/ام after a ZWNJ even when unseen. */
const PERFECT_CLITICS = ['اند', 'ایم', 'اید', 'ام'];
/** Joined endings a compound's last part may carry (مرمت‌گران, مستعمره‌نشینان). */
const PART_TAILS = ['', 'ان', 'ی', 'انی', 'ین'];
const VERB_ENDINGS = ['', 'م', 'ی', 'د', 'یم', 'ید', 'ند', 'ه'];
/** Recursion depth of the productive analysis (prefix + stem + suffix + clitic). */
const MAX_DEPTH = 3;

function isWordChar(c: number): boolean {
  return isArabicLetter(c) || isArabicMark(c) || c === ZWNJ;
}

/** The last letter of a key, skipping marks; 0 if none. */
function lastLetter(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (!isArabicMark(c)) return c;
  }
  return 0;
}

function isVerbForm(rest: string, m: HalfSpaceModel): boolean {
  for (const e of VERB_ENDINGS) {
    if (rest.length - e.length < 1 || !rest.endsWith(e)) continue;
    if (m.verbStems.has(e ? rest.slice(0, rest.length - e.length) : rest)) return true;
  }
  return false;
}

/** Endings written joined to a known word (pronoun clitics, ان plural, ی). */
const JOINED_TAILS = new Set(['مان', 'تان', 'شان', 'یمان', 'یتان', 'یشان', 'ش', 'م', 'ت', 'یش', 'یم', 'یت', 'ی', 'ان', 'ات', 'ین', 'یان', 'انی', 'ند', 'یم', 'ید', 'ها', 'های', 'هایی', 'ست']);
/** Never the right part of a two-word compound. */
const NOT_RIGHT = new Set(['مان', 'تان', 'شان', 'ایم', 'اید', 'اند', 'انی', 'است', 'ستم', 'رند', 'وند']);

/** Endings a noun may take without a ZWNJ (میزی, میزها after a known میز). */
const NOMINAL_TAILS = new Set(['', 'ی', 'ها', 'های', 'هایی', 'ش', 'م', 'ت', 'شان', 'مان', 'تان', 'یش', 'یم', 'ان', 'ات']);

/** A known word of 3+ letters followed by a nominal ending: not a verb/بی analysis. */
function isNominal(key: string, m: HalfSpaceModel): boolean {
  for (let l = key.length; l >= 3 && key.length - l <= 4; l--) {
    const head = key.slice(0, l);
    if (bitsOf(head, m) & (KNOWN | STEM) && NOMINAL_TAILS.has(key.slice(l))) return true;
  }
  return false;
}

/**
 * ZWNJ mask (bit p: a ZWNJ before key[p]) for a word written joined, or 0.
 * `spaced` restricts to entries valid for words written apart.
 */
export function lookupMask(key: string, m: HalfSpaceModel, spaced: boolean): number {
  if (key.length > MAX_KEY || key.length < 3) return 0;
  return spaced ? lookupSpaced(key, m) : lookupMaskCode(key, codeOf(key, m), m);
}

function lookupSpaced(key: string, m: HalfSpaceModel): number {
  const c = codeOf(key, m);
  return c !== undefined && c % CODE_BITS & APPLY_SPACED ? Math.floor(c / CODE_BITS) : 0;
}

/** lookupMask for a word written joined, its model code already fetched. */
function lookupMaskCode(key: string, c: number | undefined, m: HalfSpaceModel): number {
  if (key.length > MAX_KEY || key.length < 3) return 0;
  if (c !== undefined) {
    const bits = c % CODE_BITS;
    if (bits & APPLY_JOINED) return Math.floor(c / CODE_BITS);
    if (bits & (APPLY_SPACED | KNOWN | STEM)) return 0;
  }
  // Productive analysis (only for a word written joined: words written apart are joined by
  // the model's evidence or by structuralJoin, never by a guess).
  let r = analysisCache.get(key);
  if (r === undefined) {
    r = analyse(key, m, 0);
    if (analysisCache.size >= 50_000) analysisCache.clear();
    analysisCache.set(key, r);
  }
  return r > 0 ? r : 0;
}

/** Results of the productive analysis (bounded; cleared when full). Keyed by model too. */
let analysisCache = new Map<string, number>();
let cacheModel: HalfSpaceModel | null = null;
/**
 * maskOfWord's memo (same model as analysisCache): key → lookupMaskCode result, an
 * open-addressing table of records [hash, key offset in MEMO_POOL, key length, result].
 */
const MEMO_BITS = 17;
const MEMO_MAX = 50_000;
const MEMO_REC = new Int32Array(4 << MEMO_BITS);
let MEMO_POOL = new Uint16Array(0);
let memoCount = 0;
let memoChars = 0;
function memoClear(): void {
  MEMO_REC.fill(0);
  memoCount = 0;
  memoChars = 0;
}
function memoFind(buf: Uint16Array, off: number, len: number, h: number): number {
  const mask = (1 << MEMO_BITS) - 1;
  let s = h & mask;
  for (;;) {
    const r = s * 4;
    const l = MEMO_REC[r + 2];
    if (l === 0) return -1;
    if (l === len && MEMO_REC[r] === h) {
      const po = MEMO_REC[r + 1];
      let i = 0;
      while (i < len && MEMO_POOL[po + i] === buf[off + i]) i++;
      if (i === len) return r;
    }
    s = (s + 1) & mask;
  }
}
function memoAdd(buf: Uint16Array, off: number, len: number, h: number, result: number): void {
  if (memoCount >= MEMO_MAX) memoClear();
  if (MEMO_POOL.length < memoChars + len) {
    const p = new Uint16Array(Math.max(4096, (memoChars + len) * 2));
    p.set(MEMO_POOL.subarray(0, memoChars));
    MEMO_POOL = p;
  }
  const mask = (1 << MEMO_BITS) - 1;
  let s = h & mask;
  while (MEMO_REC[s * 4 + 2] !== 0) s = (s + 1) & mask;
  const r = s * 4;
  MEMO_REC[r] = h;
  MEMO_REC[r + 1] = memoChars;
  MEMO_REC[r + 2] = len;
  MEMO_REC[r + 3] = result;
  MEMO_POOL.set(buf.subarray(off, off + len), memoChars);
  memoChars += len;
  memoCount++;
}
function useCacheFor(m: HalfSpaceModel): void {
  if (cacheModel !== m) {
    memoClear();
    analysisCache = new Map();
    cacheModel = m;
  }
}

function bitsOf(key: string, m: HalfSpaceModel): number {
  const c = codeOf(key, m);
  return c === undefined ? 0 : c % CODE_BITS;
}

/** A known word: its ZWNJ mask (0 = written joined), or -1 when unknown. */
function known(key: string, m: HalfSpaceModel): number {
  const c = codeOf(key, m);
  if (c === undefined) return -1;
  const bits = c % CODE_BITS;
  if (bits & APPLY_JOINED) return Math.floor(c / CODE_BITS);
  if (bits & (KNOWN | STEM | APPLY_SPACED)) return 0;
  return -1;
}

/** Known word or productive analysis: mask, or -1. */
function knownOrAnalysed(key: string, m: HalfSpaceModel, depth: number): number {
  const k = known(key, m);
  if (k >= 0) return k;
  return depth < MAX_DEPTH ? analyse(key, m, depth + 1) : -1;
}

/**
 * Productive rules for a word the model has not seen: می/نمی + verb; stem + plural;
 * ه/ی-final stem + clitic; adjective + تر/ترین. Returns the mask or -1.
 */
export function analyse(key: string, m: HalfSpaceModel, depth: number): number {
  if (key.length < 4) return -1;
  for (const p of VERB_PREFIXES) {
    if (key.startsWith(p) && key.length - p.length >= 2) {
      const rest = key.slice(p.length);
      if (isVerbForm(rest, m) && !isNominal(key, m)) {
        const inner = Math.max(0, known(rest, m));
        return (1 << p.length) | (inner << p.length);
      }
    }
  }
  if (particleVerb(key, m)) return -1;
  const n = key.length;
  for (const s of PLURAL_SUFFIXES) {
    if (n - s.length >= 2 && key.endsWith(s)) {
      const stem = key.slice(0, n - s.length);
      const last = lastLetter(stem);
      if (last === 0) continue;
      if (isNonJoiner(last)) {
        // A known word after which a plural needs no ZWNJ (دخترهای, کارهایش): the plural
        // reading beats a ه + clitic one (دختره‌ای), unless the stem is a verb form (داده‌ای).
        if (stem.length >= 3 && bitsOf(stem, m) & KNOWN && !isVerbForm(stem, m)) return -1;
        continue;
      }
      const r = knownOrAnalysed(stem, m, depth);
      if (r >= 0) return r | (1 << stem.length);
      // An unknown stem ending in ه: Xههای can only be a plural (سرحلقه‌های).
      if (last === 0x0647 && stem.length >= 3) return 1 << stem.length;
    }
  }
  for (const s of CLITICS) {
    if (n - s.length >= 3 && key.endsWith(s)) {
      const stem = key.slice(0, n - s.length);
      const last = lastLetter(stem);
      if (last !== 0x0647 && last !== 0x06cc) continue;
      const r = knownOrAnalysed(stem, m, depth);
      if (r >= 0) return r | (1 << stem.length);
    }
  }
  for (const s of PERFECT_CLITICS) {
    if (n - s.length >= 4 && key.endsWith(s)) {
      const stem = key.slice(0, n - s.length);
      if (stem.endsWith('ته') || stem.endsWith('ده')) return (knownMaskOr0(stem, m)) | (1 << stem.length);
    }
  }
  for (const s of COMPARATIVES) {
    if (n - s.length >= 2 && key.endsWith(s)) {
      const stem = key.slice(0, n - s.length);
      const last = lastLetter(stem);
      if (last === 0 || isNonJoiner(last) || !(bitsOf(stem, m) & ADJECTIVE)) continue;
      const r = known(stem, m);
      if (r >= 0) return r | (1 << stem.length);
    }
  }
  const c = compoundMask(key, m, depth);
  if (c >= 0) return c;
  // بی + a known noun (بی‌تعادلی), unless a longer known word starts the key (بیداری).
  if (key.startsWith('بی') && key.length >= 5 && !isNominal(key, m)) {
    const rest = key.slice(2);
    const r = knownOrAnalysed(rest, m, depth);
    if (r >= 0) return r * 4 + 4;
  }
  return -1;
}

/** Particles written joined to a verb (برشمرم, درآورد, بازیابد). */
const JOINED_PARTICLES = ['بر', 'در', 'باز', 'فرو', 'فرا', 'ور', 'وا'];
const PERSON_ENDINGS = ['م', 'ی', 'د', 'یم', 'ید', 'ند'];
/** A verb stem + a personal ending (شمرم, ارزد). */
function personalVerb(rest: string, m: HalfSpaceModel): boolean {
  for (const e of PERSON_ENDINGS) if (rest.length - e.length >= 2 && rest.endsWith(e) && m.verbStems.has(rest.slice(0, rest.length - e.length))) return true;
  return false;
}
/**
 * A verb written joined, whatever the split rules would find in it: a particle + a verb with a
 * personal ending (برشمرم, not برش‌مرم), or ب + ی before a verb starting with ا/آ (بیارزد,
 * بیاورد: not بی‌ارزد).
 */
export function particleVerb(key: string, m: HalfSpaceModel): boolean {
  for (const p of JOINED_PARTICLES) if (key.length - p.length >= 3 && key.startsWith(p) && personalVerb(key.slice(p.length), m)) return true;
  if (key.length >= 5 && key.startsWith('بی')) {
    const c = key.charCodeAt(2);
    if ((c === 0x0627 || c === 0x0622) && personalVerb(key.slice(2), m)) return true;
  }
  return false;
}

function knownMaskOr0(key: string, m: HalfSpaceModel): number {
  const k = known(key, m);
  return k > 0 ? k : 0;
}

/**
 * An unseen compound: a known stem + a productive right part (واژه‌نامه, مرمت‌گران), or a
 * productive left part + a known stem (هم‌حسی). The split with the longest known stem wins.
 */
function compoundMask(key: string, m: HalfSpaceModel, depth: number): number {
  const n = key.length;
  if (n < 5) return -1;
  for (let p = n - 2; p >= 2; p--) {
    const left = key.slice(0, p);
    const last = lastLetter(left);
    if (last === 0 || isNonJoiner(last)) continue;
    const right = key.slice(p);
    let rightOk = false;
    for (const t of PART_TAILS) {
      if (right.length - t.length >= 2 && right.endsWith(t) && m.rightParts.has(t ? right.slice(0, right.length - t.length) : right)) {
        rightOk = true;
        break;
      }
    }
    if (rightOk) {
      const r = known(left, m);
      if (r >= 0 && left.length >= 3) return r | (1 << p);
    }
  }
  for (let p = 2; p <= n - 3; p++) {
    const left = key.slice(0, p);
    if (!m.leftParts.has(left)) continue;
    const last = lastLetter(left);
    if (last === 0 || isNonJoiner(last)) continue;
    const rest = key.slice(p);
    const r = depth < MAX_DEPTH ? knownOrAnalysed(rest, m, depth) : known(rest, m);
    if (r >= 0 && !(bitsOf(rest, m) & KNOWN)) return r * (1 << p) + (1 << p);
  }
  // Reduplication (دانه‌دانه, پلق‌پلق).
  if (n % 2 === 0 && n >= 4) {
    const h = n / 2;
    const last = lastLetter(key.slice(0, h));
    if (key.slice(0, h) === key.slice(h) && last !== 0 && !isNonJoiner(last)) return 1 << h;
  }
  // A known word + a joined ending (دوستانمان, کلیدها): nothing to insert.
  for (let l = n - 1; l >= 2 && n - l <= 4; l--) {
    if (bitsOf(key.slice(0, l), m) & (KNOWN | STEM) && JOINED_TAILS.has(key.slice(l))) return -1;
  }
  // Two known words (زمین‌مرکزی, بچه‌خرگوش): the most balanced split wins.
  let best = -1;
  let bestScore = 0;
  // بی + a known word (بی‌تعادلی) beats any other split.
  if (key.startsWith('بی') && n >= 5 && bitsOf(key.slice(2), m) & (KNOWN | STEM)) return 4;
  for (let p = 3; p <= n - 3; p++) {
    const left = key.slice(0, p);
    if (!(bitsOf(left, m) & STEM)) continue;
    const right = key.slice(p);
    const rb = bitsOf(right, m);
    if (!(rb & STEM) || NOT_RIGHT.has(right) || right.startsWith('ها') || right.startsWith('ان')) continue;
    const score = Math.min(p, n - p);
    if (score > bestScore) {
      bestScore = score;
      best = 1 << p;
    }
  }
  return best;
}



/** Endings the right part of a compound written apart may carry (پردازانی, بارترین, شبح‌وارند). */
const APART_TAILS = ['', 'ان', 'ی', 'انی', 'ین', 'تر', 'ترین', 'ند'];
/** Function words and determiners: never the left part of partJoin. */
const NOT_LEFT = new Set(['این', 'آن', 'برای', 'همین', 'همان', 'چنین', 'چنان', 'هیچ', 'یک', 'همه', 'خود', 'باید', 'شاید', 'نیز', 'اگر', 'ولی', 'اما', 'پس', 'چون', 'تنها', 'حتی', 'بسیار', 'خیلی', 'هر', 'دیگر', 'بین', 'میان', 'درباره', 'بدون']);

/**
 * Whether `b`, a word the model does not know at all (never seen on its own: no KNOWN, STEM or
 * form entry), written after a space after the STEM `a`, is the right part of a compound whose
 * ZWNJ became a space: b is a productive right part or a bound word (@right, @rbound) with a
 * joined ending (نظریه پردازانی, دهشت بارترین). A word never seen alone is hardly a word.
 */
export function partJoin(a: string, b: string, m: HalfSpaceModel): boolean {
  if (a.length < 3 || b.length < 3 || a.length > MAX_KEY || b.length > MAX_KEY) return false;
  if (bitsOf(b, m) & (APPLY_JOINED | APPLY_SPACED | KNOWN | STEM)) return false;
  if (!(bitsOf(a, m) & STEM) || NOT_LEFT.has(a)) return false;
  const last = lastLetter(a);
  if (last === 0 || isNonJoiner(last)) return false;
  for (const t of APART_TAILS) {
    if (b.length - t.length < 2 || !b.endsWith(t)) continue;
    const p = t ? b.slice(0, b.length - t.length) : b;
    if (m.rightParts.has(p) || m.rightBound.has(p)) return true;
  }
  return false;
}

const VERB_PARTICLES = new Set(['بر', 'باز', 'فرو', 'در', 'ور', 'وا', 'فرا']);
const COMPARATIVE_WORDS = new Set(['تر', 'ترین', 'تری', 'ترها', 'ترهای', 'ترینها', 'ترینهای']);

/**
 * Whether two words written apart, `a` then `b` (keys), are one word whose ZWNJ became a
 * space: a bound suffix after its stem (تحریم های, کرده اند, بزرگ تر), or the verb prefix
 * می/نمی before a verb (می شود).
 */
export function structuralJoin(a: string, b: string, m: HalfSpaceModel): boolean {
  const bt = B_TRIGGER.get(b) ?? (m.rightBound.has(b) ? RBOUND : 0);
  const at = A_TRIGGER.get(a) ?? (m.leftBound.has(a) ? LBOUND : 0);
  if (bt === 0 && at === 0) return false;
  const last = lastLetter(a);
  if (last === 0 || a.length > MAX_KEY || b.length > MAX_KEY) return false;
  // After a letter that does not join (تولید کننده, آزاد سازی) the word is written joined: no ZWNJ
  // is needed (the ZWNJ rule drops the one inserted here); only before the parts that are never a
  // free word (not شنبه: روز شنبه).
  if (isNonJoiner(last)) return a.length >= 3 && NJ_PARTS.has(b) && !NOT_BEFORE_PART.has(a);
  if (bt & PLURAL) return a.length >= 2;
  if (bt & CLITIC) return a.length >= 3 && (last === 0x0647 || last === 0x06cc);
  // ‌ترین is never a free word: after any word but the lexicalised بیش/کم/به (بیشترین, بهترین).
  if (bt & COMPARATIVE) return (bitsOf(a, m) & ADJECTIVE) !== 0 || (b.startsWith('ترین') && a.length >= 3 && !NOT_CMP_STEM.has(a));
  // A word that already carries the prefix (می نمی‌شود, a doubled می) is not joined again: joining
  // it would make a second normalisation change the text (the pass must be idempotent).
  if (at & VERB_PREFIX) return b.length >= 2 && !isPrefixedVerb(b, m) && (isVerbForm(b, m) || !(bitsOf(b, m) & (KNOWN | STEM)));
  if (at & BI) return b.length >= 2 && !NOT_AFTER_BI.has(b);
  return (bt & RBOUND) !== 0 || (at & LBOUND) !== 0;
}
/** `b` is itself می/نمی + a verb form (so a preceding می/نمی is not its prefix). */
function isPrefixedVerb(b: string, m: HalfSpaceModel): boolean {
  for (const p of ['نمی', 'می']) {
    if (b.length > p.length + 1 && b.startsWith(p) && isVerbForm(b.slice(p.length), m)) return true;
  }
  return false;
}
/** بی before these is the old preposition «without» (بی آنکه), not the prefix. */
/**
 * Right parts that are never a free word (agent participles, -سازی, -گذاری, -پذیر …): written
 * apart after a word that ends in a non-joining letter, they are one word (تولید کننده →
 * تولیدکننده, آزاد سازی → آزادسازی, مهاجر پذیر → مهاجرپذیر).
 */
export const NJ_PARTS = new Set(['کننده', 'کنندگان', 'کنندگی', 'دهنده', 'دهندگان', 'دهندگی', 'شونده', 'شوندگان', 'گیرنده', 'گیرندگان', 'سازی', 'سازان', 'گذاری', 'گذاران', 'گیری', 'پذیر', 'پذیری', 'ناپذیر', 'ناپذیری', 'آمیز', 'انگیز', 'زدایی', 'آفرینی']);
/**
 * Participles that make a compound adjective with the word before them when they modify a
 * noun in ezafe: `بحث‌های انجام‌شده در`, `سرزمین‌های اشغال‌شدهٔ فلسطینی`, `بدعت‌های ایجادشده`.
 * PerDT dev and Seraji dev write every such pair (a word showing an ezafe, then `X P`, then more
 * of the phrase) with a ZWNJ, or joined after a non-joining letter, and none apart; elsewhere
 * the verbal reading (`انجام شده است`, `باعث شده در`) keeps them apart.
 */
export const ADJ_PARTICIPLES = new Set(['شده', 'زده', 'دیده', 'خورده', 'یافته', 'گرفته']);
/** What cannot follow such an adjective (an auxiliary: the verb reading; و, که: often a verb's ellipsis). */
const NOT_AFTER_ADJ_PARTICIPLE = new Set(['است', 'بود', 'باشد', 'بوده', 'بودند', 'باشند', 'باشیم', 'اند', 'ایم', 'اید', 'ام', 'نیست', 'نبود', 'نبوده', 'هست', 'هستند', 'شد', 'شود', 'شوند', 'شدند', 'می', 'نمی', 'و', 'که', 'یا']);
/** Pronouns: not the left part of such a compound (کتاب‌های او دیده …). */
const NOT_LEFT_OF_PARTICIPLE = new Set(['آنها', 'اینها', 'آنان', 'ایشان', 'شما', 'وی', 'او', 'ما', 'من', 'تو', 'همه', 'همگی', 'کسی', 'چیزی']);

/**
 * Whether the word `input[s, e)` (key `k`: its letters without ZWNJ or final hamza) shows an
 * ezafe: a final hamza (`هزینهٔ`), `‌ی` after `ه` (`هزینه‌ی`), or the plural `های` (`‌های`, the
 * suffix written apart, after `ه` or a non-joining letter; not `Xه‌ای`, an indefinite).
 */
export function showsEzafe(input: string, s: number, e: number, k: string): boolean {
  if (input.charCodeAt(e - 1) === 0x0654) return true;
  const n = k.length;
  if (n >= 3 && k.charCodeAt(n - 1) === 0x06cc && k.charCodeAt(n - 2) === 0x0647 && e - s >= 3 && input.charCodeAt(e - 2) === ZWNJ) return true;
  if (n < 3 || !k.endsWith('های')) return false;
  if (n === 3) return true;
  if (e - s < 4 || input.charCodeAt(e - 3) === ZWNJ) return false;
  if (input.charCodeAt(e - 4) === ZWNJ) return true;
  const c = k.charCodeAt(n - 4);
  return c === 0x0647 || isNonJoiner(c);
}

/**
 * `a P` written apart (P an adjectival participle), after a word showing an ezafe and before
 * `next`, the next word of the phrase: a compound adjective (`انجام شده` → `انجام‌شده`).
 */
export function participleJoin(a: string, b: string, next: string, ezafe: boolean): boolean {
  return ezafe && ADJ_PARTICIPLES.has(b) && a.length >= 3 && !NOT_LEFT.has(a) && !NOT_BEFORE_PART.has(a) && !NOT_LEFT_OF_PARTICIPLE.has(a) && !NOT_AFTER_ADJ_PARTICIPLE.has(next);
}
/**
 * Whether `a b`, written apart before a light verb, may be read as one compound noun there (the
 * light-verb probe): not after a determiner or function word (`در این باره شده`, `در این خصوص
 * بکنیم`), a pronoun or a word in ezafe after alef (`فضای مجازی`), and not when `b` is a participle (`تصمیم گرفته شد`, `به گروگان گرفته شده`:
 * a passive, not a compound).
 */
export function lightCompoundOk(a: string, b: string): boolean {
  // (A word in ‌ای after alef is in ezafe, the head of a phrase: فضای مجازی کرده.)
  return !(a.length >= 3 && a.endsWith('ای')) && !NOT_LEFT.has(a) && !NOT_LEFT_OF_PARTICIPLE.has(a) && !ADJ_PARTICIPLES.has(b) && !LIGHT_PARTICIPLES.has(b);
}
/** Participles of the light verbs themselves (کرده شد is no compound either). */
const LIGHT_PARTICIPLES = new Set(['کرده', 'شده', 'داده', 'نموده', 'گشته', 'گردیده', 'ساخته']);

/** Words that end in a non-joining letter and are not the left part of such a compound. */
export const NOT_BEFORE_PART = new Set(['اگر', 'دیگر', 'بسیار', 'هرگز', 'هنوز', 'نیز', 'چقدر', 'آنقدر', 'اینقدر']);
const NOT_AFTER_BI = new Set(['آن', 'آنکه', 'این', 'اینکه', 'آنها', 'او', 'ما', 'شما', 'من', 'تو', 'هیچ', 'که']);
const PLURAL = 1;
const CLITIC = 2;
const COMPARATIVE = 4;
const RBOUND = 8;
const VERB_PREFIX = 1;
const BI = 2;
const LBOUND = 4;
/** What a word after a space may be: a plural suffix, a clitic, a comparative. */
/**
 * Possessive clitics: written apart after a final ه/ی, they are joined with a ZWNJ
 * (معده تان → معده‌تان, دارایی شان → دارایی‌شان); only across a space (a joined word's
 * analysis does not read them: پشیمان is no پشی + مان).
 */
const POSSESSIVES = ['مان', 'تان', 'شان'];
/** Stems whose comparatives are written joined (بیشترین, کمترین, بهترین). */
const NOT_CMP_STEM = new Set(['بیش', 'کم', 'به', 'مه', 'که']);
const B_TRIGGER = new Map<string, number>([
  ...PLURAL_SUFFIXES.map((x): [string, number] => [x, PLURAL]),
  ...CLITICS.map((x): [string, number] => [x, CLITIC]),
  ...POSSESSIVES.map((x): [string, number] => [x, CLITIC]),
  ...[...COMPARATIVE_WORDS].map((x): [string, number] => [x, COMPARATIVE]),
]);
/** What a word before a space may be: the verb prefix (with a particle), بی. */
const A_TRIGGER = new Map<string, number>([
  ['می', VERB_PREFIX],
  ['نمی', VERB_PREFIX],
  ...[...VERB_PARTICLES].flatMap((p): [string, number][] => [
    [p + 'می', VERB_PREFIX],
    [p + 'نمی', VERB_PREFIX],
  ]),
  ['بی', BI],
]);

const LIGHT_STEMS = new Set(['کرد', 'کن', 'شد', 'شو', 'نمود', 'نما']);
const LIGHT_ENDINGS = ['', 'م', 'ی', 'د', 'یم', 'ید', 'ند', 'ه', 'ن', 'هاند', 'هام', 'های', 'هایم', 'هاید', 'هبود', 'هبودند'];

/** A form of a light verb (کرد, می‌کنند, شده‌اند, نمی‌شود): compounds stand before it. */
export function isLightVerb(key: string): boolean {
  if (key.length > 14) return false;
  let k = key;
  if (k.startsWith('نمی')) k = k.slice(3);
  else if (k.startsWith('می')) k = k.slice(2);
  else if (k.startsWith('ن') || k.startsWith('ب')) {
    if (isLightCore(k.slice(1))) return true;
  }
  return isLightCore(k);
}
/** Cheap filter before isLightVerb: the word holds کر/کن/شد/شو/نم (or is می/نمی). */
function mayBeLight(s: string, a: number, b: number): boolean {
  if (b - a > 14) return false;
  for (let i = a; i + 1 < b; i++) {
    const c = s.charCodeAt(i);
    const d = s.charCodeAt(i + 1);
    if (c === 0x06a9 && (d === 0x0631 || d === 0x0646)) return true; // کر کن
    if (c === 0x0634 && (d === 0x062f || d === 0x0648)) return true; // شد شو
    if (c === 0x0646 && d === 0x0645) return true; // نم
    if (c === 0x0645 && d === 0x06cc && b - a <= 3) return true; // می، نمی
  }
  return false;
}
function isLightCore(k: string): boolean {
  for (const e of LIGHT_ENDINGS) if (k.length > e.length && k.endsWith(e) && LIGHT_STEMS.has(k.slice(0, k.length - e.length))) return true;
  return false;
}

/** Table flags: the key may be `b` / `a` of a structural join, or is می / نمی. */
const F_BTRIG = 1;
const F_ATRIG = 2;
const F_MI = 4;
/** isLightVerb(key) is true (every such key is listed: see lightVerbKeys). */
const F_LIGHT = 8;
/** An adjectival participle (ADJ_PARTICIPLES): participleJoin's `b`. */
const F_PART = 16;

/** Every key for which isLightVerb is true (a finite set: prefix + light stem + ending). */
function lightVerbKeys(): string[] {
  const out = new Set<string>();
  for (const p of ['', 'می', 'نمی', 'ن', 'ب'])
    for (const st of LIGHT_STEMS)
      for (const e of LIGHT_ENDINGS) {
        const k = p + st + e;
        if (isLightVerb(k)) out.add(k);
      }
  return [...out];
}

/** Hot cache slots - 1 (16k slots, 512 KB: keys of SHORT_KEY + 1 to HOT_KEY characters). */
const HOT_MASK = (1 << 14) - 1;
/** Longest key kept in the hot cache (packed one byte a character into 4 Int32). */
const HOT_KEY = 16;
/** Longest key kept in the short-key cache (packed into 2 Int32); nearly all words. */
const SHORT_KEY = 8;
/** Sets of the short-key cache - 1 (8k sets of 4 records, 512 KB: stays in a core's L2 cache). */
const SHORT_SETS = (1 << 13) - 1;

interface Tables {
  /** Every model key and flagged string. */
  all: KeyTable;
  /**
   * The keys whose code has APPLY_SPACED (small: probed for multi-word spans); for a binary
   * model, `all` itself (probed only where spacedBits lets through).
   */
  spaced: KeyTable;
  /**
   * Hot cache in front of `all`, two-way set-associative by key hash (sets of two records of
   * 8 Int32, one 64-byte line): [maskOfWord's result + 1 (0: not known yet), info, mask, key
   * length, key packed 4 characters (c - 0x600) an Int32 ×4].
   */
  hot: Int32Array;
  /**
   * The cache in front of `all` for keys of up to SHORT_KEY characters: four-way
   * set-associative, a set of 4 records of 4 Int32 is one 64-byte line. A record is
   * [key chars 0-3 packed (c - 0x600), chars 4-7, info (its low byte is the key length; the
   * length alone when the key is not in the table), maskOfWord's result + 1 (0: not known
   * yet)]. Small enough to stay in cache, which the bigger `hot` does not.
   */
  short: Int32Array;
  /**
   * A one-hash Bloom filter over the hashes of `spaced`'s APPLY_SPACED keys (SPACED_BITS bits, 128 KB): a
   * clear bit means the key is not there, so most span probes never touch the 2 MB table.
   */
  spacedBits: Int32Array;
  /** The same over the keys of `all` with APPLY_JOINED (the light-verb compound probe). */
  joinedBits: Int32Array;
}

const SPACED_BITS = SPACED_FILTER_LOG;
/** The same over the keys of `all` whose code has APPLY_JOINED (2^21 bits, 256 KB). */
const JOINED_BITS = JOINED_FILTER_LOG;
/** The filter bit of a key hash (spacedBits). */
function spacedBit(h: number): number {
  return Math.imul(h, 0x9e3779b1) >>> (32 - SPACED_BITS);
}
function joinedBit(h: number): number {
  return Math.imul(h, 0x9e3779b1) >>> (32 - JOINED_BITS);
}
/** A one-hash Bloom filter (2^log bits) over the hashes of the records of `t` whose info passes `keep`. */
function keyFilter(t: KeyTable, log: number, keep: (info: number) => boolean): Int32Array {
  const bits = new Int32Array(1 << (log - 5));
  for (let r = 0; r < t.rec.length; r += 4) {
    const info = t.rec[r + 2];
    if (info === 0 || !keep(info)) continue;
    const g = Math.imul(t.rec[r], 0x9e3779b1) >>> (32 - log);
    bits[g >>> 5] |= 1 << (g & 31);
  }
  return bits;
}

/** The typed lookup table of a model, built on first use (models are read-only once used). */
const TABLES = new WeakMap<HalfSpaceModel, Tables>();
let lastModel: HalfSpaceModel | null = null;
let lastTables: Tables | null = null;

/** m.words.get(key), read from the model's table (the same entries; no Map is built). */
function codeOf(key: string, m: HalfSpaceModel): number | undefined {
  const t = tablesOf(m).all;
  const r = findString(t, key);
  if (r < 0) return undefined;
  const info = t.rec[r + 2];
  return info & HAS_CODE ? t.rec[r + 3] * 128 + ((info >>> 16) & 0x7f) : undefined;
}

function tablesOf(m: HalfSpaceModel): Tables {
  if (m === lastModel) return lastTables!;
  let t = TABLES.get(m);
  if (t === undefined) {
    const extra: [string, number][] = [];
    for (const k of B_TRIGGER.keys()) extra.push([k, F_BTRIG]);
    for (const k of m.rightBound) extra.push([k, F_BTRIG]);
    for (const k of NJ_PARTS) extra.push([k, F_BTRIG]);
    for (const k of ADJ_PARTICIPLES) extra.push([k, F_PART]);
    for (const k of A_TRIGGER.keys()) extra.push([k, F_ATRIG]);
    for (const k of m.leftBound) extra.push([k, F_ATRIG]);
    extra.push(['می', F_MI], ['نمی', F_MI]);
    for (const k of lightVerbKeys()) extra.push([k, F_LIGHT]);
    let all: KeyTable;
    if (m.table) {
      all = m.table;
      for (const [k, f] of extra) addFlags(all, k, f);
    } else all = buildKeyTable(m.words, extra);
    const isSpaced = (info: number): boolean => (info & HAS_CODE) !== 0 && (((info >>> 16) & 0x7f) & APPLY_SPACED) !== 0;
    // A binary model has no spaced sub-table: its span probes go to `all`, which answers the
    // same (an entry without APPLY_SPACED gives mask 0, as an absent one), behind the filter.
    const spaced = m.table ? (m.spacedTable ?? all) : subTable(all, isSpaced);
    t = { all, spaced, hot: new Int32Array((HOT_MASK + 1) * 8), short: new Int32Array((SHORT_SETS + 1) * 16),
      // (The extras added above have no code: they change neither filter.)
      spacedBits: m.table && m.spacedBits ? m.spacedBits : keyFilter(spaced, SPACED_BITS, isSpaced),
      joinedBits: m.table && m.joinedBits ? m.joinedBits : keyFilter(all, JOINED_BITS, (info) => (info & HAS_CODE) !== 0 && (((info >>> 16) & 0x7f) & APPLY_JOINED) !== 0),
    };
    TABLES.set(m, t);
  }
  lastModel = m;
  lastTables = t;
  return t;
}

/** Character classes over U+0600..U+06FF: 0 not a word char, 1 letter, 2 mark. */
const CLS = new Uint8Array(256);
for (let c = 0x600; c < 0x700; c++) CLS[c - 0x600] = isArabicMark(c) ? 2 : isArabicLetter(c) ? 1 : 0;
/** The same over every code unit (one load, no range test), with 3 for ZWNJ. */
const WORD_CLASS = new Uint8Array(0x10000);
WORD_CLASS.set(CLS, 0x600);
WORD_CLASS[ZWNJ] = 3;

/** Word boundaries of a text, reused across calls (grown as needed). */
let W_START = new Int32Array(1024);
let W_END = new Int32Array(1024);
/** Per word: its key (no ZWNJ, no final hamza) is KB[K_OFF, K_OFF + K_LEN); keys are stored back to back. */
let K_OFF = new Int32Array(1024);
/** Key length, or -1 for a word too long to be a key (keyOf → null). */
let K_LEN = new Int32Array(1024);
/** The ZWNJs the word already has (bit p: before key[p]). */
let K_MASK = new Int32Array(1024);
/** Copies of the record's info and mask words (0 when none), so the main loop reads them in order. */
let K_INFO = new Int32Array(1024);
let K_CM = new Int32Array(1024);
/** The key's hash. */
let K_HASH = new Int32Array(1024);
/** Key packed for the hot cache (4 Int32 a word; keys of up to HOT_KEY characters). */
let K_PACK = new Int32Array(4 * 1024);
/** The word's hot-cache set (record index), or -1 (key not in the hot cache). */
let K_SLOT = new Int32Array(1024);
/** maskOfWord's result + 1 as cached in the hot record, or 0 when not known yet. */
let K_DEC = new Int32Array(1024);
/**
 * 0 when restoreRange has nothing to do at word w (given that the key before it is word w - 1's
 * own): no join trigger on it or an F_ATRIG one before it, no span may start at it, no light
 * verb two words on, and its own ZWNJ mask (maskOfWord) is known to be 0 or it has ZWNJs.
 */
let NEED = new Uint8Array(1024);
/** 1 when the gap after word w is a single space (isSpaceGap). */
let SP = new Uint8Array(1024);
let KB = new Uint16Array(4096);
/** Hashes of the keys of spans of 1..MAX_SPAN - 1 words after the first. */
const SPAN_H = new Int32Array(MAX_SPAN);

function growWords(nw: number): void {
  const g = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
    const b = new Int32Array(nw * 2);
    b.set(a);
    return b;
  };
  W_START = g(W_START);
  W_END = g(W_END);
  K_OFF = g(K_OFF);
  K_LEN = g(K_LEN);
  K_MASK = g(K_MASK);
  K_INFO = g(K_INFO);
  K_CM = g(K_CM);
  K_HASH = g(K_HASH);
  K_SLOT = g(K_SLOT);
  K_DEC = g(K_DEC);
  const kp = new Int32Array(nw * 8);
  kp.set(K_PACK);
  K_PACK = kp;
  const sp = new Uint8Array(nw * 2);
  sp.set(SP);
  SP = sp;
  const nd = new Uint8Array(nw * 2);
  nd.set(NEED);
  NEED = nd;
}

/**
 * Whether the gap [a, b) between two words is one space, possibly with stray ZWNJs beside it
 * (the clean-up pass would drop those, so they are treated as absent).
 */
function isSpaceGap(s: string, a: number, b: number): boolean {
  if (b - a === 1) return s.charCodeAt(a) === 0x20;
  let spaces = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) spaces++;
    else if (c !== ZWNJ) return false;
  }
  return spaces === 1;
}

function keyString(off: number, len: number): string {
  return String.fromCharCode.apply(null, KB.subarray(off, off + len) as unknown as number[]);
}

/**
 * Restore half-spaces in `input`. Returns null when nothing changes, else the new text and
 * its OffsetMap (ZWNJ inserted in joined words, space replaced by ZWNJ in spaced ones).
 *
 * Same decisions as the reference (reference.ts, checked by reference.test.ts), without a
 * string or object per word: keys are copied into one Uint16Array while scanning, hashed on
 * the way, and looked up in the model's typed table; strings are built only on the rare paths
 * (a structural-join trigger, a light-verb candidate, an unknown word's productive analysis).
 */
export function restoreHalfSpaces(input: string, m: HalfSpaceModel): { text: string; map: OffsetMap } | null {
  const n = input.length;
  useCacheFor(m);
  const TT = tablesOf(m);
  // The text goes through in ranges of about CHUNK characters, so the per-word arrays stay in
  // cache; a range ends at a character no decision looks across (chunkEnd).
  BUILDER = null;
  for (let from = 0; from < n; ) {
    const to = chunkEnd(input, from);
    restoreRange(input, from, to, m, TT);
    from = to;
  }
  const builder = BUILDER as OffsetMapBuilder | null;
  BUILDER = null;
  return builder ? builder.finish() : null;
}

/** Characters per range of restoreRange (a range runs on to the next chunkEnd character). */
const CHUNK = 8192;
/** The edits of the current restoreHalfSpaces call (null: none yet). */
let BUILDER: OffsetMapBuilder | null = null;

/**
 * The end of the range that starts at `from`: the first character at or after from + CHUNK
 * that is neither a word character, a ZWNJ nor a space (or the text's end). The gap between
 * the words on either side of it is then not a single space, and every decision across a gap
 * (a join, a span, a light verb) needs one, so the ranges are independent.
 */
function chunkEnd(s: string, from: number): number {
  const n = s.length;
  let p = from + CHUNK;
  for (; p < n; p++) {
    const c = s.charCodeAt(p);
    if (c === 0x20 || c === ZWNJ) continue;
    const x = c - 0x600;
    if (x >>> 0 < 256 && CLS[x] !== 0) continue;
    return p;
  }
  return n;
}

/** Word w's model code, or -1. */
function wordCode(w: number): number {
  const info = K_INFO[w];
  return info & HAS_CODE ? K_CM[w] * 128 + ((info >>> 16) & 0x7f) : -1;
}

/** Insert ZWNJs into word [a,b) of `input` where `mask` (over its key) asks and none is yet. */
function applyWord(input: string, a: number, b: number, mask: number): void {
  if (mask === 0) return;
  let k = 0;
  for (let t = a; t < b; t++) {
    const c = input.charCodeAt(t);
    if (c === ZWNJ) continue;
    if (k > 0 && k < 31 && mask & (1 << k) && input.charCodeAt(t - 1) !== ZWNJ) {
      BUILDER ??= new OffsetMapBuilder(input);
      BUILDER.keepTo(t);
      BUILDER.insert(ZWNJ_STR);
    }
    k++;
  }
}

/** lookupMaskCode for word w, its entry known. */
function maskOfWord(w: number, m: HalfSpaceModel): number {
  const len = K_LEN[w];
  if (len > MAX_KEY || len < 3) return 0;
  const info = K_INFO[w];
  if (info & HAS_CODE) {
    const bits = (info >>> 16) & 0x7f;
    if (bits & APPLY_JOINED) return K_CM[w];
    if (bits & (APPLY_SPACED | KNOWN | STEM)) return 0;
  }
  // Productive analysis: cached in the word's hot-cache record (K_DEC: result + 1, 0 = not
  // yet), else memoised by the key's hash (checked against the key's characters).
  const dec = K_DEC[w];
  if (dec !== 0) return dec - 1;
  const h = K_HASH[w];
  const o = K_OFF[w];
  const mr = memoFind(KB, o, len, h);
  let r: number;
  if (mr >= 0) r = MEMO_REC[mr + 3];
  else {
    const c = wordCode(w);
    r = lookupMaskCode(keyString(o, len), c < 0 ? undefined : c, m);
    memoAdd(KB, o, len, h, r);
  }
  saveDecision(w, r);
  return r;
}

/** Note maskOfWord's result for word w in its cache record, if the record still holds its key. */
function saveDecision(w: number, r: number): void {
  const slot = K_SLOT[w];
  if (slot === -1) return;
  const t = lastTables as Tables;
  const len = K_LEN[w];
  const q4 = w * 4;
  if (slot >= 0) {
    const sc = t.short;
    for (let way = slot; way < slot + 16; way += 4) {
      if ((sc[way + 2] & 0xff) === len && sc[way] === K_PACK[q4] && sc[way + 1] === K_PACK[q4 + 1]) {
        sc[way + 3] = r + 1;
        return;
      }
    }
    return;
  }
  const hot = t.hot;
  const cs = -2 - slot;
  for (let way = cs; way <= cs + 8; way += 8) {
    if (hot[way + 3] === len && hot[way + 4] === K_PACK[q4] && hot[way + 5] === K_PACK[q4 + 1] && hot[way + 6] === K_PACK[q4 + 2] && hot[way + 7] === K_PACK[q4 + 3]) {
      hot[way] = r + 1;
      return;
    }
  }
}

/** The table entry of the key range KB[off, off + len). */
function entryOf(T: KeyTable, off: number, len: number): number {
  return findRange(T, KB, off, len, hashRange(KB, off, len));
}

/** Phase 1 of restoreRange: the words of input[from, to) into W_START.. (returns their count). */
function collectWords(input: string, from: number, to: number, TT: Tables): number {
  const n = input.length;
  const T = TT.all;
  if (KB.length < to - from) KB = new Uint16Array(Math.max(to - from, KB.length * 2));
  const kb = KB;
  const cw = WORD_CLASS;
  // 1. Collect words, their keys and masks, in one pass over the text. The word arrays are
  // read through locals (re-read after a grow), not the module bindings. Keys are packed for
  // the caches here and looked up in a second loop (lookupWords).
  let wS = W_START;
  let wE = W_END;
  let kO = K_OFF;
  let kL = K_LEN;
  let kM = K_MASK;
  let kI = K_INFO;
  let kC = K_CM;
  let kH = K_HASH;
  let kP = K_PACK;
  let sp = SP;
  let nw = 0;
  let kp = 0;
  let i = from;
  while (i < to) {
    if (cw[input.charCodeAt(i)] === 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && input.charCodeAt(j) === ZWNJ) j++;
    const a = j;
    let h = 0x811c9dc5 | 0;
    let mask = 0;
    // The last 8 key characters, one byte each (c & 0xff: key characters are U+0600..U+06FF).
    let p0 = 0;
    let p1 = 0;
    const k0 = kp;
    for (; j < n; j++) {
      const d = input.charCodeAt(j);
      const cl = cw[d];
      if (cl === 0) break;
      if (cl === 3) {
        // A ZWNJ (bit kl: before key[kl]), unless it follows a non-joining letter (the
        // clean-up pass drops those) or no letter. One at the word's end is undone below.
        const kl = kp - k0;
        if (kl < 31) {
          let q = kp - 1;
          while (q >= k0 && cw[kb[q]] === 2) q--;
          if (q >= k0 && !isNonJoiner(kb[q])) mask |= 1 << kl;
        }
        continue;
      }
      kb[kp++] = d;
      h = Math.imul(h ^ d, 0x01000193);
      p1 = (p1 << 8) | (p0 >>> 24);
      p0 = (p0 << 8) | (d & 0xff);
    }
    i = j;
    // The word ends after its last key character (trailing ZWNJs are not part of it).
    let b = j;
    if (input.charCodeAt(b - 1) === ZWNJ) {
      while (b > a && input.charCodeAt(b - 1) === ZWNJ) b--;
      const kl = kp - k0;
      if (kl < 31) mask &= ~(1 << kl);
    }
    if (b > a) {
      if (nw === wS.length) {
        growWords(nw);
        wS = W_START;
        wE = W_END;
        kO = K_OFF;
        kL = K_LEN;
        kM = K_MASK;
        kI = K_INFO;
        kC = K_CM;
        kH = K_HASH;
        kP = K_PACK;
        sp = SP;
      }
      wS[nw] = a;
      wE[nw] = b;
      if (nw > 0) {
        const e = wE[nw - 1];
        sp[nw - 1] = a - e === 1 ? (input.charCodeAt(e) === 0x20 ? 1 : 0) : isSpaceGap(input, e, a) ? 1 : 0;
      }
      if (b - a > MAX_KEY * 2) {
        kp = k0;
        kO[nw] = kp;
        kL[nw] = -1;
        kM[nw] = 0;
        kI[nw] = 0;
        kC[nw] = 0;
      } else {
        let len = kp - k0;
        // A final hamza above (ezafe: نامهٔ) is not part of the key.
        if (kb[kp - 1] === 0x0654 && b - 1 > a) {
          kp--;
          len--;
          h = hashRange(kb, k0, len);
          if (len < SHORT_KEY) {
            p0 = (p0 >>> 8) | (p1 << 24);
            p1 >>>= 8;
          } else if (len === SHORT_KEY) {
            p0 = packShort(kb, k0, 4, 4);
            p1 = packShort(kb, k0, 0, 4);
          }
        }
        kO[nw] = k0;
        kL[nw] = len;
        kM[nw] = mask;
        kH[nw] = h;
        const q4 = nw * 4;
        if (len <= SHORT_KEY) {
          kP[q4] = p0;
          kP[q4 + 1] = p1;
        } else if (len <= HOT_KEY) {
          // Packed one byte a character, in order, 4 to an Int32.
          kP[q4] = packShort(kb, k0, 0, Math.min(4, len));
          kP[q4 + 1] = packShort(kb, k0, 4, Math.min(4, len - 4));
          kP[q4 + 2] = len > 8 ? packShort(kb, k0, 8, Math.min(4, len - 8)) : 0;
          kP[q4 + 3] = len > 12 ? packShort(kb, k0, 12, len - 12) : 0;
        } else {
          const r = findRange(T, kb, k0, len, h);
          kI[nw] = r >= 0 ? T.rec[r + 2] : 0;
          kC[nw] = r >= 0 ? T.rec[r + 3] : 0;
        }
      }
      nw++;
    }
  }
  if (nw > 0) SP[nw - 1] = 0;
  lookupWords(nw, TT);
  return nw;
}

/** Characters kb[k0 + at, k0 + at + count) (count ≤ 4) one byte each, the last in the low byte. */
function packShort(kb: Uint16Array, k0: number, at: number, count: number): number {
  let p = 0;
  for (let q = 0; q < count; q++) p = (p << 8) | (kb[k0 + at + q] & 0xff);
  return p;
}

/**
 * Phase 2 of collectWords: the table entries of the short keys, through the hot cache. A loop
 * of its own: its probes do not depend on one another, so the processor overlaps their cache
 * misses (in the scan loop each waited for the one before). Also fetches each word's cached
 * decision (K_DEC) and where its record lies (K_SLOT), for maskOfWord.
 */
function lookupWords(nw: number, TT: Tables): void {
  const T = TT.all;
  const hot = TT.hot;
  const kL = K_LEN;
  const kH = K_HASH;
  const kP = K_PACK;
  const kI = K_INFO;
  const kC = K_CM;
  const kD = K_DEC;
  const kS = K_SLOT;
  const kM = K_MASK;
  const need = NEED;
  const sc = TT.short;
  const kb = KB;
  const kO = K_OFF;
  const sp = SP;
  // F_ATRIG of the word before (it asks for a look at this one: a join across the space).
  let carry = 0;
  // The word before has SPAN_PREFIX.
  let spanBefore = false;
  // The word before is a STEM (partJoin may join an unknown word to it across a space).
  let stemBefore = false;
  for (let w = 0; w < nw; w++) {
    const len = kL[w];
    let info: number;
    let cm: number;
    let dec: number;
    if (len < 0) {
      kD[w] = 0;
      kS[w] = -1;
      need[w] = 0;
      carry = 0;
      spanBefore = false;
      stemBefore = false;
      continue;
    } else if (len > HOT_KEY) {
      // (Entry fetched by collectWords.)
      info = kI[w];
      cm = kC[w];
      dec = 0;
      kD[w] = 0;
      kS[w] = -1;
    } else if (len <= SHORT_KEY) {
      const h = kH[w];
      const q4 = w * 4;
      const p0 = kP[q4];
      const p1 = kP[q4 + 1];
      const cs = ((h ^ (h >>> 15)) & SHORT_SETS) << 4;
      kS[w] = cs;
      // The four ways of the set; a hit moves up one place (frequent words rise to the front),
      // a miss replaces the last (a rare word never pushes out the frequent ones).
      let way = -1;
      if ((sc[cs + 2] & 0xff) === len && sc[cs] === p0 && sc[cs + 1] === p1) way = cs;
      else if ((sc[cs + 6] & 0xff) === len && sc[cs + 4] === p0 && sc[cs + 5] === p1) way = cs + 4;
      else if ((sc[cs + 10] & 0xff) === len && sc[cs + 8] === p0 && sc[cs + 9] === p1) way = cs + 8;
      else if ((sc[cs + 14] & 0xff) === len && sc[cs + 12] === p0 && sc[cs + 13] === p1) way = cs + 12;
      if (way >= 0) {
        info = sc[way + 2];
        dec = sc[way + 3];
        if (way !== cs) {
          sc[way] = sc[way - 4];
          sc[way + 1] = sc[way - 3];
          sc[way + 2] = sc[way - 2];
          sc[way + 3] = sc[way - 1];
          sc[way - 4] = p0;
          sc[way - 3] = p1;
          sc[way - 2] = info;
          sc[way - 1] = dec;
        }
      } else {
        const r = findRange(T, KB, K_OFF[w], len, h);
        info = r >= 0 ? T.rec[r + 2] : len;
        const bits = info & HAS_CODE ? (info >>> 16) & 0x7f : 0;
        // maskOfWord's result + 1 where it needs no analysis (see there), else 0.
        if (len < 3) dec = 1;
        else if (bits & APPLY_JOINED) dec = T.rec[r + 3] + 1;
        else if (bits & (APPLY_SPACED | KNOWN | STEM)) dec = 1;
        else dec = 0;
        sc[cs + 12] = p0;
        sc[cs + 13] = p1;
        sc[cs + 14] = info;
        sc[cs + 15] = dec;
      }
      cm = info & HAS_CODE && (info >>> 16) & APPLY_JOINED ? dec - 1 : 0;
      kI[w] = info;
      kC[w] = cm;
      kD[w] = dec;
    } else {
      const h = kH[w];
      const q4 = w * 4;
      const p0 = kP[q4];
      const p1 = kP[q4 + 1];
      const p2 = kP[q4 + 2];
      const p3 = kP[q4 + 3];
      // Two-way: the two records of a set share a 64-byte line; a hit in the second is
      // swapped to the front, a miss pushes the first to the second place.
      const cs = ((h ^ (h >>> 15)) & (HOT_MASK >>> 1)) * 16;
      kS[w] = -2 - cs;
      if (hot[cs + 3] === len && hot[cs + 4] === p0 && hot[cs + 5] === p1 && hot[cs + 6] === p2 && hot[cs + 7] === p3) {
        info = hot[cs + 1];
        cm = hot[cs + 2];
        dec = hot[cs];
      } else {
        if (hot[cs + 11] === len && hot[cs + 12] === p0 && hot[cs + 13] === p1 && hot[cs + 14] === p2 && hot[cs + 15] === p3) {
          info = hot[cs + 9];
          cm = hot[cs + 10];
          dec = hot[cs + 8];
        } else {
          const r = findRange(T, KB, K_OFF[w], len, h);
          info = r >= 0 ? T.rec[r + 2] : 0;
          cm = r >= 0 ? T.rec[r + 3] : 0;
          dec = 0;
        }
        for (let q = 0; q < 8; q++) hot[cs + 8 + q] = hot[cs + q];
        hot[cs] = dec;
        hot[cs + 1] = info;
        hot[cs + 2] = cm;
        hot[cs + 3] = len;
        hot[cs + 4] = p0;
        hot[cs + 5] = p1;
        hot[cs + 6] = p2;
        hot[cs + 7] = p3;
      }
      kI[w] = info;
      kC[w] = cm;
      kD[w] = dec;
    }
    // NEED (see there): what restoreRange could do at this word.
    const flags = info >>> 8;
    let nd = carry | (flags & (F_BTRIG | F_MI | F_PART));
    carry = flags & F_ATRIG;
    if (flags & (F_LIGHT | F_MI) && w >= 2) need[w - 2] = 1;
    // A span may start at the word before: it is a span prefix, and this word a span
    // segment or written with a ZWNJ (restoreRange's test, step 2).
    if (spanBefore && (kM[w] !== 0 || (info >>> 16) & SPAN_SEGMENT)) need[w - 1] = 1;
    // A word starting with ال after a space: the article compound test at the word before.
    if (w > 0 && len >= 4 && sp[w - 1] === 1 && kb[kO[w]] === 0x0627 && kb[kO[w] + 1] === 0x0644) need[w - 1] = 1;
    spanBefore = ((info >>> 16) & SPAN_PREFIX) !== 0;
    if (nd === 0 && kM[w] === 0 && len >= 3 && len <= MAX_KEY) {
      // maskOfWord might not be 0.
      const bits = info & HAS_CODE ? (info >>> 16) & 0x7f : 0;
      if (bits & APPLY_JOINED) nd = cm;
      else if ((bits & (APPLY_SPACED | KNOWN | STEM)) === 0) nd = dec === 1 ? 0 : 1;
      // An unknown word after a space after a STEM: partJoin's case.
      if (nd === 0 && stemBefore && (bits & (APPLY_JOINED | APPLY_SPACED | KNOWN | STEM)) === 0 && sp[w - 1] === 1) nd = 1;
    }
    stemBefore = len >= 3 && len <= MAX_KEY && (info & HAS_CODE) !== 0 && ((info >>> 16) & STEM) !== 0;
    need[w] = nd !== 0 ? 1 : 0;
  }
}

/** restoreHalfSpaces over the words of input[from, to), its edits added to BUILDER. */
function restoreRange(input: string, from: number, to: number, m: HalfSpaceModel, TT: Tables): void {
  const nw = collectWords(input, from, to, TT);
  if (nw === 0) return;
  const T = TT.all;
  const TS = TT.spaced;
  const sbits = TT.spacedBits;
  const jbits = TT.joinedBits;
  const kb = KB;
  const ws = W_START;
  const we = W_END;
  const koff = K_OFF;
  const klen = K_LEN;
  const kmask = K_MASK;
  const kinfo = K_INFO;
  const kcm = K_CM;
  // prevKey as a range of KB ending at the previous word's key (pkLen < 0: null).
  let pkOff = 0;
  let pkLen = -1;
  const need = NEED;
  for (let w = 0; w < nw; w++) {
    if (need[w] === 0 && (pkLen < 0 || (pkOff === koff[w - 1] && pkLen === klen[w - 1]))) {
      // A run of words where nothing is done (NEED): the key before the next is the last one's.
      let v = w + 1;
      while (v < nw && need[v] === 0) v++;
      w = v - 1;
      pkLen = klen[w];
      pkOff = koff[w];
      continue;
    }
    const fl = klen[w];
    const pOff = pkOff;
    const pLen = pkLen;
    if (fl < 0) {
      pkLen = -1;
      continue;
    }
    const fOff = koff[w];
    pkOff = fOff;
    pkLen = fl;
    const fMask = kmask[w];
    const fInfo = kinfo[w];
    const spaceAfter = SP[w] === 1;
    // 1. A bound suffix or a verb after a space: join it to the word before.
    if (pLen >= 0 && SP[w - 1] === 1) {
      let trig = ((fInfo >>> 8) & F_BTRIG) !== 0;
      if (!trig) {
        if (pOff === koff[w - 1] && pLen === klen[w - 1]) trig = ((kinfo[w - 1] >>> 8) & F_ATRIG) !== 0;
        else trig = (flagsAt(T, entryOf(T, pOff, pLen)) & F_ATRIG) !== 0;
      }
      // (The table flags first: they are in cache; the text at the word's end may not be.)
      let join = trig && input.charCodeAt(we[w - 1] - 1) !== 0x0654 && structuralJoin(keyString(pOff, pLen), keyString(fOff, fl), m);
      // An unknown word that is a compound's right part (نظریه پردازانی): partJoin.
      if (!join && fMask === 0 && fl >= 3 && pLen >= 3 && ((fInfo & HAS_CODE) === 0 || ((fInfo >>> 16) & (APPLY_JOINED | APPLY_SPACED | KNOWN | STEM)) === 0)) join = partJoinAt(input, w, pOff, pLen, m, T);
      // An adjectival participle after a noun in ezafe (بحث‌های انجام شده در): participleJoin.
      if (!join && ((fInfo >>> 8) & F_PART) !== 0 && fMask === 0) join = participleJoinAt(input, w, pOff, pLen);
      if (join) {
        BUILDER ??= new OffsetMapBuilder(input);
        BUILDER.keepTo(we[w - 1]);
        BUILDER.replace(ws[w] - we[w - 1], ZWNJ_STR);
        if (fMask === 0) applyWord(input, ws[w], we[w], maskOfWord(w, m));
        if (pLen + fl <= MAX_KEY) {
          pkOff = pOff;
          pkLen = pLen + fl;
        }
        continue;
      }
    }
    const aheadOk = spaceAfter && klen[w + 1] >= 0;
    // 2. Spaced compounds: words w..w+k joined by single spaces.
    if (aheadOk && fl < MAX_KEY) {
      // mayStartSpan
      let may = (fl <= MAX_KEY && ((fInfo >>> 16) & SPAN_PREFIX) !== 0) || ((fInfo >>> 8) & F_MI) !== 0;
      if (may && kmask[w + 1] === 0) may = ((kinfo[w + 1] >>> 16) & SPAN_SEGMENT) !== 0;
      if (may) {
        let last = 1;
        for (let k = 2; k < MAX_SPAN && w + k < nw; k++) {
          if (SP[w + k - 1] !== 1) break;
          if (klen[w + k] < 0) break;
          last = k;
        }
        let klenSum = fl;
        let spans = 0;
        for (let k = 1; k <= last; k++) {
          klenSum += klen[w + k];
          if (klenSum > MAX_KEY) break;
          spans = k;
        }
        // The span keys' hashes, carried on from word w's (the keys lie back to back in KB).
        let sh = K_HASH[w];
        let so = fOff + fl;
        for (let k = 1; k <= spans; k++) {
          const e = so + klen[w + k];
          for (; so < e; so++) sh = Math.imul(sh ^ kb[so], 0x01000193);
          SPAN_H[k] = sh;
        }
        let done = false;
        for (let k = spans; k >= 1 && !done; k--) {
          let ckLen = 0;
          for (let q = 0; q <= k; q++) ckLen += klen[w + q];
          // lookupSpaced
          if (ckLen < 3) continue;
          // (TS holds the APPLY_SPACED keys: lookupSpaced.)
          const hk = SPAN_H[k];
          const g = spacedBit(hk);
          if ((sbits[g >>> 5] & (1 << (g & 31))) === 0) continue;
          const sr = findRange(TS, kb, fOff, ckLen, hk);
          const mask = sr >= 0 && (TS.rec[sr + 2] >>> 16) & APPLY_SPACED ? TS.rec[sr + 3] : 0;
          if (mask === 0) continue;
          // The mask must have a ZWNJ at every space, and keep every ZWNJ already there.
          let off = 0;
          let ok = true;
          for (let q = 0; q <= k && ok; q++) {
            const qm = kmask[w + q];
            if (q > 0 && !(mask & (1 << off))) ok = false;
            // A word with a final hamza (ezafe: صلهٔ رحم) ends a compound: never joined on.
            if (q < k && input.charCodeAt(we[w + q] - 1) === 0x0654) ok = false;
            // Never contradict a ZWNJ already there (also keeps the pass idempotent).
            if (qm && ((qm << off) & ~mask) !== 0) ok = false;
            off += klen[w + q];
          }
          if (!ok) continue;
          off = 0;
          for (let q = 0; q <= k; q++) {
            const ql = klen[w + q];
            // (Masks are below 2^31 and off ≤ MAX_KEY: a shift, not Math.pow.)
            applyWord(input, ws[w + q], we[w + q], (mask >>> off) & ((1 << ql) - 1));
            off += ql;
            if (q < k) {
              BUILDER ??= new OffsetMapBuilder(input);
              BUILDER.keepTo(we[w + q]);
              BUILDER.replace(ws[w + q + 1] - we[w + q], ZWNJ_STR);
            }
          }
          w += k;
          pkOff = fOff;
          pkLen = ckLen;
          done = true;
        }
        if (done) continue;
      }
    }
    // A compound noun before a light verb (حروف چینی کرده, دست کاری می کنند): the joined
    // word's own entry decides, since a noun phrase rarely stands there.
    // (Only when word w + 2 is flagged: nothing is done otherwise; the flag is tested first.)
    if (aheadOk && w + 2 < nw && ((kinfo[w + 2] >>> 8) & (F_LIGHT | F_MI)) !== 0 && kmask[w + 1] === 0 && fMask === 0 && SP[w + 1] === 1 && input.charCodeAt(we[w] - 1) !== 0x0654) {
      // (Flags of a word come from its exact key: F_LIGHT = isLightVerb(key), F_MI = می/نمی.)
      const af = (kinfo[w + 2] >>> 8) & (F_LIGHT | F_MI);
      let light = false;
      if (af !== 0 && klen[w + 2] >= 0 && mayBeLight(input, ws[w + 2], we[w + 2])) {
        light = (af & F_LIGHT) !== 0;
        if (!light && af & F_MI && w + 3 < nw && SP[w + 2] === 1) {
          light = klen[w + 3] >= 0 && ((kinfo[w + 3] >>> 8) & F_LIGHT) !== 0;
        }
      }
      const abLen = fl + klen[w + 1];
      if (light && abLen <= MAX_KEY && lightCompoundOk(keyString(fOff, fl), keyString(koff[w + 1], klen[w + 1]))) {
        const ah = hashRange(kb, fOff, abLen);
        const jg = joinedBit(ah);
        // (A key the filter has not seen has no APPLY_JOINED entry: mask 0, as below.)
        const ae = (jbits[jg >>> 5] & (1 << (jg & 31))) === 0 ? -1 : findRange(T, kb, fOff, abLen, ah);
        const ainfo = ae < 0 ? 0 : T.rec[ae + 2];
        const mask = ainfo & HAS_CODE && (ainfo >>> 16) & APPLY_JOINED ? T.rec[ae + 3] : 0;
        if (mask & (1 << fl)) {
          applyWord(input, ws[w], we[w], mask & ((1 << fl) - 1));
          BUILDER ??= new OffsetMapBuilder(input);
          BUILDER.keepTo(we[w]);
          BUILDER.replace(ws[w + 1] - we[w], ZWNJ_STR);
          applyWord(input, ws[w + 1], we[w + 1], mask >>> fl);
          w += 1;
          pkOff = fOff;
          pkLen = abLen;
          continue;
        }
      }
    }
    // A compound with the Arabic article written apart (علیه السلام, حتی الامکان): the joined
    // word's own entry decides, as before a light verb (a word starting with ال is rarely free).
    // Not after a two-letter word: the prepositions فی, من, عن (مفسد فی الارض).
    if (aheadOk && fMask === 0 && fl >= 3 && kmask[w + 1] === 0 && klen[w + 1] >= 4 && kb[koff[w + 1]] === 0x0627 && kb[koff[w + 1] + 1] === 0x0644) {
      const abLen = articleJoin(input, w, T, jbits);
      if (abLen >= 0) {
        w += 1;
        pkOff = fOff;
        pkLen = abLen;
        continue;
      }
    }
    // 3. A word on its own. One that already has a ZWNJ was written (or restored) with
    // care: leave it.
    if (fMask === 0) applyWord(input, ws[w], we[w], wordMaskInContext(input, w, m));
  }
}

/** Step 3's mask of word w: maskOfWord, then (a key ending in های, هایم or هاید) indefiniteInContext. */
function wordMaskInContext(input: string, w: number, m: HalfSpaceModel): number {
  const mk = maskOfWord(w, m);
  const fl = K_LEN[w];
  if (mk === 0 || fl < 5) return mk;
  const kb = KB;
  const e = K_OFF[w] + fl;
  const l1 = kb[e - 1];
  const l2 = kb[e - 2];
  if ((l1 === 0x06cc && l2 === 0x0627 && kb[e - 3] === 0x0647) || ((l1 === 0x0645 || l1 === 0x062f) && l2 === 0x06cc && kb[e - 3] === 0x0627 && kb[e - 4] === 0x0647))
    return indefiniteInContext(keyString(K_OFF[w], fl), mk, m, input, W_END[w]);
  return mk;
}

/**
 * The article compound at word w (restoreRange): word w + 1 starts with ال and the joined key
 * has a ZWNJ between them. Applies it and returns the joined key's length, or -1.
 */
function articleJoin(input: string, w: number, T: KeyTable, jbits: Int32Array): number {
  const fl = K_LEN[w];
  const fOff = K_OFF[w];
  const we = W_END;
  const abLen = fl + K_LEN[w + 1];
  if (abLen > MAX_KEY || input.charCodeAt(we[w] - 1) === 0x0654) return -1;
  const ah = hashRange(KB, fOff, abLen);
  const jg = joinedBit(ah);
  // (A key the filter has not seen has no APPLY_JOINED entry.)
  if ((jbits[jg >>> 5] & (1 << (jg & 31))) === 0) return -1;
  const ae = findRange(T, KB, fOff, abLen, ah);
  const ainfo = ae < 0 ? 0 : T.rec[ae + 2];
  const mask = ainfo & HAS_CODE && (ainfo >>> 16) & APPLY_JOINED ? T.rec[ae + 3] : 0;
  if (!(mask & (1 << fl))) return -1;
  const ws = W_START;
  applyWord(input, ws[w], we[w], mask & ((1 << fl) - 1));
  BUILDER ??= new OffsetMapBuilder(input);
  BUILDER.keepTo(we[w]);
  BUILDER.replace(ws[w + 1] - we[w], ZWNJ_STR);
  applyWord(input, ws[w + 1], we[w + 1], mask >>> fl);
  return abLen;
}

/**
 * partJoin for word w (unknown, written after a space) and the key before it, KB[pOff, pOff +
 * pLen): the key before must be a STEM (tested on its table entry before any string is made).
 */
/** participleJoin at word w (after a space), the key before it at `pOff`: words w − 2, w − 1, w + 1 as they are written. */
function participleJoinAt(input: string, w: number, pOff: number, pLen: number): boolean {
  if (w < 2 || pOff !== K_OFF[w - 1] || pLen !== K_LEN[w - 1] || SP[w - 2] !== 1 || K_LEN[w - 2] < 0 || SP[w] !== 1 || K_LEN[w + 1] < 0) return false;
  // (The ezafe shows at the end of word w − 2: a hamza or ی; most words fail here, before any key string.)
  const z = input.charCodeAt(W_END[w - 2] - 1);
  if ((z !== 0x0654 && z !== 0x06cc) || input.charCodeAt(W_END[w - 1] - 1) === 0x0654) return false;
  const b = keyString(K_OFF[w], K_LEN[w]);
  const ez = showsEzafe(input, W_START[w - 2], W_END[w - 2], keyString(K_OFF[w - 2], K_LEN[w - 2]));
  return participleJoin(keyString(pOff, pLen), b, keyString(K_OFF[w + 1], K_LEN[w + 1]), ez);
}

function partJoinAt(input: string, w: number, pOff: number, pLen: number, m: HalfSpaceModel, T: KeyTable): boolean {
  if (input.charCodeAt(W_END[w - 1] - 1) === 0x0654 || pLen > MAX_KEY) return false;
  let info: number;
  if (pOff === K_OFF[w - 1] && pLen === K_LEN[w - 1]) info = K_INFO[w - 1];
  else {
    const r = entryOf(T, pOff, pLen);
    info = r < 0 ? 0 : T.rec[r + 2];
  }
  if (!(info & HAS_CODE) || !((info >>> 16) & STEM)) return false;
  return partJoin(keyString(pOff, pLen), keyString(K_OFF[w], K_LEN[w]), m);
}

/**
 * Words that cannot follow a plural in ezafe (X‌های + a noun or adjective): prepositions,
 * conjunctions, را, the copula. After one of them (or at a sentence end), a joined
 * `Xهای` read as X‌های is rather Xه‌ای (شکسته‌ای., زمینه‌ای از).
 */
const NOT_AFTER_EZAFE = new Set(['از', 'که', 'را', 'با', 'به', 'در', 'و', 'یا', 'تا', 'است', 'بود', 'شد', 'نیز', 'برای', 'بر', 'هست', 'اما', 'ولی']);
/** Characters that end a phrase: . ! ? : ؟ ، ؛ » ) ] … and line ends. */
const PHRASE_END = new Set([0x2e, 0x21, 0x3f, 0x3a, 0x61f, 0x60c, 0x61b, 0xbb, 0x29, 0x5d, 0x2026, 0x0a, 0x0d]);

/**
 * A joined word `Xهای` whose mask reads it as a plural in ezafe (X‌های) while `Xه` is a known
 * word that takes suffixes (STEM: seen joined at least twice): when what follows cannot follow
 * an ezafe (a phrase end, a word of NOT_AFTER_EZAFE), the ZWNJ moves to Xه‌ای (indefinite or
 * «you are»). The same for a participle `Xهایم/Xهاید` at a phrase end (X‌هایم → Xه‌ایم: «we
 * have …»). `e` is the word's end in `input`.
 */
function indefiniteInContext(key: string, mask: number, m: HalfSpaceModel, input: string, e: number): number {
  const n = key.length;
  // t: the letters from ه on (های, or هایم/هاید: a perfect «we/you have …», دریافته‌ایم).
  const t = key.endsWith('های') ? 3 : key.endsWith('هایم') || key.endsWith('هاید') ? 4 : 0;
  if (mask === 0 || t === 0 || n < t + 2) return mask;
  const h = n - t;
  if (!(mask & (1 << h)) || mask & (1 << (h + 1))) return mask;
  const stem = key.slice(0, h + 1);
  if (!(bitsOf(stem, m) & STEM)) return mask;
  // X‌هایم is also «my Xs»: only a participle (…ته, …ده) reads as a perfect.
  if (t === 4 && !(stem.endsWith('ته') || stem.endsWith('ده'))) return mask;
  // (Xهایم: «my Xs» may stand before را, از …: only a phrase end counts there.)
  if (!phraseEndsAt(input, e, t === 3)) return mask;
  return (mask & ~(1 << h)) | (1 << (h + 1));
}

/** Whether input[e..] (after at most one space) is a phrase end or (`words`) a word of NOT_AFTER_EZAFE. */
function phraseEndsAt(input: string, e: number, words: boolean): boolean {
  const len = input.length;
  let p = e;
  if (p < len && input.charCodeAt(p) === 0x20) p++;
  if (p >= len) return true;
  if (PHRASE_END.has(input.charCodeAt(p))) return true;
  if (p === e || !words) return false;
  let q = p;
  while (q < len && q - p <= 4 && isArabicLetter(input.charCodeAt(q))) q++;
  if (q === p || q - p > 4 || (q < len && isWordChar(input.charCodeAt(q)))) return false;
  return NOT_AFTER_EZAFE.has(input.slice(p, q));
}
