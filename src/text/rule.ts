import type { OffsetMap } from '../doc/offset-map.js';
import type { NormalizeOptions } from './options.js';

/** One normalisation pass. `apply` returns null when it changes nothing (the common case: no copy). */
export interface Rule {
  readonly name: string;
  enabled(o: NormalizeOptions): boolean;
  apply(input: string, o: NormalizeOptions): { text: string; map: OffsetMap } | null;
}
