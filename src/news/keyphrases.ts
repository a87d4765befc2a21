/**
 * Key phrases: candidate phrases are maximal runs (1–4 words) of content words between stop
 * words, verbs, numbers and punctuation (RAKE, Rose et al. 2010). Phrases are grouped by a
 * lemma key (plural «ها/های/هایی» and ZWNJ folded, so «همکاری‌های دفاعی» and «همکاری دفاعی» are
 * one phrase, shown in its most frequent form). Score = mean document frequency of the phrase's
 * words × (1 + ln phrase frequency) × a length weight (1 word 0.3, 2 words 1.2, 3 words 1.1,
 * 4 words 0.8) × 1.5 if the phrase occurs in the title or lead (× 0.5 for a single word seen fewer
 * than 3 times). Verbs (lemmatiser) are excluded, and so is the nominal part of a compound verb
 * (the last word of a run that a verb ends).
 */
import { LIGHT_VERBS, SPEECH, STOPWORDS, AGENCIES } from './lexicon.js';
import type { Para } from './structure.js';
import { foldKey, type Tok } from './text.js';
import { analyzeVerb } from '../morph/lemmatize.js';

const verbCache = new Map<string, boolean>();
let verbAnalyserOk = true;
/** A finite verb or participle (via the sokhan lemmatiser when its lexicon loads); nouns in «ی» are not verbs. */
function isVerbForm(word: string): boolean {
  if (!verbAnalyserOk || word.endsWith('ی') || word.length < 3) return false;
  let v = verbCache.get(word);
  if (v === undefined) {
    try {
      v = analyzeVerb(word) !== null;
    } catch {
      verbAnalyserOk = false;
      v = false;
    }
    if (verbCache.size > 50000) verbCache.clear();
    verbCache.set(word, v);
  }
  return v;
}

const EXTRA_STOP = new Set(
  ['خبرگزاری', 'گزارش', 'خبرنگار', 'وی', 'او', 'ایشان', 'اظهار', 'ادامه', 'افزود', 'گفت', 'همچنین', 'نیز', 'اینکه', 'بیان', 'تصریح', 'خاطرنشان', 'عنوان', 'اشاره', 'تاکید',
    'گفتنی', 'انتهای', 'پیام', 'امروز', 'دیروز', 'سال', 'ماه', 'روز', 'هفته', 'جاری', 'گذشته', 'آینده', 'کرد', 'کردند', 'شد', 'شدند', 'داد', 'دادند', 'داشت', 'داشتند', 'باشد', 'باشند', 'شود', 'شوند', 'کند', 'کنند', 'دهد', 'دهند', 'دارد', 'دارند', 'است', 'هستند', 'بود', 'بودند', 'گرفت', 'گیرد', 'رسید', 'رسد', 'خواهد', 'خواهند', 'یکی', 'برخی', 'بسیار', 'زیادی', 'مختلف', 'دیگر', 'سایر', 'همه', 'تمام', 'هیچ', 'چند', 'بیش', 'بیشتر', 'کمتر', 'حدود', 'ره', 'س', 'ع', 'ص'].map(foldKey),
);

const PLURALS = ['هایی', 'های', 'ها'].map(foldKey);
const LENGTH_WEIGHT = [0, 0.3, 1.2, 1.1, 0.8];
const VERBISH = new Set(['است', 'بود', 'شد', 'کرد', 'باشد', 'شود', 'کند', 'دارد', 'داشت', 'نیست', 'هست', 'گردد', 'گردید', 'نمود', 'داد', 'دهد', 'یافت', 'یابد'].map(foldKey));

/** Lemma-ish key of a word: plural suffix and ezafe «ی» after a plural removed. */
export function wordLemmaKey(key: string): string {
  for (const p of PLURALS) if (key.length > p.length + 2 && key.endsWith(p)) return key.slice(0, -p.length);
  return key;
}

function isContent(t: Tok): boolean {
  if (t.kind !== 'word') return false;
  const k = t.key;
  if (k.length < 2 || STOPWORDS.has(k) || EXTRA_STOP.has(k) || LIGHT_VERBS.has(k)) return false;
  if ((k.startsWith('می') || k.startsWith('نمی')) && k.length > 4) return false; // present/imperfect verbs
  if (isVerbForm(t.text)) return false;
  if (/^[a-zA-Z]{1,2}$/.test(k)) return false;
  return true;
}

export interface Keyphrase {
  text: string;
  score: number;
}

export function keyphrases(paras: readonly Para[], n: number): Keyphrase[] {
  type Cand = { keys: string[]; lemma: string; forms: Map<string, number>; freq: number; head: boolean };
  const cands = new Map<string, Cand>();
  const wordFreq = new Map<string, number>();
  const wordDeg = new Map<string, number>();
  for (const p of paras) {
    const toks = p.toks;
    let run: Tok[] = [];
    const flush = (): void => {
      // Split long runs into 4-word windows from the left.
      for (let s = 0; s < run.length; s += 4) {
        const part = run.slice(s, s + 4);
        if (!part.length) continue;
        const lemmaKeys = part.map((t) => wordLemmaKey(t.key));
        const lemma = lemmaKeys.join(' ');
        let c = cands.get(lemma);
        if (!c) cands.set(lemma, (c = { keys: lemmaKeys, lemma, forms: new Map(), freq: 0, head: false }));
        c.freq++;
        if (p.zone !== 'body') c.head = true;
        const form = part.map((t) => t.text).join(' ');
        c.forms.set(form, (c.forms.get(form) ?? 0) + 1);
        for (const k of lemmaKeys) {
          wordFreq.set(k, (wordFreq.get(k) ?? 0) + 1);
          wordDeg.set(k, (wordDeg.get(k) ?? 0) + part.length);
        }
      }
      run = [];
    };
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      const verb = SPEECH.matchAt(toks, i);
      const agency = AGENCIES.matchAt(toks, i);
      if (verb || agency || !isContent(t)) {
        // A run that ends right before a verb ends with the verb's nominal part («… خاتمه بخشد»): drop it.
        if (run.length && t.kind === 'word' && (verb || VERBISH.has(t.key) || LIGHT_VERBS.has(t.key) || isVerbForm(t.text) || ((t.key.startsWith('می') || t.key.startsWith('نمی')) && t.key.length > 4))) run.pop();
        flush();
        if (verb) i = verb.end - 1;
        else if (agency) i = agency.end - 1;
        continue;
      }
      run.push(t);
    }
    flush();
  }
  const scored: Keyphrase[] = [];
  for (const c of cands.values()) {
    // Mean document frequency of the words × phrase frequency × a length preference (2–3 words best).
    let s = 0;
    for (const k of c.keys) s += wordFreq.get(k) ?? 1;
    s /= c.keys.length;
    s *= 1 + Math.log(c.freq);
    s *= LENGTH_WEIGHT[Math.min(c.keys.length, 4)];
    if (c.head) s *= 1.5;
    if (c.keys.length === 1 && c.freq < 3) s *= 0.5;
    let best = '';
    let bestN = -1;
    for (const [f, k] of c.forms) if (k > bestN) [best, bestN] = [f, k];
    scored.push({ text: best, score: s });
  }
  scored.sort((a, b) => b.score - a.score || a.text.localeCompare(b.text));
  // Drop a phrase contained in a higher-ranked one.
  const out: Keyphrase[] = [];
  for (const k of scored) {
    if (out.length >= n) break;
    if (out.some((o) => o.text.includes(k.text))) continue;
    out.push({ text: k.text, score: Math.round(k.score * 1000) / 1000 });
  }
  return out;
}
