import type { Component } from '../component.js';
import type { Word } from '../doc/types.js';
import { lemmatize, lemmatizeToken } from './lemmatize.js';
import { getLexicon, type LemmaScheme } from './lexicon.js';

function hasSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c === 0x85 || c === 0xa0 || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200b)) return true;
  }
  return false;
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
  // Lemmas of frequent words repeat: a bounded memo keyed by UPOS and form.
  let memo = new Map<string, string>();
  return {
    name: 'lemma',
    requires: ['tokens'],
    assigns: ['token.lemma'],
    run(doc) {
      const lexicon = getLexicon();
      const opts = { scheme, lexicon };
      const one = (w: Word, fromSource: boolean) => {
        // Lemmas keep the input's spelling (digits, tanwin, quotes as written): the lemma is
        // taken from the source slice of a whole token, and from the normalised form of a clitic part.
        let form = w.form;
        if (fromSource && w.sourceEnd > w.sourceStart && w.sourceEnd - w.sourceStart <= 200) {
          const src = doc.source.slice(w.sourceStart, w.sourceEnd);
          if (!hasSpace(src)) form = src;
        }
        const key = (w.upos ?? '') + '\t' + form;
        let l = memo.get(key);
        if (l === undefined) {
          l = lemmatize(form, w.upos, opts);
          if (memo.size >= 100_000) memo = new Map();
          memo.set(key, l);
        }
        w.lemma = l;
      };
      for (const t of doc.tokens) {
        if (t.words && t.words.length > 0) {
          if (t.words.length === 2) {
            const ls = lemmatizeToken(t.words.map((w) => w.form), t.words.map((w) => w.upos), opts);
            t.words[0].lemma = ls[0];
            t.words[1].lemma = ls[1];
          } else for (const w of t.words) one(w, false);
          t.lemma = t.words[0].lemma;
        } else one(t, true);
      }
      return doc;
    },
  };
}
