/**
 * Rule + lexicon lemmatiser following the UD PerDT conventions:
 * verbs and auxiliaries → past stem (می‌گویند → گفت, نمی‌توان → توانست), nouns lose plural
 * endings and the ezafe/indefinite ی (باورهای → باور), adjectives lose تر/ترین, enclitic
 * pronouns get their full pronoun (ش → او). Facts from the UD dev split override the rules.
 */
import { bit, getLexicon, normalizeKey, type LemmaScheme, type Lexicon } from './lexicon.js';
import { contextKey, NominalRanker, trainNominalRanker, trainRankerOn, type LemmaContext, type RankerExample, type RankPrep } from './nominal-ranker.js';

export type { LemmaContext, RankerExample } from './nominal-ranker.js';

const ZWNJ = '\u200c';
const HAMZA_ABOVE = '\u0654';

export interface LemmatizeOptions {
  /** Lemma conventions: 'perdt' (default) or 'seraji'. */
  scheme?: LemmaScheme;
  /** Lemma facts `form\tupos` → lemma; defaults to the lexicon's facts for the scheme. Pass an empty Map for rules only. */
  facts?: ReadonlyMap<string, string>;
  lexicon?: Lexicon;
  /** Use the nominal lemma ranker learned from the facts for forms the facts do not cover (default: on). */
  learned?: boolean;
  /** With custom `facts`, still fall back on the other treebank's packed facts for nominals (cross-validation). */
  crossFacts?: boolean;
  /** Apply the verb lemma remapping learned from the facts (default true). */
  remap?: boolean;
  /** The nominal ranker to use (default: the lexicon's for the scheme, or one trained on `facts`). */
  ranker?: NominalRanker;
  /** The word's neighbours (UPOS, next form): the ranker uses them to tell an indefinite/ezafe ی from a derivational one. */
  context?: LemmaContext;
}

const lemmaCounters = new WeakMap<ReadonlyMap<string, string>, (k: string) => number>();

/** Number of nominal (form, UPOS) facts with each lemma (a ranker feature: is this candidate a known lemma?). */
function lemmaCounter(facts: ReadonlyMap<string, string>): (k: string) => number {
  let f = lemmaCounters.get(facts);
  if (!f) {
    const counts = new Map<string, number>();
    for (const [k, l] of facts) {
      if (!RANKED.has(k.slice(k.lastIndexOf('\t') + 1))) continue;
      const n = normalizeKey(l);
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    f = (k) => counts.get(k) ?? 0;
    lemmaCounters.set(facts, f);
  }
  return f;
}

const remaps = new WeakMap<ReadonlyMap<string, string>, ReadonlyMap<string, string>>();

/**
 * Verb lemma remapping learned from lemma facts: when the forms whose rule lemma is X mostly have
 * the treebank lemma Y ≠ X (at least twice), X → Y (PerDT: گردید → گشت). Sorted `X\tY` lines.
 */
export function learnVerbRemap(facts: ReadonlyMap<string, string>, lex: Lexicon): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const [k, gold] of facts) {
    const t = k.lastIndexOf('\t');
    const u = k.slice(t + 1);
    if (u !== 'VERB' && u !== 'AUX') continue;
    const v = lemmaVerbAnalysis(k.slice(0, t), lex);
    if (!v) continue;
    const a = dropPreverb(verbLemma(v, lex), lex);
    let m = counts.get(a);
    if (!m) counts.set(a, (m = new Map()));
    m.set(gold, (m.get(gold) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const a of [...counts.keys()].sort()) {
    const best = [...counts.get(a)!].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0];
    if (best[0] !== a && best[1] >= 2 && best[0] !== '_') out.set(a, best[0]);
  }
  return out;
}

function remapFor(facts: ReadonlyMap<string, string>, lex: Lexicon): ReadonlyMap<string, string> {
  let r = remaps.get(facts);
  if (!r) {
    r = facts === lex.lemmaFacts.perdt ? lex.verbRemap.perdt : facts === lex.lemmaFacts.seraji ? lex.verbRemap.seraji : learnVerbRemap(facts, lex);
    remaps.set(facts, r);
  }
  return r;
}

/** One ranker per facts map (trained on first use; cross-validation passes each fold's own map). */
const rankers = new WeakMap<ReadonlyMap<string, string>, NominalRanker>();

/**
 * Singular of a broken plural (also with an ezafe/indefinite ی). `forLemma`: the lemmatiser's own
 * table (@plurals.lemma) when the lexicon has one; rules-only calls (the tagger's features) keep @plurals.
 */
function brokenOf(lex: Lexicon, key: string, forLemma = false): string | undefined {
  const t = forLemma && lex.lemmaPlurals.size > 0 ? lex.lemmaPlurals : lex.brokenPlurals;
  return t.get(key) ?? (key.endsWith('ی') ? t.get(key.slice(0, -1)) : undefined);
}

