import type { EntityType } from '../doc/types.js';
import { SequenceModel } from '../ml/perceptron.js';
import { deserializeModel, readIntegerModel, serializeModel, type IntegerSequenceModel } from '../ml/serialize.js';
import { getLexicon } from '../morph/lexicon.js';
import { Gazetteer, type LexiconLike, buildMemory, formKey, parseClusters, sentenceFeatureSets, sentenceFeatures, type FeatureContext } from './features.js';
import { BIO_LABELS, ENTITY_TYPES, spansFromLabels } from './labels.js';
import { FastNerScorer, type FormSlotHint } from './fast-features.js';
import { IntegerRows, quantizeModel } from '../ml/sparse.js';
import { FixedTransitionViterbi } from '../ml/viterbi.js';
import { getTagger } from '../tag/tagger.js';
import { unpackClusters } from '../tag/clusters.js';
import { parseWordCodes } from '../ml/word-vectors.js';
import { tokenMargins } from './margins.js';

/**
 * The tokenizer's form-cache slots of a document's tokens (see `doc/form-slots.ts` and
 * `FormSlotHint`): sentence k's token i has slot `slots[starts[k] + i]` (−1: none). A hint
 * that saves hashing the forms; the tags are the same with or without it.
 */
export interface DocFormSlots {
  readonly table: object;
  readonly size: number;
  readonly slots: Int32Array;
  readonly starts: readonly number[];
}

/** UPOS of each token of each sentence (null or a missing entry: the model tags the sentence itself). */
export type SentenceUpos = readonly (readonly (string | undefined)[] | null | undefined)[];

/**
 * The pipeline's default convention for news text: PEYMA's reading (PER, ORG, LOC, DATE,
 * TIME, MONEY, PERCENT) merged with Arman's FAC, EVENT and PRODUCT spans; see
 * `mergeNewsLabels`.
 */
export const NEWS_DOMAIN = 'news';

const ARMAN_ONLY = new Set<EntityType>(['FAC', 'EVENT', 'PRODUCT']);
const PEYMA_ONLY = new Set<EntityType>(['DATE', 'TIME', 'MONEY', 'PERCENT']);
/** Per label index: whether it is a B-/I- of an Arman-only type; the type of an I- label (−1 otherwise); the type of a B-/I- label (−1 for O). */
const ARMAN_ONLY_LABEL = BIO_LABELS.map((l) => l !== 'O' && ARMAN_ONLY.has(l.slice(2) as EntityType));
const INSIDE_TYPE = BIO_LABELS.map((l) => (l.startsWith('I-') ? ENTITY_TYPES.indexOf(l.slice(2) as EntityType) : -1));
const TYPE_OF = BIO_LABELS.map((l) => (l === 'O' ? -1 : ENTITY_TYPES.indexOf(l.slice(2) as EntityType)));

/**
 * Merge two readings of one sentence: the PEYMA-convention labels `peyma` and the
 * Arman-convention labels `arman`. Arman's FAC/EVENT/PRODUCT spans are added, replacing
 * PEYMA PER/ORG/LOC spans they overlap (PEYMA has no facility type and files facilities
 * under LOC or ORG); they never replace a DATE/TIME/MONEY/PERCENT span.
 */
export function mergeNewsLabels(peyma: readonly string[], arman: readonly string[]): string[] {
  let spans = spansFromLabels(peyma);
  for (const a of spansFromLabels(arman)) {
    if (!ARMAN_ONLY.has(a.type)) continue;
    const overlapping = spans.filter((p) => p.start < a.end && a.start < p.end);
    if (overlapping.some((p) => PEYMA_ONLY.has(p.type))) continue;
    spans = spans.filter((p) => !(p.start < a.end && a.start < p.end));
    spans.push(a);
  }
  const out = new Array<string>(peyma.length).fill('O');
  for (const sp of spans) {
    out[sp.start] = `B-${sp.type}`;
    for (let i = sp.start + 1; i < sp.end; i++) out[i] = `I-${sp.type}`;
  }
  return out;
}

