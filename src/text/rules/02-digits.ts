import { OffsetMapBuilder, type OffsetMap } from '../../doc/offset-map.js';
import { isDigit, isNewline } from '../chars.js';
import type { NormalizeOptions } from '../options.js';
import type { Rule } from '../rule.js';
import { C_DIGIT, ChunkScanner, FOREIGN, NEUTRAL, ScriptResolver, whiteRunEnd } from '../script-context.js';

const ARABIC_DECIMAL = 0x066b; // ٫
const ARABIC_THOUSANDS = 0x066c; // ٬

/** The code unit digit `c` becomes under `mode`, or `c` itself when it stays. */
function convertDigit(c: number, mode: 'fa' | 'ascii'): number {
  if (mode === 'fa') {
    if (c >= 0x30 && c <= 0x39) return c + 0x06c0; // 0-9 → ۰-۹
    if (c >= 0x0660 && c <= 0x0669) return c + 0x90; // ٠-٩ → ۰-۹
    return c;
  }
  if (c >= 0x06f0 && c <= 0x06f9) return c - 0x06c0; // ۰-۹ → 0-9
  if (c >= 0x0660 && c <= 0x0669) return c - 0x0630; // ٠-٩ → 0-9
  return c;
}

/** True for a code unit this mode may change (digits, and ٫ ٬ in ascii mode). */
function isCandidate(c: number, mode: 'fa' | 'ascii'): boolean {
  if (mode === 'fa') return (c >= 0x30 && c <= 0x39) || (c >= 0x0660 && c <= 0x0669);
  return (c >= 0x06f0 && c <= 0x06f9) || (c >= 0x0660 && c <= 0x066c);
}

/** Index of the first code unit that the mode could change, or -1. */
function firstCandidate(s: string, mode: 'fa' | 'ascii'): number {
  const n = s.length;
  for (let i = 0; i < n; i++) if (isCandidate(s.charCodeAt(i), mode)) return i;
  return -1;
}

/**
 * Digits become Persian (۰-۹) or ASCII (0-9) in Persian text; Arabic-Indic ٠-٩ too.
 *
 * "Persian text" is decided per white-space chunk by `script-context.ts`: a chunk with a
 * Latin letter, `@` or `://` (`mp3`, `COVID-19`, `http://x.com/a1`, `user2@mail.com`,
 * `v1.2.3`) is left exactly as it is; a chunk of digits and symbols only (`1,000`,
 * `12:30`) follows the nearest chunk with letters on its line.
 *
 * Separators: with `digits: 'fa'` the separators in a number are left as written (`.`,
 * `/`, `,`, `٫`, `٬` are all in use in Persian text: `۳.۵`, `۳/۵`, `۱۳۹۰/۱/۱`).
 * With `digits: 'ascii'` the Arabic decimal and thousands separators ٫ ٬ between two
 * digits become `.` and `,`, so that the number is plain ASCII.
 */
export const digits: Rule = {
  name: 'digits',
  enabled: (o) => o.digits !== 'keep',
  apply(input: string, o: NormalizeOptions) {
    if (o.digits === 'keep') return null;
    const mode = o.digits;
    const first = firstCandidate(input, mode);
    if (first < 0) return null;
    // Shared instances, reset per call: see PunctuationPass in 03 for why.
    CTX.reset(input);
    SC.reset(input);
    try {
      return convert(input, first, mode, CTX, SC);
    } finally {
      CTX.reset('');
      SC.reset('');
    }
  },
};

const CTX = new ScriptResolver();
const SC = new ChunkScanner();

function convert(input: string, first: number, mode: 'fa' | 'ascii', ctx: ScriptResolver, sc: ChunkScanner): { text: string; map: OffsetMap } | null {
  // Start at the beginning of the line holding the first candidate: context is per line.
  let i = first;
  while (i > 0 && !isNewline(input.charCodeAt(i - 1))) i--;
  const n = input.length;
  let b: OffsetMapBuilder | null = null;
  while (i < n) {
    const c = input.charCodeAt(i);
    if (isNewline(c)) {
      ctx.newLine();
      i++;
      continue;
    }
    if (c === 0x20) {
      i++;
      continue;
    }
    const w = whiteRunEnd(input, i);
    if (w > i) {
      i = w;
      continue;
    }
    const e = sc.scan(i);
    const raw = sc.cls;
    if ((sc.flags & C_DIGIT) === 0) {
      // Nothing to convert; strong chunks still set the context of later ones.
      if (raw !== NEUTRAL) ctx.resolve(i, e, raw);
      i = e > i ? e : i + 1;
      continue;
    }
    const cls = ctx.resolve(i, e, raw);
    if (cls !== FOREIGN) {
      // Convert maximal runs of changed code units in one replacement each.
      let k = i;
      while (k < e) {
        const d = input.charCodeAt(k);
        if (!isCandidate(d, mode)) {
          k++;
          continue;
        }
        let r = k;
        let out = '';
        while (r < e) {
          const x = input.charCodeAt(r);
          let y = convertDigit(x, mode);
          if (mode === 'ascii' && (x === ARABIC_DECIMAL || x === ARABIC_THOUSANDS)) {
            const between = r > 0 && r + 1 < n && isDigit(input.charCodeAt(r - 1)) && isDigit(input.charCodeAt(r + 1));
            y = between ? (x === ARABIC_DECIMAL ? 0x2e : 0x2c) : x;
          }
          if (y === x) break;
          out += String.fromCharCode(y);
          r++;
        }
        if (r > k) {
          b ??= new OffsetMapBuilder(input);
          b.keepTo(k);
          b.replace(r - k, out);
          k = r;
        } else k++;
      }
    }
    i = e > i ? e : i + 1;
  }
  return b ? b.finish() : null;
}
