import { characters, charactersAndZwnj } from './01-characters.js';
import { digits } from './02-digits.js';
import { punctuation, punctuationWithDigits } from './03-punctuation.js';
import { halfSpaces } from './04-halfspace.js';
import { zwnjCleanup, zwnjCleanupAround } from './05-zwnj.js';
import type { Rule } from '../rule.js';
import type { NormalizeOptions } from '../options.js';

/** Whether the punctuation pass does the digit rule's work too (see punctuationWithDigits). */
export function digitsFused(o: NormalizeOptions): boolean {
  return o.digits === 'fa' && punctuation.enabled(o);
}

/** The digit rule, run on its own only when the punctuation pass does not do its work. */
const digitsUnlessFused: Rule = {
  name: digits.name,
  enabled: (o) => digits.enabled(o) && !digitsFused(o),
  apply: digits.apply,
};

/** The first ZWNJ clean-up, on its own only when the character pass is off (else it does it). */
const zwnjUnlessFused: Rule = {
  name: zwnjCleanup.name,
  enabled: (o) => zwnjCleanup.enabled(o) && !characters.enabled(o),
  apply: zwnjCleanup.apply,
};

/**
 * A pass that can work from the output ranges the pass before it changed (`changed`, as
 * OffsetMapBuilder.finish reports them), when that pass's input already satisfied what this
 * pass establishes. The normaliser calls `applyAround` when the previous pass that ran
 * reported its ranges, else `apply`.
 */
export interface AroundRule extends Rule {
  applyAround(input: string, o: NormalizeOptions, changed: readonly number[]): ReturnType<Rule['apply']>;
}

/**
 * The last ZWNJ clean-up. Its input is the output of half-space restoration (or of the
 * punctuation or digit pass when restoration is off), whose input had been cleaned by the first
 * clean-up: the passes in between never put a ZWNJ next to white space or another ZWNJ, nor
 * change a letter or mark beside one (fast-path.test.ts checks the whole chain against the
 * reference). So only the ZWNJs around the last pass's changes need a look.
 */
const zwnjFinal: AroundRule = {
  name: zwnjCleanup.name,
  enabled: zwnjCleanup.enabled,
  apply: zwnjCleanup.apply,
  applyAround: (input, _o, changed) => zwnjCleanupAround(input, changed),
};

/**
 * The normaliser's passes, in order. Order matters: later passes see earlier output. The ZWNJ
 * clean-up runs twice: first so that punctuation and half-space rules never see a stray ZWNJ
 * (`.\u200c.` would otherwise become `..` only after the ellipsis rule had run, and a second
 * normalisation would then change it again), and last to tidy what restoration produced.
 * On text without ZWNJ the clean-up costs one indexOf.
 *
 * Two pairs of passes are fused: the first ZWNJ clean-up runs inside the character pass (on its
 * output buffer, before any string is made), and with `digits: 'fa'` the digit conversion
 * happens inside the punctuation pass (one walk over the chunks instead of two). REFERENCE_RULES
 * keep every pass apart, and src/text/fast-path.test.ts checks that both lists give the same
 * text and map. The last clean-up looks only around what the pass before it changed.
 */
export const RULES: readonly Rule[] = [charactersAndZwnj, zwnjUnlessFused, digitsUnlessFused, punctuationWithDigits, halfSpaces, zwnjFinal];

/** The passes one by one, as they were written first (no fusion, builder-based characters). */
export { REFERENCE_RULES } from './reference.js';