/** Train the nominal lemma ranker on tokens in context (scripts/build-lexicon.js, cross-validation). */
export function trainRankerOnTokens(examples: Iterable<RankerExample>, lex: Lexicon): NominalRanker {
  return trainRankerOn(examples, lex, (form, upos) => {
    const s = trimMarks(form);
    const key = normalizeKey(s);
    return { form: s, key, hand: lemmatizeNominal(form, upos, lex, true), broken: brokenOf(lex, key, true) };
  });
}

export { contextKey };

/** Minimal shape of parsed CoNLL-U sentences (src/eval/conllu.ts). */
export interface LemmaTrainSentence {
  tokens: readonly { words: readonly { form: string; upos: string; lemma: string }[] }[];
}

/** Neighbour context of each word of a sentence, from its forms and UPOS tags. */
export function sentenceContexts(forms: readonly string[], upos: readonly (string | undefined)[]): LemmaContext[] {
  return forms.map((_, i) => ({ prevUpos: upos[i - 1], nextUpos: upos[i + 1], nextForm: forms[i + 1] }));
}

/**
 * Ranker training examples from treebank sentences: the first occurrence of each (form, UPOS)
 * in its context (so frequent words do not outweigh the rare ones the ranker is for).
 */
export function rankerExamples(sentences: Iterable<LemmaTrainSentence>): RankerExample[] {
  const seen = new Set<string>();
  const out: RankerExample[] = [];
  for (const s of sentences) {
    const words = s.tokens.flatMap((t) => t.words);
    const ctx = sentenceContexts(words.map((w) => w.form), words.map((w) => w.upos));
    words.forEach((w, i) => {
      const form = normalizeKey(w.form);
      const k = form + '\t' + w.upos;
      if (seen.has(k) || !RANKED.has(w.upos)) return;
      seen.add(k);
      out.push({ form, upos: w.upos, lemma: w.lemma, ctx: usesContext(form) ? contextKey(ctx[i]) : undefined });
    });
  }
  return out;
}

/**
 * Whether the nominal ranker of a scheme looks at the neighbours. PerDT: yes (10-fold CV, predicted
 * UPOS: 97.99 without → 98.05 with). Seraji: no, the lemma component passes none for it, and a ranker
 * trained without them is the better one there (98.71 trained with, applied without → 98.73).
 */
export const RANKER_CONTEXT: Readonly<Record<LemmaScheme, boolean>> = { perdt: true, seraji: false };

/** The ranker's training examples for a scheme (with context only where the scheme's ranker uses it). */
export function schemeRankerExamples(sentences: Iterable<LemmaTrainSentence>, scheme: LemmaScheme): RankerExample[] {
  const ex = rankerExamples(sentences);
  return RANKER_CONTEXT[scheme] ? ex : ex.map((e) => ({ form: e.form, upos: e.upos, lemma: e.lemma }));
}

/**
 * The ranker looks at the context only for forms ending in ی (indefinite/ezafe or derivational: the
 * ambiguity the neighbours help with); other forms are ranked, and memoised, on their own.
 */
export function usesContext(form: string): boolean {
  let e = form.length - 1;
  while (e > 0 && (form.charCodeAt(e) === 0x200c || form.charCodeAt(e) === 0x0654)) e--;
  const c = form.charCodeAt(e);
  return c === 0x06cc || c === 0x064a;
}

const RANKED = new Set(['NOUN', 'PROPN', 'ADJ', 'ADV']);

/** Train the nominal lemma ranker on a facts map (used by scripts/build-lexicon.js and cross-validation). */
export function trainRanker(facts: ReadonlyMap<string, string>, lex: Lexicon): NominalRanker {
  return trainNominalRanker(facts, lex, (form, upos) => {
    const s = trimMarks(form);
    const key = normalizeKey(s);
    return { form: s, key, hand: lemmatizeNominal(form, upos, lex, true), broken: brokenOf(lex, key, true) };
  });
}

function rankerFor(facts: ReadonlyMap<string, string>, lex: Lexicon): NominalRanker {
  let r = rankers.get(facts);
  if (!r) {
    // The lexicon ships the rankers trained on its own facts; other facts (cross-validation) train one here.
    for (const sc of ['perdt', 'seraji'] as const) {
      if (facts === lex.lemmaFacts[sc] && lex.rankerWeights[sc].size > 0) {
        r = new NominalRanker(lex.rankerWeights[sc]);
        rankers.set(facts, r);
        return r;
      }
    }
    r = trainRanker(facts, lex);
    rankers.set(facts, r);
  }
  return r;
}

