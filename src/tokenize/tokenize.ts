/**
 * Sentences, tokens and UD multi-word tokens for a (normalised) text.
 */
import type { OffsetMap, OffsetMapCursor } from '../doc/offset-map.js';
import type { Sentence, Token, Word } from '../doc/types.js';
import { setFormSlots } from '../doc/form-slots.js';
import { splitClitics } from './clitics.js';
import { loadTokenizerModel, type TokenizerModel } from './model.js';
import { K_PUNCT, K_WORD, scanBuffers, type ScanBuffers } from './scan.js';

export interface TokenizeOptions {
  /** Treebank conventions: 'perdt' (default) or 'seraji'. */
  style?: 'perdt' | 'seraji';
  /** A compiled model; default: the shipped models/tokenizer.json.gz. */
  model?: TokenizerModel;
  /** Split clitics into multi-word tokens (default true). */
  clitics?: boolean;
  /** Maps text offsets to source offsets; without it, source offsets equal text offsets. */
  map?: OffsetMap;
  /**
   * The source text behind `map`. With it, a word the normaliser joined across a space
   * (این گونه → این‌گونه) is still two tokens, as the writer wrote them and as UD tokenises;
   * only the verb prefix می/نمی stays with its verb (می شود → می‌شود is one verb).
   */
  source?: string;
}

export interface Tokenized {
  sentences: Sentence[];
  tokens: Token[];
  /** Indexes into `tokens` where a paragraph (text after a blank line) begins. */
  paragraphStarts: number[];
}

/**
 * Split `text` into sentences and tokens. Offsets are UTF-16 code units into `text`
 * (`start`/`end`) and into the source through `options.map` (`sourceStart`/`sourceEnd`).
 *
 * Hot loop: tokens come in text order, so source offsets are found with a sequential
 * `OffsetMap.cursor()` instead of a binary search per call; the output is exactly that of
 * the reference implementation in reference.ts (checked by differential tests).
 */
