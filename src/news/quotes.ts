/**
 * Quote detection (direct and indirect) with the speaker phrase of each quote.
 * Works on the normalised text's tokens; speaker resolution is in ./speakers.ts.
 */
import {
  ACCORDING, ADVERBIALS, BOUNDARIES, TEMPORAL, PLACE_INTRO, DEMONSTRATIVES, FRAME_VERBS, FRAMING, FROM_EXCLUSIONS, LIGHT_VERBS,
  MEDIA_HEADS, ORG_HEADS, PLACES, PLURAL_GROUPS, PRONOUNS, RANKS, SPEECH, STOPWORDS, TITLE_HEADS, AGENCIES,
} from './lexicon.js';
import { parseSourceAt } from './source.js';
import type { Para, Sent, Zone } from './structure.js';
import { cleanName, foldKey, PhraseSet, type Tok } from './text.js';
import { bit, getLexicon, type Lexicon } from '../morph/lexicon.js';

export type MentionKind = 'name' | 'pronoun' | 'anaphor' | 'title' | 'zero';
export type SpeakerType = 'PER' | 'ORG' | 'LOC';

export interface SpeakerMention {
  kind: MentionKind;
  /** Offsets in normalised text (empty span for a zero subject). */
  start: number;
  end: number;
  /** The name (kind 'name') or the description (kind 'title'/'anaphor'), cleaned, without ranks. */
  text: string;
  type: SpeakerType;
  titles: string[];
  ranks: string[];
  /** Spans of the name part (kind 'name'), normalised offsets. */
  nameStart?: number;
  nameEnd?: number;
  indefinite?: boolean;
  /** Token keys of the name (kind 'name'). */
  keys?: string[];
  /** The name ended at a clear boundary (a verb, punctuation, a title), so it can be trusted as a name. */
  clean?: boolean;
  /** The clause says it continues («در ادامه», «همچنین», «در پایان»): an indefinite description is the same speaker. */
  continued?: boolean;
}

export interface QuoteCand {
  kind: 'direct' | 'indirect';
  /** Content span in normalised text. */
  start: number;
  end: number;
  verb: string;
  /** Position of the reporting verb (reading order of speaker introductions). */
  at: number;
  /** Start of the reporting clause (subject). */
  clauseStart: number;
  zone: Zone;
  speaker: SpeakerMention;
  rule: string;
}

const K = (s: string): string => foldKey(s);
/** Longest reporting clause (tokens) searched back from a verb. */
const WINDOW = 60;
/** Sentences longer than this (tokens) before the verb are only searched within WINDOW (hostile input). */
const LONG_SENTENCE = 250;
const K_KE = K('که');
const K_VA = K('و');
const K_RA = K('را');
const K_BAR = K('بر');
const K_AZ = K('از');
const K_KHASTAR = K('خواستار');
const K_GOO = K('گو');
const K_KHOD = new Set([K('خود'), K('خویش'), K('خودش')]);
const K_BUT = new Set([K('اما'), K('ولی'), K('لیکن'), K('ولیکن')]);
const K_WHILE = new Set([K('درحالی'), K('درحالیکه'), K('حالی')]);
const K_YEK = K('یک');
const K_YEKI = K('یکی');
const K_BE = K('به');
const K_NAGHL = K('نقل');
const PREPS = new Set(['در', 'به', 'با', 'ضمن', 'طی', 'هنگام', 'پس', 'بعد', 'قبل', 'حین'].map(K));
const OBJ_PRONOUNS = new Set(['وی', 'او', 'آن', 'ایشان', 'آنها', 'آن‌ها', 'این'].map(K));
const BAR_NOT = new Set(['اساس', 'این', 'روی', 'عهده', 'سر'].map(K));
const PLURAL_ENDINGS = ['ها', 'های', 'هایی'].map(K);
const LEX_PLURAL = bit('PL');
const LEX_NOUN = bit('N');
/**
 * An unnamed plural group, not a speaker: «منابع», «کارشناسان», a word ending in ها/های, or a
 * plural in ان of a common noun: one the lexicon lists as a plural and not as a noun (مدیران,
 * حامیان), or a word it does not list whose stem is a noun (دستیاران: دستیار). Names in ان are
 * lexicon nouns themselves (سلیمان, احسان, کیهان) and stay names.
 */
