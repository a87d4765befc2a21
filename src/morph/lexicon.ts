/**
 * The packed lexicon (models/lexicon.txt.gz, built by scripts/build-lexicon.js from
 * ../shared/data): word forms with possible tags and a frequency class, verb stems, and
 * lemma facts from the UD dev splits. Loaded lazily, once.
 */
import { loadModel } from '../models/load.js';

export const LEXICON_FILE = 'lexicon.txt.gz';

/** Tag bits of a lexicon word (keep in sync with scripts/lexicon/build.js). */
export const TAG_BITS = {
  N: 0, AJ: 1, ADV: 2, NUM: 3, PL: 4, RES: 5, CL: 6, AJC: 7, P: 8, CONJ: 9, DET: 10, PRO: 11,
  V: 12, INT: 13, FOREIGN: 14, AJS: 15, POSTP: 16, PLAN: 17, PLAT: 18, PLHA: 19, STOP: 20, AJTR: 21,
} as const;
export type LexTag = keyof typeof TAG_BITS;
export const bit = (t: LexTag): number => 1 << TAG_BITS[t];

export type LemmaScheme = 'perdt' | 'seraji';

/** Canonical spelling used for lookups: Arabic ي/ك → Persian, ۀ → هٔ, harakat and tatweel dropped. */
export function normalizeKey(w: string): string {
  let needs = false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c === 0x064a || c === 0x0649 || c === 0x0643 || c === 0x06c0 || (c >= 0x064b && c <= 0x0652) || c === 0x0640) {
      needs = true;
      break;
    }
  }
  if (!needs) return w;
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c === 0x064a || c === 0x0649) out += '\u06cc';
    else if (c === 0x0643) out += '\u06a9';
    else if (c === 0x06c0) out += '\u0647\u0654';
    else if ((c >= 0x064b && c <= 0x0652) || c === 0x0640) continue;
    else out += w[i];
  }
  return out;
}

export class Lexicon {
  readonly version: string;
  /** The packed text; the @words section is searched in place (binary search over line starts). */
  private readonly text: string;
  private lineStarts: Int32Array = new Int32Array(0);
  /** Looked-up words: word → tag bits | (frequency class << 24), or -1 if absent. Bounded. */
  private memo = new Map<string, number>();
  /** past stem → present stems. */
  readonly pastToPresent = new Map<string, string[]>();
  /** present stem → past stems. */
  readonly presentToPast = new Map<string, string[]>();
  /** Frequency class of a verb, by past stem (`#present` for verbs without one). */
  readonly verbFreq = new Map<string, number>();
  /** Lemma facts from a UD dev split: `form\tupos` → most frequent lemma. */
  readonly lemmaFacts: Record<LemmaScheme, Map<string, string>> = { perdt: new Map(), seraji: new Map() };

  /** Weights of the nominal lemma ranker trained on each scheme's lemma facts (see nominal-ranker.ts). */
  readonly rankerWeights: Record<LemmaScheme, Map<string, number>> = { perdt: new Map(), seraji: new Map() };

  /** Verb lemma remapping learned from each scheme's facts (rule lemma → treebank lemma, e.g. گردید → گشت). */
  readonly verbRemap: Record<LemmaScheme, Map<string, string>> = { perdt: new Map(), seraji: new Map() };

  /** UPOS tags a form has in a UD dev split (`form` → 'ADJ,NOUN'); the tagger of one treebank uses the other's. */
  readonly uposFacts: Record<LemmaScheme, Map<string, string>> = { perdt: new Map(), seraji: new Map() };

  /** Named-entity facts: form → `<ratio 0-4><TYPE>` (share of its NER-corpus occurrences inside an entity). */
  readonly neFacts = new Map<string, string>();

  /** Context facts from a news sample: form → 4 digits 0-4 (after adposition, after noun, before verb, before را). */
  readonly contextFacts = new Map<string, string>();

  /** Arabic broken plurals → singular (شواهد → شاهد). */
  readonly brokenPlurals = new Map<string, string>();

