/**
 * Half-space (ZWNJ) restoration scorer, behind `sokhan eval zwnj`, and reusable by the
 * bench to score other normalisers with exactly the same definition.
 *
 * Definition. Each gold sentence text is damaged two ways: `delete` removes every ZWNJ,
 * `space` replaces every ZWNJ by a space. The damaged text goes through the system (for
 * sokhan: the full default `normalize()`), and the output is compared with the gold.
 * Only boundaries between two consecutive Persian letters are compared (marks, kashida,
 * ZWJ/LRM/RLM are ignored; any other character between the letters, e.g. a space, a
 * digit or punctuation, makes the boundary "other"). A boundary is one of: none, ZWNJ,
 * other. After a letter that does not join leftwards (ا د ذ ر ز ژ و آ ؤ ة ۀ ء …), none
 * and ZWNJ count as equal. The output's letters are aligned with the gold's (after folding
 * Arabic/Persian letter variants; an LCS alignment is used if the normaliser changed the
 * letter count); a boundary whose two letters are not aligned side by side counts as wrong.
 * - `to_fix`: gold ZWNJ boundaries that the damage made wrong;
 * - `fixed`: those of them that are right in the output;
 * - `damaged`: boundaries that were right in the damaged input and are wrong in the output
 *   (only aligned boundaries can count here);
 * - `rate` = 100 · fixed / to_fix.
 */
import { isArabicLetter, isArabicMark, isNonJoiner, KASHIDA, ZWNJ, ZWJ, LRM, RLM } from '../text/chars.js';

export type ZwnjMode = 'delete' | 'space';

export interface ZwnjCounts {
  to_fix: number;
  fixed: number;
  damaged: number;
  rate: number;
}

export interface ZwnjReport {
  delete: ZwnjCounts;
  space: ZwnjCounts;
}

/** One error, for diagnostics (`--errors`). */
export interface ZwnjError {
  mode: ZwnjMode;
  kind: 'missed' | 'damaged';
  sentence: number;
  gold: string;
  output: string;
}

const B_NONE = 0;
const B_ZWNJ = 1;
const B_OTHER = 2;

/** Gold text with every ZWNJ removed. */
export function damageDelete(text: string): string {
  return text.replace(/\u200c/g, '');
}

/** Gold text with every ZWNJ replaced by a space. */
export function damageSpace(text: string): string {
  return text.replace(/\u200c/g, ' ');
}

/** Letter variants that a normaliser may legitimately change, folded for alignment. */
function foldLetter(c: number): number {
  switch (c) {
    case 0x0643: // ك
      return 0x06a9;
    case 0x064a: // ي
    case 0x0649: // ى
    case 0x06d2:
    case 0x0620:
      return 0x06cc;
    case 0x0629: // ة
    case 0x06c0: // ۀ
    case 0x06c1:
    case 0x06c2:
    case 0x06be:
    case 0x06d5:
      return 0x0647;
    case 0x0623: // أ
    case 0x0625: // إ
    case 0x0671: // ٱ
      return 0x0627;
    default:
      return c;
  }
}

export interface Letters {
  /** Folded letters. */
  letters: number[];
  /** Original letter (for the non-joiner test). */
  raw: number[];
  /** bounds[i]: the boundary between letter i-1 and letter i (bounds[0] unused). */
  bounds: number[];
  /** Offset of each letter in the text (for diagnostics). */
  pos: number[];
}

function ignorable(c: number): boolean {
  return isArabicMark(c) || c === KASHIDA || c === ZWJ || c === LRM || c === RLM;
}

/** The Persian letters of a text and the boundary class before each. */
export function letterBoundaries(text: string): Letters {
  const letters: number[] = [];
  const raw: number[] = [];
  const bounds: number[] = [];
  const pos: number[] = [];
  let cur = B_NONE;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isArabicLetter(c)) {
      letters.push(foldLetter(c));
      raw.push(c);
      bounds.push(cur);
      pos.push(i);
      cur = B_NONE;
    } else if (c === ZWNJ) {
      if (cur === B_NONE) cur = B_ZWNJ;
    } else if (!ignorable(c)) cur = B_OTHER;
  }
  return { letters, raw, bounds, pos };
}

/**
 * Align b's letters to a's: returns for each index of a the index in b, or -1.
 * Identity when the folded sequences are equal; otherwise common prefix and suffix, and an
 * LCS over the middle (given up, i.e. left unaligned, when the middle is huge).
 */
