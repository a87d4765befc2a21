import type { Component } from '../component.js';
import type { Doc, Entity } from '../doc/types.js';
import { loadModel } from '../models/load.js';
import { getFormSlots } from '../doc/form-slots.js';
import { NEWS_DOMAIN, NerModel, type DocFormSlots } from './model.js';

/** The default model file under models/ (built by `npm run train:ner`). */
export const DEFAULT_NER_MODEL = 'ner.bin.gz';

/** The shared default model (or another file under models/), loaded once on first use. */
export function loadNerModel(name: string = DEFAULT_NER_MODEL): NerModel {
  return loadModel(name, (b) => NerModel.fromBytes(b));
}

export interface NerComponentOptions {
  /** A model file name under models/ (default `ner.bin.gz`), or a loaded model. */
  model?: string | NerModel;
  /**
   * Annotation conventions to follow: 'news' (default: PEYMA's types and borders plus
   * Arman's FAC/EVENT/PRODUCT, see `mergeNewsLabels`), one corpus ('peyma', 'arman',
   * 'parstwiner'), or null for the shared weights only (which, trained on corpora that
   * disagree about dates and numbers, rarely tag DATE/TIME/MONEY/PERCENT).
   */
  domain?: string | null;
  /**
   * UD PerDT conventions (the pipeline's default model): a NOUN or ADJ word inside a PER, LOC or
   * ORG entity is retagged PROPN, as PerDT tags every word of a name (`سازمان` in an
   * organisation's name). Chosen on PerDT dev with out-of-fold tagger predictions (the NER model
   * never saw PerDT): see `models/MODEL_CARD.tagger.md`. Off by default; the pipeline turns it on
   * for the PerDT model, not for Seraji (which has no PROPN).
   */
  propn?: boolean;
}

/** Entity types whose NOUN/ADJ words PerDT tags PROPN. */
const PROPN_TYPES: ReadonlySet<string> = new Set(['PER', 'LOC', 'ORG']);

/**
 * Retag as PROPN the NOUN and ADJ words (UPOS, nothing else) inside the PER, LOC and ORG
 * entities of `doc` (see `NerComponentOptions.propn`); the number of words changed.
 */
export function propnFromEntities(doc: Doc): number {
  let changed = 0;
  for (const e of doc.entities ?? []) {
    if (!PROPN_TYPES.has(e.type)) continue;
    for (let i = e.tokenStart; i < e.tokenEnd; i++) {
      const t = doc.tokens[i];
      const ws = t.words && t.words.length > 0 ? t.words : [t];
      for (const w of ws) {
        if (w.upos === 'NOUN' || w.upos === 'ADJ') {
          w.upos = 'PROPN';
          changed++;
        }
      }
    }
  }
  return changed;
}

/** Per-token slot buffer of `formSlotsOf` (reused doc after doc). */
let tokenSlots = new Int32Array(1024);

/**
 * The tokenizer's form slots of the tokens of `ranges` (see `doc/form-slots.ts`), when they
 * describe these tokens: a token that is one word has its word's slot (the slot of the
 * token's form), a multi-word token none (−1). Undefined otherwise.
 */
function formSlotsOf(tokens: Doc['tokens'], ranges: readonly [number, number][]): DocFormSlots | undefined {
  const fs = getFormSlots(tokens);
  if (fs === undefined) return undefined;
  if (tokenSlots.length < tokens.length) tokenSlots = new Int32Array(Math.max(tokens.length, 2 * tokenSlots.length));
  const out = tokenSlots;
  const src = fs.slots;
  let w = 0;
  for (let i = 0; i < tokens.length; i++) {
    const ws = tokens[i].words;
    if (ws && ws.length > 0) {
      out[i] = -1;
      w += ws.length;
    } else {
      out[i] = w < fs.count ? src[w] : -1;
      w++;
    }
  }
  if (w !== fs.count) return undefined;
  return { table: fs.table, size: fs.size, slots: out, starts: ranges.map(([from]) => from) };
}

/**
 * Tag the tokens of each sentence of `doc` and fill `doc.entities` and `token.ner`.
 * Entities carry offsets in `doc.text` (`start`/`end`), in `doc.source`
 * (`sourceStart`/`sourceEnd`, via `doc.map.toSourceSpan`) and the token range
 * [tokenStart, tokenEnd). `text` is the entity as written in `doc.text`.
 */
export function recognizeEntities(doc: Doc, model: NerModel, domain: string | null = NEWS_DOMAIN): Doc {
  const tokens = doc.tokens;
  const entities: Entity[] = [];
  const ranges: [number, number][] = [];
  if (doc.sentences.length > 0) {
    let covered = 0;
    for (const s of doc.sentences) {
      if (s.tokenStart > covered) ranges.push([covered, s.tokenStart]);
      ranges.push([s.tokenStart, s.tokenEnd]);
      covered = Math.max(covered, s.tokenEnd);
    }
    if (covered < tokens.length) ranges.push([covered, tokens.length]);
  } else if (tokens.length > 0) ranges.push([0, tokens.length]);
  const live = ranges.filter(([from, to]) => to > from);
  const allForms = live.map(([from, to]) => {
    const forms: string[] = [];
    for (let i = from; i < to; i++) forms.push(tokens[i].form ?? doc.text.slice(tokens[i].start, tokens[i].end));
    return forms;
  });
  // A model with part-of-speech features reads the pos component's UPOS (a sentence with an
  // untagged token is tagged by the model itself).
  let allUpos: (string[] | null)[] | null = null;
  if (model.usesPos) {
    allUpos = live.map(([from, to]) => {
      const u: string[] = [];
      for (let i = from; i < to; i++) {
        const x = tokens[i].upos;
        if (x === undefined) return null;
        u.push(x);
      }
      return u;
    });
  }
  const allLabels = model.tagDocument(allForms, domain, allUpos, formSlotsOf(tokens, live));
  for (let r = 0; r < live.length; r++) {
    const [from, to] = live[r];
    const labels = allLabels[r];
    for (let i = from; i < to; i++) tokens[i].ner = labels[i - from];
    for (const sp of NerModel.spansOf(labels)) {
      const first = tokens[from + sp.start];
      const last = tokens[from + sp.end - 1];
      const [sourceStart, sourceEnd] = doc.map.toSourceSpan(first.start, last.end);
      entities.push({
        type: sp.type,
        text: doc.text.slice(first.start, last.end),
        start: first.start,
        end: last.end,
        sourceStart,
        sourceEnd,
        tokenStart: from + sp.start,
        tokenEnd: from + sp.end,
      });
    }
  }
  doc.entities = entities;
  return doc;
}

/** The `ner` pipeline component (requires tokens; assigns entities and `token.ner`). */
export function nerComponent(options: NerComponentOptions = {}): Component {
  let model: NerModel | null = typeof options.model === 'object' ? options.model : null;
  const name = typeof options.model === 'string' ? options.model : DEFAULT_NER_MODEL;
  return {
    name: 'ner',
    requires: ['tokens'],
    assigns: options.propn === true ? ['entities', 'token.pos'] : ['entities'],
    run(doc) {
      model ??= loadNerModel(name);
      recognizeEntities(doc, model, options.domain === undefined ? NEWS_DOMAIN : options.domain);
      if (options.propn === true) propnFromEntities(doc);
      return doc;
    },
  };
}
