import type { Component } from '../component.js';
import type { Word } from '../doc/types.js';
import { type ContextLemma, contextKey, lemmaEntry, lemmatize, lemmatizeToken, usesContext, type LemmaContext, type LemmatizeOptions } from './lemmatize.js';
import { getLexicon, normalizeKey, type LemmaScheme } from './lexicon.js';
import { getWordIds } from '../tag/word-ids.js';
import { getFormSlots } from '../doc/form-slots.js';

/** hasSpace(s.slice(from, to)), without the slice. */
function hasSpaceIn(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c === 0x85 || c === 0xa0 || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200b)) return true;
  }
  return false;
}

/** source[from, to) equals text[a, b), compared in place. */
function sameSpan(source: string, from: number, to: number, text: string, a: number, b: number): boolean {
  if (to - from !== b - a) return false;
  for (let k = 0; k < b - a; k++) if (source.charCodeAt(from + k) !== text.charCodeAt(a + k)) return false;
  return true;
}

/** source[from, to) equals `s`, compared in place. */
function sameText(source: string, from: number, to: number, s: string): boolean {
  if (to - from !== s.length) return false;
  for (let k = 0; k < s.length; k++) if (source.charCodeAt(from + k) !== s.charCodeAt(k)) return false;
  return true;
}

/** The UPOS whose lemma may depend on the neighbours (NOUN, PROPN, ADJ, ADV). */
function isContextUpos(u: string | undefined): boolean {
  return u === 'NOUN' || u === 'ADJ' || u === 'PROPN' || u === 'ADV';
}

/** `a` copied into an array of length n (n ≥ a.length), the rest undefined. */
function grownArray<T>(a: (T | undefined)[], n: number): (T | undefined)[] {
  const b = new Array<T | undefined>(n).fill(undefined);
  for (let q = 0; q < a.length; q++) b[q] = a[q];
  return b;
}

/** Arabic harakat, tanwin, superscript alef, hamza above/below. */
function isMark(c: number): boolean {
  return (c >= 0x064b && c <= 0x065f) || c === 0x0670;
}

/** `w` without ZWNJs (no new string when it has none). */
function withoutZwnj(w: string): string {
  return w.indexOf('\u200c') < 0 ? w : w.replaceAll('\u200c', '');
}

/** Whether `w` is made of Arabic-script letters only (no digits, Latin, punctuation or spaces). */
function persianLetters(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 0x0621 || c > 0x06d3 || (c >= 0x0660 && c <= 0x066d) || c === 0x0640) return false;
  }
  return w.length > 0;
}

/**
 * Whether a noun's lemma makes its form a plural: the form is the lemma plus a plural suffix
 * (ها, ان, ات, ین, جات, before any clitic or ی), or a broken plural (the lemma is not how the form
 * begins: «صنایع» → «صنعت»). Spellings are compared canonically (ي/ی, ZWNJ, harakat).
 */
export function pluralByLemma(form: string, lemma: string): boolean {
  if (lemma === form || lemma.length === 0) return false;
  const f = normalizeKey(withoutZwnj(form));
  const l = normalizeKey(withoutZwnj(lemma));
  if (f === l) return false;
  // A broken plural is Persian letters only (the lemma keeps the source's digits, «2011» for «۲۰۱۱»).
  if (!f.startsWith(l)) return persianLetters(f) && persianLetters(l);
  const c0 = f.charCodeAt(l.length);
  const c1 = f.charCodeAt(l.length + 1);
  // ها (ه ا), ان (ا ن), ات (ا ت), ین (ی ن), جات (ج ا ت)
  if (c0 === 0x0647) return c1 === 0x0627;
  if (c0 === 0x0627) return c1 === 0x0646 || c1 === 0x062a;
  if (c0 === 0x06cc) return c1 === 0x0646;
  if (c0 === 0x062c) return c1 === 0x0627 && f.charCodeAt(l.length + 2) === 0x062a;
  return false;
}