  /**
   * Broken plurals for the lemmatiser with lemma facts (@plurals.lemma: more patterns, better
   * choices). The rules-only lemmas the tagger uses as features keep reading `brokenPlurals`.
   */
  readonly lemmaPlurals = new Map<string, string>();

  /**
   * The lemmatiser's past stem for a present stem with several (@verbs.lemma: chosen by their
   * unambiguously verbal forms in a news sample, ایست → ایستاد). analyzeVerb, and so the tagger's
   * features, keep the @verbs order.
   */
  readonly lemmaPast = new Map<string, string>();

  constructor(text: string) {
    this.text = text;
    let i = text.indexOf('\n');
    const header = text.slice(0, i);
    if (!header.startsWith('#sokhan-lexicon\t')) throw new Error('sokhan: models/lexicon.txt.gz is not a sokhan lexicon; rebuild it with npm run build:lexicon');
    this.version = header.slice(header.indexOf('\t') + 1);
    let section = '';
    const n = text.length;
    i++;
    while (i < n) {
      let j = text.indexOf('\n', i);
      if (j < 0) j = n;
      const line = text.slice(i, j);
      i = j + 1;
      if (line.charCodeAt(0) === 64 /* @ */) {
        section = line;
        if (section === '@words') i = this.indexWords(i);
        continue;
      }
      if (section === '@verbs' || section === '@verbs.dev') {
        const cols = line.split('\t');
        const past = cols[0];
        const pres = (cols[1] ?? '').split(',').filter((x) => x.length > 0);
        const vf = parseInt(cols[2] ?? '0', 36) || 0;
        if (past) this.verbFreq.set(past, Math.max(vf, this.verbFreq.get(past) ?? 0));
        for (const p of pres) if (!past) this.verbFreq.set('#' + p, vf);
        for (const p of pres) this.addVerb(past, p);
        if (pres.length === 0 && past) this.addVerb(past, '');
      } else if (section === '@lemmas.perdt' || section === '@lemmas.seraji') {
        const a = line.indexOf('\t');
        const b = line.indexOf('\t', a + 1);
        this.lemmaFacts[section === '@lemmas.perdt' ? 'perdt' : 'seraji'].set(line.slice(0, b), line.slice(b + 1));
      } else if (section === '@ranker.perdt' || section === '@ranker.seraji') {
        const a = line.indexOf('\t');
        if (a > 0) this.rankerWeights[section === '@ranker.perdt' ? 'perdt' : 'seraji'].set(line.slice(0, a), Number(line.slice(a + 1)));
      } else if (section === '@verbmap.perdt' || section === '@verbmap.seraji') {
        const a = line.indexOf('\t');
        if (a > 0) this.verbRemap[section === '@verbmap.perdt' ? 'perdt' : 'seraji'].set(line.slice(0, a), line.slice(a + 1));
      } else if (section === '@plurals') {
        const a = line.indexOf('\t');
        this.brokenPlurals.set(line.slice(0, a), line.slice(a + 1));
      } else if (section === '@verbs.lemma') {
        const a = line.indexOf('\t');
        if (a > 0) this.lemmaPast.set(line.slice(0, a), line.slice(a + 1));
      } else if (section === '@plurals.lemma') {
        const a = line.indexOf('\t');
        this.lemmaPlurals.set(line.slice(0, a), line.slice(a + 1));
      } else if (section === '@ctx') {
        const a = line.indexOf('\t');
        this.contextFacts.set(line.slice(0, a), line.slice(a + 1));
      } else if (section === '@ne') {
        const a = line.indexOf('\t');
        const b = line.indexOf('\t', a + 1);
        this.neFacts.set(line.slice(0, a), line.slice(a + 1, b));
      } else if (section === '@upos.perdt' || section === '@upos.seraji') {
        this.parseUpos(section, line);
      }
    }
    this.sortStems();
  }

  private parseUpos(section: string, line: string): void {
    const a = line.indexOf('\t');
    this.uposFacts[section === '@upos.perdt' ? 'perdt' : 'seraji'].set(line.slice(0, a), line.slice(a + 1));
  }

