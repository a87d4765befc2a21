import { OffsetMapBuilder } from '../doc/offset-map.js';

/**
 * One OffsetMapBuilder, used as the passes use theirs, and what its finish() returns (the
 * result object, its OffsetMap, the changed ranges), kept alive for the life of the program.
 * V8 holds the hidden classes these objects end up with only weakly, as it holds every map that
 * optimised code embeds. When no such object is left alive, as after a full GC between two
 * calls (the benchmark collects before each run; a long stream of paragraphs collects now and
 * then), those maps die and the optimised code of everything that touched them (restoreRange,
 * applyWord, the punctuation edits, applyCharacters, runRules, the builder's and the map's own
 * methods) is thrown away ("weak objects" deopt, see --trace-deopt). The next call then ran
 * unoptimised until it was rebuilt: a 10 MB normalise took about 1.5x as long after each GC.
 * A builder alone is not enough: the OffsetMap and finish() shapes die the same way.
 * Imported for its effect by the modules whose passes build maps.
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
