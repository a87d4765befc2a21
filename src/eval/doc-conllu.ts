/**
 * Doc → CoNLL-U. FORM is the token's *source* text (what the user wrote); the normalised
 * form goes to MISC `Norm=` when it differs. `# text` is the sentence's source text.
 */
import type { Doc, Token, Word } from '../doc/types.js';
import type { ConlluSentence, ConlluToken, ConlluWord } from './conllu.js';
import { writeConllu } from './conllu.js';

export interface DocToConlluOptions {
  /** Prefix for `# sent_id` (default: none written). */
  sentIdPrefix?: string;
  /** Number of the first sentence (default 1). */
  firstSentence?: number;
  /**
   * Give the characters between tokens that are not white space (invisible marks the
   * normaliser removed at a token edge) to the neighbouring token's FORM, so that the FORMs
   * concatenate to the source minus white space, as the CoNLL 2018 scorer requires. Default true.
   */
  coverSource?: boolean;
}

const isWs = (c: number) =>
  c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x85 || c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;

function stripWs(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) if (!isWs(s.charCodeAt(i))) out += s[i];
  return out;
}

/** Extra source text to glue before/after each token (see `coverSource`). */
function edgeText(doc: Doc): { before: string[]; after: string[] } {
  const toks = doc.tokens;
  const before: string[] = new Array(toks.length).fill('');
  const after: string[] = new Array(toks.length).fill('');
  const src = doc.source;
  let prevEnd = 0;
  for (let i = 0; i <= toks.length; i++) {
    const gapEnd = i < toks.length ? toks[i].sourceStart : src.length;
    if (gapEnd > prevEnd) {
      const gap = src.slice(prevEnd, gapEnd);
      // Leading run without white space sticks to the previous token; the rest to the next one.
      let k = 0;
      if (i > 0) {
        while (k < gap.length && !isWs(gap.charCodeAt(k))) k++;
        if (k > 0) after[i - 1] += gap.slice(0, k);
      }
      const rest = stripWs(gap.slice(k));
      if (rest) {
        if (i < toks.length) before[i] = rest + before[i];
        else if (i > 0) after[i - 1] += rest;
      }
    }
    if (i < toks.length) prevEnd = Math.max(prevEnd, toks[i].sourceEnd);
  }
  return { before, after };
}

function misc(parts: string[]): string {
  return parts.length ? parts.join('|') : '_';
}

/** Escape a MISC value (| and = and white space would break the column). */
function miscValue(v: string): string {
  return v.replace(/[|=\t\n\r\\]/g, (c) => `\\${c === '\t' ? 't' : c === '\n' ? 'n' : c === '\r' ? 'r' : c}`);
}

function conlluWord(id: number, form: string, w: Word, extraMisc: string[]): ConlluWord {
  return {
    id,
    form,
    lemma: w.lemma ?? '_',
    upos: w.upos ?? '_',
    xpos: w.xpos ?? '_',
    feats: w.feats ?? '_',
    head: w.head ?? null,
    deprel: w.deprel ?? '_',
    deps: '_',
    misc: misc(extraMisc),
  };
}

/** The sentences of a Doc as CoNLL-U sentence objects (for `writeConllu` or the scorer). */
export function docToConlluSentences(doc: Doc, options: DocToConlluOptions = {}): ConlluSentence[] {
  const cover = options.coverSource !== false;
  const edges = cover ? edgeText(doc) : null;
  const out: ConlluSentence[] = [];
  let sentNo = options.firstSentence ?? 1;
  for (const s of doc.sentences) {
    const comments: string[] = [];
    if (options.sentIdPrefix !== undefined) comments.push(`# sent_id = ${options.sentIdPrefix}${sentNo}`);
    const text = doc.source.slice(s.sourceStart, s.sourceEnd).replace(/[\r\n]+/g, ' ');
    comments.push(`# text = ${text}`);
    sentNo++;
    const tokens: ConlluToken[] = [];
    let id = 1;
    for (let ti = s.tokenStart; ti < s.tokenEnd; ti++) {
      const t: Token = doc.tokens[ti];
      let form = doc.source.slice(t.sourceStart, t.sourceEnd);
      if (form === '') form = t.form;
      if (edges) form = edges.before[ti] + form + edges.after[ti];
      const tm: string[] = [];
      if (form !== t.form) tm.push(`Norm=${miscValue(t.form)}`);
      if (t.ner && t.ner !== 'O') tm.push(`NER=${t.ner}`);
      if (!t.spaceAfter && ti + 1 < doc.tokens.length) tm.push('SpaceAfter=No');
      if (t.words && t.words.length > 1) {
        const words: ConlluWord[] = [];
        t.words.forEach((w, k) => {
          let wf = doc.source.slice(w.sourceStart, w.sourceEnd);
          if (wf === '') wf = w.form;
          if (edges && k === 0) wf = edges.before[ti] + wf;
          if (edges && k === t.words!.length - 1) wf = wf + edges.after[ti];
          words.push(conlluWord(id++, wf, w, wf !== w.form ? [`Norm=${miscValue(w.form)}`] : []));
        });
        tokens.push({ form, words, multiword: true, misc: misc(tm), spaceAfter: t.spaceAfter });
      } else {
        const w = conlluWord(id++, form, t, tm);
        tokens.push({ form, words: [w], multiword: false, misc: w.misc, spaceAfter: t.spaceAfter });
      }
    }
    out.push({ comments, text, tokens, line: 0 });
  }
  return out;
}

/** A Doc as CoNLL-U text. */
export function docToConllu(doc: Doc, options: DocToConlluOptions = {}): string {
  return writeConllu(docToConlluSentences(doc, options));
}
