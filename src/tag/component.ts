import type { Component } from '../component.js';
import type { Doc, Token, Word } from '../doc/types.js';
import type { Tagger } from './model.js';
import { checkScheme, getTagger, type TaggerScheme } from './tagger.js';
import { setWordIds } from './word-ids.js';
import { getFormSlots } from '../doc/form-slots.js';

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
  // Per joint tag: the values a word gets (`_` stands for none). Made once per tagger.
  let tables: { tagger: Tagger; upos: string[]; xpos: (string | undefined)[]; feats: (string | undefined)[]; uposIndex: number[] } | null = null;
  // One forms buffer and one word list reused sentence after sentence (no per-sentence arrays).
  const forms: string[] = [];
  const words: Word[] = [];
  let tagBuf = new Int32Array(256);
  let idBuf = new Int32Array(256);
  let uposBuf = new Uint8Array(256);
  let wordForms: string[] = [];
  return {
    name: 'pos',
    requires: ['tokens'],
    assigns: ['token.pos'],
    run(doc) {
      const tagger = getTagger(scheme);
      if (tables === null || tables.tagger !== tagger) {
        const tr = tagger.triples;
        tables = {
          tagger,
          upos: tr.map((t) => t.upos),
          xpos: tr.map((t) => (t.xpos === '_' ? undefined : t.xpos)),
          feats: tr.map((t) => (t.feats === '_' ? undefined : t.feats)),
          uposIndex: tr.map((t) => tagger.upos.indexOf(t.upos)),
        };
      }
      const { upos, xpos, feats, uposIndex } = tables;
      const tokens = doc.tokens;
      const sentences = doc.sentences;
      const nS = sentences.length > 0 ? sentences.length : tokens.length > 0 ? 1 : 0;
      // Word count first: one tag array and one id array for the whole doc.
      let total = 0;
      for (let i = 0; i < tokens.length; i++) {
        const ws = tokens[i].words;
        total += ws && ws.length > 0 ? ws.length : 1;
      }
      // Buffers reused doc after doc (the word ids describe only the last doc tagged).
      setWordIds(doc, undefined);
      if (tagBuf.length < total) {
        const size = Math.max(total, tagBuf.length * 2);
        tagBuf = new Int32Array(size);
        idBuf = new Int32Array(size);
        uposBuf = new Uint8Array(size);
      }
      const tagOut = tagBuf;
      const ids = idBuf;
      if (wordForms.length > 4 * total + 4096) wordForms = [];
      // The tokenizer's form slots, when they describe these words (doc order, same count).
      const fs0 = getFormSlots(tokens);
      const fs = fs0 !== undefined && fs0.count === total ? fs0 : undefined;
      const generation = tagger.formGeneration;
      let sameGeneration = true;
      let at = 0;
      for (let si = 0; si < nS; si++) {
        const from = sentences.length > 0 ? sentences[si].tokenStart : 0;
        const to = sentences.length > 0 ? sentences[si].tokenEnd : tokens.length;
        let n = 0;
        for (let i = from; i < to; i++) {
          const t = tokens[i];
          const ws = t.words;
          if (ws && ws.length > 0) for (let k = 0; k < ws.length; k++) words[n++] = ws[k];
          else words[n++] = t;
        }
        if (n === 0) continue;
        if (at + n > total) {
          // Sentences overlap or repeat tokens (a hand-made doc): no shared ids, tag sentence by sentence.
          sameGeneration = false;
          at = 0;
        }
        for (let i = 0; i < n; i++) forms[i] = words[i].form;
        const tagArr = at + n <= total ? tagOut : new Int32Array(n);
        const idArr = at + n <= total ? ids : new Int32Array(n);
        const base = at + n <= total ? at : 0;
        tagger.tagSentence(forms, tagArr, base, idArr, base === at ? fs : undefined, at, n);
        if (base === at) for (let i = 0; i < n; i++) wordForms[at + i] = forms[i];
        if (tagger.formGeneration !== generation) sameGeneration = false;
        for (let i = 0; i < n; i++) {
          const w = words[i];
          const j = tagArr[base + i];
          w.upos = upos[j];
          w.xpos = xpos[j];
          w.feats = feats[j];
        }
        for (let i = from; i < to; i++) {
          const t = tokens[i];
          const ws = t.words;
          if (ws && ws.length > 0) {
            t.upos = ws[0].upos;
            t.xpos = ws[0].xpos;
            t.feats = ws[0].feats;
          }
        }
        if (base === at) at += n;
      }
      // Ids for the components after this one, when they cover every word in doc order.
      if (sameGeneration && at === total) {
        const ui = uposBuf;
        for (let k = 0; k < total; k++) ui[k] = uposIndex[tagOut[k]];
        setWordIds(doc, { generation, count: total, ids, uposIndex: ui, upos: tagger.upos, wordForms });
      }
      // The buffers keep only a short doc's words alive (a long one's are dropped).
      if (words.length > 4096) {
        words.length = 0;
        forms.length = 0;
      }
      return doc;
    },
  };
}
