// The language core: no Node-only imports, so it also runs in a browser bundle.
export { sokhan, validateOrder, ALL_COMPONENTS, type Pipeline, type PipelineOptions, type ComponentName } from './pipeline.js';
export type { Component, Attr } from './component.js';
export * from './doc/index.js';
export { normalize, normalizeText, DEFAULT_NORMALIZE_OPTIONS, type NormalizeOptions, type Normalized } from './text/index.js';
export { registerModel } from './models/load.js';
export { nerComponent, recognizeEntities, loadNerModel, NerModel, parseNerGold, evaluateNer, ENTITY_TYPES, type NerComponentOptions, type NerScores } from './ner/index.js';
export { readNews, articleText, type NewsArticleInput, type NewsOptions, type NewsResult, type NewsSource, type NewsEntity, type NewsMention, type NewsQuote, type NewsSpeaker, type NewsKeyphrase, type NewsSentence, type NewsDate, type NewsNumber } from './news/index.js';
export { lemmatize, analyzeVerb, getLexicon, Lexicon, lemmaComponent, type LemmatizeOptions, type VerbAnalysis, type LemmaScheme } from './morph/index.js';
export { tagWords, getTagger, posComponent, type TaggerScheme, type TagTriple } from './tag/index.js';
export { tokenize, tokenizeComponent, splitClitics, type TokenizeOptions, type Tokenized, type TokenizeComponentOptions } from './tokenize/index.js';
export { docToConllu, docToConlluSentences, type DocToConlluOptions } from './eval/doc-conllu.js';
export { scoreConllu, evaluateUd, goldRawText, UD_METRICS, type UdScores, type UdScore, type UdMetric } from './eval/ud.js';
