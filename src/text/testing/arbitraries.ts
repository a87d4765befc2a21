import fc from 'fast-check';
import type { NormalizeOptions } from '../options.js';

/**
 * fast-check arbitraries shared by the normaliser's property and differential tests
 * (test-only: excluded from the build by tsconfig.build.json).
 */

/** Any combination of normaliser options, each one present or absent. */
export const optionsArb: fc.Arbitrary<Partial<NormalizeOptions>> = fc.record(
  {
    letters: fc.boolean(),
    taMarbuta: fc.boolean(),
    hamza: fc.boolean(),
    kashida: fc.boolean(),
    diacritics: fc.constantFrom('keep' as const, 'remove' as const),
    digits: fc.constantFrom('fa' as const, 'ascii' as const, 'keep' as const),
    punctuation: fc.boolean(),
    quotes: fc.boolean(),
    ellipsis: fc.boolean(),
    spacing: fc.boolean(),
    invisibles: fc.boolean(),
    zwnj: fc.boolean(),
    halfSpaces: fc.boolean(),
  },
  { requiredKeys: [] },
);

/**
 * Hostile text: mostly up to 40 of the given pieces joined, sometimes arbitrary code units
 * (lone surrogates included) or arbitrary graphemes. `mixedWeight` is the weight of the first.
 */
export function hostileText(pieces: readonly string[], mixedWeight: number): fc.Arbitrary<string> {
  const mixed = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((a) => a.join(''));
  return fc.oneof(
    { weight: mixedWeight, arbitrary: mixed },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  );
}

/** Runs per property: FC_RUNS raises it for a long hunt. */
export const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 1500) };
