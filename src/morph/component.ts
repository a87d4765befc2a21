import type { Component } from '../component.js';
import type { Word } from '../doc/types.js';
import { contextKey, lemmaEntry, lemmatize, lemmatizeToken, usesContext, type LemmaContext, type LemmatizeOptions } from './lemmatize.js';
import { getLexicon, type LemmaScheme } from './lexicon.js';
import { getWordIds } from '../tag/word-ids.js';

/** hasSpace(s.slice(from, to)), without the slice. */
function hasSpaceIn(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c === 0x85 || c === 0xa0 || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200b)) return true;
  }
  return false;
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

type Slots = (string | undefined)[];

/** Two parallel slot arrays grown (doubled, at least 1,024) so that `slot` fits; the old entries are kept. */
function grownPair(keys: Slots, values: Slots, slot: number): [Slots, Slots] {
  const size = Math.max(keys.length * 2, slot + 1, 1024);
  const k2: Slots = new Array<string | undefined>(size).fill(undefined);
  const v2: Slots = new Array<string | undefined>(size).fill(undefined);
  for (let q = 0; q < keys.length; q++) {
    k2[q] = keys[q];
    v2[q] = values[q];
  }
  return [k2, v2];
}

/** Arabic harakat, tanwin, superscript alef, hamza above/below. */
function isMark(c: number): boolean {
  return (c >= 0x064b && c <= 0x065f) || c === 0x0670;
}

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
  // Lemma by (form id, UPOS index) of the tagger's current id generation (see tag/word-ids.ts).
  let lcGeneration: object | null = null;
  // The lemma of one (form id, UPOS) per form id: UPOS index + 1 in lcU (0 = none yet), lemma in
  // lcL (a form nearly always has one UPOS; dense per id, so the frequent forms share cache lines).
  let lcU = new Uint8Array(0);
  let lcL: (string | undefined)[] = [];
  /** Context keys by neighbour code (see contextKeyAt), of the current id generation. */
  let ckCache = new Map<number, string>();
  let lcMaps: (Map<string, string> | undefined)[] = [];
  // The last source spelling met of each (form id, UPOS) slot, and its lemma (see `one`).
  let lvS: (string | undefined)[] = [];
  let lvL: (string | undefined)[] = [];
  // The last context key met of each slot, and its lemma (most words repeat in the same context).
  let lkS: (string | undefined)[] = [];
  let lkL: (string | undefined)[] = [];
  return {
    name: 'lemma',
    requires: ['tokens'],
    assigns: ['token.lemma'],
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
      const wi = ids0 !== undefined && ids0.upos.length < 255 ? ids0 : undefined;
      if (wi !== undefined && wi.generation !== lcGeneration) {
        lcGeneration = wi.generation;
        lcU = new Uint8Array(1024);
        lcL = new Array<string | undefined>(1024).fill(undefined);
        ckCache = new Map();
        lcMaps = new Array<Map<string, string> | undefined>(1024).fill(undefined);
        lvS = [];
        lvL = [];
        lkS = [];
        lkL = [];
      }
      const nUp = wi !== undefined ? wi.upos.length : 0;
      /**
       * contextKey(ctx) of word j (word k of token i), the same string object for the same
       * neighbours: found by the neighbours' UPOS indices and the next word's form id, when the
       * neighbours are still the words the pos component saw.
       */
      const contextKeyAt = (i: number, k: number, j: number, ctx: LemmaContext): string => {
        if (wi === undefined) return contextKey(ctx);
        const n = tokens[i].words?.length ?? 0;
        const prev = k > 0 ? wordAt(i, k - 1) : wordAt(i - 1, -1);
        const next = k + 1 < n ? wordAt(i, k + 1) : wordAt(i + 1, 0);
        let p = nUp;
        let q = nUp;
        let f = 0;
        if (prev !== undefined) {
          const u = j >= 1 && j - 1 < wi.count ? wi.uposIndex[j - 1] : -1;
          if (u < 0 || wi.wordForms[j - 1] !== prev.form || wi.upos[u] !== prev.upos) return contextKey(ctx);
          p = u;
        }
        if (next !== undefined) {
          const u = j + 1 < wi.count ? wi.uposIndex[j + 1] : -1;
          if (u < 0 || wi.wordForms[j + 1] !== next.form || wi.upos[u] !== next.upos) return contextKey(ctx);
          q = u;
          f = wi.ids[j + 1] + 1;
          if (f >= 65536) return contextKey(ctx);
        }
        const code = (p * (nUp + 1) + q) * 65536 + f;
        let ck = ckCache.get(code);
        if (ck === undefined) {
          ck = contextKey(ctx);
          if (ckCache.size >= MEMO_MAX) ckCache = new Map();
          ckCache.set(code, ck);
        }
        return ck;
      };
      const rememberKey = (slot: number, key: string, lemma: string) => {
        if (slot >= lkS.length) [lkS, lkL] = grownPair(lkS, lkL, slot);
        lkS[slot] = key;
        lkL[slot] = lemma;
      };
      const one = (w: Word, fromSource: boolean, i: number, k: number, j: number) => {
        // Lemmas keep the input's spelling (digits, tanwin, quotes as written): the lemma is
        // taken from the source slice of a whole token, and from the normalised form of a clitic part.
        let form = w.form;
        const ss = w.sourceStart;
        let variantSlot = -1;
        let lastKeySlot = -1;
        if (fromSource && w.sourceEnd > ss && w.sourceEnd - ss <= 200) {
          // A mark the normaliser dropped at the end of the word (tanwin: کاملاً) lies just after its span.
          let end = w.sourceEnd;
          while (end < source.length && end - w.sourceEnd < 4 && isMark(source.charCodeAt(end))) end++;
          // Most words are written as normalised: then the slice would equal the form (no new string).
          if (!sameText(source, ss, end, form) && !hasSpaceIn(source, ss, end)) {
            // Spelt otherwise in the source (ي for ی): a word whose lemma needs no context may find
            // the last such spelling of its (form id, UPOS) without slicing it out.
            if (wi !== undefined && j < wi.count) {
              const u = wi.uposIndex[j];
              if (wi.upos[u] === w.upos && wi.wordForms[j] === w.form) {
                variantSlot = wi.ids[j] * nUp + u;
                const vs = variantSlot < lvS.length ? lvS[variantSlot] : undefined;
                // vs is the source spelling here, so the context test below would give the same.
                if (vs !== undefined && sameText(source, ss, end, vs) && !(useContext && isContextUpos(w.upos) && usesContext(vs))) {
                  w.lemma = lvL[variantSlot];
                  return;
                }
              }
            }
            form = source.slice(ss, end);
          }
        }
        const upos = w.upos;
        const ctx = useContext && isContextUpos(upos) && usesContext(form) ? contextOf(i, k) : undefined;
        // Fast path: the word as the pos component saw it (same form, same UPOS): memo by its
        // form id and UPOS index, for a lemma that holds in every context. A lemma that depends on
        // the context: a small map per such slot by context key (+ '\n' + the source spelling when
        // it differs), and the last key met of the slot.
        let slot = -1;
        let plainId = -1;
        let keyed = false; // remember the lemma in lcMaps[slot] by ck
        let ck = '';
        if (wi !== undefined && j < wi.count) {
          const u = wi.uposIndex[j];
          const id = wi.ids[j];
          if (wi.upos[u] === upos && wi.wordForms[j] === w.form) {
            slot = id * nUp + u;
            if (slot >= lcMaps.length) {
              const biggerMaps = new Array<Map<string, string> | undefined>(Math.max(lcMaps.length * 2, slot + 1)).fill(undefined);
              for (let q = 0; q < lcMaps.length; q++) biggerMaps[q] = lcMaps[q];
              lcMaps = biggerMaps;
            }
            if (id >= lcU.length) {
              const n2 = Math.max(lcU.length * 2, id + 1);
              const u2 = new Uint8Array(n2);
              u2.set(lcU);
              const l2 = new Array<string | undefined>(n2).fill(undefined);
              for (let q = 0; q < lcL.length; q++) l2[q] = lcL[q];
              lcU = u2;
              lcL = l2;
            }
            // A lemma in lcU holds in every context (see below).
            const cu = form === w.form ? lcU[id] : -1;
            if (cu === u + 1) {
              w.lemma = lcL[id];
              return;
            }
            if (cu === 0) plainId = id;
            if (ctx !== undefined) {
              const base = contextKeyAt(i, k, j, ctx);
              ck = form === w.form ? base : base + '\n' + form;
              // The last key of this slot (context keys are shared strings: a pointer compare).
              if (slot < lkS.length && lkS[slot] === ck) {
                w.lemma = lkL[slot];
                return;
              }
              lastKeySlot = slot;
              keyed = true;
              const byKey = lcMaps[slot];
              const hit = byKey !== undefined ? byKey.get(ck) : undefined;
              if (hit !== undefined) {
                if (lastKeySlot >= 0) rememberKey(lastKeySlot, ck, hit);
                w.lemma = hit;
                return;
              }
            }
          }
        }
        let l: string | undefined;
        if (ctx) {
          // lemmatize keeps each form's analysis: the lemma for every context, or its ranking,
          // scored again only for a new context key.
          const e = lemmaEntry(form, upos, opts);
          if (e === undefined) l = lemmatize(form, upos, { ...opts, context: ctx });
          else if (typeof e === 'string') {
            l = e;
            // The same in every context: the plain memo by form id serves the next ones.
            if (plainId >= 0) {
              keyed = false;
              lastKeySlot = -1;
            }
          } else {
            plainId = -1;
            l = e.inContext(ck !== '' && form === w.form ? ck : contextKey(ctx));
          }
        } else {
          // (lemmatize keeps the lemma of each (form, UPOS): no memo of its own here.)
          const e = lemmaEntry(form, upos, opts);
          l = typeof e === 'string' ? e : e === undefined ? lemmatize(form, upos, opts) : e.plain;
        }
        if (variantSlot >= 0 && ctx === undefined) {
          if (variantSlot >= lvS.length) [lvS, lvL] = grownPair(lvS, lvL, variantSlot);
          lvS[variantSlot] = form;
          lvL[variantSlot] = l;
        }
        if (keyed) {
          let byKey = lcMaps[slot];
          if (byKey === undefined) lcMaps[slot] = byKey = new Map();
          byKey.set(ck, l);
        }
        if (lastKeySlot >= 0) rememberKey(lastKeySlot, ck, l);
        else if (plainId >= 0) {
          lcU[plainId] = 1 + wi!.uposIndex[j];
          lcL[plainId] = l;
        }
        w.lemma = l;
      };
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
        } else one(t, true, i, 0, j++);
      }
      return doc;
    },
  };
}
