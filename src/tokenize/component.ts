import type { Component } from '../component.js';
import { tokenize } from './tokenize.js';

export interface TokenizeComponentOptions {
  /** Treebank conventions for multi-word tokens: 'perdt' (default) or 'seraji'. */
  style?: 'perdt' | 'seraji';
  /** Split clitics into UD multi-word tokens (default true). */
  clitics?: boolean;
}

/**
 * Fills `doc.sentences` and `doc.tokens` from `doc.text`, with offsets into `doc.text`
 * and, through `doc.map`, into `doc.source`.
 */
export function tokenizeComponent(options: TokenizeComponentOptions = {}): Component {
  return {
    name: 'tokenize',
    requires: ['text'],
    assigns: ['sentences', 'tokens'],
    run(doc) {
      const r = tokenize(doc.text, { style: options.style, clitics: options.clitics, map: doc.map, source: doc.source });
      doc.sentences = r.sentences;
      doc.tokens = r.tokens;
      return doc;
    },
  };
}
