/**
 * SLOW REFERENCE of the half-space pass (the implementation before the typed-table rewrite),
 * kept only for the differential test (reference.test.ts): restore.ts must give the same text
 * and the same OffsetMap spans. Do not use it elsewhere, and do not change its behaviour
 * without changing restore.ts the same way.
 *
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
import { ADJECTIVE, APPLY_JOINED, APPLY_SPACED, CODE_BITS, KNOWN, MAX_KEY, SPAN_PREFIX, SPAN_SEGMENT, STEM, type HalfSpaceModel } from './model.js';
// A word-level test with no lookups of its own: shared with the fast pass, not copied.
import { lightCompoundOk, NJ_PARTS, NOT_BEFORE_PART, participleJoin, particleVerb, showsEzafe } from './restore.js';

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
  return spaced ? lookupSpaced(key, m) : lookupMaskCode(key, m.words.get(key), m);
}

function lookupSpaced(key: string, m: HalfSpaceModel): number {
  const c = m.words.get(key);
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
function useCacheFor(m: HalfSpaceModel): void {
  if (cacheModel !== m) {
    analysisCache = new Map();
    cacheModel = m;
  }
}

function bitsOf(key: string, m: HalfSpaceModel): number {
  const c = m.words.get(key);
  return c === undefined ? 0 : c % CODE_BITS;
}

/** A known word: its ZWNJ mask (0 = written joined), or -1 when unknown. */
function known(key: string, m: HalfSpaceModel): number {
  const c = m.words.get(key);
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
 * joined ending (نظریه پردازانی, دهشت بارترین).
 */
function partJoin(a: string, b: string, m: HalfSpaceModel): boolean {
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

/** Cheap filter: can a span of spaced words start at this word (code = its model entry)? */
function mayStartSpan(key: string, code: number | undefined, next: { key: string; mask: number }, m: HalfSpaceModel): boolean {
  if (!((code !== undefined && code % CODE_BITS & SPAN_PREFIX) || key === 'می' || key === 'نمی')) return false;
  if (next.mask !== 0) return true;
  const nc = m.words.get(next.key);
  return nc !== undefined && (nc % CODE_BITS & SPAN_SEGMENT) !== 0;
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
  if (!((m.words.get(stem) ?? 0) % CODE_BITS & STEM)) return mask;
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

/** Word boundaries of a text, reused across calls (grown as needed). */
let W_START = new Int32Array(1024);
let W_END = new Int32Array(1024);

/**
 * Whether the gap [a, b) between two words is one space, possibly with stray ZWNJs beside it
 * (the clean-up pass would drop those, so they are treated as absent).
 */
function isSpaceGap(s: string, a: number, b: number): boolean {
  let spaces = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) spaces++;
    else if (c !== ZWNJ) return false;
  }
  return spaces === 1;
}

/** The word's key (without ZWNJ) and the mask of ZWNJs it already has. */
function keyOf(s: string, a: number, b: number): { key: string; mask: number } | null {
  if (b - a > MAX_KEY * 2) return null;
  // A final hamza above (ezafe: نامهٔ) is not part of the key.
  const e = s.charCodeAt(b - 1) === 0x0654 && b - 1 > a ? b - 1 : b;
  let zw = a;
  while (zw < e && s.charCodeAt(zw) !== ZWNJ) zw++;
  if (zw === e) return { key: s.slice(a, e), mask: 0 };
  let key = '';
  let mask = 0;
  let last = 0; // last letter (marks skipped)
  for (let i = a; i < e; i++) {
    const c = s.charCodeAt(i);
    if (c === ZWNJ) {
      // A ZWNJ after a non-joining letter means nothing (the clean-up pass drops it).
      if (key.length < 31 && last !== 0 && !isNonJoiner(last)) mask |= 1 << key.length;
    } else {
      key += s[i];
      if (!isArabicMark(c)) last = c;
    }
  }
  return { key, mask };
}

/**
 * Restore half-spaces in `input`. Returns null when nothing changes, else the new text and
 * its OffsetMap (ZWNJ inserted in joined words, space replaced by ZWNJ in spaced ones).
 */
export function restoreHalfSpacesReference(input: string, m: HalfSpaceModel): { text: string; map: OffsetMap } | null {
  const n = input.length;
  useCacheFor(m);
  // 1. Collect words.
  let nw = 0;
  let i = 0;
  while (i < n) {
    const c = input.charCodeAt(i);
    if (!isWordChar(c)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isWordChar(input.charCodeAt(j))) j++;
    let a = i;
    let b = j;
    while (a < b && input.charCodeAt(a) === ZWNJ) a++;
    while (b > a && input.charCodeAt(b - 1) === ZWNJ) b--;
    if (b > a) {
      if (nw === W_START.length) {
        const ns = new Int32Array(nw * 2);
        ns.set(W_START);
        W_START = ns;
        const ne = new Int32Array(nw * 2);
        ne.set(W_END);
        W_END = ne;
      }
      W_START[nw] = a;
      W_END[nw] = b;
      nw++;
    }
    i = j;
  }
  if (nw === 0) return null;
  const ws = W_START;
  const we = W_END;
  let builder: OffsetMapBuilder | null = null;

  /** Insert ZWNJs into word [a,b) where `mask` (over its key) asks and none is yet. */
  const applyWord = (a: number, b: number, mask: number) => {
    if (mask === 0) return;
    let k = 0;
    for (let t = a; t < b; t++) {
      const c = input.charCodeAt(t);
      if (c === ZWNJ) continue;
      if (k > 0 && k < 31 && mask & (1 << k) && input.charCodeAt(t - 1) !== ZWNJ) {
        builder ??= new OffsetMapBuilder(input);
        builder.keepTo(t);
        builder.insert(ZWNJ_STR);
      }
      k++;
    }
  };

  /**
   * Join words w and w+1 (written apart) as the joined word `ab`'s own entry says, if it puts a
   * ZWNJ at their boundary (`firstLen` letters in); whether it did.
   */
  const joinByEntry = (w: number, firstLen: number, ab: string): boolean => {
    const c = ab.length <= MAX_KEY ? m.words.get(ab) : undefined;
    const mask = c !== undefined && c % CODE_BITS & APPLY_JOINED ? Math.floor(c / CODE_BITS) : 0;
    if (!(mask & (1 << firstLen))) return false;
    applyWord(ws[w], we[w], mask & ((1 << firstLen) - 1));
    builder ??= new OffsetMapBuilder(input);
    builder.keepTo(we[w]);
    builder.replace(ws[w + 1] - we[w], ZWNJ_STR);
    applyWord(ws[w + 1], we[w + 1], Math.floor(mask / 2 ** firstLen));
    return true;
  };

  /** participleJoin at word w (key b), after the key pk: the words w − 2, w − 1 and w + 1 as written. */
  const participleJoinHere = (w: number, pk: string, b: string): boolean => {
    if (w < 2 || w + 1 >= nw || !isSpaceGap(input, we[w - 2], ws[w - 1]) || !isSpaceGap(input, we[w], ws[w + 1])) return false;
    const a = keyOf(input, ws[w - 1], we[w - 1]);
    const z = keyOf(input, ws[w - 2], we[w - 2]);
    const next = keyOf(input, ws[w + 1], we[w + 1]);
    if (a === null || z === null || next === null || a.key !== pk) return false;
    return participleJoin(pk, b, next.key, showsEzafe(input, ws[w - 2], we[w - 2], z.key));
  };

  const keys: ({ key: string; mask: number } | null)[] = new Array(MAX_SPAN);
  let prevKey: string | null = null;
  let ahead: { key: string; mask: number } | null = null; // keyOf(w) computed one step early
  let aheadAt = -1;
  for (let w = 0; w < nw; w++) {
    const first = aheadAt === w ? ahead : keyOf(input, ws[w], we[w]);
    const pk: string | null = prevKey;
    prevKey = first === null ? null : first.key;
    if (first === null) continue;
    const spaceAfter = w + 1 < nw && isSpaceGap(input, we[w], ws[w + 1]);
    if (spaceAfter) {
      ahead = keyOf(input, ws[w + 1], we[w + 1]);
      aheadAt = w + 1;
    }
    // 1. A bound suffix or a verb after a space: join it to the word before.
    if (pk !== null && isSpaceGap(input, we[w - 1], ws[w]) && input.charCodeAt(we[w - 1] - 1) !== 0x0654 && (structuralJoin(pk, first.key, m) || (first.mask === 0 && (partJoin(pk, first.key, m) || participleJoinHere(w, pk, first.key))))) {
      builder ??= new OffsetMapBuilder(input);
      builder.keepTo(we[w - 1]);
      builder.replace(ws[w] - we[w - 1], ZWNJ_STR);
      if (first.mask === 0) applyWord(ws[w], we[w], lookupMask(first.key, m, false));
      if (pk.length + first.key.length <= MAX_KEY) prevKey = pk + first.key;
      continue;
    }
    const code = first.key.length <= MAX_KEY ? m.words.get(first.key) : undefined;
    // 2. Spaced compounds: words w..w+k joined by single spaces.
    if (spaceAfter && ahead !== null && first.key.length < MAX_KEY && mayStartSpan(first.key, code, ahead, m)) {
      keys[0] = first;
      keys[1] = ahead;
      let last = 1;
      for (let k = 2; k < MAX_SPAN && w + k < nw; k++) {
        if (!isSpaceGap(input, we[w + k - 1], ws[w + k])) break;
        const kk = keyOf(input, ws[w + k], we[w + k]);
        if (kk === null) break;
        keys[k] = kk;
        last = k;
      }
      let key = first.key;
      let spans = 0;
      const cand: string[] = [];
      for (let k = 1; k <= last; k++) {
        key += keys[k]!.key;
        if (key.length > MAX_KEY) break;
        cand.push(key);
        spans = k;
      }
      let done = false;
      for (let k = spans; k >= 1 && !done; k--) {
        const ck = cand[k - 1];
        const mask = lookupMask(ck, m, true);
        if (mask === 0) continue;
        // The mask must have a ZWNJ at every space, and keep every ZWNJ already there.
        let off = 0;
        let ok = true;
        for (let q = 0; q <= k && ok; q++) {
          const kq = keys[q]!;
          if (q > 0 && !(mask & (1 << off))) ok = false;
          // A word with a final hamza (ezafe: صلهٔ رحم) ends a compound: never joined on.
          if (q < k && input.charCodeAt(we[w + q] - 1) === 0x0654) ok = false;
          // Never contradict a ZWNJ already there (also keeps the pass idempotent).
          if (kq.mask && ((kq.mask << off) & ~mask) !== 0) ok = false;
          off += kq.key.length;
        }
        if (!ok) continue;
        off = 0;
        for (let q = 0; q <= k; q++) {
          const kq = keys[q]!;
          applyWord(ws[w + q], we[w + q], Math.floor(mask / 2 ** off) & ((1 << kq.key.length) - 1));
          off += kq.key.length;
          if (q < k) {
            builder ??= new OffsetMapBuilder(input);
            builder.keepTo(we[w + q]);
            builder.replace(ws[w + q + 1] - we[w + q], ZWNJ_STR);
          }
        }
        w += k;
        prevKey = ck;
        done = true;
      }
      if (done) continue;
    }
    // A compound noun before a light verb (حروف چینی کرده, دست کاری می کنند): the joined
    // word's own entry decides, since a noun phrase rarely stands there.
    if (spaceAfter && ahead !== null && ahead.mask === 0 && first.mask === 0 && w + 2 < nw && input.charCodeAt(we[w] - 1) !== 0x0654 && isSpaceGap(input, we[w + 1], ws[w + 2])) {
      const after = mayBeLight(input, ws[w + 2], we[w + 2]) ? keyOf(input, ws[w + 2], we[w + 2]) : null;
      let light = after !== null && isLightVerb(after.key);
      if (!light && after !== null && (after.key === 'می' || after.key === 'نمی') && w + 3 < nw && isSpaceGap(input, we[w + 2], ws[w + 3])) {
        const v = keyOf(input, ws[w + 3], we[w + 3]);
        light = v !== null && isLightVerb(v.key);
      }
      const ab = first.key + ahead.key;
      if (light && lightCompoundOk(first.key, ahead.key) && joinByEntry(w, first.key.length, ab)) {
        w += 1;
        prevKey = ab;
        continue;
      }
    }
    // A compound with the Arabic article written apart (علیه السلام, حتی الامکان): the joined
    // word's own entry decides, as before a light verb (a word starting with ال is rarely free).
    // Not after a two-letter word: the prepositions فی, من, عن (مفسد فی الارض).
    if (spaceAfter && ahead !== null && ahead.mask === 0 && first.mask === 0 && first.key.length >= 3 && ahead.key.length >= 4 && ahead.key.startsWith('ال') && input.charCodeAt(we[w] - 1) !== 0x0654) {
      const ab = first.key + ahead.key;
      if (joinByEntry(w, first.key.length, ab)) {
        w += 1;
        prevKey = ab;
        continue;
      }
    }
    // 3. A word on its own. One that already has a ZWNJ was written (or restored) with
    // care: leave it.
    if (first.mask === 0) applyWord(ws[w], we[w], indefiniteInContext(first.key, lookupMaskCode(first.key, code, m), m, input, we[w]));
  }
  return builder ? (builder as OffsetMapBuilder).finish() : null;
}