let lexLoaded: Lexicon | null | undefined;
/** The packed lexicon, or null where it cannot be loaded (a browser without its model): the test is then skipped. */
function lexicon(): Lexicon | null {
  if (lexLoaded === undefined) {
    try {
      lexLoaded = getLexicon();
    } catch {
      lexLoaded = null;
    }
  }
  return lexLoaded;
}
function isPluralGroup(t: Tok): boolean {
  if (PLURAL_GROUPS.has(t.key) || (t.key.length > 4 && PLURAL_ENDINGS.some((e) => t.key.endsWith(e)))) return true;
  if (t.kind !== 'word' || t.text.length < 5 || !t.text.endsWith('ان')) return false;
  const lex = lexicon();
  if (!lex) return false;
  const b = lex.bits(t.text);
  if (b !== 0) return (b & LEX_PLURAL) !== 0 && (b & LEX_NOUN) === 0;
  return (lex.bits(t.text.slice(0, -2)) & LEX_NOUN) !== 0;
}
const CONTINUATION = new Set(['ادامه', 'پایان', 'همچنین', 'نیز', 'خاتمه', 'سپس'].map(K));
/** Mark a subject whose clause (up to the verb) signals a continuation of the same speaker. */
function markContinued(m: SpeakerMention, toks: readonly Tok[], from: number, v: number): void {
  for (let q = from; q < v; q++) if (CONTINUATION.has(toks[q].key)) { m.continued = true; return; }
}
const VERBISH_END = new Set(['است', 'نیست', 'بود', 'نبود', 'شد', 'نشد', 'اند', 'است.', 'باشد', 'دارد', 'ندارد'].map(K));

function isP(t: Tok | undefined, chars: string): boolean {
  return !!t && t.kind === 'punct' && chars.includes(t.text);
}
const COMMA = '،,';

/** Known names (from a first pass) matched at a token: full names and surnames. */
export type KnownNames = PhraseSet<string> & { titles?: PhraseSet<true> };

function isSpeechAt(toks: readonly Tok[], i: number, limit: number): boolean {
  return !!SPEECH.matchAt(toks, i, limit) || !!FRAME_VERBS.matchAt(toks, i, limit);
}

function isBoundary(toks: readonly Tok[], i: number, limit: number): boolean {
  const t = toks[i];
  if (!t) return true;
  if (t.kind === 'punct') return true;
  if (BOUNDARIES.has(t.key)) return true;
  return isSpeechAt(toks, i, limit);
}

function spanText(text: string, toks: readonly Tok[], a: number, b: number): string {
  return b > a ? cleanName(text.slice(toks[a].start, toks[b - 1].end)) : '';
}

/** Read a title/organisation noun phrase from i: stops at a boundary, allows «و» inside, ends after a place name. */
function readTitleNP(toks: readonly Tok[], i: number, limit: number, max = 8): number {
  // The title head itself may span words that look like boundaries («امام جمعه»).
  const head = TITLE_HEADS.matchAt(toks, i, limit);
  let j = head ? head.end : i;
  while (j < limit && j - i < max) {
    const t = toks[j];
    if (t.kind === 'punct') break;
    if (t.key === K_VA) {
      // «آموزش و پرورش», «سیب و سوران»: keep «و» when a content word follows.
      const n = toks[j + 1];
      if (j > i && n && n.kind !== 'punct' && !BOUNDARIES.has(n.key) && !isSpeechAt(toks, j + 1, limit) && !PRONOUNS.has(n.key)) {
        j += 2;
        continue;
      }
      break;
    }
    if (j > i && (BOUNDARIES.has(t.key) || isSpeechAt(toks, j, limit))) break;
    const pn = toks[j + 1];
    if (j > i && PLACE_INTRO.has(t.key) && pn && pn.kind === 'word' && j + 1 < limit && !BOUNDARIES.has(pn.key) && !STOPWORDS.has(pn.key) && !DEMONSTRATIVES.has(pn.key)) {
      // «… شهر آبیک», «… استان اردبیل»: the title ends after the place name.
      j += 2;
      if (toks[j]?.key === K_VA && toks[j + 1]?.kind === 'word') {
        j += 2;
      }
      break;
    }
    const pl = j > i + 1 ? PLACES.matchAt(toks, j, limit) : null;
    if (pl) {
      j = pl.end;
      const n = toks[j];
      if (!n || n.key !== K_VA) break;
      continue;
    }
    j++;
  }
  return j;
}

/** Read a personal name from i: up to 4 tokens, stopping at boundaries, titles, stop words and commas. */
function readName(toks: readonly Tok[], i: number, limit: number): number {
  let j = i;
  while (j < limit && j - i < 4) {
    const t = toks[j];
    if (t.kind !== 'word') break;
    if (j > i && STOPWORDS.has(t.key) && !BOUNDARIES.has(t.key) && !PRONOUNS.has(t.key) && t.key.length >= 3) {
      // A surname that is also a stop word («هستی»): accepted when the name clearly ends after it.
      const n = toks[j + 1];
      if (!n || isP(n, COMMA) || TITLE_HEADS.matchAt(toks, j + 1, limit) || isSpeechAt(toks, j + 1, limit)) {
        j++;
        break;
      }
    }
    if (j > i && (BOUNDARIES.has(t.key) || STOPWORDS.has(t.key) || TITLE_HEADS.matchAt(toks, j, limit) || isSpeechAt(toks, j, limit))) break;
    if (j === i && (STOPWORDS.has(t.key) || BOUNDARIES.has(t.key))) break;
    j++;
  }
  return j;
}

