import type { EntityType } from '../doc/types.js';
import type { SequenceModel } from '../ml/perceptron.js';
import { deserializeModel, serializeModel } from '../ml/serialize.js';
import { Gazetteer, sentenceFeatures, type FeatureContext } from './features.js';
import { BIO_LABELS, spansFromLabels } from './labels.js';

/** Sentences longer than this are tagged in windows (bounded memory and time). */
const MAX_SEQ = 300;

/** A trained NER model: a sequence model over hashed features plus its name lists. */
export class NerModel {
  private readonly ctx: FeatureContext;

  constructor(
    readonly seq: SequenceModel,
    readonly gazetteer: Gazetteer,
  ) {
    if (seq.labels.join(',') !== BIO_LABELS.join(',')) {
      throw new Error('sokhan: the NER model was built with a different label set; rebuild it with `npm run train:ner`');
    }
    this.ctx = { bits: seq.bits, gazetteer };
  }

  /** The annotation conventions (training corpora) the model can follow; see `tag`. */
  get domains(): readonly string[] {
    const d = this.seq.meta.domains;
    return Array.isArray(d) ? (d as string[]) : [];
  }

  /**
   * BIO labels (`B-PER`, `I-PER`, `O`) for a sentence of normalised token forms. With a
   * `domain` the model knows (e.g. 'peyma', 'arman'), it follows that corpus's annotation
   * conventions; otherwise (the default) it uses only what the corpora share.
   */
  tag(forms: readonly string[], domain?: string | null): string[] {
    const out: string[] = [];
    const ctx = domain && this.domains.includes(domain) ? { ...this.ctx, domain } : this.ctx;
    for (let s = 0; s < forms.length; s += MAX_SEQ) {
      const part = forms.slice(s, s + MAX_SEQ);
      const path = this.seq.decode(sentenceFeatures(part, ctx));
      for (let i = 0; i < path.length; i++) out.push(this.seq.labels[path[i]]);
    }
    return out;
  }

  /** Entity spans in token indices [start, end). */
  spans(forms: readonly string[], domain?: string | null): { start: number; end: number; type: EntityType }[] {
    return spansFromLabels(this.tag(forms, domain));
  }

  /** Entity spans of a BIO label sequence. */
  static spansOf(labels: readonly string[]): { start: number; end: number; type: EntityType }[] {
    return spansFromLabels(labels);
  }

  get meta(): Record<string, unknown> {
    return this.seq.meta;
  }

  toBytes(): Uint8Array {
    return serializeModel(this.seq);
  }

  static fromBytes(bytes: Uint8Array): NerModel {
    const seq = deserializeModel(bytes);
    const gz = typeof seq.meta.gazetteer === 'string' ? seq.meta.gazetteer : '';
    return new NerModel(seq, Gazetteer.parse(gz));
  }
}
