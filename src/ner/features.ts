import { fnv1a, mix32 } from '../ml/hash.js';
import { packFeatures, type FeatureSequence } from '../ml/perceptron.js';
import { normalize } from '../text/normalize.js';
import { ENTITY_TYPES } from './labels.js';
import { wordKey } from '../tag/features.js';

/**
 * NER feature extraction. Tokens arrive as normalised forms (the pipeline's token forms, or
 * gold tokens passed through `normalizeGoldToken`). Everything here is cheap string work:
 * the hot path of the NER component.
 */

const ZWNJ = '\u200c';

/**
 * Normalise a gold-corpus token the way the pipeline would see it. PEYMA writes half-spaces
 * as ordinary spaces inside tokens (`روش های`): an inner run of whitespace becomes a ZWNJ
 * before `normalize()`, so PEYMA, Arman and pipeline tokens agree.
 */
export function normalizeGoldToken(raw: string): string {
  let s = raw.trim();
  if (s.length === 0) return raw;
  if (/\s/.test(s)) s = s.replace(/\s+/g, ZWNJ);
  // Half-space restoration is contextual and belongs to running text; a gold token already
  // carries its half-spaces (and `formKey` ignores ZWNJ anyway).
  const n = normalize(s, GOLD_OPTIONS).text;
  return n.length > 0 ? n : s;
}

const GOLD_OPTIONS = { halfSpaces: false } as const;

/**
 * Canonical key of a form: digits of any script → 0, Latin lower-cased, ZWNJ removed (so
 * that `کتاب‌ها`, `کتابها` and PEYMA's `کتاب ها` meet, whatever half-space convention the
 * text follows).
 */
export function formKey(form: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < form.length; i++) {
    const c = form.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x6f0 && c <= 0x6f9) || (c >= 0x660 && c <= 0x669)) {
      out += '0';
      changed = true;
    } else if (c >= 0x41 && c <= 0x5a) {
      out += String.fromCharCode(c + 32);
      changed = true;
    } else if (c === 0x200c) changed = true;
    else out += form[i];
  }
  return changed ? (out.length > 0 ? out : form) : form;
}

/** Word shape: character classes with repeats collapsed (ف = Persian/Arabic letter). */
export function shapeOf(form: string): string {
  let out = '';
  let last = '';
  const n = Math.min(form.length, 40);
  for (let i = 0; i < n; i++) {
    const c = form.charCodeAt(i);
    let k: string;
    if ((c >= 0x621 && c <= 0x64a) || (c >= 0x671 && c <= 0x6d3) || c === 0x6c0) k = 'ف';
    else if ((c >= 0x30 && c <= 0x39) || (c >= 0x6f0 && c <= 0x6f9) || (c >= 0x660 && c <= 0x669)) k = 'd';
    else if (c >= 0x41 && c <= 0x5a) k = 'A';
    else if (c >= 0x61 && c <= 0x7a) k = 'a';
    else if (c === 0x200c) k = 'z';
    else if (c < 0x80 || (c >= 0x600 && c <= 0x6ff) || (c >= 0x2000 && c <= 0x206f) || c === 0xab || c === 0xbb) k = form[i];
    else k = 'o';
    if (k !== last) out += k;
    last = k;
  }
  if (form.length > n) out += '…';
  return out;
}

/**
 * Multi-token name lists: token-key sequences (joined by a space) → bit mask over
 * ENTITY_TYPES. Built from training entities (and any other name list).
 */
export class Gazetteer {
  readonly entries = new Map<string, number>();
  maxLen = 0;

  /** Per word of a multi-word name: types it begins (bits 0…) and ends (bits 16…); built on first use. */
  private roles: Map<string, number> | null = null;