function stripRanks(toks: readonly Tok[], i: number, limit: number, ranks: string[], text: string): number {
  for (;;) {
    const r = RANKS.matchAt(toks, i, limit);
    if (!r || r.end >= limit || toks[r.end].kind !== 'word') return i;
    ranks.push(spanText(text, toks, i, r.end));
    i = r.end;
  }
}

/** Titles after a name: «NAME TITLE …» or «NAME، TITLE، …». Returns the new end. */
function readAppositives(toks: readonly Tok[], j: number, limit: number, titles: string[], text: string): number {
  for (let guard = 0; guard < 3; guard++) {
    let k = j;
    if (isP(toks[k], COMMA)) k++;
    if (k < limit && TITLE_HEADS.matchAt(toks, k, limit)) {
      const e = readTitleNP(toks, k, limit);
      if (e > k) {
        titles.push(spanText(text, toks, k, e));
        j = isP(toks[e], COMMA) && toks[e + 1] && TITLE_HEADS.matchAt(toks, e + 1, limit) ? e : e;
        continue;
      }
    }
    break;
  }
  return j;
}

/**
 * Parse the subject (speaker phrase) of a reporting clause starting at token cs (before `limit`).
 * Returns null for unnamed plural groups («منابع امنیتی», «کارشناسان»), which are not speakers.
 */