/** `feats` (UD order: names sorted, case-insensitively) with `item` added. */
function withFeature(feats: string | undefined, item: string): string {
  if (feats === undefined) return item;
  const parts = feats.split('|');
  parts.push(item);
  parts.sort((a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return parts.join('|');
}

/**
 * PerDT: features the tagger (trained on 25k words) misses that the lemma shows, from the lexicon's
 * far larger knowledge of plurals and verb stems. Each was chosen by 5-fold cross-validation on PerDT
 * dev with out-of-fold tags and lemmas; on Seraji dev they fixed no more than they broke, so Seraji is left alone.
 * - Number=Sing on a NOUN or PROPN becomes Number=Plur when the lemma shows a plural (pluralByLemma):
 *   45 words fixed, 5 broken.
 * - A VERB or AUX in ن… without a Polarity whose lemma (the past stem) does not begin with ن gets
 *   Polarity=Neg («نکنند» → کرد; not «نشستند» → نشست): 18 fixed, none broken.
 */
export function fixFeats(w: Pick<Word, 'form' | 'upos' | 'feats' | 'lemma'>): void {
  const lemma = w.lemma;
  if (lemma === undefined || lemma === w.form) return;
  const u = w.upos;
  const f = w.feats;
  if (u === 'NOUN' || u === 'PROPN') {
    if (f === undefined) return;
    const at = f.indexOf('Number=Sing');
    if (at >= 0 && pluralByLemma(w.form, lemma)) w.feats = f.slice(0, at) + 'Number=Plur' + f.slice(at + 11);
  } else if (u === 'VERB' || u === 'AUX') {
    const form = w.form;
    if (form.length > 2 && form.charCodeAt(0) === 0x0646 && lemma.charCodeAt(0) !== 0x0646 && (f === undefined || f.indexOf('Polarity=') < 0))
      w.feats = withFeature(f, 'Polarity=Neg');
  }
}

/**
 * What fixFeats does to a word of form `form`, UPOS `upos` and lemma `lemma`, whatever its feats:
 * FIX_NONE (nothing), FIX_PLUR (Number=Sing → Number=Plur) or FIX_NEG (Polarity=Neg added when the
 * feats have no Polarity). The lemma component keeps it with a memo entry, so a word whose lemma
 * comes from the memo is fixed by applyFix (the same result as fixFeats, without comparing strings).
 */
const FIX_NONE = 0;
const FIX_PLUR = 1;
const FIX_NEG = 2;
function fixKind(form: string, upos: string | undefined, lemma: string): number {
  if (lemma === form) return FIX_NONE;
  if (upos === 'NOUN' || upos === 'PROPN') return pluralByLemma(form, lemma) ? FIX_PLUR : FIX_NONE;
  if (upos === 'VERB' || upos === 'AUX') return form.length > 2 && form.charCodeAt(0) === 0x0646 && lemma.charCodeAt(0) !== 0x0646 ? FIX_NEG : FIX_NONE;
  return FIX_NONE;
}

/** Feats with Number=Sing made Number=Plur, by feats string (a tagger has a few hundred). */
const plurFeats = new Map<string, string>();
/** Feats with Polarity=Neg added (when they have no Polarity), by feats string. */
const negFeats = new Map<string, string>();

/** fixFeats(w) for a word whose fixKind is `kind` (not FIX_NONE). */
function applyFix(w: Word, kind: number): void {
  const f = w.feats;
  if (kind === FIX_PLUR) {
    if (f === undefined) return;
    let g = plurFeats.get(f);
    if (g === undefined) {
      const at = f.indexOf('Number=Sing');
      g = at >= 0 ? f.slice(0, at) + 'Number=Plur' + f.slice(at + 11) : f;
      if (plurFeats.size >= 4096) plurFeats.clear();
      plurFeats.set(f, g);
    }
    w.feats = g;
  } else {
    if (f === undefined) {
      w.feats = 'Polarity=Neg';
      return;
    }
    let g = negFeats.get(f);
    if (g === undefined) {
      g = f.indexOf('Polarity=') < 0 ? withFeature(f, 'Polarity=Neg') : f;
      if (negFeats.size >= 4096) negFeats.clear();
      negFeats.set(f, g);
    }
    w.feats = g;
  }
}

/**
 * A memo entry's code: the UPOS index + 1 (below CTX), plus CTX for a ContextLemma, in
 * the low bits (KEY); for a plain lemma, its fixKind above them (FIX_SHIFT).
 */
const CTX = 32;
const KEY = 63;
const FIX_SHIFT = 6;

export interface LemmaComponentOptions {
  /** Lemma conventions: 'perdt' (default) or 'seraji'. */
  model?: LemmaScheme;
}

/**
 * Assigns a lemma to every word. Uses the UPOS set by the pos component when it ran
 * before (the pipeline's default order); without it the lemma is guessed from the form.
 */
export function lemmaComponent(options: LemmaComponentOptions = {}): Component {
  const scheme = options.model ?? 'perdt';
  if (scheme !== 'perdt' && scheme !== 'seraji') throw new Error(`sokhan: unknown lemma model "${String(scheme)}"; choose perdt or seraji`);
  // The nominal ranker (PerDT) looks at the neighbours' UPOS and the next form.
  const useContext = scheme === 'perdt';
  // Lemmas of frequent words repeat: lemmatize keeps them per (form, UPOS) (lemmaEntry), with
  // the analysis of the nominals the ranker reads the context of; the memos here are by form id.
  const MEMO_MAX = 100_000;
  // Lemma by (form id, UPOS index) of the tagger's current id generation (see tag/word-ids.ts),
  // arrays indexed by form id (dense: the frequent forms share cache lines).
  let lcGeneration: object | null = null;
  let cap = 0;
  // Two entries per form id (a form nearly always has one or two UPOS): the lemma in every context
  // (a string), or the ContextLemma of a form the ranker reads the context of. Each entry has a code
  // (see CTX): the UPOS index + 1, plus CTX for a ContextLemma, so a plain lemma is taken without
  // reading the object. Both entries of form id `id` side by side in `lc` (one cache line, one
  // memory page): lc[4 id] the first entry's code (0: none), lc[4 id + 1] its lemma, lc[4 id + 2]
  // and lc[4 id + 3] the second's.
  let lc: (number | string | ContextLemma)[] = [];
  // The last context met of the form (by neighbour code, see contextCodeAt; -1: none) and its lemma
  // (most words repeat in the same context).
  let lkU = new Uint8Array(0);
  let lkC = new Int32Array(0);
  let lkL: (string | undefined)[] = [];
  // Two source spellings met of the form when it differs (ي for ی: the first, and the last other
  // one), and their lemma in every context or ContextLemma (lvU/lv2U: UPOS index + 1, plus CTX).
  let lvU = new Uint8Array(0);
  let lvS: (string | undefined)[] = [];
  let lvL: (string | ContextLemma | undefined)[] = [];
  let lv2U = new Uint8Array(0);
  let lv2S: (string | undefined)[] = [];
  let lv2L: (string | ContextLemma | undefined)[] = [];
  /** Context keys by neighbour code (see contextCodeAt), of the current id generation. */
  let ckCache = new Map<number, string>();
  const reset = () => {
    cap = 0;
    lkU = lvU = lv2U = new Uint8Array(0);
    lkC = new Int32Array(0);
    lc = [];
    lkL = [];
    lvS = [];
    lvL = [];
    lv2S = [];
    lv2L = [];
    ckCache = new Map();
  };
  /** Room for form id `id` in every array (the entries kept). */
  const grow = (id: number) => {
    const n = Math.max(cap * 2, id + 1, 1024);
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(n);
      b.set(a);
      return b;
    };
    lkU = u8(lkU);
    lvU = u8(lvU);
    lv2U = u8(lv2U);
    const c = new Int32Array(n).fill(-1);
    c.set(lkC);
    lkC = c;
    const l4 = new Array<number | string | ContextLemma>(4 * n).fill(0);
    for (let q = 0; q < lc.length; q++) l4[q] = lc[q];
    lc = l4;
    lkL = grownArray(lkL, n);
    lvS = grownArray(lvS, n);
    lvL = grownArray(lvL, n);
    lv2S = grownArray(lv2S, n);
    lv2L = grownArray(lv2L, n);
    cap = n;
  };
  return {
    name: 'lemma',
    requires: ['tokens'],
    // PerDT: also corrects the Number and Polarity features by the lemma (fixFeats).
    assigns: scheme === 'perdt' ? ['token.lemma', 'token.pos'] : ['token.lemma'],
    run(doc) {
      const lexicon = getLexicon();
      const opts: LemmatizeOptions = { scheme, lexicon };
      const tokens = doc.tokens;
      const source = doc.source;
      // Neighbours of word k of token i (clitic parts included), for nouns/adjectives in ی.
      const wordAt = (i: number, k: number): Word | undefined => {
        const t = tokens[i];
        if (!t) return undefined;
        const ws = t.words;
        if (!ws || ws.length === 0) return t;
        return ws[k < 0 ? ws.length - 1 : k];
      };
      const contextOf = (i: number, k: number): LemmaContext => {
        const n = tokens[i].words?.length ?? 0;
        const prev = k > 0 ? wordAt(i, k - 1) : wordAt(i - 1, -1);
        const next = k + 1 < n ? wordAt(i, k + 1) : wordAt(i + 1, 0);
        return { prevUpos: prev?.upos, nextUpos: next?.upos, nextForm: next?.form };
      };
      // The pos component's form ids and UPOS indices: a lemma memo indexed by integers.
      // (UPOS indices must fit the Uint8Array of the per-id memo.)
      const ids0 = getWordIds(doc);
      const wi = ids0 !== undefined && ids0.upos.length < CTX - 1 ? ids0 : undefined;
      if (wi !== undefined && wi.generation !== lcGeneration) {
        lcGeneration = wi.generation;
        reset();
      }
      const nUp = wi !== undefined ? wi.upos.length : 0;
      // The tokenizer's form of each word, when it cut these tokens from this text: a word whose form
      // is still that one is text.slice(start, end), compared there (the form's characters are
      // elsewhere in memory, the text's are in the cache).
      const fs = getFormSlots(tokens);
      const tokForms = fs !== undefined && fs.text === doc.text && fs.forms !== undefined ? fs.forms : undefined;
      const nTok = tokForms !== undefined ? Math.min(fs!.count, tokForms.length) : 0;
      const text = doc.text;
      /**
       * The neighbours of word j (word k of token i) as a number, when they are still the words the
       * pos component saw: their UPOS indices and the next word's form id; -1 otherwise. Equal codes
       * mean equal contexts (contextKey reads only the neighbours' UPOS and the next form).
       */
      const contextCodeAt = (i: number, k: number, j: number): number => {
        if (wi === undefined) return -1;
        const n = tokens[i].words?.length ?? 0;
        const prev = k > 0 ? wordAt(i, k - 1) : wordAt(i - 1, -1);
        const next = k + 1 < n ? wordAt(i, k + 1) : wordAt(i + 1, 0);
        let p = nUp;
        let q = nUp;
        let f = 0;
        if (prev !== undefined) {
          const u = j >= 1 && j - 1 < wi.count ? wi.uposIndex[j - 1] : -1;
          if (u < 0 || wi.wordForms[j - 1] !== prev.form || wi.upos[u] !== prev.upos) return -1;
          p = u;
        }
        if (next !== undefined) {
          const u = j + 1 < wi.count ? wi.uposIndex[j + 1] : -1;
          if (u < 0 || wi.wordForms[j + 1] !== next.form || wi.upos[u] !== next.upos) return -1;
          q = u;
          f = wi.ids[j + 1] + 1;
          if (f >= 65536) return -1;
        }
        return (p * (nUp + 1) + q) * 65536 + f;
      };
      /** contextKey(contextOf(i, k)) for a word of context code `code` (the same string object for the same code). */
      const contextKeyOf = (code: number, i: number, k: number): string => {
        if (code < 0) return contextKey(contextOf(i, k));
        let ck = ckCache.get(code);
        if (ck === undefined) {
          ck = contextKey(contextOf(i, k));
          if (ckCache.size >= MEMO_MAX) ckCache = new Map();
          ckCache.set(code, ck);
        }
        return ck;
      };
      /** The lemma of a form whose ContextLemma is `v` in the context of word k of token i (memo of form id `id`). */
      const inContext = (v: ContextLemma, id: number, u1: number, i: number, k: number, j: number): string => {
        const code = contextCodeAt(i, k, j);
        if (code >= 0 && lkU[id] === u1 && lkC[id] === code) return lkL[id]!;
        const l = v.inContext(contextKeyOf(code, i, k));
        if (code >= 0) {
          lkU[id] = u1;
          lkC[id] = code;
          lkL[id] = l;
        }
        return l;
      };
      /**
       * Sets w.lemma. Returns the fixKind of the word (FIX_NONE, FIX_PLUR, FIX_NEG) when its lemma
       * came from a plain memo entry, else -1 (then fixFeats decides).
       */
      const one = (w: Word, fromSource: boolean, i: number, k: number, j: number): number => {
        const upos = w.upos;
        // The word as the pos component saw it (same form, same UPOS): its form id and UPOS index + 1.
        let id = -1;
        let u1 = 0;
        if (wi !== undefined && j < wi.count) {
          const u = wi.uposIndex[j];
          if (wi.upos[u] === upos && wi.wordForms[j] === w.form) {
            id = wi.ids[j];
            u1 = u + 1;
            if (id >= cap) grow(id);
          }
        }
        // Lemmas keep the input's spelling (digits, tanwin, quotes as written): the lemma is
        // taken from the source slice of a whole token, and from the normalised form of a clitic part.
        let form = w.form;
        const ss = w.sourceStart;
        if (fromSource && w.sourceEnd > ss && w.sourceEnd - ss <= 200) {
          // A mark the normaliser dropped at the end of the word (tanwin: کاملاً) lies just after its span.
          let end = w.sourceEnd;
          while (end < source.length && end - w.sourceEnd < 4 && isMark(source.charCodeAt(end))) end++;
          // Most words are written as normalised: then the slice would equal the form (no new string).
          const same0 = j < nTok && tokForms![j] === form ? sameSpan(source, ss, end, text, w.start, w.end) : sameText(source, ss, end, form);
          if (!same0 && !hasSpaceIn(source, ss, end)) {
            // Spelt otherwise in the source (ي for ی): a spelling of the form met before, without slicing it out.
            if (id >= 0) {
              const m = lvU[id];
              const v = m & KEY;
              if ((v === u1 || v === u1 + CTX) && sameText(source, ss, end, lvS[id]!)) {
                if (v === u1) {
                  w.lemma = lvL[id] as string;
                  return m >> FIX_SHIFT;
                }
                w.lemma = (lvL[id] as ContextLemma).inContext(contextKeyOf(contextCodeAt(i, k, j), i, k));
                return -1;
              }
              const m2 = lv2U[id];
              const v2 = m2 & KEY;
              if ((v2 === u1 || v2 === u1 + CTX) && sameText(source, ss, end, lv2S[id]!)) {
                if (v2 === u1) {
                  w.lemma = lv2L[id] as string;
                  return m2 >> FIX_SHIFT;
                }
                w.lemma = (lv2L[id] as ContextLemma).inContext(contextKeyOf(contextCodeAt(i, k, j), i, k));
                return -1;
              }
            }
            form = source.slice(ss, end);
          }
        }
        const same = id >= 0 && form === w.form;
        if (same) {
          // (A ContextLemma is kept only for a word with a context, as this one is: same form, same UPOS.)
          const at = 4 * id;
          const m = lc[at] as number;
          const v = m & KEY;
          if (v === u1) {
            w.lemma = lc[at + 1] as string;
            return m >> FIX_SHIFT;
          }
          if (v === u1 + CTX) {
            w.lemma = inContext(lc[at + 1] as ContextLemma, id, u1, i, k, j);
            return -1;
          }
          const m2 = lc[at + 2] as number;
          const v2 = m2 & KEY;
          if (v2 === u1) {
            w.lemma = lc[at + 3] as string;
            return m2 >> FIX_SHIFT;
          }
          if (v2 === u1 + CTX) {
            w.lemma = inContext(lc[at + 3] as ContextLemma, id, u1, i, k, j);
            return -1;
          }
        }
        const withContext = useContext && isContextUpos(upos) && usesContext(form);
        // lemmatize keeps each (form, UPOS)'s analysis: the lemma for every context, or its ranking.
        const e = lemmaEntry(form, upos, opts);
        let l: string;
        if (e === undefined) {
          w.lemma = lemmatize(form, upos, withContext ? { ...opts, context: contextOf(i, k) } : opts);
          return -1;
        }
        let keep: string | ContextLemma;
        if (typeof e === 'string') keep = l = e;
        else if (withContext) {
          keep = e;
          l = same ? inContext(e, id, u1, i, k, j) : e.inContext(contextKeyOf(contextCodeAt(i, k, j), i, k));
        } else keep = l = e.plain;
        w.lemma = l;
        if (id < 0) return -1;
        // The memo entry: UPOS index + 1, plus CTX for a ContextLemma, or the fixKind for a plain lemma
        // (the form of an id is always w.form: the kind holds for every word the entry is taken for).
        const fix = typeof keep === 'string' ? fixKind(w.form, upos, keep) : -1;
        const m = typeof keep === 'string' ? u1 | (fix << FIX_SHIFT) : u1 + CTX;
        if (same) {
          const at = 4 * id;
          if (lc[at] === 0) {
            lc[at] = m;
            lc[at + 1] = keep;
          } else {
            // A second UPOS of the form (the last one met keeps this entry).
            lc[at + 2] = m;
            lc[at + 3] = keep;
          }
        } else {
          // (A ContextLemma is kept only for a word with a context, as this one is: same spelling, same UPOS.)
          if (lvU[id] === 0) {
            lvU[id] = m;
            lvS[id] = form;
            lvL[id] = keep;
          } else {
            lv2U[id] = m;
            lv2S[id] = form;
            lv2L[id] = keep;
          }
        }
        return fix;
      };
      const perdt = scheme === 'perdt';
      let j = 0; // word number in doc order (see tag/word-ids.ts)
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        const ws = t.words;
        if (ws && ws.length > 0) {
          for (let k = 0; k < ws.length; k++) one(ws[k], false, i, k, j++);
          // خود + clitic: the first part's lemma is the whole reflexive (PerDT).
          if (ws.length === 2 && ws[0].upos === 'PRON' && ws[1].upos === 'PRON' && ws[0].form === 'خود') {
            const ls = lemmatizeToken([ws[0].form, ws[1].form], ['PRON', 'PRON'], opts);
            ws[0].lemma = ls[0];
          }
          t.lemma = ws[0].lemma;
          if (perdt) {
            for (let k = 0; k < ws.length; k++) fixFeats(ws[k]);
            // A multi-word token carries its host's tags (see the pos component).
            t.feats = ws[0].feats;
          }
        } else {
          const fix = one(t, true, i, 0, j++);
          if (perdt) {
            if (fix < 0) fixFeats(t);
            else if (fix !== FIX_NONE) applyFix(t, fix);
          }
        }
      }
      return doc;
    },
  };
}
