import type { Doc } from './doc/types.js';

/** What a component reads from or writes to a Doc. */
export type Attr =
  | 'text' // doc.text and doc.map (normalised)
  | 'sentences'
  | 'tokens'
  | 'token.lemma'
  | 'token.pos' // upos, xpos, feats
  | 'token.dep' // head, deprel
  | 'entities';

/** A pipeline stage: takes a Doc and fills in what it `assigns`. */
export interface Component {
  readonly name: string;
  readonly requires: readonly Attr[];
  readonly assigns: readonly Attr[];
  run(doc: Doc): Doc;
}
