// The language core: no Node-only imports, so it also runs in a browser bundle.
export { sokhan, validateOrder, ALL_COMPONENTS, type Pipeline, type PipelineOptions, type ComponentName } from './pipeline.js';
export type { Component, Attr } from './component.js';
export * from './doc/index.js';
export { normalize, normalizeText, DEFAULT_NORMALIZE_OPTIONS, type NormalizeOptions, type Normalized } from './text/index.js';
export { registerModel } from './models/load.js';