/** The slot hint of the window starting at token s of sentence k (null without slots). */
function hintOf(slots: DocFormSlots | null, k: number, s: number): FormSlotHint | null {
  if (slots === null || k >= slots.starts.length) return null;
  return { table: slots.table, size: slots.size, slots: slots.slots, at: slots.starts[k] + s };
}

/** Sentences longer than this are tagged in windows (bounded memory and time). */
const MAX_SEQ = 300;

/** A trained NER model: a sequence model over hashed features plus its name lists. */
export class NerModel {
  private readonly ctx: FeatureContext;
  private readonly memoryWindow: number;
  private readonly stop: Set<string>;
  private readonly scorers = new Map<string, FastNerScorer>();
  private intRows: IntegerRows | null;
  private fastViterbi: FixedTransitionViterbi | null = null;
  /** The scorer of the news convention (PEYMA + Arman), once made. */
  private newsScorer: FastNerScorer | null = null;
  /** Path buffers of `tagNews` (PEYMA and Arman readings), reused. */
  private pathP = new Int32Array(64);
  private pathA = new Int32Array(64);
  private seqModel: SequenceModel | null;
  /** The model file, when loaded from one (the dense model is then built only if asked for). */
  private readonly bytes: Uint8Array | null;
  private readonly labels: readonly string[];
  private readonly trans: Float32Array;
  readonly meta: Record<string, unknown>;

  constructor(
    /** A sequence model, or a model file read in integer units (`readIntegerModel`) with its bytes. */
    model: SequenceModel | (IntegerSequenceModel & { bytes: Uint8Array }),
    readonly gazetteer: Gazetteer,
    clusters: Map<string, number> | null = null,
    /** The lexicon, for a model trained with lexicon features (default: the packed lexicon). */
    lexicon: LexiconLike | null = null,
  ) {
    let seq: { labels: readonly string[]; bits: number; trans: Float32Array; meta: Record<string, unknown> };
    if (model instanceof SequenceModel) {
      seq = this.seqModel = quantizeModel(model);
      this.intRows = null;
      this.bytes = null;
    } else {
      seq = model;
      this.seqModel = null;
      this.intRows = model.rows;
      this.bytes = model.bytes;
    }
    this.labels = seq.labels;
    this.trans = seq.trans;
    this.meta = seq.meta;
    if (seq.labels.join(',') !== BIO_LABELS.join(',')) {
      throw new Error('sokhan: the NER model was built with a different label set; rebuild it with `npm run train:ner`');
    }
    this.memoryWindow = typeof seq.meta.memoryWindow === 'number' ? seq.meta.memoryWindow : 0;
    this.stop = new Set(typeof seq.meta.memoryStop === 'string' ? seq.meta.memoryStop.split('\n') : []);
    this.ctx = {
      bits: seq.bits,
      gazetteer,
      clusters,
      clusterBits: typeof seq.meta.clusterBits === 'number' ? seq.meta.clusterBits : 20,
      sharedPairs: seq.meta.sharedPairs === true,
      lexicon: seq.meta.lexicon === true ? (lexicon ?? getLexicon()) : null,
      orgHeads: typeof seq.meta.orgHeads === 'string' && seq.meta.orgHeads ? new Set(seq.meta.orgHeads.split('\n')) : null,
      pos: seq.meta.pos === true,
      gazWords: seq.meta.gazWords === true,
      ngrams: typeof seq.meta.ngrams === 'number' ? seq.meta.ngrams : 0,
      pairClasses: seq.meta.pairClasses === true,
      tagClusters: typeof seq.meta.tagClusters === 'string' && seq.meta.tagClusters ? unpackClusters(seq.meta.tagClusters) : null,
      wordCodes: typeof seq.meta.wordCodes === 'string' && seq.meta.wordCodes ? parseWordCodes(seq.meta.wordCodes) : null,
    };
  }

  /**
   * The sequence model in integer units (`quantizeModel`: weights as the model file stores
   * them, transitions scaled alike). Integer weights make every emission sum exact, so the
   * fast path (`FastNerScorer`, which adds cached partial sums) and the reference path give
   * the same scores bit for bit. A model loaded from a file builds this dense table (≈ 40 MB
   * for the default model) only when asked for: the fast path reads `IntegerRows` alone.
   */
  get seq(): SequenceModel {
    return (this.seqModel ??= quantizeModel(deserializeModel(this.bytes!)));
  }