export function alignLetters(a: readonly number[], b: readonly number[]): Int32Array {
  const n = a.length;
  const m = b.length;
  const map = new Int32Array(n).fill(-1);
  let p = 0;
  while (p < n && p < m && a[p] === b[p]) {
    map[p] = p;
    p++;
  }
  if (p === n && p === m) return map;
  let s = 0;
  while (s < n - p && s < m - p && a[n - 1 - s] === b[m - 1 - s]) {
    map[n - 1 - s] = m - 1 - s;
    s++;
  }
  const an = n - p - s;
  const bm = m - p - s;
  if (an === 0 || bm === 0 || an * bm > 4_000_000) return map;
  // LCS table over the middle.
  const w = bm + 1;
  const dp = new Uint16Array((an + 1) * w);
  for (let i = an - 1; i >= 0; i--) {
    for (let j = bm - 1; j >= 0; j--) {
      dp[i * w + j] = a[p + i] === b[p + j] ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < an && j < bm) {
    if (a[p + i] === b[p + j]) {
      map[p + i] = p + j;
      i++;
      j++;
    } else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) i++;
    else j++;
  }
  return map;
}

function same(x: number, y: number, left: number): boolean {
  if (x === y) return true;
  if (isNonJoiner(left) && x !== B_OTHER && y !== B_OTHER) return true;
  return false;
}

export function emptyCounts(): ZwnjCounts {
  return { to_fix: 0, fixed: 0, damaged: 0, rate: 0 };
}

function snippet(text: string, at: number): string {
  const a = Math.max(0, text.lastIndexOf(' ', Math.max(0, at - 12)));
  let b = text.indexOf(' ', Math.min(text.length, at + 12));
  if (b < 0) b = text.length;
  return text.slice(a, b).trim();
}

/**
 * Score one sentence: `gold` text, the `damaged` input and the system's `output`.
 * Adds into `c` (rate is not updated; call `finishCounts`).
 */
export function scoreSentence(
  gold: string,
  damaged: string,
  output: string,
  c: ZwnjCounts,
  errors?: { list: ZwnjError[]; mode: ZwnjMode; sentence: number },
): void {
  visitBoundaries(gold, damaged, output, (kind, i, oi, g, o) => {
    if (kind !== 'damaged') {
      c.to_fix++;
      if (kind === 'fixed') c.fixed++;
      else if (errors) errors.list.push({ mode: errors.mode, kind: 'missed', sentence: errors.sentence, gold: snippet(gold, g.pos[i]), output: oi >= 0 ? snippet(output, o.pos[oi]) : '' });
    } else {
      c.damaged++;
      if (errors) errors.list.push({ mode: errors.mode, kind: 'damaged', sentence: errors.sentence, gold: snippet(gold, g.pos[i]), output: snippet(output, o.pos[oi]) });
    }
  });
}

/**
 * The scorer's decision at every gold letter boundary that counts: a ZWNJ the damage broke
 * ('fixed' or 'missed' in the output) or a boundary the damage left right and the output broke
 * ('damaged'). `visit` gets the kind, the boundary's letter index `i` in the gold, the aligned
 * letter index `oi` in the output (−1 when the output's letters there do not align), the gold's and
 * the output's letters, and the gold → output letter alignment.
 */
export function visitBoundaries(
  gold: string,
  damaged: string,
  output: string,
  visit: (kind: 'fixed' | 'missed' | 'damaged', i: number, oi: number, g: Letters, o: Letters, om: Int32Array) => void,
): void {
  const g = letterBoundaries(gold);
  const d = letterBoundaries(damaged);
  const o = letterBoundaries(output);
  const dm = alignLetters(g.letters, d.letters);
  const om = alignLetters(g.letters, o.letters);
  for (let i = 1; i < g.letters.length; i++) {
    const left = g.raw[i - 1];
    const gb = g.bounds[i];
    const di = dm[i];
    const dRight = di >= 0 && dm[i - 1] === di - 1 && same(gb, d.bounds[di], left);
    const oi = om[i];
    const aligned = oi >= 0 && om[i - 1] === oi - 1;
    const oRight = aligned && same(gb, o.bounds[oi], left);
    if (gb === B_ZWNJ && !dRight) visit(oRight ? 'fixed' : 'missed', i, aligned ? oi : -1, g, o, om);
    else if (dRight && aligned && !oRight) visit('damaged', i, oi, g, o, om);
  }
}

export function finishCounts(c: ZwnjCounts): ZwnjCounts {
  c.rate = c.to_fix === 0 ? 100 : Math.round((10000 * c.fixed) / c.to_fix) / 100;
  return c;
}

/**
 * Score a system (`fix`: damaged text → restored text) on gold sentence texts.
 * Pass `errors` to collect each miss and damage.
 */
export function evalZwnj(golds: readonly string[], fix: (text: string) => string, errors?: ZwnjError[]): ZwnjReport {
  const del = emptyCounts();
  const spc = emptyCounts();
  for (let k = 0; k < golds.length; k++) {
    const gold = golds[k];
    const d1 = damageDelete(gold);
    scoreSentence(gold, d1, fix(d1), del, errors ? { list: errors, mode: 'delete', sentence: k } : undefined);
    const d2 = damageSpace(gold);
    scoreSentence(gold, d2, fix(d2), spc, errors ? { list: errors, mode: 'space', sentence: k } : undefined);
  }
  return { delete: finishCounts(del), space: finishCounts(spc) };
}
