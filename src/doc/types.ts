import type { OffsetMap } from './offset-map.js';

/**
 * The Doc model (DESIGN §2). Offsets: `start`/`end` index `doc.text` (normalised);
 * `sourceStart`/`sourceEnd` index `doc.source` (the untouched input). UTF-16 code units.
 */
export interface Analysis {
  lemma?: string;
  upos?: string;
  xpos?: string;
  feats?: string;
  /** 1-based index of the head word within the sentence, 0 = root (CoNLL-U convention). */
  head?: number;
  deprel?: string;
  /** BIO tag with our label set, e.g. `B-PER` (set by the NER component). */
  ner?: string;
}

export interface Span {
  start: number;
  end: number;
  sourceStart: number;
  sourceEnd: number;
}

/** A syntactic word. For a single-word token, the token itself is the word. */
export interface Word extends Span, Analysis {
  /** The word in normalised text (`doc.text.slice(start, end)` unless a clitic was split mid-character). */
  form: string;
}

/** A surface token; `words` holds the parts of a UD multi-word token (e.g. کتابش → کتاب + ش). */
export interface Token extends Word {
  spaceAfter: boolean;
  words?: Word[];
}

export interface Sentence extends Span {
  /** Index range into `doc.tokens`: [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
}

export type EntityType =
  | 'PER' | 'ORG' | 'LOC' | 'FAC' | 'EVENT' | 'PRODUCT' | 'DATE' | 'TIME' | 'MONEY' | 'PERCENT';

export interface Entity extends Span {
  type: EntityType;
  text: string;
  /** Index range into `doc.tokens`: [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
}

export interface Doc {
  /** The input, untouched. */
  readonly source: string;
  /** The normalised text. */
  text: string;
  /** Maps `text` positions back to `source`. */
  map: OffsetMap;
  sentences: Sentence[];
  tokens: Token[];
  entities: Entity[];
}

/** Every word of a doc in order, expanding multi-word tokens. */
export function* wordsOf(tokens: readonly Token[]): Generator<Word> {
  for (const t of tokens) {
    if (t.words && t.words.length > 0) yield* t.words;
    else yield t;
  }
}