/** A plural pronoun with the indefinite/relative ی (آنهایی → آنها, آنانی → آنان), when the lexicon lists the base as a pronoun. */
function pluralPronounBase(key: string, lex: Lexicon): string | undefined {
  for (const suf of ['یی', 'ی']) {
    if (!key.endsWith(suf)) continue;
    const base = key.slice(0, key.length - suf.length);
    if ((base.endsWith('ها') || base.endsWith('ان')) && base.length >= 3 && (lex.bits(base) & bit('PRO')) !== 0) return base;
  }
  return undefined;
}

/** Enclitic pronouns (the second part of a UD multi-word token) and their full pronouns. */
const CLITIC_PRONOUNS: Record<string, string> = {
  م: 'من', ام: 'من', یم: 'من', ت: 'تو', ات: 'تو', یت: 'تو', ش: 'او', اش: 'او', یش: 'او',
  مان: 'ما', یمان: 'ما', امان: 'ما', تان: 'شما', یتان: 'شما', اتان: 'شما', شان: 'آنها', یشان: 'آنها', اشان: 'آنها',
};

const VERB_PREFIXES = ['', 'ن', 'نمی', 'می', 'ب', 'همی'];
const PREVERBS = ['', 'بر', 'در', 'فرا', 'باز', 'وا', 'فرو', 'ور'];
/** Person endings after ZWNJ is removed; participle forms start with ه. */
const VERB_ENDINGS = ['', 'م', 'ی', 'د', 'یم', 'ید', 'ند', 'ن', 'ه', 'هام', 'های', 'هایم', 'هاید', 'هاند', 'هاست', 'ست', 'است', 'ام', 'ای', 'ایم', 'اید', 'اند'];

export interface VerbAnalysis {
  /** Lemma: the past stem (or the present stem for verbs without one, e.g. هست). */
  lemma: string;
  past: string;
  present: string;
  prefix: string;
  preverb: string;
  ending: string;
  /** Which stem the surface form was built on. */
  stem: 'past' | 'present';
  negative: boolean;
}

/** Whether stem[0, end) ends in a long vowel letter (و ا آ), after which a glide ی is written. */
function isVowelFinal(stem: string, end: number): boolean {
  const c = stem.charCodeAt(end - 1);
  return c === 0x0648 || c === 0x0627 || c === 0x0622;
}

function strip(word: string): string {
  let s = normalizeKey(word);
  if (s.indexOf(' ') >= 0 || s.indexOf(ZWNJ) >= 0) s = s.replace(/[ \u200c]+/g, '');
  return s;
}

/**
 * Analyse a verb form (ZWNJ, spaces or neither between its parts) into stems and affixes,
 * using the lexicon's stem tables. Returns null if no stem of a known verb is found.
 */
export function analyzeVerb(word: string, lexicon: Lexicon = getLexicon()): VerbAnalysis | null {
  return analyzeVerbWith(word, lexicon, true);
}