export function tokenize(text: string, options: TokenizeOptions = {}): Tokenized {
  if (typeof text !== 'string') throw new TypeError(`tokenize() takes a string, got ${typeof text}`);
  const model = options.model ?? loadTokenizerModel(options.style ?? 'perdt');
  const clitics = options.clitics !== false;
  const absorb = model.absorbPunctuation && options.style !== 'seraji';
  const map = options.map && !options.map.isIdentity ? options.map : null;
  const sc = scanBuffers(text, { abbreviations: model.abbreviations, maxAbbreviation: model.maxAbbreviation });
  // Word tokens to cut at a ZWNJ that was white space in the source: pairs (token index, ZWNJ offset).
  const splits = map && options.source !== undefined ? sourceSpaceSplits(sc, text, map, options.source) : EMPTY;
  const cur = map ? map.cursor() : null;
  const { start, end, kind, sentenceEnd, paragraphStart } = sc;
  const n = sc.count;
  const nSplits = splits.length;
  const finals = model.finals;
  // Short forms repeat a lot (و، در، به، از): share one string each (fewer allocations), and
  // decide the clitics of each distinct form once per call (they depend on the form alone).
  const forms = formTableOf(model);
  // Room for every word's slot: a token has at most one more word than it has code units.
  let nw = 0; // words so far (doc order)
  if (setBuf.length < n) setBuf = new Int32Array(Math.max(n, setBuf.length * 2));
  const sets = setBuf;
  // (A long doc's forms are not kept alive by the next, shorter ones.)
  if (formBuf.length > 4 * n + 4096) formBuf = [];
  forms.touch(text, start, end, n, sets);
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  const paragraphStarts: number[] = [];
  let p = 0; // next paragraph start (index into paragraphStart)
  let q = 0; // next split (index into splits)
  let i = 0;
  for (let si = 0; si < sentenceEnd.length; si++) {
    const sEnd = sentenceEnd[si];
    const firstToken = tokens.length;
    while (i < sEnd) {
      if (p < paragraphStart.length && paragraphStart[p] === i) {
        paragraphStarts.push(tokens.length);
        p++;
      }
      let s = start[i];
      // Pieces of a word cut at source spaces: all but the last are words followed by the ZWNJ.
      while (q < nSplits && splits[q] === i) {
        const z = splits[q + 1];
        const form = forms.slice(text, s, z);
        if (nw + SLOT_ROOM > slotBuf.length) growSlots();
        slotBuf[nw] = forms.slot;
        formBuf[nw] = form;
        let words: Word[] | undefined;
        if (clitics && z - s >= 2 && finals[text.charCodeAt(z - 1)] !== 0) {
          const parts = forms.clitics(form);
          if (parts) words = makeWords(text, s, parts, forms, nw, cur);
        }
        nw += words !== undefined ? words.length : 1;
        tokens.push(makeToken(text, form, s, z, true, words, cur));
        s = z + 1;
        q += 2;
      }
      let e = end[i];
      const form = s === start[i] ? forms.sliceIn(text, s, e, sets[i]) : forms.slice(text, s, e);
      if (nw + SLOT_ROOM > slotBuf.length) growSlots();
      slotBuf[nw] = forms.slot;
      formBuf[nw] = form;
      let words: Word[] | undefined;
      if (clitics && kind[i] === K_WORD && e - s >= 2 && finals[text.charCodeAt(e - 1)] !== 0) {
        const parts = forms.clitics(form);
        if (parts) {
          words = makeWords(text, s, parts, forms, nw, cur);
          // PerDT keeps punctuation written right after a multi-word token inside it (معذورم.).
          if (absorb && i + 1 < sEnd && kind[i + 1] === K_PUNCT && start[i + 1] === e) {
            i++;
            const pf = forms.sliceIn(text, start[i], end[i], sets[i]);
            slotBuf[nw + words.length] = forms.slot;
            formBuf[nw + words.length] = pf;
            words.push(makeWord(text, start[i], end[i], cur, pf));
            e = end[i];
          }
        }
      }
      nw += words !== undefined ? words.length : 1;
      const next = i + 1 < n ? start[i + 1] : -1;
      tokens.push(makeToken(text, e === s + form.length ? form : text.slice(s, e), s, e, next !== e, words, cur));
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
  setFormSlots(tokens, nw <= slotBuf.length ? { table: forms, size: forms.size, count: nw, slots: slotBuf, text, forms: formBuf } : undefined);
  return { sentences, tokens, paragraphStarts };
}

const EMPTY: number[] = [];

/**
 * Forms up to this length are kept in the model's form cache (longer ones are sliced each time).
 * V8 makes a slice of 13 or more code units a view into the whole text: caching one would keep
 * that text alive.
 */
const FORM_CACHE_MAX_LEN = 12;
/** Slots of a model's form cache: two-way set associative, so at most this many forms are kept. */
const FORM_CACHE_SIZE = 1 << 16;
/** Code units per slot in FormTable.keys: the length, then the form's code units. */
const KEY_STRIDE = 16;

/**
 * Token forms of one tokenizer model, kept from call to call (bounded: FORM_CACHE_SIZE forms of
 * at most FORM_CACHE_MAX_LEN code units): `slice` is text.slice(s, e) but returns the string
 * already made for an equal form, so the same form is one string object doc after doc (the
 * tagger's and the lemma component's lookups then find its hash cached and compare pointers);
 * `clitics(form)` is splitClitics(form, model), decided once per cached form. Both depend on the
 * form and the model alone. The forms' code units are kept in a typed array beside the strings, so
 * a lookup compares them there without reading the string (the two ways of a set share 64 bytes).
 */
class FormTable {
  /**
   * Per slot s: the form at [2s] (undefined: empty), and its clitic split at [2s + 1] (undefined: not
   * decided yet). Side by side, so a set's forms and splits share a cache line (one miss, not two).
   */
  private readonly fp: (string | number[] | null | undefined)[] = new Array<string | number[] | null | undefined>(2 * FORM_CACHE_SIZE).fill(undefined);
  /** Per slot: the form's length (0 = empty), then its code units. */
  private readonly keys = new Uint16Array(FORM_CACHE_SIZE * KEY_STRIDE);
  /** Cache slot of the last sliced form, or -1 when it is not cached. */
  slot = -1;
  readonly size = FORM_CACHE_SIZE;

  constructor(private readonly model: TokenizerModel) {}

  /** The set (its first slot) of text[s, e) in the cache, or -1 for a form the cache does not keep. */
  setOf(text: string, s: number, e: number): number {
    const len = e - s;
    if (len > FORM_CACHE_MAX_LEN || len <= 0) return -1;
    let h = len;
    for (let k = s; k < e; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
    return ((h ^ (h >>> 15)) & (FORM_CACHE_SIZE - 1)) & ~1;
  }

  /** Sum of the values `touch` read (kept so that its reads are not optimised away). */
  private touched = 0;

  /**
   * setOf for each surface token into sets[0, n), and a read of each set's keys: independent
   * loads whose cache misses the processor overlaps, before the token loop reads them in turn.
   */
  touch(text: string, start: Int32Array, end: Int32Array, n: number, sets: Int32Array): void {
    const keys = this.keys;
    const fp = this.fp;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const h = this.setOf(text, start[i], end[i]);
      sets[i] = h;
      if (h >= 0) {
        acc += keys[h * KEY_STRIDE];
        // (and the set's line of forms)
        if (fp[2 * h] === undefined) acc++;
      }
    }
    this.touched = acc;
  }

  slice(text: string, s: number, e: number): string {
    return this.sliceIn(text, s, e, this.setOf(text, s, e));
  }

  /** slice, given h = setOf(text, s, e). */
  sliceIn(text: string, s: number, e: number, h: number): string {
    const len = e - s;
    if (h < 0) {
      this.slot = -1;
      return text.slice(s, e);
    }
    const keys = this.keys;
    const k0 = h * KEY_STRIDE;
    if (sameKey(keys, k0, text, s, len)) {
      this.slot = h;
      return this.fp[2 * h] as string;
    }
    if (sameKey(keys, k0 + KEY_STRIDE, text, s, len)) {
      this.slot = h + 1;
      return this.fp[2 * h + 2] as string;
    }
    // A new form takes the set's first way; the one there moves to the second (the older one goes).
    const form = text.slice(s, e);
    const fp = this.fp;
    fp[2 * h + 2] = fp[2 * h];
    fp[2 * h + 3] = fp[2 * h + 1];
    keys.copyWithin(k0 + KEY_STRIDE, k0, k0 + KEY_STRIDE);
    fp[2 * h] = form;
    fp[2 * h + 1] = undefined;
    keys[k0] = len;
    for (let k = 0; k < len; k++) keys[k0 + 1 + k] = text.charCodeAt(s + k);
    this.slot = h;
    return form;
  }

  /** The clitic split of `form`, which must be the string the last `slice` returned. */
  clitics(form: string): number[] | null {
    const h = this.slot;
    if (h < 0) return splitClitics(form, this.model);
    let p = this.fp[2 * h + 1] as number[] | null | undefined;
    if (p === undefined) {
      p = splitClitics(form, this.model);
      this.fp[2 * h + 1] = p;
    }
    return p;
  }
}

/** The key at keys[at ..] is text[s, s + len) (len ≥ 1). */
function sameKey(keys: Uint16Array, at: number, text: string, s: number, len: number): boolean {
  if (keys[at] !== len) return false;
  for (let k = 0; k < len; k++) if (keys[at + 1 + k] !== text.charCodeAt(s + k)) return false;
  return true;
}

const formTables = new WeakMap<TokenizerModel, FormTable>();

/** The form cache of `model` (made on first use). */
function formTableOf(model: TokenizerModel): FormTable {
  let t = formTables.get(model);
  if (t === undefined) formTables.set(model, (t = new FormTable(model)));
  return t;
}

/** Form slots of the words of the last call, in doc order (see doc/form-slots.ts); reused call after call. */
let slotBuf = new Int32Array(1024);
/** Room left in slotBuf before a token's words are written: more than a token ever has (clitic parts of at most 40 code units, and a mark). */
const SLOT_ROOM = 64;
function growSlots(): void {
  const b = new Int32Array(slotBuf.length * 2);
  b.set(slotBuf);
  slotBuf = b;
}
/** The form of each word of the last call, in doc order (see doc/form-slots.ts); reused call after call. */
let formBuf: string[] = [];
/** Cache set of each surface token of the current call (FormTable.touch). */
let setBuf = new Int32Array(1024);

function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x0a || c === 0x0d;
}

/**
 * Where word tokens are cut at a ZWNJ that stands for white space in the source (see
 * TokenizeOptions.source): flat pairs [token index, ZWNJ offset, …] in text order.
 * Visits only the ZWNJs of the text (found with indexOf), walking the tokens alongside.
 */
function sourceSpaceSplits(sc: ScanBuffers, text: string, map: OffsetMap, source: string): number[] {
  const { start, end, kind } = sc;
  const n = sc.count;
  const out: number[] = [];
  const cur = map.cursor();
  let i = 0;
  let tokenOf = -1; // the token `s` belongs to
  let s = 0; // start of the rest of token `tokenOf` after the cuts so far
  for (let z = text.indexOf('\u200c'); z >= 0; z = text.indexOf('\u200c', z + 1)) {
    // The token whose inside (not its first or last code unit) could hold z.
    while (i < n && end[i] - 1 <= z) i++;
    if (i >= n) break;
    const s0 = start[i];
    if (z < s0 + 1 || kind[i] !== K_WORD || end[i] - s0 <= 2) continue;
    if (tokenOf !== i) {
      tokenOf = i;
      s = s0;
    }
    const a = cur.toSource(z, 'start');
    const b = Math.max(a, cur.toSource(z + 1, 'end'));
    let ws = false;
    for (let k = a; k < b; k++) if (isSpaceCode(source.charCodeAt(k))) ws = true;
    if (!ws) continue;
    // The verb prefix می / نمی stays with its verb.
    const len = z - s;
    if (len === 2 && text.charCodeAt(s) === 0x0645 && text.charCodeAt(s + 1) === 0x06cc) continue;
    if (len === 3 && text.charCodeAt(s) === 0x0646 && text.charCodeAt(s + 1) === 0x0645 && text.charCodeAt(s + 2) === 0x06cc) continue;
    out.push(i, z);
    s = z + 1;
  }
  return out;
}

/** The words of a multi-word token: its parts sliced through the form cache, their slots put at slotBuf[w ..]. */
function makeWords(text: string, s: number, parts: number[], forms: FormTable, w: number, cur: OffsetMapCursor | null): Word[] {
  const words: Word[] = [];
  let at = s;
  for (let k = 0; k < parts.length; k++) {
    const len = parts[k];
    const form = forms.slice(text, at, at + len);
    slotBuf[w + k] = forms.slot;
    formBuf[w + k] = form;
    words.push(makeWord(text, at, at + len, cur, form));
    at += len;
  }
  return words;
}

function makeToken(text: string, form: string, s: number, e: number, spaceAfter: boolean, words: Word[] | undefined, cur: OffsetMapCursor | null): Token {
  let ss = s;
  let se = e;
  if (cur) {
    if (s === e) {
      ss = se = cur.toSource(s, 'start');
    } else {
      ss = cur.toSource(s, 'start');
      se = cur.toSource(e, 'end');
      if (se < ss) se = ss;
    }
  }
  // Two object shapes only (with and without words). The analyses the later components fill in
  // are declared here, undefined (JSON leaves them out): assigning them then changes no object's
  // shape and allocates no property store, word after word.
  return words
    ? { form, start: s, end: e, sourceStart: ss, sourceEnd: se, spaceAfter, words, upos: undefined, xpos: undefined, feats: undefined, lemma: undefined, ner: undefined }
    : { form, start: s, end: e, sourceStart: ss, sourceEnd: se, spaceAfter, upos: undefined, xpos: undefined, feats: undefined, lemma: undefined, ner: undefined };
}

function makeWord(text: string, s: number, e: number, cur: OffsetMapCursor | null, form?: string): Word {
  let ss = s;
  let se = e;
  if (cur) {
    if (s === e) {
      ss = se = cur.toSource(s, 'start');
    } else {
      ss = cur.toSource(s, 'start');
      se = cur.toSource(e, 'end');
      if (se < ss) se = ss;
    }
  }
  return { form: form ?? text.slice(s, e), start: s, end: e, sourceStart: ss, sourceEnd: se, upos: undefined, xpos: undefined, feats: undefined, lemma: undefined };
}