  /** The annotation conventions (training corpora) the model can follow; see `tag`. */
  get domains(): readonly string[] {
    const d = this.meta.domains;
    return Array.isArray(d) ? (d as string[]) : [];
  }

  /**
   * BIO labels (`B-PER`, `I-PER`, `O`) for a sentence of normalised token forms. With a
   * `domain` the model knows (e.g. 'peyma', 'arman'), it follows that corpus's annotation
   * conventions; otherwise (the default) it uses only what the corpora share.
   */
  tag(forms: readonly string[], domain?: string | null, memory?: Map<string, number> | null, upos?: readonly (string | undefined)[] | null): string[] {
    return this.tagImpl(forms, domain, memory, false, this.uposOf(forms, upos));
  }

  /**
   * `tag` (fast path) with each token's confidence: the best path's score minus the best score
   * of a path with another label at that token (`tokenMargins`, in the model's integer units;
   * 0 on a tie). Sentences longer than the tagging window are tagged in windows, as by `tag`.
   * For self-training (see `selectSelfTraining`).
   */
  tagWithMargins(forms: readonly string[], domain?: string | null, upos?: readonly (string | undefined)[] | null): { labels: string[]; margins: Float64Array } {
    const u = this.uposOf(forms, upos);
    const dom = domain && this.domains.includes(domain) ? domain : null;
    const fz = this.scorer(dom ? [dom] : []);
    const labels: string[] = [];
    const margins = new Float64Array(forms.length);
    const L = this.labels.length;
    for (let s = 0; s < forms.length; s += MAX_SEQ) {
      const part = forms.length <= MAX_SEQ ? forms : forms.slice(s, s + MAX_SEQ);
      const [emit] = fz.emissions(part, null, !u ? null : forms.length <= MAX_SEQ ? u : u.slice(s, s + MAX_SEQ), null);
      const path = this.decoder.decode(emit, part.length);
      margins.set(tokenMargins(emit, part.length, L, this.trans, path), s);
      for (let i = 0; i < part.length; i++) labels.push(this.labels[path[i]]);
    }
    return { labels, margins };
  }

  /** Whether the model has part-of-speech features (it then reads the UPOS of each token, or tags the sentence itself). */
  get usesPos(): boolean {
    return this.ctx.pos === true;
  }

  /**
   * The UPOS of a sentence's tokens for a model with part-of-speech features: `upos` if it has
   * one per token, else the PerDT tagger's (as in training). Null for a model without them.
   */
  private uposOf(forms: readonly string[], upos: readonly (string | undefined)[] | null | undefined): readonly (string | undefined)[] | null {
    if (!this.ctx.pos) return null;
    if (upos && upos.length === forms.length) return upos;
    return forms.length === 0 ? [] : getTagger('perdt').tag(forms).map((t) => t.upos);
  }

  /**
   * `tag` through the simple reference implementation (feature strings hashed one by one,
   * dense weight table). Slow; kept for the differential test of the fast path.
   */
  referenceTag(forms: readonly string[], domain?: string | null, memory?: Map<string, number> | null, upos?: readonly (string | undefined)[] | null): string[] {
    return this.tagImpl(forms, domain, memory, true, this.uposOf(forms, upos));
  }

  /** `tagDocument` through the reference implementation (see `referenceTag`). */
  referenceTagDocument(sentences: readonly (readonly string[])[], domain?: string | null, upos?: SentenceUpos | null): string[][] {
    return this.tagDocumentImpl(sentences, domain, true, this.uposOfAll(sentences, upos));
  }

  private uposOfAll(sentences: readonly (readonly string[])[], upos: SentenceUpos | null | undefined): (readonly (string | undefined)[] | null)[] {
    return sentences.map((forms, k) => this.uposOf(forms, upos ? upos[k] : null));
  }