/** analyzeVerb, with or without the preverb analyses. */
function analyzeVerbWith(word: string, lexicon: Lexicon, preverbs: boolean): VerbAnalysis | null {
  let s = strip(word);
  if (s.length < 1 || s.length > 40) return null;
  // Future: «خواهد رفت» written as one string → the main verb.
  if (word.indexOf(' ') > 0) {
    const parts = word.trim().split(/\s+/);
    if (parts.length === 2 && /^ن?خواه(م|ی|د|یم|ید|ند)$/.test(strip(parts[0]))) {
      const main = analyzeVerbWith(parts[1], lexicon, preverbs);
      if (main) return main;
    }
  }
  // Copula: است/هست/نیست have no past stem in UD (نیست → هست).
  const cop = /^(ن?)(?:ا?ست|هست|یست)(م|ی|یم|ید|ند)?$/.exec(s);
  if (cop && (s.startsWith('است') || s.startsWith('ست') || s.startsWith('هست') || s.startsWith('نیست'))) {
    const neg = s.startsWith('نیست');
    const lemma = s.startsWith('هست') || neg ? 'هست' : 'است';
    return { lemma, past: '', present: lemma, prefix: neg ? 'ن' : '', preverb: '', ending: cop[2] ?? '', stem: 'present', negative: neg };
  }
  let best: VerbAnalysis | null = null;
  let bestScore = -Infinity;
  for (const pv of PREVERBS) {
    if (pv && (!preverbs || !s.startsWith(pv))) continue;
    const afterPv = s.slice(pv.length);
    for (const p of VERB_PREFIXES) {
      if (p && !afterPv.startsWith(p)) continue;
      let r = afterPv.slice(p.length);
      if (r.length === 0) continue;
      const variants = [r];
      // ن/ب/می before a stem starting with آ or ا: نیامد, بیاید, نیفتاد.
      if (p && r.charCodeAt(0) === 0x06cc && r.length > 1) {
        const rest = r.slice(1);
        if (rest[0] === 'ا') variants.push('آ' + rest.slice(1), rest);
        else variants.push('ا' + rest, 'آ' + rest);
      }
      for (r of variants) {
        for (const e of VERB_ENDINGS) {
          if (e && !(r.length > e.length && r.endsWith(e))) continue;
          const stem = e ? r.slice(0, r.length - e.length) : r;
          const participle = e.startsWith('ه') || e === 'ست' || e === 'است' || (e.length >= 2 && e[0] === 'ا');
          const cands: [string, 'past' | 'present'][] = [];
          if (lexicon.isPastStem(stem)) cands.push([stem, 'past']);
          if (!participle) {
            if (lexicon.isPresentStem(stem)) cands.push([stem, 'present']);
            // A glide ی after a present stem that ends in a vowel: می‌گویم = گو + ی + م. Never after a
            // consonant: می‌کنیم is کن + یم (1pl), not «کنی» + م.
            else if (stem.length > 2 && stem.endsWith('ی') && isVowelFinal(stem, stem.length - 1) && lexicon.isPresentStem(stem.slice(0, -1))) cands.push([stem.slice(0, -1), 'present']);
          }
          for (const [st, kind] of cands) {
            // ب + past stem, or a bare present stem with no ending and no prefix, are unlikely.
            if (kind === 'past' && p === 'ب') continue;
            if (kind === 'past' && e.length >= 2 && e[0] === 'ا' && e !== 'اند' && e !== 'ام' && e !== 'ای' && e !== 'ایم' && e !== 'اید') continue;
            if (kind === 'past' && (e === 'ست' || e === 'است' || (e[0] === 'ا' && !st.endsWith('ه')))) {
              if (!e.startsWith('ه')) continue;
            }
            const pastList = kind === 'past' ? [st] : lexicon.presentToPast.get(st) ?? [];
            const past = pastList[0] ?? '';
            const vf = lexicon.verbFreq.get(past || '#' + st) ?? 0;
            // Longest analysis first (a preverb counts as part of it: UD drops it, برگزیده → گزید), then verb frequency.
            let score = (st.length + pv.length) * 2 + vf + (e ? 1 : 0) + (kind === 'past' ? 0.5 : 0) - (p ? 0.2 : 0) + (pv ? 1 : 0);
            if (kind === 'present' && !e && p !== 'ب' && p !== 'نمی' && p !== 'می') score -= 4;
            if (score > bestScore) {
              const present = kind === 'present' ? st : lexicon.pastToPresent.get(st)?.[0] ?? '';
              bestScore = score;
              best = { lemma: past || st, past, present, prefix: p, preverb: pv, ending: e, stem: kind, negative: p === 'ن' || p === 'نمی' };
            }
          }
        }
      }
    }
  }
  return best;
}

/** Tags the tagger confuses with each other; a dev fact for one is used for the others. */
const RELATED_TAGS: Record<string, readonly string[]> = {
  VERB: ['AUX'],
  AUX: ['VERB'],
};

const NOMINAL_ENDING = /^(ه|ها|های|ان|ات)$/;

const COPULA_CLITICS = new Set(['م', 'ی', 'یم', 'ید', 'ند', 'یند', 'ام', 'ای', 'ایم', 'اید', 'اند']);

/**
 * The lemmatiser's analysis of a verb form: analyzeVerb's, except that a preverb analysis on a shorter
 * stem gives way to one without a preverb (برساند = ب + رسان + د, not بر + سا + ند; برده = برد + ه, not
 * بر + ده; ورزید = ورزید, not ور + زی + د). analyzeVerb itself (the tagger's features) is unchanged.
 */
function lemmaVerbAnalysis(word: string, lex: Lexicon): VerbAnalysis | null {
  const v = analyzeVerb(word, lex);
  if (v === null || v.preverb === '') return v;
  const w = analyzeVerbWith(word, lex, false);
  return w !== null && stemLength(w) > stemLength(v) ? w : v;
}

function stemLength(v: VerbAnalysis): number {
  return (v.stem === 'present' ? v.present : v.past).length;
}

/** The lemma of an analysed verb, with the lexicon's lemma-only past stem of its present stem (@verbs.lemma). */
function verbLemma(v: VerbAnalysis, lex: Lexicon, treebank = true): string {
  if (v.stem !== 'present' || v.past === '') return v.lemma;
  // With the treebank conventions (lemma facts given), the impersonal modal (می‌توان, نمی‌توان, بتوان: no person
  // ending) has the lemma توان, as in both treebanks (dev: 25 of 26); rules only, the past stem (توانست).
  if (treebank && v.present === 'توان' && v.ending === '' && v.prefix !== '') return 'توان';
  return lex.lemmaPast.get(v.present) ?? v.lemma;
}

/** UD drops a preverb from the lemma (برخاست → خاست, درگذشت → گذشت) when the rest is a verb's past stem. */
function dropPreverb(lemma: string, lex: Lexicon): string {
  for (let i = 1; i < PREVERBS.length; i++) {
    const pv = PREVERBS[i];
    if (lemma.length - pv.length >= 2 && lemma.startsWith(pv) && lex.isPastStem(lemma.slice(pv.length))) return lemma.slice(pv.length);
  }
  return lemma;
}

