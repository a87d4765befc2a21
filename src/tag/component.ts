import type { Component } from '../component.js';
import type { Doc, Token, Word } from '../doc/types.js';
import { checkScheme, getTagger, type TaggerScheme } from './tagger.js';

export interface PosComponentOptions {
  /** Treebank conventions of the tags: 'perdt' (default) or 'seraji'. */
  model?: TaggerScheme;
}

/** Words of tokens[from, to), multi-word tokens expanded into their parts. */
export function sentenceWords(tokens: readonly Token[], from: number, to: number): Word[] {
  const out: Word[] = [];
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.words && t.words.length > 0) for (const w of t.words) out.push(w);
    else out.push(t);
  }
  return out;
}

/** Sentence ranges of a doc (the whole doc if the tokenizer gave no sentences). */
export function sentenceRanges(doc: Doc): [number, number][] {
  if (doc.sentences.length > 0) return doc.sentences.map((s) => [s.tokenStart, s.tokenEnd]);
  return doc.tokens.length > 0 ? [[0, doc.tokens.length]] : [];
}

/** Assigns upos, xpos and feats to every word (and, for a multi-word token, the host's tags to the token). */
export function posComponent(options: PosComponentOptions = {}): Component {
  const scheme = checkScheme(options.model);
  return {
    name: 'pos',
    requires: ['tokens'],
    assigns: ['token.pos'],
    run(doc) {
      const tagger = getTagger(scheme);
      for (const [from, to] of sentenceRanges(doc)) {
        const words = sentenceWords(doc.tokens, from, to);
        if (words.length === 0) continue;
        const tags = tagger.tag(words.map((w) => w.form));
        for (let i = 0; i < words.length; i++) {
          const w = words[i];
          w.upos = tags[i].upos;
          w.xpos = tags[i].xpos === '_' ? undefined : tags[i].xpos;
          w.feats = tags[i].feats === '_' ? undefined : tags[i].feats;
        }
        for (let i = from; i < to; i++) {
          const t = doc.tokens[i];
          if (t.words && t.words.length > 0) {
            t.upos = t.words[0].upos;
            t.xpos = t.words[0].xpos;
            t.feats = t.words[0].feats;
          }
        }
      }
      return doc;
    },
  };
}