  private scorer(domains: readonly string[]): FastNerScorer {
    const id = domains.join('\u0000');
    let f = this.scorers.get(id);
    if (!f) {
      f = new FastNerScorer({ ...this.ctx, domains, rows: this.rows });
      this.scorers.set(id, f);
    }
    return f;
  }

  private get decoder(): FixedTransitionViterbi {
    return (this.fastViterbi ??= new FixedTransitionViterbi(this.labels.length, this.trans));
  }

  private get rows(): IntegerRows {
    return (this.intRows ??= new IntegerRows(this.seq));
  }

  private tagImpl(
    forms: readonly string[],
    domain: string | null | undefined,
    memory: Map<string, number> | null | undefined,
    ref: boolean,
    upos: readonly (string | undefined)[] | null,
    slots: DocFormSlots | null = null,
    k = 0,
  ): string[] {
    const out: string[] = [];
    const dom = domain && this.domains.includes(domain) ? domain : null;
    const window = (s: number) => (!upos ? null : forms.length <= MAX_SEQ ? upos : upos.slice(s, s + MAX_SEQ));
    if (!ref) {
      const fz = this.scorer(dom ? [dom] : []);
      for (let s = 0; s < forms.length; s += MAX_SEQ) {
        const part = forms.length <= MAX_SEQ ? forms : forms.slice(s, s + MAX_SEQ);
        const [emit] = fz.emissions(part, memory ?? null, window(s), hintOf(slots, k, s));
        const path = this.decoder.decode(emit, part.length);
        for (let i = 0; i < part.length; i++) out.push(this.labels[path[i]]);
      }
      return out;
    }
    let ctx = domain && this.domains.includes(domain) ? { ...this.ctx, domain } : this.ctx;
    if (memory) ctx = { ...ctx, memory };
    for (let s = 0; s < forms.length; s += MAX_SEQ) {
      const part = forms.slice(s, s + MAX_SEQ);
      const path = this.seq.decode(sentenceFeatures(part, { ...ctx, upos: window(s) }));
      for (let i = 0; i < path.length; i++) out.push(this.seq.labels[path[i]]);
    }
    return out;
  }

  /**
   * Tag the sentences of one document. With a model trained with document memory, a first
   * pass tags each sentence alone; a second pass tags it again knowing which words were
   * entities (and of what type) in the sentences around it.
   */
  tagDocument(sentences: readonly (readonly string[])[], domain?: string | null, upos?: SentenceUpos | null, slots?: DocFormSlots | null): string[][] {
    return this.tagDocumentImpl(sentences, domain, false, this.uposOfAll(sentences, upos), slots ?? null);
  }

  private tagDocumentImpl(
    sentences: readonly (readonly string[])[],
    domain: string | null | undefined,
    ref: boolean,
    upos: readonly (readonly (string | undefined)[] | null)[],
    slots: DocFormSlots | null = null,
  ): string[][] {
    if (domain === NEWS_DOMAIN) {
      if (this.domains.includes('peyma') && this.domains.includes('arman') && this.memoryWindow <= 0) {
        if (!ref) return sentences.map((forms, k) => this.tagNews(forms, upos[k], slots, k));
        // One feature extraction and one shared emission sum serve both conventions.
        return sentences.map((forms, k) => {
          const out: string[] = [];
          const u = upos[k];
          for (let s = 0; s < forms.length; s += MAX_SEQ) {
            const part = forms.slice(s, s + MAX_SEQ);
            const n = part.length;
            const [shared, peyma, arman] = sentenceFeatureSets(part, { ...this.ctx, upos: u ? u.slice(s, s + MAX_SEQ) : null }, ['peyma', 'arman']);
            const base = this.seq.emissions(shared);
            const ep = this.seq.emissions(peyma, Float32Array.from(base), true);
            const ea = this.seq.emissions(arman, base, true);
            const lp = Array.from(this.seq.decodeEmissions(ep, n), (y) => this.seq.labels[y]);
            const la = Array.from(this.seq.decodeEmissions(ea, n), (y) => this.seq.labels[y]);
            for (const l of mergeNewsLabels(lp, la)) out.push(l);
          }
          return out;
        });
      }
      if (this.domains.includes('peyma') && this.domains.includes('arman')) {
        const p = this.tagDocumentImpl(sentences, 'peyma', ref, upos, slots);
        const a = this.tagDocumentImpl(sentences, 'arman', ref, upos, slots);
        return p.map((labels, k) => mergeNewsLabels(labels, a[k]));
      }
      domain = null;
    }
    const first = sentences.map((f, k) => this.tagImpl(f, domain, null, ref, upos[k], slots, k));
    const W = this.memoryWindow;
    if (W <= 0 || sentences.length < 2) return first;
    const info = sentences.map((forms, k) => ({
      keys: forms.map(formKey),
      spans: spansFromLabels(first[k]).map((sp) => ({ start: sp.start, end: sp.end, t: ENTITY_TYPES.indexOf(sp.type) })),
    }));
    return sentences.map((forms, k) => {
      const nb = [];
      for (let j = Math.max(0, k - W); j <= Math.min(sentences.length - 1, k + W); j++) if (j !== k) nb.push(info[j]);
      return this.tagImpl(forms, domain, buildMemory(nb, this.stop), ref, upos[k], slots, k);
    });
  }