  add(keys: readonly string[], typeIndex: number): void {
    if (keys.length === 0 || keys.length > 8) return;
    this.roles = null;
    const k = keys.join(' ');
    this.entries.set(k, (this.entries.get(k) ?? 0) | (1 << typeIndex));
    if (keys.length > this.maxLen) this.maxLen = keys.length;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The roles of a word key in the multi-word names: bit t if it begins a name of type t
   * (ENTITY_TYPES index), bit 16 + t if it ends one; 0 if neither.
   */
  wordRoles(key: string): number {
    if (this.roles === null) {
      const r = new Map<string, number>();
      for (const [name, m] of this.entries) {
        const sp = name.indexOf(' ');
        if (sp < 0) continue;
        const a = name.slice(0, sp);
        const b = name.slice(name.lastIndexOf(' ') + 1);
        r.set(a, (r.get(a) ?? 0) | m);
        r.set(b, (r.get(b) ?? 0) | (m << 16));
      }
      this.roles = r;
    }
    return this.roles.get(key) ?? 0;
  }

  /** Compact text form: `key\tmask` lines. */
  serialize(): string {
    const lines: string[] = [];
    for (const [k, m] of [...this.entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) lines.push(`${k}\t${m.toString(36)}`);
    return lines.join('\n');
  }

  static parse(s: string): Gazetteer {
    const g = new Gazetteer();
    if (!s) return g;
    for (const line of s.split('\n')) {
      const tab = line.lastIndexOf('\t');
      if (tab <= 0) continue;
      const key = line.slice(0, tab);
      g.entries.set(key, parseInt(line.slice(tab + 1), 36));
      const len = key.split(' ').length;
      if (len > g.maxLen) g.maxLen = len;
    }
    return g;
  }
}

export interface FeatureContext {
  bits: number;
  gazetteer: Gazetteer | null;
  /**
   * Annotation convention ("domain") of the text, e.g. `peyma` or `arman`, or null. With a
   * domain, every feature is also emitted conjoined with it ("frustratingly easy domain
   * adaptation", Daumé 2007): shared weights learn what the corpora agree on, the
   * conjoined ones each corpus's own conventions. Without a domain only the shared
   * features fire.
   */
  domain?: string | null;
  /**
   * Document memory: formKey → bit mask over ENTITY_TYPES of the entity types this word had
   * in nearby sentences of the same document (a name spelt out once is often repeated
   * alone later). Built by `buildMemory`; null for none.
   */
  memory?: Map<string, number> | null;
  /** Distributional word classes (formKey → signature of `clusterBits` bits), or null. */
  clusters?: Map<string, number> | null;
  clusterBits?: number;
  /**
   * Pair features (two words, or a word and a shape) are not conjoined with the domain:
   * fewer weights to read per token (a third with two domains), and rarer features do not
   * get split three ways. Recorded in the model (`meta.sharedPairs`).
   */
  sharedPairs?: boolean;
  /**
   * A word list with tag classes (the packed lexicon, `getLexicon()`), or null: dictionary
   * words (nouns, adjectives, verbs, function words) are rarely names; a word missing from
   * the dictionary often is one. Recorded in the model (`meta.lexicon`).
   */
  lexicon?: LexiconLike | null;
  /**
   * Organisation head words (formKeys), or null: words that often begin an ORG name in the
   * training data («وزارت», «سازمان», «دانشگاه» …), learned by `trainNer` and recorded in the
   * model (`meta.orgHeads`). A shared feature lets a rare head borrow what the common ones teach.
   */
  orgHeads?: ReadonlySet<string> | null;
  /**
   * Part-of-speech features (the tagger's UPOS of the token and its neighbours; see
   * `posFeatures`). Recorded in the model (`meta.pos`).
   */
  pos?: boolean;
  /**
   * Gazetteer word roles (see `Gazetteer.wordRoles`): whether the word begins or ends a
   * multi-word name of each type in the name list, as a feature of the word itself
   * (`«شهرداری»` begins many ORG names). Recorded in the model (`meta.gazWords`).
   */
  gazWords?: boolean;
  /** Per sentence: the UPOS of each token (with `pos`); a missing one counts as unknown. */
  upos?: readonly (string | undefined)[] | null;
  /**
   * Character n-grams of the word key with boundary marks (`<key>`), of lengths 3 to this
   * (0 or undefined: none). Features of the form alone: cached per form by the fast path.
   * Recorded in the model (`meta.ngrams`).
   */
  ngrams?: number;
  /**
   * The PerDT tagger's distributional word clusters (`src/tag/clusters.ts`: `wordKey(form)` →
   * cluster id, k-means over neighbour counts), or null: a second, differently built word
   * class, for the word and its neighbours. Stored in the model (`meta.tagClusters`).
   */
  tagClusters?: ReadonlyMap<string, number> | null;
  /**
   * Word × neighbour's word class pairs: the word with the 8-bit class of the word after it
   * (`wnc`) and the class of the word before it with the word (`pcw`), so that «شهرداری» + any
   * city-like word generalises past the cities seen in training. Pair features (shared like the
   * others with `sharedPairs`), cached per word pair by the fast path. Needs `clusters`.
   * Recorded in the model (`meta.pairClasses`).
   */
  pairClasses?: boolean;
  /**
   * Binarised distributional word vectors (formKey → a code of one character per dimension,
   * '-', '0' or '+'; see `src/ml/word-vectors.ts`), or null: the non-'0' dimensions of the word
   * and of its neighbours as features (`e`, `pe`, `ne`). Features of one form each: cached per
   * form by the fast path. Stored in the model (`meta.wordCodes`).
   */
  wordCodes?: ReadonlyMap<string, string> | null;
}

/** Word-vector code features of a word for a role prefix ('e' self, 'pe' previous, 'ne' next). */
export function wordCodeFeatures(prefix: string, key: string, codes: ReadonlyMap<string, string>, add: (f: string) => void): void {
  if (key === '<s>' || key === '</s>') {
    add(prefix + '<');
    return;
  }
  const c = codes.get(key);
  if (c === undefined) {
    add(prefix + '?');
    return;
  }
  for (let d = 0; d < c.length; d++) if (c.charCodeAt(d) !== 48) add(prefix + d + c[d]);
}

/** What NER needs of a lexicon (satisfied by `Lexicon` in src/morph). */
export interface LexiconLike {
  /** Tag bits, 0 if unknown. */
  bits(word: string): number;
  /** Frequency class 0..31, 0 if unknown. */
  freq(word: string): number;
  has(word: string): boolean;
}

/** Lexicon tag bits kept as features: N AJ ADV NUM PL P CONJ DET PRO V FOREIGN STOP (see TAG_BITS in src/morph/lexicon.ts). */
const LEX_MASK = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 14) | (1 << 20);

/** Lexicon class of a normalised form: '-' if absent, else masked tag bits and a coarse frequency. */
export function lexiconClass(form: string, lex: LexiconLike): string {
  let w = form;
  if (!lex.has(w)) {
    if (w.indexOf(ZWNJ) < 0) return '-';
    w = w.split(ZWNJ).join('');
    if (!lex.has(w)) return '-';
  }
  return (lex.bits(w) & LEX_MASK).toString(36) + ':' + Math.min(lex.freq(w) >> 2, 7);
}

/** Serialise word classes compactly: `key\tsignature(base 36)` lines, sorted. */
export function serializeClusters(m: Map<string, number>): string {
  return [...m]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}\t${v.toString(36)}`)
    .join('\n');
}

export function parseClusters(s: string): Map<string, number> {
  const m = new Map<string, number>();
  if (!s) return m;
  for (const line of s.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab > 0) m.set(line.slice(0, tab), parseInt(line.slice(tab + 1), 36));
  }
  return m;
}

const POS_CODES = ['U', 'B', 'I', 'L'];

/** UPOS values (Universal Dependencies) the NER features know, then unknown, sentence start, sentence end. */
export const NER_UPOS: readonly string[] = ['ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X', '_', '<s>', '</s>'];
/** Number of UPOS codes (`uposCode`). */
export const UPOS_CODES = NER_UPOS.length;
export const UPOS_UNKNOWN = 17;
export const UPOS_BOS = 18;
export const UPOS_EOS = 19;
const UPOS_INDEX = new Map<string, number>(NER_UPOS.slice(0, UPOS_UNKNOWN).map((u, i) => [u, i]));

/** Code of a UPOS value (`UPOS_UNKNOWN` for a missing or unknown one). */
export function uposCode(u: string | undefined): number {
  return u === undefined ? UPOS_UNKNOWN : (UPOS_INDEX.get(u) ?? UPOS_UNKNOWN);
}

/**
 * Part-of-speech features of a token from the UPOS codes of the token before it (`a`), itself
 * (`u`) and the token after it (`b`): a few values only, so the fast path caches their summed
 * weights per triple of codes.
 */
export function posTripleFeatures(a: number, u: number, b: number, add: (f: string) => void): void {
  const N = NER_UPOS;
  add('u' + N[u]);
  add('up' + N[a]);
  add('un' + N[b]);
  add('uu' + N[a] + '|' + N[u]);
  add('uv' + N[u] + '|' + N[b]);
  add('uuu' + N[a] + '|' + N[u] + '|' + N[b]);
}

/** Part-of-speech features from the UPOS code of the token two before (`far` 0) or two after (`far` 1). */
export function posFarFeatures(far: 0 | 1, code: number, add: (f: string) => void): void {
  add((far === 0 ? 'upp' : 'unn') + NER_UPOS[code]);
}
const MAX_AFFIX_FORM = 30;

/** Receives the feature strings of each token in turn. */
interface FeatureSink {
  /** A feature; `sharedOnly`: not conjoined with the domain (see FeatureContext.sharedPairs). */
  add(feature: string, sharedOnly?: boolean): void;
  /** Token `i`'s features are complete. */
  end(i: number): void;
}

const FNV_OFFSET = 0x811c9dc5;

/** Seed that makes `fnv1a(f, seed) === fnv1a(domain + '\u0001' + f)`. */
function domainSeed(domain: string): number {
  return fnv1a(domain + '\u0001');
}

/**
 * The hashed features of a sentence of normalised token forms. With `ctx.domain`, each
 * feature is followed by its domain-conjoined twin (the order training used).
 */
export function sentenceFeatures(forms: readonly string[], ctx: FeatureContext): FeatureSequence {
  const mask = (1 << ctx.bits) - 1;
  const seeds = ctx.domain ? [FNV_OFFSET, domainSeed(ctx.domain)] : [FNV_OFFSET];
  let buf = new Int32Array(128);
  let len = 0;
  const items: Int32Array[] = new Array(forms.length);
  extractFeatures(forms, ctx, {
    add(f, sharedOnly) {
      if (len + seeds.length > buf.length) {
        const b = new Int32Array(buf.length * 2);
        b.set(buf);
        buf = b;
      }
      if (sharedOnly) buf[len++] = mix32(fnv1a(f, seeds[0])) & mask;
      else for (const seed of seeds) buf[len++] = mix32(fnv1a(f, seed)) & mask;
    },
    end(i) {
      items[i] = buf.slice(0, len);
      len = 0;
    },
  });
  return packFeatures(items);
}

/**
 * Several feature sets of one sentence from a single extraction: set 0 holds the shared
 * features, set k (k ≥ 1) the features conjoined with `domains[k-1]`. The emission scores
 * of "shared + domain k" equal those of `sentenceFeatures` with that domain, so one pass
 * serves several annotation conventions.
 */
export function sentenceFeatureSets(forms: readonly string[], ctx: FeatureContext, domains: readonly string[]): FeatureSequence[] {
  const mask = (1 << ctx.bits) - 1;
  const seeds = [FNV_OFFSET, ...domains.map(domainSeed)];
  const S = seeds.length;
  const n = forms.length;
  const feats: number[][] = seeds.map(() => []);
  const offsets = seeds.map(() => new Int32Array(n + 1));
  extractFeatures(forms, { ...ctx, domain: null }, {
    add(f, sharedOnly) {
      for (let k = 0; k < (sharedOnly ? 1 : S); k++) feats[k].push(mix32(fnv1a(f, seeds[k])) & mask);
    },
    end(i) {
      for (let k = 0; k < S; k++) offsets[k][i + 1] = feats[k].length;
    },
  });
  return seeds.map((_, k) => ({ n, feats: Int32Array.from(feats[k]), offsets: offsets[k] }));
}

/** Cluster code of a neighbour word for 'pc'/'nc' (8-bit prefix, or −1 unknown / −2 boundary). */
export function neighbourClass(cl: number, cb: number): number {
  return cl >= 0 ? cl >>> (cb - 8) : cl;
}

/**
 * The features of token i that depend on its own form only ("self" role): bias, word,
 * affixes, shape, length, ZWNJ parts, word class. `key` is `formKey` of the form cut to 60
 * characters; `cl` its word class (−1 none). The fast path caches their summed weights per
 * form (`fast-features.ts`), so any feature added here is served there too.
 */
export function selfFeatures(
  form: string,
  key: string,
  shape: string,
  cl: number,
  ctx: FeatureContext,
  add: (f: string) => void,
  /** `lexiconClass(form, ctx.lexicon)` if the caller has it already. */
  lexClass?: string,
): void {
  add('b');
  add('w' + key);
  if (key.length <= MAX_AFFIX_FORM) {
    const L = key.length;
    for (let k = 1; k <= 4 && k < L; k++) {
      if (k <= 3) add('a' + k + key.slice(0, k));
      add('z' + k + key.slice(L - k));
    }
  }
  add('s' + shape);
  add('l' + Math.min(key.length, 10));
  const z = form.length <= 60 ? form.indexOf(ZWNJ) : -1;
  if (z > 0) {
    add('zf' + formKey(form.slice(0, z)));
    add('zl' + formKey(form.slice(form.lastIndexOf(ZWNJ) + 1)));
  }
  if (ctx.clusters && ctx.clusters.size > 0) {
    const cb = ctx.clusterBits ?? 20;
    if (cl >= 0) for (let k = 4; k <= cb; k += 4) add('c' + k + ':' + (cl >>> (cb - k)));
    else add('c-');
  }
  if (ctx.orgHeads && ctx.orgHeads.has(key)) add('oh');
  if (ctx.gazWords && ctx.gazetteer && ctx.gazetteer.size > 0) {
    const r = ctx.gazetteer.wordRoles(key);
    if (r === 0) add('gw-');
    else {
      for (let t = 0; t < ENTITY_TYPES.length; t++) {
        if (r & (1 << t)) add('gwf' + ENTITY_TYPES[t]);
        if (r & (1 << (16 + t))) add('gwl' + ENTITY_TYPES[t]);
      }
    }
  }
  if (ctx.lexicon && form.length <= 60) {
    const x = lexClass ?? lexiconClass(form, ctx.lexicon);
    add('x' + x);
    add('xw' + x + '|' + (key.length > 3 ? key.slice(-2) : key));
  }
  const G = ctx.ngrams ?? 0;
  if (G >= 3 && key.length >= 2 && key.length <= MAX_AFFIX_FORM) {
    const s = '<' + key + '>';
    for (let g = 3; g <= G; g++) for (let i = 0; i + g <= s.length; i++) add('q' + g + s.slice(i, i + g));
  }
  if (ctx.tagClusters) add('k:' + tagClusterOf(form, ctx.tagClusters));
  if (ctx.wordCodes) wordCodeFeatures('e', key, ctx.wordCodes, add);
}

/** The tagger's cluster of a form ('-' none; the part after the last ZWNJ as the tagger does; '<' boundary). */
export function tagClusterOf(form: string, clusters: ReadonlyMap<string, number>): string {
  if (form === '<s>' || form === '</s>') return '<';
  if (form.length > 60) return '-';
  const w = wordKey(form);
  const c = clusters.get(w);
  if (c !== undefined) return String(c);
  const z = w.lastIndexOf(ZWNJ);
  if (z > 0) {
    const d = clusters.get(w.slice(z + 1));
    if (d !== undefined) return 'z' + d;
  }
  return '-';
}

/**
 * Features a word gives the token after it ("prev" role; `key` '<s>' and `cl` −2 at a
 * sentence start). Cached per form by the fast path, like `selfFeatures`.
 */
export function prevFeatures(form: string, key: string, cl: number, ctx: FeatureContext, add: (f: string) => void, lexClass?: string): void {
  add('p' + key);
  if (key.length > 2) add('pa3' + key.slice(0, 3));
  if (key.length > 2) add('ps3' + key.slice(-3));
  if (ctx.clusters && ctx.clusters.size > 0) add('pc' + neighbourClass(cl, ctx.clusterBits ?? 20));
  if (ctx.lexicon && form.length <= 60) add('px' + (lexClass ?? lexiconClass(form, ctx.lexicon)));
  if (ctx.orgHeads && ctx.orgHeads.has(key)) add('poh');
  if (ctx.tagClusters) add('pk:' + tagClusterOf(form, ctx.tagClusters));
  if (ctx.wordCodes) wordCodeFeatures('pe', key, ctx.wordCodes, add);
}

/** Features a word gives the token before it ("next" role; '</s>', −2 at the end). */
export function nextFeatures(form: string, key: string, cl: number, ctx: FeatureContext, add: (f: string) => void, lexClass?: string): void {
  add('n' + key);
  if (key.length > 2) add('na3' + key.slice(0, 3));
  if (key.length > 2) add('ns3' + key.slice(-3));
  if (ctx.clusters && ctx.clusters.size > 0) add('nc' + neighbourClass(cl, ctx.clusterBits ?? 20));
  if (ctx.lexicon && form.length <= 60) add('nx' + (lexClass ?? lexiconClass(form, ctx.lexicon)));
  if (ctx.orgHeads && ctx.orgHeads.has(key)) add('noh');
  if (ctx.tagClusters) add('nk:' + tagClusterOf(form, ctx.tagClusters));
  if (ctx.wordCodes) wordCodeFeatures('ne', key, ctx.wordCodes, add);
}

/** Features a word gives the token two after it. */
export function prev2Features(key: string, add: (f: string) => void): void {
  add('pp' + key);
}

/** Features a word gives the token two before it. */
export function next2Features(key: string, add: (f: string) => void): void {
  add('nn' + key);
}

/**
 * Every feature of every token. Per token, in this order: the self features of the token,
 * the role features of its neighbours (i−1, i+1, i−2, i+2), the pair features, gazetteer
 * hits and document memory. (Order does not change the scores: weights are integers, see
 * `NerModel`, so sums are exact in any order.)
 */
function extractFeatures(forms: readonly string[], ctx: FeatureContext, sink: FeatureSink): void {
  const n = forms.length;
  const keys = new Array<string>(n);
  const shapes = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    // Huge tokens (URLs, garbage) are cut: their identity is useless and hashing them is slow.
    const f = forms[i].length > 60 ? forms[i].slice(0, 60) : forms[i];
    keys[i] = formKey(f);
    shapes[i] = shapeOf(forms[i]);
  }
  // Gazetteer matches: per token, a list of feature strings.
  const gaz: string[][] = new Array(n);
  for (let i = 0; i < n; i++) gaz[i] = [];
  const g = ctx.gazetteer;
  if (g && g.size > 0) {
    for (let s = 0; s < n; s++) {
      let key = '';
      const maxE = Math.min(n, s + g.maxLen);
      for (let e = s + 1; e <= maxE; e++) {
        key = e === s + 1 ? keys[s] : key + ' ' + keys[e - 1];
        const m = g.entries.get(key);
        if (m === undefined) continue;
        for (let t = 0; t < ENTITY_TYPES.length; t++) {
          if (!(m & (1 << t))) continue;
          const ty = ENTITY_TYPES[t];
          for (let i = s; i < e; i++) {
            const pos = e - s === 1 ? 0 : i === s ? 1 : i === e - 1 ? 3 : 2;
            gaz[i].push('g' + ty + POS_CODES[pos]);
          }
          if (s > 0) gaz[s - 1].push('gn' + ty); // an entity starts next
          if (e < n) gaz[e].push('gp' + ty); // an entity just ended
        }
      }
    }
  }
  const add = (f: string) => sink.add(f);
  const at = (i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : keys[i]);
  const clusters = ctx.clusters && ctx.clusters.size > 0 ? ctx.clusters : null;
  const cl = new Array<number>(n);
  for (let i = 0; i < n; i++) cl[i] = clusters ? (clusters.get(keys[i]) ?? -1) : -1;
  const clAt = (i: number) => (i < 0 || i >= n ? -2 : cl[i]);
  const shapeAt = (i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : shapes[i]);
  let ucode: number[] | null = null;
  if (ctx.pos) {
    ucode = new Array<number>(n);
    for (let i = 0; i < n; i++) ucode[i] = uposCode(ctx.upos ? ctx.upos[i] : undefined);
  }
  const uAt = (i: number) => (i < 0 ? UPOS_BOS : i >= n ? UPOS_EOS : ucode![i]);
  for (let i = 0; i < n; i++) {
    const w = keys[i];
    const p1 = at(i - 1);
    const n1 = at(i + 1);
    selfFeatures(forms[i], w, shapes[i], cl[i], ctx, add);
    prevFeatures(i > 0 ? forms[i - 1] : '<s>', p1, clAt(i - 1), ctx, add);
    nextFeatures(i + 1 < n ? forms[i + 1] : '</s>', n1, clAt(i + 1), ctx, add);
    prev2Features(at(i - 2), add);
    next2Features(at(i + 2), add);
    const sp = ctx.sharedPairs === true;
    sink.add('pw' + p1 + '|' + w, sp);
    sink.add('wn' + w + '|' + n1, sp);
    sink.add('pn' + p1 + '|' + n1, sp);
    sink.add('ppp' + at(i - 2) + '|' + p1, sp);
    sink.add('nnn' + n1 + '|' + at(i + 2), sp);
    sink.add('wsn' + w + '|' + shapeAt(i + 1), sp);
    sink.add('psw' + shapeAt(i - 1) + '|' + w, sp);
    sink.add('ps' + shapeAt(i - 1) + '|' + shapes[i] + '|' + shapeAt(i + 1), sp);
    if (ctx.pairClasses) {
      const cb = ctx.clusterBits ?? 20;
      sink.add('wnc' + w + '|' + neighbourClass(clAt(i + 1), cb), sp);
      sink.add('pcw' + neighbourClass(clAt(i - 1), cb) + '|' + w, sp);
    }
    for (const gf of gaz[i]) add(gf);
    if (ucode) {
      posTripleFeatures(uAt(i - 1), ucode[i], uAt(i + 1), add);
      posFarFeatures(0, uAt(i - 2), add);
      posFarFeatures(1, uAt(i + 2), add);
    }
    const mem = ctx.memory ? ctx.memory.get(w) : undefined;
    if (mem) {
      for (let t = 0; t < ENTITY_TYPES.length; t++) if (mem & (1 << t)) add('m' + ENTITY_TYPES[t]);
    } else if (ctx.memory) add('m-');
    sink.end(i);
  }
}

/**
 * Document memory for one sentence: the words of the entities of the other sentences in
 * `neighbours` (their keys and labelled spans), minus very common words (`stop`).
 */
export function buildMemory(
  neighbours: readonly { keys: readonly string[]; spans: readonly { start: number; end: number; t: number }[] }[],
  stop: ReadonlySet<string>,
): Map<string, number> {
  const m = new Map<string, number>();
  for (const nb of neighbours) {
    for (const sp of nb.spans) {
      for (let i = sp.start; i < sp.end; i++) {
        const k = nb.keys[i];
        if (k.length < 2 || stop.has(k)) continue;
        m.set(k, (m.get(k) ?? 0) | (1 << sp.t));
      }
    }
  }
  return m;
}
