import { characters } from './01-characters.js';
import { digits } from './02-digits.js';
import { punctuation } from './03-punctuation.js';
import { halfSpaces } from './04-halfspace.js';
import { zwnjCleanup } from './05-zwnj.js';
import type { Rule } from '../rule.js';

/**
 * The normaliser's passes, in order. Order matters: later passes see earlier output. The ZWNJ
 * clean-up runs twice: first so that punctuation and half-space rules never see a stray ZWNJ
 * (`.\u200c.` would otherwise become `..` only after the ellipsis rule had run, and a second
 * normalisation would then change it again), and last to tidy what restoration produced.
 * On text without ZWNJ the clean-up costs one indexOf.
 */
export const RULES: readonly Rule[] = [characters, zwnjCleanup, digits, punctuation, halfSpaces, zwnjCleanup];