export function parseSubject(toks: readonly Tok[], cs: number, limit: number, text: string, known: KnownNames | null): { m: SpeakerMention; end: number } | null {
  let i = cs;
  // «به نقل از X» inside the clause names the real speaker.
  for (let q = cs; q + 3 < limit; q++) {
    if (toks[q].key === K_BE && toks[q + 1].key === K_NAGHL && toks[q + 2].key === K_AZ) {
      const r = parseSubject(toks, q + 3, limit, text, known);
      if (r && r.m.kind !== 'zero') return { m: r.m, end: r.end };
    }
  }
  for (let guard = 0; guard < 6 && i < limit; guard++) {
    if (toks[i].key === K_VA || isP(toks[i], COMMA)) {
      i++;
      continue;
    }
    const adv = ADVERBIALS.matchAt(toks, i, limit);
    if (adv) {
      i = adv.end;
      continue;
    }
    if (TEMPORAL.has(toks[i].key) && !DEMONSTRATIVES.has(toks[i].key)) {
      // A leading time phrase: «اواسط هفته گذشته علی عابدینی …», «روز گذشته …».
      let q = i;
      while (q < limit && q < i + 5 && toks[q].kind !== 'punct' && (TEMPORAL.has(toks[q].key) || (q > i && toks[q].kind === 'num'))) q++;
      if (q < limit && q > i) {
        i = q;
        continue;
      }
    }
    if (PREPS.has(toks[i].key)) {
      // A leading adverbial phrase closed by a comma: «در ابتدای جلسه، حسینی …».
      let c = -1;
      for (let q = i + 1; q < Math.min(limit, i + 12); q++) if (isP(toks[q], COMMA)) { c = q; break; }
      if (c > 0 && c + 1 < limit) {
        i = c + 1;
        continue;
      }
    }
    break;
  }
  const zero = (): { m: SpeakerMention; end: number } => ({
    m: { kind: 'zero', start: toks[Math.min(i, toks.length - 1)]?.start ?? 0, end: toks[Math.min(i, toks.length - 1)]?.start ?? 0, text: '', type: 'PER', titles: [], ranks: [] },
    end: i,
  });
  if (i >= limit) return zero();
  const t = toks[i];
  if (isSpeechAt(toks, i, limit)) return zero();
  // «NAME» in guillemets.
  if (isP(t, '«')) {
    let q = i + 1;
    while (q < limit && q < i + 7 && !isP(toks[q], '»')) q++;
    if (isP(toks[q], '»') && q > i + 1) {
      const titles: string[] = [];
      const end = readAppositives(toks, q + 1, limit, titles, text);
      return { m: nameMention(toks, i + 1, q, text, titles, [], typeOfName(toks, i + 1, q)), end };
    }
    return zero();
  }
  if (t.kind !== 'word') return zero();
  if (PRONOUNS.has(t.key)) {
    return { m: { kind: 'pronoun', start: t.start, end: t.end, text: t.text, type: 'PER', titles: [], ranks: [] }, end: i + 1 };
  }
  if (isPluralGroup(t)) return null;
  if (DEMONSTRATIVES.has(t.key)) {
    const h = toks[i + 1];
    if (h && isPluralGroup(h)) return null; // «این منابع»
    const e = Math.max(readTitleNP(toks, i + 1, limit, 6), i + 1);
    return { m: { kind: 'anaphor', start: t.start, end: toks[e - 1].end, text: spanText(text, toks, i + 1, e), type: 'PER', titles: [], ranks: [] }, end: e };
  }
  let indefinite = false;
  if (t.key === K_YEK) {
    indefinite = true;
    i++;
  } else if (t.key === K_YEKI && toks[i + 1]?.key === K_AZ) {
    indefinite = true;
    i += 2;
  }
  if (i >= limit) return zero();
  const ranks: string[] = [];
  i = stripRanks(toks, i, limit, ranks, text);
  // A known name (full name or surname from elsewhere in the article).
  const kn = known?.matchAt(toks, i, limit);
  if (kn && !indefinite) {
    // Prefer a longer name that clearly ends at a boundary («سیدجواد هستی،» over a known «سیدجواد»).
    let ne = kn.end;
    const longer = readName(toks, i, limit);
    if (longer > ne && ((isP(toks[longer], COMMA) && !!TITLE_HEADS.matchAt(toks, longer + 1, limit)) || !!TITLE_HEADS.matchAt(toks, longer, limit) || isSpeechAt(toks, longer, limit))) ne = longer;
    const titles: string[] = [];
    const type = typeOfName(toks, i, ne);
    const end = type === 'PER' ? readAppositives(toks, ne, limit, titles, text) : ne;
    const m = nameMention(toks, i, ne, text, titles, ranks, type);
    return { m, end };
  }
  // Media: «روزنامه دیلی تایمز», «سایت «الریاض»», «کانال تلگرامی یونیوز».
  const media = MEDIA_HEADS.matchAt(toks, i, limit);
  if (media && !TITLE_HEADS.matchAt(toks, i, limit)) {
    let a = media.end;
    if (isP(toks[a], '«')) {
      let q = a + 1;
      while (q < limit && q < a + 6 && !isP(toks[q], '»')) q++;
      if (isP(toks[q], '»')) return { m: nameMention(toks, a + 1, q, text, [], [], 'ORG'), end: q + 1 };
    }
    const ag = AGENCIES.matchAt(toks, a, limit);
    if (ag) return { m: nameMention(toks, a, ag.end, text, [], [], 'ORG'), end: ag.end };
    const e = readName(toks, a, limit);
    if (e > a) return { m: nameMention(toks, a, e, text, [], [], 'ORG'), end: e };
  }
  const ag = AGENCIES.matchAt(toks, i, limit);
  if (ag && (ag.end >= limit || isBoundary(toks, ag.end, limit))) {
    return { m: nameMention(toks, i, ag.end, text, [], [], 'ORG'), end: ag.end };
  }
  const title = TITLE_HEADS.matchAt(toks, i, limit);
  const org = ORG_HEADS.matchAt(toks, i, limit);
  if (org && !title) {
    const e = readTitleNP(toks, i, limit, 9);
    return { m: nameMention(toks, i, e, text, [], [], 'ORG'), end: e };
  }
  if (title) {
    // A title seen in apposition elsewhere bounds the phrase («دبیر شورای عالی امنیت ملی | حضور …»).
    const kt = known?.titles?.matchAt(toks, i, limit);
    const e = kt && (kt.end >= limit || toks[kt.end].kind === 'punct' || !PLACES.matchAt(toks, kt.end, limit)) ? kt.end : readTitleNP(toks, i, limit);
    const desc = spanText(text, toks, i, e);
    return {
      m: { kind: 'title', start: toks[i].start, end: toks[e - 1].end, text: desc, type: 'PER', titles: [desc], ranks, indefinite },
      end: e,
    };
  }
  const place = PLACES.matchAt(toks, i, limit);
  if (place && (place.end >= limit || isBoundary(toks, place.end, limit))) {
    return { m: nameMention(toks, i, place.end, text, [], [], 'LOC'), end: place.end };
  }
  const e = readName(toks, i, limit);
  if (e === i) return zero();
  const titles: string[] = [];
  const end = readAppositives(toks, e, limit, titles, text);
  const m = nameMention(toks, i, e, text, titles, ranks, typeOfName(toks, i, e));
  const nt = toks[e];
  m.clean = e >= limit || titles.length > 0 || isSpeechAt(toks, e, limit) || !!TITLE_HEADS.matchAt(toks, e, limit) ||
    (nt.kind === 'word' && BOUNDARIES.has(nt.key) && nt.key !== K_RA && nt.key !== K_VA);
  return { m, end };
}

