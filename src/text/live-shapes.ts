import { OffsetMapBuilder } from '../doc/offset-map.js';

/**
 * One OffsetMapBuilder, used as the passes use theirs, and what its finish() returns, kept
 * alive for the life of the program. V8's optimised code for the passes (restoreRange,
 * applyWord, the punctuation edits, the builder's own methods) holds the hidden classes of
 * these objects weakly: when no instance is left, as after a full GC between two calls (the
 * benchmark collects before each run), that code is thrown away ("weak objects" deopt) and the
 * next call runs unoptimised until it is rebuilt, which made a 10 MB normalise about 1.5x
 * slower. Imported for its effect by the modules whose passes build maps.
 * (The source is made at run time: a literal would be an internalised one-byte string.)
 */
const LIVE_SHAPES = ((): readonly unknown[] => {
  const source = String.fromCharCode(0x0628, 0x062a, 0x20, 0x0628, 0x2e);
  const b = new OffsetMapBuilder(source);
  b.keepTo(1);
  b.insert('\u200c');
  b.keepTo(2);
  b.replace(1, '\u200c');
  b.skip(1);
  const r = b.finish();
  return [b, r, r.map, r.changed];
})();

/** The objects above (a function refers to them, so the module keeps them). */
export function liveShapes(): readonly unknown[] {
  return LIVE_SHAPES;
}