  /** The news convention (PEYMA + Arman) of one sentence, fast path. */
  private tagNews(forms: readonly string[], upos: readonly (string | undefined)[] | null, slots: DocFormSlots | null, k: number): string[] {
    const out: string[] = [];
    const fz = (this.newsScorer ??= this.scorer(['peyma', 'arman']));
    const labels = this.labels;
    for (let s = 0; s < forms.length; s += MAX_SEQ) {
      const part = forms.length <= MAX_SEQ ? forms : forms.slice(s, s + MAX_SEQ);
      const n = part.length;
      const [ep, ea] = fz.emissions(part, null, !upos ? null : forms.length <= MAX_SEQ ? upos : upos.slice(s, s + MAX_SEQ), hintOf(slots, k, s));
      if (this.pathP.length < n) {
        this.pathP = new Int32Array(Math.max(n, 2 * this.pathP.length));
        this.pathA = new Int32Array(this.pathP.length);
      }
      const pp = this.pathP;
      const pa = this.pathA;
      this.decoder.decodePair(ep, ea, n, pp, pa);
      // Most sentences: both readings agree or the Arman one adds nothing Arman-only.
      // (Then the merge gives the PEYMA reading, if it is a well-formed BIO path.)
      let merge = false;
      for (let i = 0; i < n && !merge; i++) {
        if (ARMAN_ONLY_LABEL[pa[i]] || (INSIDE_TYPE[pp[i]] >= 0 && (i === 0 || TYPE_OF[pp[i - 1]] !== INSIDE_TYPE[pp[i]]))) merge = true;
      }
      if (!merge) {
        for (let i = 0; i < n; i++) out.push(labels[pp[i]]);
        continue;
      }
      const lp: string[] = [];
      const la: string[] = [];
      for (let i = 0; i < n; i++) {
        lp.push(labels[pp[i]]);
        la.push(labels[pa[i]]);
      }
      for (const l of mergeNewsLabels(lp, la)) out.push(l);
    }
    return out;
  }

  /** Entity spans in token indices [start, end). */
  spans(forms: readonly string[], domain?: string | null, upos?: readonly (string | undefined)[] | null): { start: number; end: number; type: EntityType }[] {
    return spansFromLabels(this.tag(forms, domain, null, upos));
  }

  /** Entity spans of a BIO label sequence. */
  static spansOf(labels: readonly string[]): { start: number; end: number; type: EntityType }[] {
    return spansFromLabels(labels);
  }

  toBytes(): Uint8Array {
    return serializeModel(this.seq);
  }

  static fromBytes(bytes: Uint8Array): NerModel {
    const seq = { ...readIntegerModel(bytes), bytes };
    const gz = typeof seq.meta.gazetteer === 'string' ? seq.meta.gazetteer : '';
    const cl = typeof seq.meta.clusters === 'string' && seq.meta.clusters ? parseClusters(seq.meta.clusters) : null;
    return new NerModel(seq, Gazetteer.parse(gz), cl);
  }
}