function trimMarks(s: string): string {
  let end = s.length;
  while (end > 1 && (s.charCodeAt(end - 1) === 0x200c || s.charCodeAt(end - 1) === 0x0654)) end--;
  // ۀ (heh with hamza, an ezafe spelling) → ه
  if (end > 1 && s.charCodeAt(end - 1) === 0x06c0) return s.slice(0, end - 1) + '\u0647';
  return end === s.length ? s : s.slice(0, end);
}

const NOMINAL = bit('N') | bit('AJ') | bit('ADV') | bit('RES') | bit('NUM') | bit('PRO');

function known(lex: Lexicon, w: string): boolean {
  return w.length >= 2 && (lex.bits(w) & NOMINAL) !== 0;
}

/** Nouns, proper nouns, adjectives, adverbs: strip plural, comparative and ezafe/indefinite endings. */
function lemmatizeNominal(form: string, upos: string | undefined, lex: Lexicon, withFacts = false): string {
  const s = trimMarks(form);
  const key = normalizeKey(s);
  const b = lex.bits(key);
  const isKnownPlural = (b & bit('PL')) !== 0;
  const isAdj = upos === 'ADJ' || upos === 'ADV';
  const keep = (b & NOMINAL) !== 0 && !isKnownPlural;
  const broken = brokenOf(lex, key, withFacts);
  if (broken !== undefined && upos !== 'ADJ') return broken;
  // Explicit ZWNJ-joined suffixes are unambiguous.
  const z = s.lastIndexOf(ZWNJ);
  if (z > 0) {
    const suf = s.slice(z + 1);
    const base = s.slice(0, z);
    // An adjective in ‌ای/‌ی on a noun is relational and keeps it (رسانه‌ای); on an adjective it is the indefinite (برجسته‌ای → برجسته).
    if ((suf === 'ای' || suf === 'ی') && upos === 'ADJ') {
      const bb = lex.bits(normalizeKey(base));
      if ((bb & bit('AJ')) === 0 && (bb & bit('N')) !== 0) return s;
    }
    if (suf === 'ها' || suf === 'های' || suf === 'هایی' || suf === 'هایم' || suf === 'هایش' || suf === 'ای' || suf === 'ی' || suf === 'یی') return trimMarks(base);
    if ((suf === 'تر' || suf === 'ترین' || suf === 'تری' || suf === 'ترها') && upos !== 'NOUN' && upos !== 'PROPN') return trimMarks(base);
  }
  if (keep) {
    // Comparative adjectives listed in the lexicon still lose تر/ترین in UD.
    if (isAdj && (b & (bit('AJC') | bit('AJS'))) !== 0) {
      for (const suf of ['ترین', 'تری', 'تر']) if (key.endsWith(suf) && key.length > suf.length + 1) return s.slice(0, s.length - suf.length);
    }
    return s;
  }
  const tries: [string, string][] = [
    ['هایی', ''], ['های', ''], ['ها', ''],
    ['ترین', ''], ['تری', ''], ['تر', ''],
    ['گان', 'ه'], ['یان', ''], ['یان', 'ی'], ['ان', ''], ['ین', ''],
    ['جات', ''], ['یات', 'ه'], ['ات', ''], ['ات', 'ه'], ['ات', 'ت'],
    ['انی', ''], ['اتی', ''], ['ای', ''], ['یی', ''], ['ی', ''],
  ];
  const endsI = key.endsWith('ی');
  for (const [suf, add] of tries) {
    if (!key.endsWith(suf) || key.length < suf.length + 2) continue;
    if ((suf === 'تر' || suf === 'ترین' || suf === 'تری') && upos !== undefined && !isAdj) continue;
    // A relational adjective in ی (اقتصادی) keeps it; a noun's ی goes only if the base is a noun.
    if (endsI && isAdj && suf !== 'تری' && suf.endsWith('ی')) continue;
    if (suf === 'ی' && !isAdj && (lex.bits(key.slice(0, -1)) & bit('N')) === 0) continue;
    const base = key.slice(0, key.length - suf.length) + add;
    if (known(lex, base)) return s.slice(0, s.length - suf.length) + add;
  }
  // Unknown word: strip the unambiguous plural ها endings anyway.
  for (const suf of ['هایی', 'های', 'ها']) if (key.endsWith(suf) && key.length >= suf.length + 2) return s.slice(0, s.length - suf.length);
  return s;
}

/**
 * Lemma of one word, given its UPOS if known. `upos` undefined: guessed from the form
 * (a verb if it parses as one and the lexicon does not list it as a noun/adjective).
 */
