import type { EntityType } from '../doc/types.js';
import { normalizeGoldToken } from './features.js';
import type { GoldFile } from './formats.js';
import { ENTITY_TYPES, TYPE_MAPS, spansFromBio, spansFromLabels, typesOf } from './labels.js';
import type { NerModel } from './model.js';

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  /** Counts behind the figures. */
  gold: number;
  predicted: number;
  correct: number;
}

export interface NerScores {
  corpus: string;
  sentences: number;
  tokens: number;
  /** Micro-averaged over the scored types. Percent. */
  overall: PRF;
  types: Partial<Record<EntityType, PRF>>;
}

function prf(gold: number, predicted: number, correct: number): PRF {
  const p = predicted ? (100 * correct) / predicted : 0;
  const r = gold ? (100 * correct) / gold : 0;
  const f = p + r > 0 ? (2 * p * r) / (p + r) : 0;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { precision: round(p), recall: round(r), f1: round(f), gold, predicted, correct };
}

/** Accumulates exact-span matches per type. Only `scored` types count (both gold and predicted). */
export class SpanScorer {
  private readonly counts = new Map<EntityType, { gold: number; predicted: number; correct: number }>();
  constructor(readonly scored: readonly EntityType[]) {
    for (const t of scored) this.counts.set(t, { gold: 0, predicted: 0, correct: 0 });
  }

  add(gold: readonly { start: number; end: number; type: EntityType | null }[], predicted: readonly { start: number; end: number; type: EntityType }[]): void {
    const g = new Set<string>();
    for (const s of gold) {
      if (!s.type) continue;
      const c = this.counts.get(s.type);
      if (!c) continue;
      c.gold++;
      g.add(`${s.start}:${s.end}:${s.type}`);
    }
    for (const s of predicted) {
      const c = this.counts.get(s.type);
      if (!c) continue; // a type the gold file does not annotate: ignored
      c.predicted++;
      if (g.has(`${s.start}:${s.end}:${s.type}`)) c.correct++;
    }
  }

  result(): { overall: PRF; types: Partial<Record<EntityType, PRF>> } {
    let G = 0;
    let P = 0;
    let C = 0;
    const types: Partial<Record<EntityType, PRF>> = {};
    for (const t of ENTITY_TYPES) {
      const c = this.counts.get(t);
      if (!c) continue;
      G += c.gold;
      P += c.predicted;
      C += c.correct;
      types[t] = prf(c.gold, c.predicted, c.correct);
    }
    return { overall: prf(G, P, C), types };
  }
}

/**
 * Run `model` on the gold tokenisation of `file` and score exact spans. By default the model
 * follows the annotation conventions of the file's corpus when it was trained with them
 * (`domain: file.corpus`); pass `domain: null` for the shared, convention-neutral model.
 */
export function evaluateNer(model: NerModel, file: GoldFile, options: { domain?: string | null } = {}): NerScores {
  const domain = options.domain === undefined ? file.corpus : options.domain;
  const scorer = new SpanScorer(typesOf(file.corpus));
  const map = TYPE_MAPS[file.corpus];
  let tokens = 0;
  const forms = file.sentences.map((s) => s.tokens.map(normalizeGoldToken));
  // The file is read as one document (sentences in order), so the document memory sees
  // the sentences around each one, as it would in running text.
  const labels = model.tagDocument(forms, domain);
  file.sentences.forEach((s, k) => {
    tokens += s.tokens.length;
    scorer.add(spansFromBio(s.tags, map), spansFromLabels(labels[k]));
  });
  return { corpus: file.corpus, sentences: file.sentences.length, tokens, ...scorer.result() };
}