function typeOfName(toks: readonly Tok[], a: number, b: number): SpeakerType {
  if (ORG_HEADS.matchAt(toks, a, b) || AGENCIES.matchAt(toks, a, b)?.end === b) return 'ORG';
  if (PLACES.matchAt(toks, a, b)?.end === b) return 'LOC';
  return 'PER';
}

const GLUED_RANKS = ['سید', 'سیده', 'دکتر', 'سردار', 'حاج'];
/** Length of a rank prefix glued to a word («سید‌جواد» → 4), or 0. */
export function rankPrefix(word: string): number {
  for (const r of GLUED_RANKS) {
    if (!word.startsWith(r) || word.length < r.length + 3) continue;
    if (word[r.length] === '\u200c') return r.length + 1;
    if ('ادذرزژو'.includes(r[r.length - 1])) return r.length;
  }
  return 0;
}

function nameMention(toks: readonly Tok[], a: number, b: number, text: string, titles: string[], ranks: string[], type: SpeakerType): SpeakerMention {
  let nameStart = toks[a].start;
  const keys = toks.slice(a, b).map((t) => t.key);
  // A rank written onto the first name («سید‌جواد هستی», «سیدجواد هستی» once the ZWNJ after «د» is dropped).
  const pre = rankPrefix(toks[a].text);
  if (pre > 0) {
    ranks = [...ranks, toks[a].text.slice(0, pre).replace(/\u200c$/, '')];
    nameStart += pre;
    keys[0] = foldKey(toks[a].text.slice(pre));
  }
  return {
    kind: 'name',
    start: toks[a].start,
    end: toks[b - 1].end,
    nameStart,
    nameEnd: toks[b - 1].end,
    text: cleanName(text.slice(nameStart, toks[b - 1].end)),
    type,
    titles,
    ranks,
    keys,
  };
}

/** Where the reporting clause containing token v starts: after the source phrase, an agency prefix, «اما»/«ولی»/«؛». */
function clauseStart(toks: readonly Tok[], sentA: number, v: number, text: string, known?: KnownNames | null): number {
  let cs = sentA;
  const open: number[] = []; // clause starts saved at «(»: a verb inside brackets has its own clause
  for (let q = sentA; q < v; q++) {
    const t = toks[q];
    if (t.kind === 'punct' && t.text === '(') {
      open.push(cs);
      cs = q + 1;
    } else if (t.kind === 'punct' && t.text === ')') {
      if (open.length) cs = open.pop()!;
    } else if (t.kind === 'punct' && (t.text === '؛' || t.text === ';')) cs = q + 1;
    else if (K_BUT.has(t.key)) cs = q + 1;
  }
  // Source phrase or agency prefix at the clause start.
  for (let guard = 0; guard < 2; guard++) {
    const src = parseSourceAt(toks, cs, v, text);
    if (src && src.next <= v) cs = src.next;
    else break;
  }
  // «… است که NAME می‌گوید …»: a subject right after the last «که» starts the reporting clause.
  if (known !== undefined) {
    for (let q = v - 1; q > cs; q--) {
      if (toks[q].key !== K_KE) continue;
      const r = parseSubject(toks, q + 1, v, text, known);
      if (r && r.m.kind !== 'zero' && (r.m.kind === 'name' || r.m.kind === 'title') && r.end === v) cs = q + 1;
      break;
    }
  }
  return cs;
}

/** Span [a, b) of a framing clause («با بیان اینکه …،») inside [cs, v), or null. */
function framingSpan(toks: readonly Tok[], cs: number, v: number): { marker: number; a: number; b: number } | null {
  for (let q = cs; q < v; q++) {
    const f = FRAMING.matchAt(toks, q, v);
    if (!f) continue;
    const a = f.end;
    // Up to the last comma before the main verb; else up to the first copula/verb-like word.
    let lastComma = -1;
    for (let r = a; r < v; r++) if (isP(toks[r], COMMA)) lastComma = r;
    if (lastComma > a) return { marker: q, a, b: lastComma };
    for (let r = a + 1; r < v; r++) if (VERBISH_END.has(toks[r].key) || toks[r].key.endsWith(K('اند'))) return { marker: q, a, b: r + 1 };
    return null;
  }
  return null;
}

