import { charactersReference } from './01-characters.js';
import { digits } from './02-digits.js';
import { punctuationReference } from './punctuation-reference.js';
import { halfSpaces } from './04-halfspace.js';
import { zwnjCleanup } from './05-zwnj.js';
import type { Rule } from '../rule.js';

/**
 * The reference pass list: each rule on its own, in the original order, the character pass
 * written with OffsetMapBuilder. `normalize` must give exactly the text and map that these
 * give (src/text/fast-path.test.ts checks it on random input and options).
 */
export const REFERENCE_RULES: readonly Rule[] = [charactersReference, zwnjCleanup, digits, punctuationReference, halfSpaces, zwnjCleanup];
