import { seededRandom, shuffleInPlace } from '../ml/perceptron.js';
import { spansFromLabels } from './labels.js';
import type { NerModel } from './model.js';

/**
 * Self-training data for the NER model (S9): raw sentences tagged by a *teacher* model, of
 * which only the confidently tagged ones are kept. A sentence is kept when it has at least
 * `minEntities` entities and every token's margin (`NerModel.tagWithMargins`: the best path's
 * score minus the best score with another label at that token) is at least `minMargin`.
 * Deterministic: the same model, sentences and options give the same selection.
 */
export interface SelfTrainOptions {
  /** At most this many sentences (a seeded random sample of those that qualify; 0 = all). */
  max: number;
  /** The smallest token margin allowed in a kept sentence (model integer units). */
  minMargin: number;
  /**
   * Tokens whose margin is below this are left free in training (any label may be the target,
   * as with ParsTwiNER's unmapped types): only the confident tokens teach their label.
   * 0 = every token keeps the teacher's label.
   */
  freeMargin: number;
  /** Kept sentences have at least this many entities. */
  minEntities: number;
  minTokens: number;
  maxTokens: number;
  /** The teacher's convention (`tag`'s domain, e.g. 'peyma'; null: the shared weights). */
  domain: string | null;
  /** Seed of the sample. */
  seed: number;
}

export const DEFAULT_SELF_TRAIN_OPTIONS: SelfTrainOptions = {
  max: 0,
  minMargin: 0,
  freeMargin: 0,
  minEntities: 1,
  minTokens: 4,
  maxTokens: 60,
  domain: 'peyma',
  seed: 1,
};

/** A machine-tagged sentence: token forms and BIO labels (`B-PER`, `I-PER`, `O`). */
export interface SelfSentence {
  forms: string[];
  labels: string[];
  /** 1 for a token left free in training (see `SelfTrainOptions.freeMargin`); absent when none is. */
  free?: Uint8Array;
}

export interface SelfTrainStats {
  /** Distinct sentences of an allowed length. */
  candidates: number;
  /** … of which with enough entities. */
  withEntities: number;
  /** … and every token's margin ≥ minMargin. */
  confident: number;
  selected: number;
  entities: number;
  /** Tokens left free in the selected sentences. */
  free: number;
}

/** Tag `sentences` with `teacher` and keep the confident ones (see SelfTrainOptions). */
export function selectSelfTraining(
  teacher: NerModel,
  sentences: readonly (readonly string[])[],
  options: Partial<SelfTrainOptions> = {},
): { sentences: SelfSentence[]; stats: SelfTrainStats } {
  const o = { ...DEFAULT_SELF_TRAIN_OPTIONS, ...options };
  const seen = new Set<string>();
  const kept: SelfSentence[] = [];
  const stats: SelfTrainStats = { candidates: 0, withEntities: 0, confident: 0, selected: 0, entities: 0, free: 0 };
  for (const s of sentences) {
    if (s.length < o.minTokens || s.length > o.maxTokens) continue;
    const key = s.join('\u0001');
    if (seen.has(key)) continue;
    seen.add(key);
    stats.candidates++;
    const { labels, margins } = teacher.tagWithMargins(s, o.domain);
    if (spansFromLabels(labels).length < o.minEntities) continue;
    stats.withEntities++;
    let low = Infinity;
    for (const m of margins) if (m < low) low = m;
    if (!(low >= o.minMargin)) continue;
    stats.confident++;
    let free: Uint8Array | null = null;
    if (o.freeMargin > 0) {
      for (let i = 0; i < margins.length; i++) {
        if (margins[i] < o.freeMargin) (free ??= new Uint8Array(margins.length))[i] = 1;
      }
    }
    kept.push(free ? { forms: [...s], labels, free } : { forms: [...s], labels });
  }
  let out = kept;
  if (o.max > 0 && kept.length > o.max) {
    const idx = kept.map((_, i) => i);
    shuffleInPlace(idx, seededRandom(o.seed));
    out = idx.slice(0, o.max).sort((a, b) => a - b).map((i) => kept[i]);
  }
  stats.selected = out.length;
  for (const s of out) {
    stats.entities += spansFromLabels(s.labels).length;
    if (s.free) for (const f of s.free) stats.free += f;
  }
  return { sentences: out, stats };
}