export function lemmatize(word: string, upos?: string, options: LemmatizeOptions = {}): string {
  if (typeof word !== 'string' || word.length === 0) return '';
  if (word.length > 200) return word;
  const lex = options.lexicon ?? getLexicon();
  const facts = options.facts ?? lex.lemmaFacts[options.scheme ?? 'perdt'];
  // Lemmas of frequent words repeat: a memo per (facts, scheme, UPOS) for calls without overrides;
  // a word whose lemma the context can change keeps its prepared ranking, scored per context.
  if (facts.size === 0 || options.ranker !== undefined || options.learned !== undefined || options.remap !== undefined || options.crossFacts !== undefined) {
    return lemmatizeUncached(word, upos, options, lex, facts) as string;
  }
  const e = entryOf(word, upos, options, lex, facts);
  if (typeof e === 'string') return e;
  return options.context !== undefined ? e.inContext(contextKey(options.context)) : e.plain;
}

/**
 * The lemma of a word whose ranking reads the context: the ranker's prepared candidates, scored
 * per context key (and remembered per key: context keys repeat).
 */
export class ContextLemma {
  private readonly memo = new Map<string, string>();
  /** The lemma without a context, once asked for (most entries are only ever asked in a context). */
  private plainLemma: string | undefined = undefined;

  constructor(
    private readonly ranker: NominalRanker,
    private readonly prep: RankPrep,
  ) {}

  /** The lemma without a context. */
  get plain(): string {
    let l = this.plainLemma;
    if (l === undefined) this.plainLemma = l = this.ranker.choosePrepared(this.prep, undefined);
    return l;
  }

  /** The lemma in the context of key `ck` (see contextKey). */
  inContext(ck: string): string {
    let l = this.memo.get(ck);
    if (l === undefined) {
      l = this.ranker.choosePrepared(this.prep, ck);
      if (this.memo.size >= 256) this.memo.clear();
      this.memo.set(ck, l);
    }
    return l;
  }
}

/**
 * For the lemma component: the lemma of `word` in every context (a string), or a ContextLemma when
 * the neighbours can change it; undefined when `options` override the defaults (call lemmatize).
 * `options.context` is ignored. Same results as lemmatize(word, upos, { ...options, context }).
 */
export function lemmaEntry(word: string, upos: string | undefined, options: LemmatizeOptions = {}): string | ContextLemma | undefined {
  if (typeof word !== 'string' || word.length === 0) return '';
  if (word.length > 200) return word;
  const lex = options.lexicon ?? getLexicon();
  const facts = options.facts ?? lex.lemmaFacts[options.scheme ?? 'perdt'];
  if (facts.size === 0 || options.ranker !== undefined || options.learned !== undefined || options.remap !== undefined || options.crossFacts !== undefined) return undefined;
  return entryOf(word, upos, options, lex, facts);
}

function entryOf(word: string, upos: string | undefined, options: LemmatizeOptions, lex: Lexicon, facts: ReadonlyMap<string, string>): string | ContextLemma {
  let byScheme = memos.get(facts);
  if (!byScheme) memos.set(facts, (byScheme = new Map()));
  const sc = options.scheme ?? 'perdt';
  let byTag = byScheme.get(sc);
  if (!byTag) byScheme.set(sc, (byTag = new Map()));
  const tk = upos ?? '';
  let m = byTag.get(tk);
  if (!m) byTag.set(tk, (m = new Map()));
  let l = m.get(word);
  if (l === undefined) {
    l = lemmatizeUncached(word, upos, options, lex, facts, true);
    if (m.size >= 50_000) m.clear();
    m.set(word, l);
  }
  return l;
}

