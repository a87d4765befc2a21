import type { Component } from '../component.js';
import type { Word } from '../doc/types.js';
import { contextKey, lemmatize, lemmatizeToken, type LemmaContext, type LemmatizeOptions } from './lemmatize.js';
import { getLexicon, type LemmaScheme } from './lexicon.js';

function hasSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c === 0x85 || c === 0xa0 || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200b)) return true;
  }
  return false;
}

const CONTEXT_UPOS = new Set(['NOUN', 'PROPN', 'ADJ', 'ADV']);

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
  // Lemmas of frequent words repeat: a bounded memo keyed by UPOS and form (and context for nominals).
  let memo = new Map<string, string>();
  return {
    name: 'lemma',
    requires: ['tokens'],
    assigns: ['token.lemma'],
    run(doc) {
      const lexicon = getLexicon();
      const opts: LemmatizeOptions = { scheme, lexicon };
      // Every word in order (clitic parts included): nouns and adjectives use their neighbours.
      const flat: Word[] = [];
      for (const t of doc.tokens) {
        if (t.words && t.words.length > 0) for (const w of t.words) flat.push(w);
        else flat.push(t);
      }
      const contextOf = (p: number): LemmaContext => ({ prevUpos: flat[p - 1]?.upos, nextUpos: flat[p + 1]?.upos, nextForm: flat[p + 1]?.form });
      const one = (w: Word, fromSource: boolean, p: number) => {
        // Lemmas keep the input's spelling (digits, tanwin, quotes as written): the lemma is
        // taken from the source slice of a whole token, and from the normalised form of a clitic part.
        let form = w.form;
        if (fromSource && w.sourceEnd > w.sourceStart && w.sourceEnd - w.sourceStart <= 200) {
          // A mark the normaliser dropped at the end of the word (tanwin: کاملاً) lies just after its span.
          let end = w.sourceEnd;
          while (end < doc.source.length && end - w.sourceEnd < 4 && isMark(doc.source.charCodeAt(end))) end++;
          const src = doc.source.slice(w.sourceStart, end);
          if (!hasSpace(src)) form = src;
        }
        const ctx = useContext && w.upos !== undefined && CONTEXT_UPOS.has(w.upos) ? contextOf(p) : undefined;
        const key = (w.upos ?? '') + '\t' + form + (ctx ? '\t' + contextKey(ctx) : '');
        let l = memo.get(key);
        if (l === undefined) {
          l = lemmatize(form, w.upos, ctx ? { ...opts, context: ctx } : opts);
          if (memo.size >= 100_000) memo = new Map();
          memo.set(key, l);
        }
        w.lemma = l;
      };
      let p = 0;
      for (const t of doc.tokens) {
        if (t.words && t.words.length > 0) {
          if (t.words.length === 2) {
            const ctxs = useContext ? [contextOf(p), contextOf(p + 1)] : undefined;
            const ls = lemmatizeToken(t.words.map((w) => w.form), t.words.map((w) => w.upos), opts, ctxs);
            t.words[0].lemma = ls[0];
            t.words[1].lemma = ls[1];
          } else for (let k = 0; k < t.words.length; k++) one(t.words[k], false, p + k);
          p += t.words.length;
          t.lemma = t.words[0].lemma;
        } else one(t, true, p++);
      }
      return doc;
    },
  };
}
