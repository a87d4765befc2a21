export { tagWords, getTagger, TAGGER_SCHEMES, type TaggerScheme } from './tagger.js';
export { Tagger, type TagTriple, type TaggerModelJson } from './model.js';
export { posComponent, type PosComponentOptions } from './component.js';