/** Nominal lemma with facts: tagger-error checks, the other treebank's facts, then the ranker (or the hand rules). */
function lemmatizeNominalFull(
  word: string,
  upos: string,
  options: LemmatizeOptions,
  lex: Lexicon,
  facts: ReadonlyMap<string, string>,
  fk: string,
  key: string,
  r: NominalRanker | null,
  ck: string,
  prepare: boolean,
): string | ContextLemma {
  // Robust to a tagger error: a form the lexicon lists only as a verb (نیافتی, دارم), or does
  // not know but that parses as a prefixed finite verb, is lemmatised as one.
  const sk = strip(word);
  const vb = lex.bits(sk);
  const verbOnly = (vb & bit('V')) !== 0 && (vb & NOMINAL) === 0;
  // (An unknown form counts only when it parses with a prefix ن/نمی/می/همی: not without one at its start.)
  if (verbOnly || (vb === 0 && (word.indexOf(' ') >= 0 || mayStartWithVerbPrefix(sk)) && !lex.has(sk))) {
    const v = analyzeVerb(word, lex);
    if (v && v.ending !== '' && !NOMINAL_ENDING.test(v.ending) && (verbOnly || (v.prefix !== '' && v.prefix !== 'ب'))) return dropPreverb(verbLemma(v, lex), lex);
  }
  // A ZWNJ-joined plural ها/های/هایی goes (PerDT dev: 464 of 468 such nouns/adjectives), whatever the other
  // treebank's fact says (Seraji keeps a few: تمرین‌های), except after a number (ده‌ها, the ranker decides).
  const zp = zwnjPluralBase(word, lex);
  if (zp !== undefined) return zp;
  // The other treebank's fact for this (form, UPOS), when this one has none (nominal lemma
  // conventions agree; 10-fold CV: PerDT +0.05, Seraji +0.06). Not with custom facts.
  if (options.facts === undefined || options.crossFacts === true) {
    const other = lex.lemmaFacts[(options.scheme ?? 'perdt') === 'perdt' ? 'seraji' : 'perdt'].get(fk);
    // …except a Seraji fact that keeps a final ی, for PerDT: Seraji keeps an ezafe/indefinite ی far more often
    // (dev nouns/adjectives in ای/وی/آی: Seraji keeps it in 69 of 471, PerDT in 35 of 618); the ranker decides (CV +0.01).
    const keepsI = other !== undefined && (options.scheme ?? 'perdt') === 'perdt' && usesContext(key) && normalizeKey(other) === key;
    if (other !== undefined && !keepsI) return trimMarks(other);
  }
  const hand = lemmatizeNominal(word, upos, lex, true);
  if (!r) return hand;
  // An adjective with a ZWNJ-joined تر/ترین loses it (PerDT dev: 41 of 41; Seraji: 9 of 11), whatever the ranker's
  // few examples of it say (Seraji CV: خطرناک‌تر, شایسته‌ترین were kept).
  if (upos === 'ADJ' && hasZwnjComparative(word)) return hand;
  // …and so does one in تر/ترین/تری whose base the lexicon lists as an adjective (10-fold CV, PerDT and
  // Seraji: +1 to +2 words each; بیشتر is a dev fact, so it keeps its PerDT lemma).
  if (upos === 'ADJ') {
    const c = comparativeBase(word, lex);
    if (c !== undefined) return c;
  }
  const s = trimMarks(word);
  const k = normalizeKey(s);
  void key;
  if (prepare) return new ContextLemma(r, r.prepare(s, k, upos, lex, hand, brokenOf(lex, k, true), lemmaCounter(facts)));
  return r.choose(s, k, upos, lex, hand, brokenOf(lex, k, true), ck || undefined, lemmaCounter(facts));
}

/**
 * Whether `s` (strip()ped, no space) starts with a preverb (or none) and then ن, می or همی: else no
 * analyzeVerb(s) has one of those prefixes (a form without space is analysed from its start).
 */
function mayStartWithVerbPrefix(s: string): boolean {
  for (const pv of PREVERBS) {
    if (pv && !s.startsWith(pv)) continue;
    const c = s.charCodeAt(pv.length);
    if (c === 0x0646 /* ن */ || s.startsWith('می', pv.length) || s.startsWith('همی', pv.length)) return true;
  }
  return false;
}

/** The base of a noun/adjective with a ZWNJ-joined plural ها/های/هایی, unless the base is a number. */
function zwnjPluralBase(word: string, lex: Lexicon): string | undefined {
  const s = trimMarks(word);
  const z = s.lastIndexOf(ZWNJ);
  if (z < 2) return undefined;
  const suf = s.slice(z + 1);
  if (suf !== 'ها' && suf !== 'های' && suf !== 'هایی') return undefined;
  const base = trimMarks(s.slice(0, z));
  if (base.length < 2 || (lex.bits(normalizeKey(base)) & bit('NUM')) !== 0) return undefined;
  return base;
}

/** The base of an adjective in ترین/تری/تر when the lexicon lists the base as an adjective. */
function comparativeBase(word: string, lex: Lexicon): string | undefined {
  const s = trimMarks(word);
  const k = normalizeKey(s);
  for (const suf of ['ترین', 'تری', 'تر']) {
    if (k.endsWith(suf) && k.length >= suf.length + 2) {
      if ((lex.bits(k.slice(0, k.length - suf.length)) & bit('AJ')) !== 0) return s.slice(0, s.length - suf.length);
      return undefined;
    }
  }
  return undefined;
}

function hasZwnjComparative(word: string): boolean {
  const s = trimMarks(word);
  const z = s.lastIndexOf(ZWNJ);
  if (z <= 0) return false;
  const suf = s.slice(z + 1);
  return suf === 'تر' || suf === 'ترین';
}

/** Entries by facts, scheme, UPOS ('' none), then word (see entryOf). */
const memos = new WeakMap<ReadonlyMap<string, string>, Map<string, Map<string, Map<string, string | ContextLemma>>>>();

/**
 * The lemma; `prepared` (default options only): a ContextLemma instead where the ranker would read
 * the context, whether or not options.context is given (it is then ignored).
 */
