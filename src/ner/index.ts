/** Named-entity recognition: the pipeline component, the model, gold-format readers and scoring. */
export { nerComponent, recognizeEntities, loadNerModel, DEFAULT_NER_MODEL, type NerComponentOptions } from './component.js';
export { NerModel, NEWS_DOMAIN, mergeNewsLabels } from './model.js';
export { ENTITY_TYPES, BIO_LABELS, TYPE_MAPS, typesOf, spansFromBio, spansFromLabels, type NerCorpus, type TokenSpan } from './labels.js';
export { parseNerGold, detectLineFormat, NerFormatError, type GoldFile, type GoldSentence, type GoldTag } from './formats.js';
export { evaluateNer, SpanScorer, type NerScores, type PRF } from './score.js';
export { normalizeGoldToken, formKey, shapeOf, Gazetteer } from './features.js';
export { trainNer, DEFAULT_TRAIN_OPTIONS, type NerTrainOptions, type CorpusSentence } from './train.js';
