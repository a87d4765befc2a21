import type { EntityType } from '../doc/types.js';

/** Our entity types (one label set across corpora). Order is part of the model format. */
export const ENTITY_TYPES: readonly EntityType[] = [
  'PER', 'ORG', 'LOC', 'FAC', 'EVENT', 'PRODUCT', 'DATE', 'TIME', 'MONEY', 'PERCENT',
];

/** BIO labels: 'O', then B-/I- for each type. */
export const BIO_LABELS: readonly string[] = ['O', ...ENTITY_TYPES.flatMap((t) => [`B-${t}`, `I-${t}`])];

export function labelIndex(prefix: 'B' | 'I', type: EntityType): number {
  return 1 + 2 * ENTITY_TYPES.indexOf(type) + (prefix === 'I' ? 1 : 0);
}

/** The gold formats we read; each has its own tag spelling. */
export type NerCorpus = 'peyma' | 'arman' | 'parstwiner';

/**
 * How each corpus's types map to ours.
 * - Arman (pers, org, loc, fac, pro, event): all six map one-to-one.
 * - PEYMA (PER, ORG, LOC, DAT, TIM, MON, PCT): all seven map one-to-one.
 * - ParsTwiNER (PER, LOC, ORG, EVE, POG, NAT): EVE → EVENT. POG (political group or dynasty)
 *   and NAT (nationality or ethnicity) have no counterpart: the other corpora tag
 *   nationalities as O and political groups inconsistently, so we map them to `null`.
 *   In training their tokens are left unconstrained (any label may be the target); in
 *   evaluation they are not scored (they are not in our label set).
 */
export const TYPE_MAPS: Readonly<Record<NerCorpus, Readonly<Record<string, EntityType | null>>>> = {
  arman: { pers: 'PER', org: 'ORG', loc: 'LOC', fac: 'FAC', pro: 'PRODUCT', event: 'EVENT' },
  peyma: { PER: 'PER', ORG: 'ORG', LOC: 'LOC', DAT: 'DATE', TIM: 'TIME', MON: 'MONEY', PCT: 'PERCENT' },
  parstwiner: { PER: 'PER', LOC: 'LOC', ORG: 'ORG', EVE: 'EVENT', POG: null, NAT: null },
};

/** Our types that a corpus annotates (the ones an evaluation on it can score). */
export function typesOf(corpus: NerCorpus): EntityType[] {
  const s = new Set<EntityType>();
  for (const t of Object.values(TYPE_MAPS[corpus])) if (t) s.add(t);
  return ENTITY_TYPES.filter((t) => s.has(t));
}

/** A gold span in token indices [start, end). `type` is null for an unmapped corpus type. */
export interface TokenSpan {
  start: number;
  end: number;
  type: EntityType | null;
  /** The corpus's own type name. */
  raw: string;
}

/**
 * Spans from a BIO sequence of (prefix, type) pairs. An I- that does not continue a span
 * of the same type starts a new span (the usual conlleval reading of IOB1/IOB2 mixtures).
 */
export function spansFromBio(tags: readonly { prefix: 'B' | 'I' | 'O'; raw: string | null }[], map: Readonly<Record<string, EntityType | null>>): TokenSpan[] {
  const spans: TokenSpan[] = [];
  let cur: TokenSpan | null = null;
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i];
    if (t.prefix === 'O' || t.raw === null) {
      if (cur) spans.push(cur);
      cur = null;
      continue;
    }
    if (t.prefix === 'I' && cur && cur.raw === t.raw) {
      cur.end = i + 1;
      continue;
    }
    if (cur) spans.push(cur);
    cur = { start: i, end: i + 1, type: map[t.raw] ?? null, raw: t.raw };
  }
  if (cur) spans.push(cur);
  return spans;
}

/** Spans from our own BIO label strings ('B-PER', 'I-PER', 'O'). */
export function spansFromLabels(labels: readonly string[]): { start: number; end: number; type: EntityType }[] {
  const out: { start: number; end: number; type: EntityType }[] = [];
  let cur: { start: number; end: number; type: EntityType } | null = null;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l === 'O' || l.length < 3) {
      if (cur) out.push(cur);
      cur = null;
      continue;
    }
    const type = l.slice(2) as EntityType;
    if (l[0] === 'I' && cur && cur.type === type) {
      cur.end = i + 1;
      continue;
    }
    if (cur) out.push(cur);
    cur = { start: i, end: i + 1, type };
  }
  if (cur) out.push(cur);
  return out;
}
