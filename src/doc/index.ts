export { OffsetMap, OffsetMapBuilder, type Bias } from './offset-map.js';
export * from './types.js';
export { createDoc } from './doc.js';
