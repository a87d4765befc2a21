import type { Component } from '../component.js';
import type { Word } from '../doc/types.js';
import { lemmatize } from './lemmatize.js';
import { getLexicon, type LemmaScheme } from './lexicon.js';

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
  return {
    name: 'lemma',
    requires: ['tokens'],
    assigns: ['token.lemma'],
    run(doc) {
      const lexicon = getLexicon();
      const opts = { scheme, lexicon };
      const one = (w: Word) => {
        w.lemma = lemmatize(w.form, w.upos, opts);
      };
      for (const t of doc.tokens) {
        if (t.words && t.words.length > 0) {
          for (const w of t.words) one(w);
          t.lemma = t.words[0].lemma;
        } else one(t);
      }
      return doc;
    },
  };
}
