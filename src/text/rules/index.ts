import { characters } from './01-characters.js';
import { digits } from './02-digits.js';
import { punctuation } from './03-punctuation.js';
import { halfSpaces } from './04-halfspace.js';
import { zwnjCleanup } from './05-zwnj.js';
import type { Rule } from '../rule.js';

/** The normaliser's passes, in order. Order matters: later passes see earlier output. */
export const RULES: readonly Rule[] = [characters, digits, punctuation, halfSpaces, zwnjCleanup];
