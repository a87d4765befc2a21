import type { OffsetMap } from '../doc/offset-map.js';
import type { Change } from './schemas.js';

const ZWNJ = 0x200c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x3000;
}
function isDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9);
}
function isInvisible(c: number): boolean {
  return c === 0x200d || c === 0x200e || c === 0x200f || c === 0xfeff || c === 0xad || c === 0x640 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}
function isDiacritic(c: number): boolean {
  return (c >= 0x64b && c <= 0x653) || c === 0x670;
}
function isPunct(c: number): boolean {
  return (
    c === 0x2c || c === 0x3b || c === 0x3f || c === 0x22 || c === 0x2e || c === 0x21 || c === 0x3a ||
    c === 0x60c || c === 0x61b || c === 0x61f || c === 0xab || c === 0xbb || c === 0x2026 || c === 0x28 || c === 0x29
  );
}

function every(s: string, pred: (c: number) => boolean): boolean {
  for (let i = 0; i < s.length; i++) if (!pred(s.charCodeAt(i))) return false;
  return true;
}
function has(s: string, c: number): boolean {
  return s.indexOf(String.fromCharCode(c)) >= 0;
}

/** A short label for what a change did, for the page's colours and tooltips. */
export function classifyChange(from: string, to: string): Change['kind'] {
  const toZ = has(to, ZWNJ);
  const fromZ = has(from, ZWNJ);
  if (toZ && !fromZ) return 'halfspace';
  if (fromZ && !toZ) return 'zwnj';
  if (fromZ && toZ) return 'zwnj';
  if ((from.length === 0 || every(from, isSpace)) && (to.length === 0 || every(to, isSpace))) return 'space';
  if (from.length > 0 && to.length === 0 && every(from, isInvisible)) return 'invisible';
  if (from.length > 0 && every(from, (c) => isDiacritic(c) || isInvisible(c)) && to.length === 0) return 'diacritic';
  const fs = from.replace(/\s/g, '');
  const ts = to.replace(/\s/g, '');
  if (fs.length > 0 && every(fs, isDigit) && (ts.length === 0 || every(ts, isDigit))) return 'digit';
  if (fs.length > 0 && every(fs, isPunct) && (ts.length === 0 || every(ts, isPunct))) return 'punctuation';
  if (fs.length === 0 && ts.length > 0 && every(ts, isPunct)) return 'punctuation';
  if (fs.length > 0 && ts.length > 0 && !every(fs, isPunct) && !every(fs, isDigit)) return 'letter';
  return 'other';
}

/**
 * Every difference between `source` and its normalised `text`, derived from the
 * normaliser's OffsetMap (which stores only length-changing edits, so same-length
 * substitutions such as ي→ی are found by comparing the aligned characters).
 * Each change carries both spans; neighbouring differences are merged.
 * O(n · links · log edits); on a messy 2 KB article the cost is in building the change
 * objects, not in the map look-ups (a lock-step fast path measured no faster).
 */
export function changesOf(source: string, text: string, map: OffsetMap): Change[] {
  const out: Change[] = [];
  type Open = { start: number; end: number; sourceStart: number; sourceEnd: number };
  const st: { cur: Open | null; covered: number } = { cur: null, covered: 0 }; // covered: source below it is accounted for
  const finish = (c: Open): Change => {
    const from = source.slice(c.sourceStart, c.sourceEnd);
    const to = text.slice(c.start, c.end);
    return { ...c, from, to, kind: classifyChange(from, to) };
  };
  const push = (start: number, end: number, sourceStart: number, sourceEnd: number) => {
    const cur = st.cur;
    if (cur && cur.end === start && cur.sourceEnd >= sourceStart) {
      cur.end = end;
      if (sourceEnd > cur.sourceEnd) cur.sourceEnd = sourceEnd;
      return;
    }
    if (cur) out.push(finish(cur));
    st.cur = { start, end, sourceStart, sourceEnd };
  };
  if (map.isIdentity) {
    // Same length everywhere: only substitutions.
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) !== source.charCodeAt(i)) push(i, i + 1, i, i + 1);
    }
  } else {
    for (let i = 0; i < text.length; i++) {
      const [s, e] = map.toSourceSpan(i, i + 1);
      if (s > st.covered) push(i, i, st.covered, s); // source characters deleted before this one
      const same = e - s === 1 && source.charCodeAt(s) === text.charCodeAt(i);
      if (!same) push(i, i + 1, s, Math.max(e, s));
      if (e > st.covered) st.covered = e;
    }
    if (st.covered < source.length) push(text.length, text.length, st.covered, source.length);
  }
  if (st.cur) out.push(finish(st.cur));
  return out.filter((c) => c.from !== c.to);
}
