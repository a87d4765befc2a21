import { OffsetMap } from './offset-map.js';
import type { Doc } from './types.js';

/** A Doc whose text is the source itself (no normalisation yet). */
export function createDoc(source: string): Doc {
  return { source, text: source, map: OffsetMap.identity(source.length), sentences: [], tokens: [], entities: [] };
}
