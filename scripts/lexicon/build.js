// Compiles ../shared/data into one packed lexicon (models/lexicon.txt.gz).
// Deterministic: every table is sorted before it is written, gzip has no timestamp.
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

export const LEXICON_VERSION = 1;

/** Tag bits; keep in sync with src/morph/lexicon.ts (TAG_BITS). */
export const BITS = {
  N: 0, AJ: 1, ADV: 2, NUM: 3, PL: 4, RES: 5, CL: 6, AJC: 7, P: 8, CONJ: 9, DET: 10, PRO: 11,
  V: 12, INT: 13, FOREIGN: 14, AJS: 15, POSTP: 16, PLAN: 17, PLAT: 18, PLHA: 19, STOP: 20, AJTR: 21,
};

const HAZM = {
  N: 'N', AJ: 'AJ', ADV: 'ADV', NUM: 'NUM', PL: 'PL', RES: 'RES', CL: 'CL', AJC: 'AJC', P: 'P', CONJ: 'CONJ',
  DET: 'DET', PRO: 'PRO', PR: 'PRO', PS: 'PRO', INT: 'INT', POSTP: 'POSTP', V: 'V', NIN: 'N', COMP: 'AJC', ZVR: 'RES',
};
const LILAK = {
  noun_singular: 'N', noun_plural: 'PL', adjective: 'AJ', adverb: 'ADV', numeral: 'NUM', pronoun: 'PRO',
  foreign: 'FOREIGN', adposition: 'P', conjunction: 'CONJ', adjective_comparative: 'AJC',
  adjective_superlative: 'AJS', interjection: 'INT', classifier: 'CL', determiner: 'DET', verb: 'V',
};

/** Spelling normalisation shared with src/morph/lexicon.ts (normalizeKey). */
export function norm(w) {
  let out = '';
  for (const ch of w) {
    const c = ch.codePointAt(0);
    if (c === 0x064a || c === 0x0649) out += '\u06cc';
    else if (c === 0x0643) out += '\u06a9';
    else if (c === 0x06c0) out += '\u0647\u0654';
    else if ((c >= 0x064b && c <= 0x0652) || c === 0x0640) continue; // harakat, tatweel
    else out += ch;
  }
  return out.trim();
}

const PREVERB_SET = new Set(['بر', 'در', 'باز', 'وا', 'فرا', 'فرو', 'ور']);
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function readConllu(path) {
  const rows = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line || line[0] === '#') continue;
    const c = line.split('\t');
    if (c.length !== 10 || c[0].includes('-') || c[0].includes('.')) continue;
    rows.push({ form: c[1], lemma: c[2], upos: c[3], feats: c[5], misc: c[9] });
  }
  return rows;
}

