import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hostileText, optionsArb, RUNS } from './testing/arbitraries.js';
import { normalize } from './normalize.js';
import { DEFAULT_NORMALIZE_OPTIONS, type NormalizeOptions } from './options.js';
import { isNewline, isWhitespace } from './chars.js';

/**
 * Properties of the whole normaliser (every rule, including half-space restoration)
 * over hostile mixed input: Persian letters, ZWNJ runs, bidi marks, kashida, combining
 * marks, surrogate pairs (and lone surrogates), emoji, CRLF, spaces, digits of three
 * systems, Latin, URLs and punctuation.
 */
const PIECES = [
  // Persian letters, joiners and non-joiners, Arabic forms, whole words and affixes
  'ب', 'پ', 'ت', 'س', 'م', 'ن', 'ه', 'ی', 'ک', 'گ', 'ا', 'د', 'ر', 'ز', 'و', 'آ', 'ۀ', 'ة', 'ي', 'ك', 'ئ', 'ء',
  'می', 'نمی', 'ها', 'های', 'ای', 'تر', 'ترین', 'است', 'شود', 'کتاب', 'خانه', 'ایران', 'گفت',
  // ZWNJ runs, other invisibles, kashida, marks
  '\u200c', '\u200c\u200c', '\u200b', '\u200d', '\u200e', '\u200f', '\ufeff', '\u00ad', '\u0640', '\u0640\u0640',
  '\u064b', '\u064e', '\u0650', '\u0651', '\u0652', '\u0654', '\u0670', '\u0301',
  // surrogate pairs, emoji, lone surrogates
  '😀', '👍🏽', '𝑥', '\ud83d', '\ude00',
  // white space and line ends
  ' ', ' ', '  ', '\t', '\u00a0', '\u2009', '\n', '\r\n', '\r', '\u2028',
  // digits
  '0', '1', '5', '9', '۰', '۳', '۹', '٠', '٤', '٫', '٬', '12', '1,000', '3.5', '12:30', '۱۴۰۲/۱/۱',
  // Latin, URLs, e-mail
  'a', 'Z', 'é', 'mp3', 'COVID-19', 'U.S.', 'http://x.com/a1', 'www.', '@', 'user2@mail.com', 'v1.2.3', 'Ж',
  // punctuation
  '.', '..', '...', ',', ';', ':', '?', '!', '"', "'", '(', ')', '[', ']', '{', '}', '«', '»', '،', '؛', '؟', '…', '-', '/', '%', '٪',
];

const anyText = hostileText(PIECES, 6);

function count(s: string, re: RegExp): number {
  return (s.match(re) ?? []).length;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The well-formed astral characters of a string, in order. */
function astral(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) {
    if (isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1))) {
      out.push(s.slice(i, i + 2));
      i++;
    }
  }
  return out;
}

