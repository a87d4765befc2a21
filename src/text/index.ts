export { normalize, normalizeText, type Normalized } from './normalize.js';
export { DEFAULT_NORMALIZE_OPTIONS, resolveOptions, type NormalizeOptions } from './options.js';
export * as chars from './chars.js';