function newsParagraphs(dataDir) {
  const out = [];
  const dir = join(dataDir, 'persian-news-langml');
  for (const f of readdirSync(dir).filter((x) => /^fars-news-\d+\.json\.gz$/.test(x)).sort()) {
    const visit = (v) => {
      if (typeof v === 'string') out.push(v.split(/[\s.,،؛:!؟?«»()"'\[\]]+/).filter((t) => t).map(norm));
      else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') Object.keys(v).sort().forEach((k) => visit(v[k]));
    };
    visit(JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString('utf8')));
  }
  return out;
}

function countNewsTokens(paragraphs) {
  const counts = new Map();
  for (const p of paragraphs) for (const k of p) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/**
 * Lemma-only choice of the past stem of a present stem with several (section @verbs.lemma; analyzeVerb
 * and so the tagger's features keep the @verbs order): the past stem whose unambiguously verbal forms
 * (prefixed with می/نمی/ن, or with a plural person ending or a perfect auxiliary; never the bare stem,
 * a participle in ه or an infinitive, which are also nouns: کشت, سود, مشت) are the most frequent in the
 * news sample, when they occur at least 3 times and more than twice as often as those of the stem
 * analyzeVerb picks (ایست → ایستاد, not ستاد; کش → کشید, not کشت). `presentToPast`: the lexicon's
 * present stem → past stems, in analyzeVerb's order. Only counts are used, never the text.
 */
export function verbLemmaStems(dataDir, presentToPast) {
  const counts = countNewsTokens(newsParagraphs(dataDir));
  const strict = (past) => {
    let f = 0;
    for (const pre of ['می\u200c', 'نمی\u200c', 'ن', 'می', 'نمی']) for (const e of ['', 'م', 'ی', 'یم', 'ید', 'ند']) f += counts.get(pre + past + e) ?? 0;
    for (const e of ['ند', 'یم', 'ید', 'م', 'ه\u200cاند', 'ه\u200cاست', 'ه\u200cبود', 'ه\u200cشد', 'ه\u200cشده', 'ه\u200cام']) f += counts.get(past + e) ?? 0;
    return f;
  };
  const out = [];
  for (const pres of [...presentToPast.keys()].sort(cmp)) {
    const pasts = presentToPast.get(pres);
    if (pasts.length < 2) continue;
    const first = strict(pasts[0]);
    let best = null;
    for (const p of pasts.slice(1)) {
      const c = strict(p);
      if (c >= 3 && c > 2 * first && (!best || c > best[1])) best = [p, c];
    }
    if (best) out.push(pres + '\t' + best[0]);
  }
  return out;
}

/**
 * Context facts from the news sample (distributional evidence for the tagger): for each
 * frequent form, the share of its occurrences after an adposition, after a noun, before a
 * verb form and before را, each as a digit 0-4. Only these ratios are kept.
 */
function contextFacts(paragraphs, words, counts) {
  const bitsOf = (w) => words.get(w)?.bits ?? 0;
  const P = 1 << BITS.P, N = 1 << BITS.N, V = 1 << BITS.V, C = (1 << BITS.CONJ) | (1 << BITS.P) | (1 << BITS.STOP);
  const acc = new Map();
  for (const p of paragraphs) {
    for (let i = 0; i < p.length; i++) {
      const w = p[i];
      if ((counts.get(w) ?? 0) < 3) continue;
      let a = acc.get(w);
      if (!a) acc.set(w, (a = [0, 0, 0, 0, 0]));
      const pb = i > 0 ? bitsOf(p[i - 1]) : 0;
      const nb = i + 1 < p.length ? bitsOf(p[i + 1]) : 0;
      a[0]++;
      if (pb & P) a[1]++;
      if (pb & N && !(pb & C)) a[2]++;
      if (nb & V) a[3]++;
      if (i + 1 < p.length && p[i + 1] === 'را') a[4]++;
    }
  }
  const out = [];
  for (const w of [...acc.keys()].sort(cmp)) {
    const a = acc.get(w);
    out.push(w + '\t' + [1, 2, 3, 4].map((k) => Math.round((4 * a[k]) / a[0])).join(''));
  }
  return out;
}

/**
 * Arabic broken plurals (شواهد → شاهد, مناطق → منطقه, مفاهیم → مفهوم): forms the lexicon marks
 * as plural are matched against the common plural patterns, and each singular candidate the
 * pattern yields is kept if the lexicon knows it as a singular noun or adjective.
 */
const L = '([\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc])';
const BROKEN_PLURALS = [
  [new RegExp(`^ا${L}${L}ا${L}$`), (m) => [m[1] + m[2] + m[3], m[1] + m[2] + m[3] + 'ه']], // افعال
  [new RegExp(`^${L}وا${L}${L}$`), (m) => [m[1] + 'ا' + m[2] + m[3], m[1] + 'ا' + m[2] + m[3] + 'ه']], // فواعل
  [new RegExp(`^م${L}ا${L}${L}$`), (m) => ['م' + m[1] + m[2] + m[3], 'م' + m[1] + m[2] + m[3] + 'ه']], // مفاعل
  [new RegExp(`^م${L}ا${L}ی${L}$`), (m) => ['م' + m[1] + m[2] + 'و' + m[3], 'م' + m[1] + m[2] + 'ی' + m[3]]], // مفاعیل
  [new RegExp(`^${L}${L}ا${L}ی${L}$`), (m) => [m[1] + m[2] + m[3] + 'ی' + m[4], m[1] + m[2] + m[3] + 'و' + m[4]]], // تفاعیل
  [new RegExp(`^ا${L}ا${L}ی${L}$`), (m) => [m[1] + m[2] + 'ی' + m[3]]], // افاعیل
  [new RegExp(`^${L}${L}و${L}$`), (m) => [m[1] + m[2] + m[3]]], // فعول
  [new RegExp(`^${L}${L}${L}اء?$`), (m) => [m[1] + m[2] + 'ی' + m[3], m[1] + 'ا' + m[2] + m[3]]], // فعلا
  [new RegExp(`^${L}${L}ا${L}$`), (m) => [m[1] + m[2] + m[3], m[1] + 'ا' + m[2] + m[3]]], // فعال
  [new RegExp(`^${L}وا${L}$`), (m) => [m[1] + 'ا' + m[2] + 'ه', m[1] + 'ا' + m[2] + m[2] + 'ه']], // فواع (مواد)
  [new RegExp(`^ا${L}${L}${L}ه$`), (m) => [m[2] + m[1] + 'ی' + m[3], m[1] + m[2] + 'ی' + m[3]]], // افعله
  [new RegExp(`^${L}${L}ا[یئ]${L}$`), (m) => [m[1] + m[2] + 'ی' + m[3] + 'ه', m[1] + m[2] + 'ی' + m[3], m[1] + 'ا' + m[2] + m[3] + 'ه', m[1] + m[2] + 'ی' + m[3] + 'ت', m[1] + m[2] + 'ا' + m[3] + 'ت']], // فعائل (عقاید → عقیده, وسایل → وسیله, فضایل → فضیلت, علایم → علامت)
  [new RegExp(`^${L}${L}ایا$`), (m) => [m[1] + m[2] + 'یه', m[1] + m[2] + 'یت']], // فعایا (قضایا → قضیه, مزایا → مزیت)
  [new RegExp(`^ا${L}ا${L}ی$`), (m) => ['ا' + m[1] + m[2]]], // افاعی (اراضی → ارض, اهالی → اهل)
];
// Extra singulars for the patterns above (tried with the same frequency ranking).
const BROKEN_EXTRA = [
  [new RegExp(`^${L}${L}و${L}$`), (m) => (m[2] === m[3] ? [m[1] + m[2]] : [])], // فعول of a doubled root (خطوط → خط)
  [new RegExp(`^${L}${L}ا${L}ی${L}$`), (m) => [m[1] + m[2] + m[3] + 'ا' + m[4]]], // فعالیل (فرامین → فرمان)
  [new RegExp(`^م${L}ا${L}ی${L}$`), (m) => ['م' + m[1] + m[2] + 'ا' + m[3], ...(m[1] === 'و' ? ['می' + m[2] + 'ا' + m[3]] : [])]], // مفاعیل (میادین → میدان, مقادیر → مقدار, موازین → میزان)
  [new RegExp(`^ا${L}ا${L}ی${L}$`), (m) => ['ا' + m[1] + m[2] + 'ا' + m[3]]], // افاعیل (اساتید → استاد)
  [new RegExp(`^${L}${L}ا${L}$`), (m) => [m[1] + m[2] + m[3] + 'ه']], // فعال (نقاط → نقطه)
];

function brokenPlurals(words) {
  const SING = (1 << BITS.N) | (1 << BITS.AJ);
  const out = [];
  for (const w of [...words.keys()].sort(cmp)) {
    const e = words.get(w);
    if (!(e.bits & (1 << BITS.PL))) continue;
    if (w.length < 4 || w.endsWith('ها') || w.endsWith('ات')) continue;
    // ان is a regular plural ending, except in the افعال pattern (ارکان → رکن, ادیان → دین).
    const regular = w.endsWith('ان');
    let best = null;
    for (const [re, make] of BROKEN_PLURALS) {
      if (regular && re !== BROKEN_PLURALS[0][0]) continue;
      const m = re.exec(w);
      if (!m) continue;
      const extra = BROKEN_EXTRA.flatMap(([re2, make2]) => (regular ? [] : ((x) => (x ? make2(x) : []))(re2.exec(w))));
      for (const c of [...make(m), ...extra]) {
        const ce = words.get(c);
        if (c !== w && ce && ce.bits & SING && !(ce.bits & (1 << BITS.PL)) && (!best || ce.freq > best[1])) best = [c, ce.freq];
      }
      if (best) break;
    }
    if (best) out.push(w + '\t' + best[0]);
  }
  return out;
}

/**
 * Broken plurals for the lemmatiser only (section @plurals.lemma; the tagger's features keep reading
 * @plurals, so its model stays valid). More patterns than brokenPlurals: plurals in ات/ان/ها of the
 * افعال/فعلا shapes (ابیات → بیت, فقها → فقیه), فعل (کتب → کتاب, ملل → ملت), فواعیل (قوانین → قانون),
 * singulars in ت (ممالک → مملکت, مزایا → مزیت), weak roots (اعضاء → عضو, اوامر → امر). Candidates of a
 * form's own pattern outrank the extra shapes, the first (most specific) pattern with one decides
 * (احادیث → حدیث, not احداث; شیاطین → شیطان), and among its singulars the most frequent wins.
 * A singular the sources also mark plural is accepted at a lower rank (رعایا → رعیت).
 */
const LEMMA_PLURALS = [
  // [pattern, primary singulars, extra singulars]
  [new RegExp(`^ا${L}${L}ا${L}$`), (m) => [m[1] + m[2] + m[3], m[1] + m[2] + m[3] + 'ه'], (m) => ('ءاوی'.includes(m[3]) ? [m[1] + m[2] + 'و', m[1] + m[2] + 'ی', m[1] + m[2] + 'ء'] : [])], // افعال (ارکان → رکن; weak root: اعضاء → عضو)
  [new RegExp(`^ا${L}${L}ا$`), () => [], (m) => [m[1] + m[2] + 'و', m[1] + m[2] + 'ء', m[1] + m[2] + 'ی']], // افعا (اعضا → عضو, اجزا → جزء; after فعلا: ادبا → ادیب)
  [new RegExp(`^${L}وا${L}${L}$`), (m) => [m[1] + 'ا' + m[2] + m[3], m[1] + 'ا' + m[2] + m[3] + 'ه', m[1] + 'ا' + m[2] + m[3] + 'ت'], (m) => (m[1] === 'ا' ? ['ا' + m[2] + m[3]] : [])], // فواعل (عوامل → عامل; اوامر → امر)
  [new RegExp(`^${L}وا${L}ی${L}$`), (m) => [m[1] + 'ا' + m[2] + 'و' + m[3], m[1] + 'ا' + m[2] + 'ی' + m[3]], () => []], // فواعیل (قوانین → قانون)
  [new RegExp(`^م${L}ا${L}${L}$`), (m) => ['م' + m[1] + m[2] + m[3], 'م' + m[1] + m[2] + m[3] + 'ه', 'م' + m[1] + m[2] + m[3] + 'ت'], () => []], // مفاعل (ممالک → مملکت)
  [new RegExp(`^م${L}ا${L}ی${L}$`), (m) => ['م' + m[1] + m[2] + 'و' + m[3], 'م' + m[1] + m[2] + 'ی' + m[3], 'م' + m[1] + m[2] + 'ا' + m[3], ...(m[1] === 'و' ? ['می' + m[2] + 'ا' + m[3]] : [])], () => []], // مفاعیل (مقادیر → مقدار, میادین → میدان)
  [new RegExp(`^ا${L}ا${L}ی${L}$`), (m) => [m[1] + m[2] + 'ی' + m[3]], (m) => ['ا' + m[1] + m[2] + 'ا' + m[3]]], // افاعیل (احادیث → حدیث; اساتید → استاد)
  [new RegExp(`^${L}${L}ا${L}ی${L}$`), (m) => [m[1] + m[2] + m[3] + 'ی' + m[4], m[1] + m[2] + m[3] + 'و' + m[4], m[1] + m[2] + m[3] + 'ا' + m[4]], () => []], // تفاعیل, فعالیل (شیاطین → شیطان)
  [new RegExp(`^${L}${L}و${L}$`), (m) => [m[1] + m[2] + m[3], ...(m[2] === m[3] ? [m[1] + m[2]] : [])], () => []], // فعول (خطوط → خط)
  [new RegExp(`^${L}${L}${L}اء?$`), (m) => [m[1] + m[2] + 'ی' + m[3], m[1] + 'ا' + m[2] + m[3]], () => []], // فعلا (فقها → فقیه)
  [new RegExp(`^${L}${L}ا${L}$`), (m) => [m[1] + m[2] + m[3], m[1] + 'ا' + m[2] + m[3], m[1] + m[2] + m[3] + 'ه'], () => []], // فعال (قلاع → قلعه)
  [new RegExp(`^${L}وا${L}$`), (m) => [m[1] + 'ا' + m[2] + 'ه', m[1] + 'ا' + m[2] + m[2] + 'ه'], () => []], // فواع (مواد)
  [new RegExp(`^ا${L}${L}${L}ه$`), (m) => [m[2] + m[1] + 'ی' + m[3], m[1] + m[2] + 'ی' + m[3]], () => []], // افعله
  [new RegExp(`^${L}${L}ا[یئ]${L}$`), (m) => [m[1] + m[2] + 'ی' + m[3] + 'ه', m[1] + m[2] + 'ی' + m[3], m[1] + 'ا' + m[2] + m[3] + 'ه', m[1] + m[2] + 'ی' + m[3] + 'ت', m[1] + m[2] + 'ا' + m[3] + 'ت'], () => []], // فعائل
  [new RegExp(`^${L}${L}ایا$`), (m) => [m[1] + m[2] + 'یه', m[1] + m[2] + 'یت'], () => []], // فعایا (مزایا → مزیت, رعایا → رعیت)
  [new RegExp(`^ا${L}ا${L}ی$`), (m) => ['ا' + m[1] + m[2]], () => []], // افاعی
  // فعل of a doubled root only (ملل → ملت, علل → علت); other three-letter forms are mostly singulars (خلق, فرق).
  [new RegExp(`^${L}${L}${L}$`), (m) => (m[2] === m[3] ? [m[1] + m[2] + 'ت', m[1] + m[2] + 'ه'] : []), () => []],
];

const AFAL = LEMMA_PLURALS[0][0];
const FALA = LEMMA_PLURALS[9][0];

function lemmaPlurals(words) {
  const SING = (1 << BITS.N) | (1 << BITS.AJ);
  const PL = 1 << BITS.PL;
  const out = [];
  for (const w of [...words.keys()].sort(cmp)) {
    const e = words.get(w);
    if (!(e.bits & PL) || w.length < 3) continue;
    // Regular plural endings only in the shapes where they are part of the pattern (ابیات, ارکان, فقها),
    // and never when the form is a known word plus that ending (سرها, دستان).
    const ending = ['ها', 'ات', 'ان'].find((x) => w.endsWith(x));
    if (ending && words.has(w.slice(0, -ending.length)) && (words.get(w.slice(0, -ending.length)).bits & SING)) continue;
    let best = null;
    for (const [re, primary, extra] of LEMMA_PLURALS) {
      if (ending === 'ها' && re !== FALA) continue;
      if ((ending === 'ات' || ending === 'ان') && re !== AFAL) continue;
      const m = re.exec(w);
      if (!m) continue;
      const cands = [...primary(m).map((c) => [c, 100]), ...extra(m).map((c) => [c, 0])];
      for (const [c, bonus] of cands) {
        const ce = words.get(c);
        if (c === w || !ce || !(ce.bits & SING)) continue;
        const score = bonus + Math.log2(ce.freq + 1) - (ce.bits & PL ? 6 : 0);
        if (!best || score > best[1] || (score === best[1] && cmp(c, best[0]) < 0)) best = [c, score, bonus > 0];
      }
      // The first (most specific) pattern with a singular of its own shape decides.
      if (best && best[2]) break;
    }
    if (best) out.push(w + '\t' + best[0]);
  }
  return out;
}

/**
 * Named-entity facts: how often a form occurs inside an annotated entity (and of which type)
 * in the NER training corpora. Feeds the tagger's PROPN decisions. Only ratios are kept.
 */
function nerFacts(dataDir, files) {
  const stats = new Map(); // form -> [total, inEntity, Map(type -> n)]
  for (const [file, sep] of files) {
    let text;
    try { text = readFileSync(join(dataDir, file), 'utf8'); } catch { continue; }
    for (const line of text.split('\n')) {
      const i = line.lastIndexOf(sep);
      if (i <= 0) continue;
      const form = norm(line.slice(0, i).replace(/ /g, '\u200c'));
      const tag = line.slice(i + 1).trim();
      if (!form) continue;
      let st = stats.get(form);
      if (!st) stats.set(form, (st = [0, 0, new Map()]));
      st[0]++;
      if (tag !== 'O' && tag.length > 2) {
        st[1]++;
        const t = tag.slice(2);
        st[2].set(t, (st[2].get(t) ?? 0) + 1);
      }
    }
  }
  const out = [];
  for (const f of [...stats.keys()].sort(cmp)) {
    const [n, e, types] = stats.get(f);
    if (e === 0) continue;
    const type = [...types].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0][0];
    out.push(`${f}\t${Math.round((4 * e) / n)}${type}\t${Math.min(9, Math.floor(Math.log2(n + 1)))}`);
  }
  return out;
}

export function buildLexicon(dataDir, options = {}) {
  const words = new Map(); // word -> {bits, freq}
  const entry = (w) => {
    let e = words.get(w);
    if (!e) words.set(w, (e = { bits: 0, freq: 0 }));
    return e;
  };
  const setBit = (w, tag) => {
    w = norm(w);
    if (!w || w.includes('\t') || w.includes(' ')) return;
    entry(w).bits |= 1 << BITS[tag];
  };

  // hazm words.dat: word \t freq \t POS list
  for (const line of readFileSync(join(dataDir, 'hazm-lexicon/words.dat'), 'utf8').split('\n')) {
    const [w0, f, pos] = line.split('\t');
    const w = norm(w0 ?? '');
    if (!w || w.includes(' ')) continue;
    const e = entry(w);
    const fr = Number(f) || 0;
    e.freq = Math.max(e.freq, fr);
    if (pos && pos !== '0') for (const p of pos.split(',')) if (HAZM[p.trim()]) e.bits |= 1 << BITS[HAZM[p.trim()]];
  }
  for (const line of readFileSync(join(dataDir, 'hazm-lexicon/stopwords.dat'), 'utf8').split('\n')) setBit(line, 'STOP');

  // lilak lexicon: word,pos,offensive,...
  for (const line of readFileSync(join(dataDir, 'lilak-lexicon/lexicon'), 'utf8').split('\n')) {
    if (!line || line[0] === '#') continue;
    const [w, pos] = line.split(',');
    if (LILAK[pos]) setBit(w, LILAK[pos]);
  }

  // Verb stems: hazm verbs.dat (past#present) and lilak verbs.htm (infinitive, past, present).
  const verbs = new Map(); // past -> Set(present)
  const addVerb = (past, pres) => {
    past = norm(past);
    pres = norm(pres);
    if (!past && !pres) return;
    let s = verbs.get(past);
    if (!s) verbs.set(past, (s = new Set()));
    if (pres) s.add(pres);
  };
  for (const line of readFileSync(join(dataDir, 'hazm-lexicon/verbs.dat'), 'utf8').split('\n')) {
    const [past, pres] = line.trim().split('#');
    if (past !== undefined && pres !== undefined) addVerb(past, pres);
  }
  const htm = readFileSync(join(dataDir, 'lilak-lexicon/verbs.htm'), 'utf8');
  const rowRe = /<tr><td>\d+<\/td><td[^>]*>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g;
  for (let m; (m = rowRe.exec(htm)); ) addVerb(m[2], m[3]);

  // Facts from the GPL myspell list (the list itself is not shipped): which lexicon words are
  // attested with the plural endings ان / ات / ها. Only words already in the lexicon get a bit.
  const spell = new Set(gunzipSync(readFileSync(join(dataDir, 'myspell-fa/fa_IR.dic.gz'))).toString('utf8').split('\n').slice(1).map(norm));
  for (const [w, e] of words) {
    if (!(e.bits & ((1 << BITS.N) | (1 << BITS.AJ)))) continue;
    if (spell.has(w + 'ان') || (w.endsWith('ه') && spell.has(w.slice(0, -1) + 'گان'))) e.bits |= 1 << BITS.PLAN;
    if (spell.has(w + 'ات') || (w.endsWith('ه') && spell.has(w.slice(0, -1) + 'ات'))) e.bits |= 1 << BITS.PLAT;
    if (spell.has(w + '\u200cها') || spell.has(w + 'ها')) e.bits |= 1 << BITS.PLHA;
  }
  // Gradable: the form with تر/ترین is attested (any word, not only nouns/adjectives).
  for (const [w, e] of words) if (spell.has(w + 'تر') || spell.has(w + '\u200cتر') || spell.has(w + 'ترین') || spell.has(w + '\u200cترین')) e.bits |= 1 << BITS.AJTR;

  // Treebank dev splits: lemma facts (form, UPOS → most frequent lemma, identity included) (kept in their own sections so cross-validation can leave them out).
  const lemmaSection = (file) => {
    const counts = new Map();
    const stems = new Map();
    const upos = new Map();
    for (const r of readConllu(join(dataDir, file))) {
      const fu = upos.get(r.form) ?? new Set();
      fu.add(r.upos);
      upos.set(r.form, fu);
      const k = r.form + '\t' + r.upos;
      let m = counts.get(k);
      if (!m) counts.set(k, (m = new Map()));
      m.set(r.lemma, (m.get(r.lemma) ?? 0) + 1);
      const ol = /OrigLemma=([^|]*)/.exec(r.misc);
      if (ol && ol[1].includes('#')) {
        const [past, pres] = ol[1].split('#');
        if (past && pres && !PREVERB_SET.has(past)) stems.set(past + '\t' + pres, 1);
      }
    }
    const out = [];
    for (const [k, m] of counts) {
      const best = [...m].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0][0];
      out.push(k + '\t' + best);
    }
    const up = [...upos.keys()].sort(cmp).map((f) => f + '\t' + [...upos.get(f)].sort(cmp).join(','));
    return { lemmas: out.sort(cmp), stems: [...stems.keys()].sort(cmp), upos: up };
  };
  const perdt = lemmaSection('ud-persian-perdt/fa_perdt-ud-dev.conllu');
  const seraji = lemmaSection('ud-persian-seraji/fa_seraji-ud-dev.conllu');

  const lines = [`#sokhan-lexicon\tv${LEXICON_VERSION}`, '@words'];
  const fb = (f) => (f <= 0 ? 0 : Math.min(31, Math.floor(Math.log2(f + 1))));
  for (const w of [...words.keys()].sort(cmp)) {
    const e = words.get(w);
    lines.push(`${w}\t${e.bits.toString(36)}\t${fb(e.freq).toString(36)}`);
  }
  lines.push('@verbs');
  // Verb frequency class: how often forms built on the verb's past stem (which, unlike present
  // stems, are not shared between verbs: رو → رفت/رست) occur in the Fars news sample. Only
  // the counts are kept, never the text.
  const paragraphs = newsParagraphs(dataDir);
  const newsCounts = countNewsTokens(paragraphs);
  const vfreq = (past) => {
    let f = 0;
    for (const pre of ['', 'ن', 'می\u200c', 'نمی\u200c'])
      for (const e of ['', 'م', 'ی', 'یم', 'ید', 'ند', 'ه', 'ن', 'ه\u200cاند', 'ه\u200cاست']) f += newsCounts.get(pre + past + e) ?? 0;
    return fb(f);
  };
  for (const past of [...verbs.keys()].sort(cmp)) {
    const pres = [...verbs.get(past)].sort(cmp);
    lines.push(past + '\t' + pres.join(',') + '\t' + vfreq(past).toString(36));
  }
  lines.push('@verbs.dev');
  const known = new Set([...verbs].flatMap(([p, s]) => [...s].map((x) => p + '\t' + x)));
  for (const s of [...new Set([...perdt.stems, ...seraji.stems])].sort(cmp)) if (!known.has(s)) lines.push(s + '\t' + vfreq(s.split('\t')[0]).toString(36));
  lines.push('@lemmas.perdt', ...perdt.lemmas);
  lines.push('@lemmas.seraji', ...seraji.lemmas);
  lines.push('@upos.perdt', ...perdt.upos);
  lines.push('@upos.seraji', ...seraji.upos);
  const nerFiles = [['parstwiner/train.txt', '\t'], ['parstwiner/dev.txt', '\t']];
  // PEYMA train is for research use only: see the model card.
  if (options.researchNer) nerFiles.push(['peyma-ner/train.txt', '|']);
  lines.push('@ne', ...nerFacts(dataDir, nerFiles));
  lines.push('@plurals', ...brokenPlurals(words));
  lines.push('@plurals.lemma', ...lemmaPlurals(words));
  lines.push('@ctx', ...contextFacts(paragraphs, words, newsCounts));
  lines.push('@end', '');
  return lines.join('\n');
}
