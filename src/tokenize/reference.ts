/**
 * The straightforward tokenizer (H3's first version), kept as the reference that the fast
 * `tokenize()` in tokenize.ts must match exactly (differential tests in tokenize.test.ts).
 * Not used at run time.
 */
import type { OffsetMap } from '../doc/offset-map.js';
import type { Sentence, Token, Word } from '../doc/types.js';
import { splitClitics } from './clitics.js';
import { loadTokenizerModel } from './model.js';
import type { TokenizeOptions, Tokenized } from './tokenize.js';
import { K_PUNCT, K_WORD, type Scan } from './scan.js';
import { scanReference as scan } from './reference-scan.js';

/**
 * Split `text` into sentences and tokens. Offsets are UTF-16 code units into `text`
 * (`start`/`end`) and into the source through `options.map` (`sourceStart`/`sourceEnd`).
 */
export function tokenizeReference(text: string, options: TokenizeOptions = {}): Tokenized {
  if (typeof text !== 'string') throw new TypeError(`tokenize() takes a string, got ${typeof text}`);
  const model = options.model ?? loadTokenizerModel(options.style ?? 'perdt');
  const clitics = options.clitics !== false;
  const absorb = model.absorbPunctuation && options.style !== 'seraji';
  const map = options.map && !options.map.isIdentity ? options.map : null;
  let sc = scan(text, { abbreviations: model.abbreviations, maxAbbreviation: model.maxAbbreviation });
  if (map && options.source !== undefined) sc = splitAtSourceSpaces(sc, text, map, options.source);
  const { start, end, kind, sentenceEnd, paragraphStart } = sc;
  const n = start.length;
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  const paragraphStarts: number[] = [];
  let p = 0; // next paragraph start (index into paragraphStart)
  let i = 0;
  for (let si = 0; si < sentenceEnd.length; si++) {
    const sEnd = sentenceEnd[si];
    const firstToken = tokens.length;
    while (i < sEnd) {
      if (p < paragraphStart.length && paragraphStart[p] === i) {
        paragraphStarts.push(tokens.length);
        p++;
      }
      const s = start[i];
      let e = end[i];
      const form = text.slice(s, e);
      let words: Word[] | undefined;
      if (clitics && kind[i] === K_WORD) {
        const parts = splitClitics(form, model);
        if (parts) {
          words = [];
          let at = s;
          for (const len of parts) {
            words.push(makeWord(text, at, at + len, map));
            at += len;
          }
          // PerDT keeps punctuation written right after a multi-word token inside it (معذورم.).
          if (absorb && i + 1 < sEnd && kind[i + 1] === K_PUNCT && start[i + 1] === e) {
            i++;
            words.push(makeWord(text, start[i], end[i], map));
            e = end[i];
          }
        }
      }
      const next = i + 1 < n ? start[i + 1] : -1;
      let ss = s;
      let se = e;
      if (map) {
        const r = map.toSourceSpan(s, e);
        ss = r[0];
        se = r[1];
      }
      // One object literal per token (a single hidden class keeps this loop fast).
      const tok: Token = words
        ? { form: text.slice(s, e), start: s, end: e, sourceStart: ss, sourceEnd: se, spaceAfter: next !== e, words }
        : { form, start: s, end: e, sourceStart: ss, sourceEnd: se, spaceAfter: next !== e };
      tokens.push(tok);
      i++;
    }
    const a = tokens[firstToken];
    const b = tokens[tokens.length - 1];
    sentences.push({
      start: a.start,
      end: b.end,
      sourceStart: a.sourceStart,
      sourceEnd: b.sourceEnd,
      tokenStart: firstToken,
      tokenEnd: tokens.length,
    });
  }
  return { sentences, tokens, paragraphStarts };
}

function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x0a || c === 0x0d;
}

/** Split word tokens at a ZWNJ that stands for white space in the source (see TokenizeOptions.source). */
function splitAtSourceSpaces(sc: Scan, text: string, map: OffsetMap, source: string): Scan {
  const { start, end, kind } = sc;
  const n = start.length;
  let changed = false;
  const ns: number[] = [];
  const ne: number[] = [];
  const nk: number[] = [];
  const remap = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    remap[i] = ns.length;
    let s = start[i];
    const e = end[i];
    if (kind[i] === K_WORD && e - s > 2) {
      // Scan only inside the token (an indexOf could run to the end of the text for every token).
      for (let z = s + 1; z < e - 1; z++) {
        if (text.charCodeAt(z) !== 0x200c) continue;
        const [a, b] = map.toSourceSpan(z, z + 1);
        let ws = false;
        for (let k = a; k < b; k++) if (isSpaceCode(source.charCodeAt(k))) ws = true;
        const left = text.slice(s, z);
        if (ws && left !== 'می' && left !== 'نمی') {
          ns.push(s);
          ne.push(z);
          nk.push(K_WORD);
          s = z + 1;
          changed = true;
        }
      }
    }
    ns.push(s);
    ne.push(e);
    nk.push(kind[i]);
  }
  if (!changed) return sc;
  remap[n] = ns.length;
  return {
    start: ns,
    end: ne,
    kind: nk,
    sentenceEnd: sc.sentenceEnd.map((x) => remap[x]),
    paragraphStart: sc.paragraphStart.map((x) => remap[x]),
  };
}

function makeWord(text: string, s: number, e: number, map: OffsetMap | null): Word {
  let ss = s;
  let se = e;
  if (map) {
    const r = map.toSourceSpan(s, e);
    ss = r[0];
    se = r[1];
  }
  return { form: text.slice(s, e), start: s, end: e, sourceStart: ss, sourceEnd: se };
}
