import { characters, charactersAndZwnj } from './01-characters.js';
import { digits } from './02-digits.js';
import { punctuation, punctuationWithDigits } from './03-punctuation.js';
import { halfSpaces } from './04-halfspace.js';
import { zwnjCleanup } from './05-zwnj.js';
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
 * text and map.
 */
export const RULES: readonly Rule[] = [charactersAndZwnj, zwnjUnlessFused, digitsUnlessFused, punctuationWithDigits, halfSpaces, zwnjCleanup];

/** The passes one by one, as they were written first (no fusion, builder-based characters). */
export { REFERENCE_RULES } from './reference.js';
