/**
 * What the tokenizer learnt about a doc's word forms, for the components after it: each word's
 * slot in the tokenizer's form cache (one string object per cached form), so the tagger can find a
 * form's id through an integer instead of hashing and comparing the string. Kept beside the doc
 * (keyed by its tokens array), never in it, and for the last tokens made only; the buffer is
 * reused by the next call.
 *
 * Words are numbered in doc order, multi-word tokens expanded (as `wordsOf` yields them); a slot is
 * -1 for a form the cache does not hold. A slot is a hint, never a fact: the form in a slot
 * changes as the cache evicts, so a reader keeps what it found per (table, slot) together with the
 * form it found it for, and checks that form against the word's (a pointer comparison when equal).
 */
import type { Token } from './types.js';

export interface FormSlots {
  /** Identity of the slot space (one per tokenizer model). */
  readonly table: object;
  /** Number of slots in the space (slots are 0 .. size-1). */
  readonly size: number;
  /** Number of words described. */
  readonly count: number;
  /** Slot of each word, or -1. */
  readonly slots: Int32Array;
  /** The text the words were cut from (their `start`/`end` index it). */
  readonly text?: string;
  /**
   * The form the tokenizer gave each word: a word whose form is still this string (compare with
   * ===) has the form text.slice(start, end), so a reader can compare the text there instead of
   * reading the form's characters (a string elsewhere in memory).
   */
  readonly forms?: readonly string[];
}

let lastTokens: readonly Token[] | null = null;
let last: FormSlots | undefined;

/** Record the form slots of `tokens` (undefined: none), replacing those of any other tokens. */
export function setFormSlots(tokens: readonly Token[], s: FormSlots | undefined): void {
  lastTokens = s === undefined ? null : tokens;
  last = s;
}

/** The form slots of `tokens`, if they are the tokens last made. */
export function getFormSlots(tokens: readonly Token[]): FormSlots | undefined {
  return lastTokens === tokens ? last : undefined;
}
