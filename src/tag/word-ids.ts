/**
 * What the pos component learnt about a doc's words, for the components after it: each word's
 * form id in the tagger's form table and its UPOS index, so a later component can key its own
 * memo by integers instead of looking the form string up again. Kept beside the doc, never in it
 * (the Doc and its JSON stay as they are), and for the last doc tagged only: in a pipeline the
 * next component runs on that doc straight away, and nothing per doc is left for the GC (a
 * WeakMap's entries measured a cost there). The arrays are reused for the next doc.
 *
 * Words are numbered in doc order, multi-word tokens expanded (as `wordsOf` yields them). A reader
 * must check that an entry still describes the word it looks at (`wordForms[j] === word.form` and
 * `upos[u] === word.upos`): code between two components may have changed the doc.
 */
import type { Doc } from '../doc/types.js';

export interface WordIds {
  /** Identity of the id space; ids of another generation mean other forms. */
  readonly generation: object;
  /** Number of words described (== the doc's word count when complete). */
  readonly count: number;
  /** Form id of each word. */
  readonly ids: Int32Array;
  /** UPOS index of each word, into `upos`. */
  readonly uposIndex: Uint8Array;
  /** UPOS names by index. */
  readonly upos: readonly string[];
  /** The form of each word as tagged (the form of its id). */
  readonly wordForms: readonly string[];
}

let lastDoc: Doc | null = null;
let lastIds: WordIds | undefined;

/** Record the word ids of `doc` (undefined: none), replacing those of any other doc. */
export function setWordIds(doc: Doc, w: WordIds | undefined): void {
  lastDoc = w === undefined ? null : doc;
  lastIds = w;
}

/** The word ids of `doc`, if it is the doc last tagged. */
export function getWordIds(doc: Doc): WordIds | undefined {
  return lastDoc === doc ? lastIds : undefined;
}