describe('normalize: properties over hostile mixed input', () => {
  it('never modifies the source and is idempotent (default options)', () => {
    fc.assert(
      fc.property(anyText, (x) => {
        const copy = (' ' + x).slice(1);
        const once = normalize(x);
        expect(x).toBe(copy);
        expect(normalize(once.text).text).toBe(once.text);
      }),
      RUNS,
    );
  });

  it('is idempotent under any combination of options', () => {
    fc.assert(
      fc.property(anyText, optionsArb, (x, o) => {
        const once = normalize(x, o).text;
        expect(normalize(once, o).text).toBe(once);
      }),
      RUNS,
    );
  });

  it('never outputs a ZWNJ next to white space, at a line edge, or doubled', () => {
    fc.assert(
      fc.property(anyText, (x) => {
        const t = normalize(x).text;
        for (let i = 0; i < t.length; i++) {
          if (t.charCodeAt(i) !== 0x200c) continue;
          const prev = i > 0 ? t.charCodeAt(i - 1) : -1;
          const next = i + 1 < t.length ? t.charCodeAt(i + 1) : -1;
          expect(prev === -1 || isWhitespace(prev) || prev === 0x200c, `ZWNJ after ${prev} at ${i} in ${JSON.stringify(t)}`).toBe(false);
          expect(next === -1 || isWhitespace(next) || next === 0x200c, `ZWNJ before ${next} at ${i} in ${JSON.stringify(t)}`).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('keeps the offset map consistent: lengths, edges, monotone, surrogates, newlines', () => {
    fc.assert(
      fc.property(anyText, optionsArb, (x, o) => {
        const { text, map } = normalize(x, o);
        expect(map.textLength).toBe(text.length);
        expect(map.sourceLength).toBe(x.length);
        // The whole text maps to the whole source, minus characters deleted at its edges.
        const [s0, e0] = map.toSourceSpan(0, text.length);
        expect(s0).toBeGreaterThanOrEqual(0);
        expect(e0).toBeLessThanOrEqual(x.length);
        expect(s0).toBeLessThanOrEqual(e0);
        const edges = x.slice(0, s0) + x.slice(e0);
        // Nothing that carries content may be cut off at the edges.
        expect(/[\p{L}\p{N}\n\r]/u.test(edges.replace(/\u0640/g, '')), `cut at the edges: ${JSON.stringify(edges)}`).toBe(false);
        // Monotone in each bias (at a deletion 'start' maps after the deleted characters and
        // 'end' before them, by design), and never inside a surrogate pair.
        let lastA = 0;
        let lastB = 0;
        for (let p = 0; p <= text.length; p++) {
          const a = map.toSource(p, 'start');
          const b = map.toSource(p, 'end');
          expect(a).toBeGreaterThanOrEqual(lastA);
          expect(b).toBeGreaterThanOrEqual(lastB);
          if (p > 0) expect(map.toSourceSpan(p - 1, p)[1]).toBeLessThanOrEqual(x.length);
          lastA = a;
          lastB = b;
          const insideTextPair = p > 0 && p < text.length && isHigh(text.charCodeAt(p - 1)) && isLow(text.charCodeAt(p));
          if (!insideTextPair) for (const q of [a, b]) {
            const split = q > 0 && q < x.length && isHigh(x.charCodeAt(q - 1)) && isLow(x.charCodeAt(q));
            expect(split, `position ${p} maps inside a surrogate pair at ${q}`).toBe(false);
          }
        }
        // Surrogate pairs survive whole, in order.
        expect(astral(text)).toEqual(astral(x));
        // Newlines are kept exactly, and each maps to the same newline in the source.
        const nlText: string[] = [];
        for (let p = 0; p < text.length; p++) {
          const c = text.charCodeAt(p);
          if (!isNewline(c)) continue;
          nlText.push(text[p]);
          const q = map.toSource(p, 'start');
          expect(x[q], `newline at ${p} maps to ${q}`).toBe(text[p]);
          expect(map.toSourceSpan(p, p + 1)).toEqual([q, q + 1]);
        }
        expect(nlText.join('')).toBe([...x].filter((ch) => ch.length === 1 && isNewline(ch.charCodeAt(0))).join(''));
      }),
      process.env.FC_RUNS ? RUNS : { numRuns: 800 },
    );
  });

  const OFF: NormalizeOptions = {
    ...DEFAULT_NORMALIZE_OPTIONS,
    letters: false,
    taMarbuta: false,
    hamza: false,
    kashida: false,
    diacritics: 'keep',
    digits: 'keep',
    punctuation: false,
    quotes: false,
    ellipsis: false,
    spacing: false,
    invisibles: false,
    zwnj: false,
    halfSpaces: false,
  };

  it('changes nothing with every option off', () => {
    fc.assert(
      fc.property(anyText, (x) => {
        const r = normalize(x, OFF);
        expect(r.text).toBe(x);
        expect(r.map.isIdentity).toBe(true);
      }),
      process.env.FC_RUNS ? RUNS : { numRuns: 500 },
    );
  });

  it('leaves the corresponding characters alone when an option is off', () => {
    fc.assert(
      fc.property(anyText, optionsArb, (x, o) => {
        const digitsOf = (s: string) => s.replace(/[^0-9\u06f0-\u06f9\u0660-\u0669]/g, '');
        const opts = (extra: Partial<NormalizeOptions>) => normalize(x, { ...o, ...extra }).text;
        expect(digitsOf(opts({ digits: 'keep' }))).toBe(digitsOf(x));
        // (digits: 'ascii' turns ٫ ٬ between digits into . , so digits stay as they are here.)
        const np = opts({ punctuation: false, digits: 'keep' });
        for (const re of [/,/g, /;/g, /\?/g, /،/g, /؛/g, /؟/g]) expect(count(np, re)).toBe(count(x, re));
        const nq = opts({ quotes: false });
        for (const re of [/"/g, /«/g, /»/g]) expect(count(nq, re)).toBe(count(x, re));
        const ne = opts({ ellipsis: false, digits: 'keep' });
        for (const re of [/\./g, /…/g]) expect(count(ne, re)).toBe(count(x, re));
        // Spaces: the half-space rule may legitimately turn a space into a ZWNJ, so it is off here too.
        // (One ligature is two words: with letters on, ﷻ becomes جل جلاله, one space more.)
        const ns = opts({ spacing: false, halfSpaces: false });
        const ligatureSpaces = o.letters === false ? 0 : count(x, /\ufdfb/g);
        expect(count(ns, /[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]/g)).toBe(count(x, /[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]/g) + ligatureSpaces);
        const nz = opts({ zwnj: false, halfSpaces: false, spacing: false, invisibles: false });
        expect(count(nz, /\u200c/g)).toBe(count(x, /\u200c/g));
        expect(count(opts({ letters: false }), /[يك]/g)).toBe(count(x, /[يك]/g));
        expect(count(opts({ kashida: false }), /\u0640/g)).toBe(count(x, /\u0640/g));
        // Kept, never removed (a presentation form such as U+FE70 may decompose into one more).
        expect(count(opts({ diacritics: 'keep' }), /[\u064b-\u0653\u0655-\u065f]/g)).toBeGreaterThanOrEqual(count(x, /[\u064b-\u0653\u0655-\u065f]/g));
      }),
      process.env.FC_RUNS ? RUNS : { numRuns: 1500 },
    );
  });
});