/** End token (exclusive) of an indirect clause that starts at a: sentence end, or before «اما/ولی/؛». */
function clauseEnd(toks: readonly Tok[], a: number, sentB: number): number {
  sentB = Math.min(sentB, a + 4 * WINDOW);
  let b = sentB;
  for (let q = a; q < sentB; q++) {
    const t = toks[q];
    if ((t.kind === 'punct' && (t.text === '؛' || t.text === ';')) || (K_BUT.has(t.key) && q > a + 2)) {
      b = q;
      break;
    }
  }
  while (b > a && toks[b - 1].kind === 'punct' && '.!?؟…،,:'.includes(toks[b - 1].text)) b--;
  return b;
}

function trimmedEnd(text: string, start: number, end: number): number {
  while (end > start && /\s|\u200c|\u200f|\u200e/.test(text[end - 1])) end--;
  return end;
}

export interface DetectOptions {
  known: KnownNames | null;
}

/** Detect quote candidates in all paragraphs. */
export function detectQuotes(text: string, paras: readonly Para[], sents: readonly Sent[], opts: DetectOptions): QuoteCand[] {
  const out: QuoteCand[] = [];
  const known = opts.known;
  const byPara = new Map<number, Sent[]>();
  for (const s of sents) {
    if (!byPara.has(s.para)) byPara.set(s.para, []);
    byPara.get(s.para)!.push(s);
  }
  for (const p of paras) {
    const toks = p.toks;
    const pSents = byPara.get(p.index) ?? [];
    const paraEnd = trimmedEnd(text, p.start, p.end);
    let directFrom = Infinity; // token index of the colon that opened a paragraph-long direct quote
    const directVerbs = new Set<number>();
    let si = 0;
    // 1. Direct quotes: a reporting verb (or a light verb) before a colon or an opening guillemet.
    for (let k = 0; k < toks.length && directFrom === Infinity; k++) {
      const tk = toks[k];
      const colon = isP(tk, ':');
      const guil = isP(tk, '«');
      if (!colon && !guil) continue;
      while (si < pSents.length && pSents[si].b <= k) si++;
      const sent = pSents[si];
      // Reporting clauses are short: look back at most WINDOW tokens (keeps hostile input linear).
      const sa0 = sent && sent.a <= k ? sent.a : 0;
      const sa = k - sa0 > LONG_SENTENCE ? k - WINDOW : sa0;
      let vm = SPEECH.matchEndingAt(toks, k, sa);
      let verb = vm ? spanText(text, toks, vm.start, k) : '';
      let vStart = vm ? vm.start : -1;
      if (!vm && colon && k > sa && LIGHT_VERBS.has(toks[k - 1].key)) {
        vStart = k - 1;
        if (k - 2 >= sa && toks[k - 2].kind === 'word' && !BOUNDARIES.has(toks[k - 2].key)) vStart = k - 2;
        verb = spanText(text, toks, vStart, k);
      }
      // «گفت و گو» is a conversation, not a reporting verb.
      let cStart = -1;
      let speaker: SpeakerMention | null = null;
      let rule = 'D1';
      if (vStart >= 0) {
        cStart = clauseStart(toks, sa, vStart, text);
        const subj = parseSubject(toks, cStart, vStart, text, known);
        if (!subj) continue;
        speaker = subj.m;
        markContinued(speaker, toks, subj.end, vStart);
        // A framing clause in the same reporting clause is an indirect quote of the same speaker.
        const fr = framingSpan(toks, cStart, vStart);
        if (fr && fr.b > fr.a) {
          out.push({ kind: 'indirect', start: toks[fr.a].start, end: toks[fr.b - 1].end, verb, at: toks[vStart].start - 1, clauseStart: toks[cStart].start, zone: p.zone, speaker, rule: 'I4' });
        }
      } else if (colon && p.zone === 'title' && k > 0 && k <= 4) {
        // Headline «Speaker: statement».
        const subj = parseSubject(toks, 0, k, text, known);
        if (!subj || subj.m.kind === 'zero' || subj.end !== k) continue;
        if (AGENCIES.matchAt(toks, 0, k)?.end === k) continue;
        speaker = subj.m;
        cStart = 0;
        rule = 'D2';
        verb = '';
      } else continue;
      if (guil && !vm) continue;
      // Content: after the colon to the end of the paragraph, or inside «…».
      let q = k + (colon ? 1 : 0);
      let start: number;
      let end: number;
      if (isP(toks[q], '«“"')) {
        let close = -1;
        if (toks[q].text === '"') {
          // Straight quotes do not nest: the next one closes.
          for (let r = q + 1; r < toks.length; r++) if (isP(toks[r], '"')) { close = r; break; }
        } else {
          const o = toks[q].text;
          const c = o === '«' ? '»' : '”';
          let depth = 0;
          for (let r = q; r < toks.length; r++) {
            if (isP(toks[r], o)) depth++;
            else if (isP(toks[r], c)) {
              depth--;
              if (depth === 0) {
                close = r;
                break;
              }
            }
          }
        }
        if (!colon && close - q - 1 < 4) continue; // «سریعا»: a quoted word, not a quotation
        if (close > q + 1) {
          start = toks[q + 1].start;
          end = toks[close - 1].end;
          rule = 'D3';
        } else {
          start = toks[q + 1]?.start ?? toks[q].end;
          end = paraEnd;
        }
      } else {
        if (q >= toks.length) continue;
        start = toks[q].start;
        end = paraEnd;
        if (!colon) continue;
      }
      if (end <= start) continue;
      out.push({ kind: 'direct', start, end, verb, at: toks[vStart >= 0 ? vStart : k].start, clauseStart: toks[cStart].start, zone: p.zone, speaker: speaker!, rule });
      if (vStart >= 0) directVerbs.add(vStart);
      if (colon || rule !== 'D3') directFrom = k;
    }
    // 2. Indirect quotes, sentence by sentence (not inside the direct quote of this paragraph).
    for (const s of pSents) {
      if (s.a > directFrom) break;
      const lim = Math.min(s.b, directFrom);
      for (let v = s.a; v < lim; v++) {
        const fv = FRAME_VERBS.matchAt(toks, v, lim);
        const sv = SPEECH.matchAt(toks, v, lim);
        if (!fv && !sv) continue;
        const vEnd = Math.max(fv?.end ?? 0, sv?.end ?? 0);
        const next = toks[vEnd];
        if (isP(next, ':')) continue; // direct, handled above
        if (sv && next && (next.key === K_GOO || (next.key === K_VA && toks[vEnd + 1]?.key === K_GOO))) continue;
        if (directVerbs.has(v)) continue;
        const sa = v - s.a > LONG_SENTENCE ? v - WINDOW : s.a;
        const cs = clauseStart(toks, sa, v, text, known);
        const verb = spanText(text, toks, v, vEnd);
        const subj = parseSubject(toks, cs, v, text, known);
        if (!subj) continue;
        markContinued(subj.m, toks, subj.end, v);
        if (subj.m.kind === 'zero' && cs === v) {
          // «… و گفت که …»: the subject is the clause's, further back.
        }
        const fr = framingSpan(toks, cs, v);
        const inFraming = (q: number): boolean => !!fr && q >= fr.marker && q < fr.b;
        let found: { a: number; b: number; rule: string } | null = null;
        // 2a. Frames: «بر … تاکید کرد», «از … خبر داد», «خواستار … شد», «… را … دانست».
        if (fv) {
          for (const fe of fv.value) {
            const mk = K(fe.marker);
            let a = -1;
            if (mk === K_BAR) {
              for (let q = subj.end; q < v; q++) if (toks[q].key === K_BAR && !inFraming(q) && !BAR_NOT.has(toks[q + 1]?.key ?? '')) { a = q + 1; break; }
            } else if (mk === K_AZ) {
              for (let q = subj.end; q < v; q++) {
                if (toks[q].key === K_AZ && !inFraming(q) && !(q > 0 && FROM_EXCLUSIONS.has(toks[q - 1].key))) { a = q + 1; break; }
              }
            } else if (mk === K_KHASTAR) {
              for (let q = v - 1; q >= subj.end; q--) if (toks[q].key === K_KHASTAR) { a = q + 1; break; }
            } else if (mk === K_RA) {
              let ra = -1;
              for (let q = v - 1; q >= subj.end; q--) if (toks[q].key === K_RA) { ra = q; break; }
              if (ra > subj.end) a = objectStart(toks, subj.end, ra, fr);
              else if (ra === subj.end) a = -1;
            }
            if (a >= 0 && a < v) {
              found = { a, b: v, rule: 'I2' };
              break;
            }
          }
        }
        // 2b. «… گفت که …» / «… اعلام کرد …» + clause.
        if (!found && sv && sv.value.clause) {
          let between = false;
          for (let q = subj.end; q < v; q++) if (toks[q].key === K_KE || K_WHILE.has(toks[q].key) || toks[q].key === K_RA) between = true;
          if (!between && next) {
            let a = vEnd;
            if (next.key === K_KE) a = vEnd + 1;
            else if (isP(next, COMMA)) a = vEnd + 1;
            const na = toks[a];
            if (na && a < lim && na.key !== K_VA && (na.kind !== 'punct' || na.text === '«') && !(next.key === K_VA)) {
              const b = clauseEnd(toks, a, s.b);
              if (b > a + 1) found = { a, b, rule: 'I1' };
            }
          }
        }
        if (!found) continue;
        if (subj.m.kind === 'zero' && subj.end < v && toks[v - 1].key !== K_VA) continue; // no subject found before the verb
        if (subj.m.kind === 'zero') {
          // No subject in this clause («… و افزود که …»): take the sentence's first subject.
          const s0 = parseSubject(toks, clauseStart(toks, sa, sa, text), v, text, known);
          if (!s0 || s0.m.kind === 'zero') continue;
          subj.m = s0.m;
        }
        const b = found.b;
        out.push({ kind: 'indirect', start: toks[found.a].start, end: toks[b - 1].end, verb, at: toks[v].start, clauseStart: toks[cs].start, zone: p.zone, speaker: subj.m, rule: found.rule });
        if (fr && fr.b > fr.a) out.push({ kind: 'indirect', start: toks[fr.a].start, end: toks[fr.b - 1].end, verb, at: toks[v].start - 1, clauseStart: toks[cs].start, zone: p.zone, speaker: subj.m, rule: 'I4' });
        v = vEnd - 1;
      }
      // 2c. «به گفته X، …».
      for (let v = s.a; v < lim; v++) {
        const ac = ACCORDING.matchAt(toks, v, lim);
        if (!ac) continue;
        let x = ac.end;
        let xe = x;
        const tx = toks[x];
        if (!tx) continue;
        if (PRONOUNS.has(tx.key)) xe = x + 1;
        else {
          const kn = known?.matchAt(toks, x, lim);
          if (kn) xe = kn.end;
          else {
            let c = -1;
            for (let q = x; q < Math.min(lim, x + 7); q++) if (isP(toks[q], COMMA)) { c = q; break; }
            xe = c > x ? c : readName(toks, x, lim);
          }
        }
        if (xe <= x) continue;
        const subj = parseSubject(toks, x, xe, text, known);
        if (!subj || subj.m.kind === 'zero') continue;
        let a = xe;
        if (isP(toks[a], COMMA)) a++;
        const b = clauseEnd(toks, a, s.b);
        if (b > a + 1) out.push({ kind: 'indirect', start: toks[a].start, end: toks[b - 1].end, verb: spanText(text, toks, v, ac.end), at: toks[v].start, clauseStart: toks[v].start, zone: p.zone, speaker: subj.m, rule: 'I3' });
        v = b;
      }
    }
  }
  return resolveOverlaps(out);
}

