import { OffsetMapBuilder, type OffsetMap } from '../../doc/offset-map.js';
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

/**
 * How many ZWNJs of the run [i, j) stay: one when it is useful, or when deleting it would put
 * an unpaired high surrogate next to an unpaired low one (two halves would make a new
 * character); else none.
 */
export function zwnjKeepLength(s: string, i: number, j: number): number {
  if (zwnjIsUseful(s, i, j)) return 1;
  if (i > 0 && j < s.length) {
    const l = s.charCodeAt(i - 1);
    const r = s.charCodeAt(j);
    if (l >= 0xd800 && l <= 0xdbff && r >= 0xdc00 && r <= 0xdfff) return 1;
  }
  return 0;
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
      const keepLen = zwnjKeepLength(input, i, j);
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

/**
 * The clean-up for a text that was ZWNJ-clean before the last pass, which changed only the
 * output ranges `changed` ([start, end) pairs in order, as OffsetMapBuilder.finish reports
 * them). A ZWNJ run can only have become wrong if it touches a range or follows one across
 * combining marks (its left letter is looked for through marks); every other run is a single
 * useful ZWNJ as before. Those runs are decided exactly as zwnjCleanup decides them, so the
 * text and map are the same as zwnjCleanup.apply's on such input, without scanning the rest.
 */
export function zwnjCleanupAround(input: string, changed: readonly number[]): { text: string; map: OffsetMap } | null {
  const n = input.length;
  let b: OffsetMapBuilder | null = null;
  let done = 0; // every run that starts before `done` has been decided
  for (let r = 0; r < changed.length; r += 2) {
    const a = changed[r];
    const e = changed[r + 1];
    // Through the marks after the range to the first other character (a ZWNJ there looks back
    // into the range for its letter); the next range's own look covers from its start on.
    let k = e;
    while (k < n && isArabicMark(input.charCodeAt(k))) k++;
    let last = Math.min(n, Math.max(e + 1, k + 1));
    if (r + 2 < changed.length) last = Math.min(last, Math.max(e + 1, changed[r + 2]));
    for (let p = Math.max(a > 0 ? a - 1 : 0, done); p < last; p++) {
      if (input.charCodeAt(p) !== ZWNJ) continue;
      let i = p;
      while (i > done && input.charCodeAt(i - 1) === ZWNJ) i--;
      let j = p + 1;
      while (j < n && input.charCodeAt(j) === ZWNJ) j++;
      const keepLen = zwnjKeepLength(input, i, j);
      if (j - i !== keepLen) {
        b ??= new OffsetMapBuilder(input);
        b.keepTo(i + keepLen);
        b.skip(j - i - keepLen);
      }
      done = j;
      p = j - 1;
    }
  }
  return b ? b.finish() : null;
}
