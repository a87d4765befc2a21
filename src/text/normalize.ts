import { OffsetMap } from '../doc/offset-map.js';
import './live-shapes.js';
import { DEFAULT_NORMALIZE_OPTIONS, resolveOptions, type NormalizeOptions } from './options.js';
import { REFERENCE_RULES, RULES, type AroundRule } from './rules/index.js';
import type { Rule } from './rule.js';

export interface Normalized {
  /** The normalised text. */
  text: string;
  /** Maps positions in `text` back to the input. */
  map: OffsetMap;
}

/**
 * Normalise Persian text. Returns the new text and the map back to the input; the
 * input itself is never changed. Idempotent: normalize(normalize(x).text).text equals
 * normalize(x).text.
 */
export function normalize(source: string, options?: Partial<NormalizeOptions>): Normalized {
  return runRules(RULES, source, options);
}

/**
 * The same normalisation through the reference passes (each rule on its own, no fast paths).
 * For tests and benchmarks: it must give exactly what `normalize` gives, only slower.
 */
export function normalizeReference(source: string, options?: Partial<NormalizeOptions>): Normalized {
  return runRules(REFERENCE_RULES, source, options);
}

function runRules(rules: readonly Rule[], source: string, options?: Partial<NormalizeOptions>): Normalized {
  if (typeof source !== 'string') throw new TypeError(`normalize() takes a string, got ${typeof source}`);
  // The defaults are already complete and valid: no copy, no checks, on the common call.
  const o = options === undefined ? DEFAULT_NORMALIZE_OPTIONS : resolveOptions(options);
  let text = source;
  let map = OffsetMap.identity(source.length);
  // Output ranges the last pass that ran changed, when it reported them (see AroundRule).
  let changed: readonly number[] | null = null;
  for (const rule of rules) {
    if (!rule.enabled(o)) continue;
    const around = (rule as Partial<AroundRule>).applyAround;
    const r: ReturnType<Rule['apply']> = changed !== null && around !== undefined ? around(text, o, changed) : rule.apply(text, o);
    changed = null;
    if (r === null) continue;
    text = r.text;
    map = map.then(r.map);
    changed = (r as { changed?: readonly number[] }).changed ?? null;
  }
  return { text, map };
}

/** Normalised text only, for callers that need no offsets. */
export function normalizeText(source: string, options?: Partial<NormalizeOptions>): string {
  return normalize(source, options).text;
}