  /** Record the line starts of the sorted @words section; returns the offset just after it. */
  private indexWords(from: number): number {
    const text = this.text;
    const starts: number[] = [];
    let i = from;
    while (i < text.length && text.charCodeAt(i) !== 64 /* @ */) {
      starts.push(i);
      const j = text.indexOf('\n', i);
      if (j < 0) {
        i = text.length;
        break;
      }
      i = j + 1;
    }
    this.lineStarts = Int32Array.from(starts);
    return i;
  }

  /** Compare `key` with the word at line start `p` (up to its tab), in UTF-16 code unit order. */
  private compareAt(key: string, p: number): number {
    const text = this.text;
    for (let k = 0; ; k++) {
      const c = text.charCodeAt(p + k);
      const end = c === 9;
      if (k === key.length) return end ? 0 : -1;
      if (end) return 1;
      const d = key.charCodeAt(k) - c;
      if (d !== 0) return d;
    }
  }

  private lookup(word: string): number {
    const m = this.memo.get(word);
    if (m !== undefined) return m;
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    let value = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = this.lineStarts[mid];
      const c = this.compareAt(word, p);
      if (c === 0) {
        const a = p + word.length;
        const b = this.text.indexOf('\t', a + 1);
        const e = this.text.indexOf('\n', b + 1);
        value = parseInt(this.text.slice(a + 1, b), 36) | (parseInt(this.text.slice(b + 1, e < 0 ? undefined : e), 36) << 24);
        break;
      }
      if (c < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    if (this.memo.size >= 100_000) this.memo = new Map();
    this.memo.set(word, value);
    return value;
  }

  private entry(word: string): number {
    if (word.length === 0 || word.length > 64) return -1;
    const v = this.lookup(word);
    if (v >= 0) return v;
    const k = normalizeKey(word);
    return k === word ? -1 : this.lookup(k);
  }

  /** Sort every present stem's past stems by verb frequency (most frequent first). */
  private sortStems(): void {
    for (const l of this.presentToPast.values()) if (l.length > 1) l.sort((a, b) => (this.verbFreq.get(b) ?? 0) - (this.verbFreq.get(a) ?? 0) || (a < b ? -1 : 1));
  }

  private addVerb(past: string, pres: string): void {
    if (past) {
      const l = this.pastToPresent.get(past);
      if (!l) this.pastToPresent.set(past, pres ? [pres] : []);
      else if (pres && !l.includes(pres)) l.push(pres);
    }
    if (pres) {
      const l = this.presentToPast.get(pres);
      if (!l) this.presentToPast.set(pres, past ? [past] : []);
      else if (past && !l.includes(past)) l.push(past);
    }
  }

  /** Number of word forms. */
  get size(): number {
    return this.lineStarts.length;
  }
  has(word: string): boolean {
    return this.entry(word) >= 0;
  }
  /** Tag bits of a word (0 if unknown); test with `bit('N')` etc. */
  bits(word: string): number {
    const v = this.entry(word);
    return v < 0 ? 0 : v & 0xffffff;
  }
  /** Frequency class 0..31 (≈ log2 of the hazm corpus count), 0 if unknown. */
  freq(word: string): number {
    const v = this.entry(word);
    return v < 0 ? 0 : v >>> 24;
  }
  /** The lexicon's tags of a word, e.g. ['N', 'AJ']. */
  tags(word: string): LexTag[] {
    const b = this.bits(word);
    return (Object.keys(TAG_BITS) as LexTag[]).filter((t) => b & bit(t));
  }
  isPastStem(s: string): boolean {
    return this.pastToPresent.has(s);
  }
  isPresentStem(s: string): boolean {
    return this.presentToPast.has(s);
  }
}

let shared: Lexicon | null = null;

/** The packed lexicon, loaded on first use and shared. */
export function getLexicon(): Lexicon {
  shared ??= loadModel(LEXICON_FILE, (b) => new Lexicon(new TextDecoder().decode(b)));
  return shared;
}