/** Where the object of «… را … دانست» starts: after the subject, adverbials and adverbial phrases. */
function objectStart(toks: readonly Tok[], k: number, ra: number, fr: { a: number; b: number; marker: number } | null): number {
  if (OBJ_PRONOUNS.has(toks[ra - 1].key) && ra - 1 >= k) {
    // «… وی را نماد … دانست»: a pronoun object.
    if (ra - 1 === k || toks[ra - 1].key !== K('این')) return ra - 1;
  }
  for (let guard = 0; guard < 8 && k < ra; guard++) {
    const t = toks[k];
    if (isP(t, COMMA)) {
      k++;
      continue;
    }
    if (fr && k >= fr.marker && k < fr.b) {
      k = fr.b;
      continue;
    }
    const adv = ADVERBIALS.matchAt(toks, k, ra);
    if (adv) {
      k = adv.end;
      continue;
    }
    if (PREPS.has(t.key)) {
      let c = -1;
      let kh = -1;
      for (let q = k + 1; q < ra; q++) {
        if (isP(toks[q], COMMA) && c < 0) c = q;
        if (K_KHOD.has(toks[q].key)) kh = q;
      }
      if (c > 0) k = c + 1;
      else if (kh > 0) k = kh + 1;
      else if (DEMONSTRATIVES.has(toks[k + 1]?.key ?? '')) k += 3;
      else k += 3;
      continue;
    }
    break;
  }
  return Math.min(k, ra);
}

/**
 * Nested and overlapping candidates: an indirect quote whose verb lies inside a direct quote
 * is dropped; a direct quote whose reporting clause lies inside an indirect quote is dropped
 * (the outer quote is the one reported); exact duplicates are merged.
 */
function resolveOverlaps(c: QuoteCand[]): QuoteCand[] {
  const direct = c.filter((q) => q.kind === 'direct');
  const indirect = c.filter((q) => q.kind === 'indirect');
  const keepInd = indirect.filter((q) => !direct.some((d) => q.at >= d.start && q.at < d.end) && !direct.some((d) => overlaps(q, d) && !(d.clauseStart >= q.start && d.clauseStart < q.end)));
  const keepDir = direct.filter((d) => !keepInd.some((q) => d.clauseStart >= q.start && d.clauseStart < q.end && q.rule === 'I1'));
  const all = [...keepDir, ...keepInd].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: QuoteCand[] = [];
  for (const q of all) {
    const prev = out[out.length - 1];
    if (prev && prev.start === q.start && prev.end === q.end) continue;
    out.push(q);
  }
  return out;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}
