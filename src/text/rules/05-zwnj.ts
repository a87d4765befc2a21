import { OffsetMapBuilder } from '../../doc/offset-map.js';
import { ZWNJ, isArabicLetter, isArabicMark, isNonJoiner } from '../chars.js';
import type { Rule } from '../rule.js';

/** The base letter before position i, skipping combining marks; 0 when there is none. */
function baseLetterBefore(s: string, i: number): number {
  let j = i - 1;
  while (j >= 0 && isArabicMark(s.charCodeAt(j))) j--;
  if (j < 0) return 0;
  const c = s.charCodeAt(j);
  return isArabicLetter(c) ? c : 0;
}

/**
 * Whether a ZWNJ run at [i, j) is meaningful: it must stand between two letters
 * (marks allowed on the left), and the left letter must join leftwards.
 */
export function zwnjIsUseful(s: string, i: number, j: number): boolean {
  const left = baseLetterBefore(s, i);
  if (left === 0 || isNonJoiner(left)) return false;
  if (j >= s.length) return false;
  return isArabicLetter(s.charCodeAt(j));
}

/** ZWNJ clean-up: none next to a space, at a word edge, doubled, or after a non-joining letter. */
export const zwnjCleanup: Rule = {
  name: 'zwnj',
  enabled: (o) => o.zwnj,
  apply(input) {
    let i = input.indexOf('\u200c');
    if (i < 0) return null;
    let b: OffsetMapBuilder | null = null;
    const n = input.length;
    while (i >= 0) {
      let j = i + 1;
      while (j < n && input.charCodeAt(j) === ZWNJ) j++;
      const useful = zwnjIsUseful(input, i, j);
      const keepLen = useful ? 1 : 0;
      if (j - i !== keepLen) {
        b ??= new OffsetMapBuilder(input);
        b.keepTo(i + keepLen);
        b.skip(j - i - keepLen);
      }
      i = j < n ? input.indexOf('\u200c', j) : -1;
    }
    return b ? b.finish() : null;
  },
};
