import { getLexicon } from '../morph/lexicon.js';
import { loadModel } from '../models/load.js';
import { Tagger, type TaggerModelJson, type TagTriple } from './model.js';

export type TaggerScheme = 'perdt' | 'seraji';
export const TAGGER_SCHEMES: readonly TaggerScheme[] = ['perdt', 'seraji'];

export function checkScheme(model: unknown): TaggerScheme {
  const m = model ?? 'perdt';
  if (m !== 'perdt' && m !== 'seraji') throw new Error(`sokhan: unknown tagger model "${String(m)}"; choose perdt or seraji`);
  return m;
}

/** The trained tagger for a treebank's conventions, loaded on first use and shared. */
export function getTagger(model: TaggerScheme = 'perdt'): Tagger {
  // (Called per doc: constant file names and one parse function, no string or closure made per call.)
  return loadModel(checkScheme(model) === 'perdt' ? PERDT_FILE : SERAJI_FILE, parseTagger);
}

const PERDT_FILE = 'tagger-perdt.json.gz';
const SERAJI_FILE = 'tagger-seraji.json.gz';
const parseTagger = (b: Uint8Array): Tagger => new Tagger(JSON.parse(new TextDecoder().decode(b)) as TaggerModelJson, getLexicon());

/** UPOS, XPOS and FEATS (`_` = none) for one sentence of syntactic words. */
export function tagWords(forms: readonly string[], model: TaggerScheme = 'perdt'): TagTriple[] {
  if (forms.length === 0) return [];
  return getTagger(model).tag(forms);
}
