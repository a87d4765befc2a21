export { lemmatize, lemmatizeToken, analyzeVerb, type LemmatizeOptions, type VerbAnalysis } from './lemmatize.js';
export { Lexicon, getLexicon, normalizeKey, TAG_BITS, bit, type LexTag, type LemmaScheme } from './lexicon.js';
export { lemmaComponent, type LemmaComponentOptions } from './component.js';