function lemmatizeUncached(word: string, upos: string | undefined, options: LemmatizeOptions, lex: Lexicon, facts: ReadonlyMap<string, string>, prepared = false): string | ContextLemma {
  const key = normalizeKey(word.indexOf(' ') >= 0 ? word.trim() : word);
  let fk = '';
  if (upos) {
    fk = key + '\t' + upos;
    const f = facts.get(fk);
    if (f !== undefined) return f;
    // Robust to the tagger's usual confusions: a fact for a related tag of the same form.
    const alt = RELATED_TAGS[upos];
    if (alt !== undefined) {
      for (const u of alt) {
        const g = facts.get(key + '\t' + u);
        if (g !== undefined) return g;
      }
    }
  } else {
    for (const u of ['VERB', 'AUX', 'NOUN', 'ADJ', 'PRON']) {
      const f = facts.get(key + '\t' + u);
      if (f !== undefined) return f;
    }
  }
  switch (upos) {
    case 'PUNCT':
    case 'NUM':
    case 'SYM':
    case 'X':
    case 'CCONJ':
    case 'SCONJ':
    case 'INTJ':
    case 'PART':
      return word;
    case 'ADP':
    case 'DET':
      return trimMarks(word);
    case 'PRON':
      // A copula clitic that is not also a pronoun (ند, ید, ای), tagged PRON by mistake → هست.
      return CLITIC_PRONOUNS[key] ?? (COPULA_CLITICS.has(key) && facts.size > 0 ? 'هست' : pluralPronounBase(key, lex) ?? trimMarks(word));
    case 'VERB':
    case 'AUX': {
      // A copula clitic split off a multi-word token (خوشحالیم = خوشحال + یم) → هست.
      if (COPULA_CLITICS.has(key)) return 'هست';
      const v = lemmaVerbAnalysis(word, lex);
      if (!v) return trimMarks(word);
      const l = dropPreverb(verbLemma(v, lex, facts.size > 0), lex);
      return facts.size > 0 && options.remap !== false ? remapFor(facts, lex).get(l) ?? l : l;
    }
    case 'NOUN':
    case 'PROPN':
    case 'ADJ':
    case 'ADV': {
      // Rules only (no facts, as the tagger's features use it): the hand rules.
      if (facts.size === 0) return lemmatizeNominal(word, upos, lex);
      // An enclitic pronoun split off its host (مان, یت), tagged as a noun: the lexicon knows no such word.
      const cp = CLITIC_PRONOUNS[key];
      if (cp !== undefined && (lex.bits(key) & NOMINAL) === 0) return cp;
      // The ranker: 10-fold CV with predicted UPOS +0.6 on PerDT, +0.11 on Seraji (98.62 → 98.73).
      const r = options.learned !== false ? options.ranker ?? rankerFor(facts, lex) : null;
      if (prepared) return lemmatizeNominalFull(word, upos, options, lex, facts, fk, key, r, '', r !== null && usesContext(key));
      const ck = r && options.context && usesContext(key) ? contextKey(options.context) : '';
      const mk = ck ? word + '\t' + ck : word;
      if (r) {
        const c = r.cached(upos, mk);
        if (c !== undefined) return c;
      }
      const l = lemmatizeNominalFull(word, upos, options, lex, facts, fk, key, r, ck, false) as string;
      if (r) r.remember(upos, mk, l);
      return l;
    }
    default: {
      // No UPOS: a verb if the lexicon marks the form as one, or if it is not a known nominal.
      const b = lex.bits(strip(word));
      const v = (b & NOMINAL) === 0 || (b & bit('V')) !== 0 || word.indexOf(' ') > 0 ? analyzeVerb(word, lex) : null;
      if (v) return v.lemma;
      return lemmatizeNominal(word, undefined, lex);
    }
  }
}

/**
 * Lemmas of the words of one token (a UD multi-word token when there are several, e.g.
 * خودش = خود + ش). PerDT gives the reflexive part of `خود` + clitic the whole pronoun
 * (خودش → خودش + او); every other word is lemmatised on its own.
 */
export function lemmatizeToken(
  forms: readonly string[],
  upos: readonly (string | undefined)[],
  options: LemmatizeOptions = {},
  contexts?: readonly (LemmaContext | undefined)[],
): string[] {
  const out = forms.map((f, i) => lemmatize(f, upos[i], contexts?.[i] ? { ...options, context: contexts[i] } : options));
  if (forms.length === 2 && upos[0] === 'PRON' && upos[1] === 'PRON' && (options.scheme ?? 'perdt') === 'perdt') {
    const first = normalizeKey(forms[0]);
    const clitic = normalizeKey(forms[1]);
    if (first === 'خود' && CLITIC_PRONOUNS[clitic] !== undefined) {
      out[0] = first + (clitic.length > 1 && (clitic[0] === 'ا' || clitic[0] === 'ی') ? clitic.slice(1) : clitic);
    }
  }
  return out;
}
