import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hostileText, optionsArb, RUNS } from './testing/arbitraries.js';
import type { OffsetMap } from '../doc/offset-map.js';
import { normalize, normalizeReference } from './normalize.js';
import { resolveOptions, type NormalizeOptions } from './options.js';
import { characters, charactersAndZwnj, charactersFast, charactersReference } from './rules/01-characters.js';
import { zwnjCleanup, zwnjCleanupAround } from './rules/05-zwnj.js';
import { OffsetMapBuilder } from '../doc/offset-map.js';
import { digits } from './rules/02-digits.js';
import { punctuation, punctuationWithDigits } from './rules/03-punctuation.js';
import { punctuationReference } from './rules/punctuation-reference.js';
import { stringFromUtf16 } from './utf16.js';

/**
 * Differential tests: the fast paths (buffer-written character pass, digit conversion inside
 * the punctuation pass) against the reference passes, on random input and options. Text and
 * offset map must be identical: every position in both biases, both directions.
 */
const PIECES = [
  'ب', 'پ', 'ت', 'س', 'م', 'ه', 'ی', 'ک', 'ا', 'د', 'ر', 'و', 'آ', 'ۀ', 'ة', 'ي', 'ك', 'ى', 'إ', 'ٱ', 'ئ', 'ء',
  'می', 'ها', 'های', 'کتاب', 'خانه', 'است', 'شود', ' است.', ' گفت:', ' میز،', ' کتاب؟', ' خانه)', ' است.\n', ' کتاب «', '"او"',
  '\u200c', '\u200c\u200c', '\u200b', '\u200d', '\u200e', '\u200f', '\ufeff', '\u00ad', '\u0640', '\u064e', '\u0650', '\u0654', '\u0670',
  '\ufefb', '\ufee3', '\ufeea', '\ufdf2', '\ufb50',
  '😀', '\ud83d', '\ude00',
  ' ', '  ', '\t', '\u00a0', '\u2009', '\n', '\r\n', '\u2028',
  '0', '1', '9', '۰', '۳', '٠', '٤', '٫', '٬', '12', '1,000', '3.5', '12:30', '۱۴۰۲/۱/۱', '1٫5',
  'a', 'Z', 'mp3', 'COVID-19', 'http://x.com/a1', '12://3', '@', 'v1.2',
  '.', '..', '...', ',', ';', ':', '?', '!', '"', '(', ')', '[', ']', '«', '»', '،', '؛', '؟', '…', '-', '/',
];
const anyText = hostileText(PIECES, 8);

/** Both maps send every position the same way, in both biases and both directions. */
function expectSameMap(a: OffsetMap, b: OffsetMap, what: string): void {
  expect(a.textLength, what).toBe(b.textLength);
  expect(a.sourceLength, what).toBe(b.sourceLength);
  for (let p = 0; p <= a.textLength; p++) {
    expect(a.toSource(p, 'start'), `${what}: toSource(${p}, start)`).toBe(b.toSource(p, 'start'));
    expect(a.toSource(p, 'end'), `${what}: toSource(${p}, end)`).toBe(b.toSource(p, 'end'));
  }
  for (let q = 0; q <= a.sourceLength; q++) {
    expect(a.fromSource(q, 'start'), `${what}: fromSource(${q}, start)`).toBe(b.fromSource(q, 'start'));
    expect(a.fromSource(q, 'end'), `${what}: fromSource(${q}, end)`).toBe(b.fromSource(q, 'end'));
  }
  expect(a.toJSON(), what).toEqual(b.toJSON());
}

describe('fast paths agree with the reference passes', () => {
  it('character pass: buffer-written output equals the builder-based reference', () => {
    fc.assert(
      fc.property(anyText, optionsArb, (x, opts) => {
        const o = resolveOptions(opts);
        const fast = charactersFast(x, o, false);
        const ref = charactersReference.apply(x, o);
        // The rule itself (which picks a path by length) gives the same again.
        expect(characters.apply(x, o)?.text ?? null).toBe(ref?.text ?? null);
        if (ref === null) {
          expect(fast).toBeNull();
          return;
        }
        expect(fast).not.toBeNull();
        expect(fast!.text).toBe(ref.text);
        expectSameMap(fast!.map, ref.map, JSON.stringify(x));
      }),
      RUNS,
    );
  });

  it('character pass with the ZWNJ clean-up equals the two passes one after the other', () => {
    fc.assert(
      fc.property(anyText, optionsArb, (x, opts) => {
        const o = resolveOptions({ ...opts, zwnj: true });
        const c = charactersReference.apply(x, o);
        const mid = c ? c.text : x;
        const z = zwnjCleanup.apply(mid, o);
        const refText = z ? z.text : mid;
        const refMap = c && z ? c.map.then(z.map) : (z?.map ?? c?.map ?? null);
        for (const fast of [charactersFast(x, o, true), charactersAndZwnj.apply(x, o)]) {
          expect(fast ? fast.text : x).toBe(refText);
          if (fast && refMap) expectSameMap(fast.map, refMap, JSON.stringify(x));
          else expect((fast?.map ?? refMap)?.isIdentity ?? true).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('punctuation pass (plain-word skip) equals the reference punctuation pass', () => {
    fc.assert(
      fc.property(anyText, optionsArb, (x, opts) => {
        const o = resolveOptions(opts);
        const ref = punctuationReference.apply(x, o);
        const fast = punctuation.apply(x, o);
        expect(fast ? fast.text : x).toBe(ref ? ref.text : x);
        if (ref && fast) expectSameMap(fast.map, ref.map, JSON.stringify(x));
        else expect((fast?.map ?? ref?.map ?? null)?.isIdentity ?? true).toBe(true);
      }),
      RUNS,
    );
  });

  it('punctuation with digits equals the digit pass followed by the punctuation pass', () => {
    fc.assert(
      fc.property(anyText, optionsArb, (x, opts) => {
        const o = resolveOptions({ ...opts, digits: 'fa' });
        const d = digits.apply(x, o);
        const mid = d ? d.text : x;
        const ref = punctuationReference.apply(mid, o);
        const fast = punctuationWithDigits.apply(x, o);
        expect(fast ? fast.text : x).toBe(ref ? ref.text : mid);
        if (ref && fast) expectSameMap(fast.map, ref.map, JSON.stringify(x));
        else expect((fast?.map ?? ref?.map ?? null)?.isIdentity ?? true).toBe(true);
      }),
      RUNS,
    );
  });

  it('normalize equals normalizeReference (text and map) under any options', () => {
    fc.assert(
      fc.property(anyText, optionsArb, (x, o) => {
        const fast = normalize(x, o);
        const ref = normalizeReference(x, o);
        expect(fast.text).toBe(ref.text);
        expectSameMap(fast.map, ref.map, JSON.stringify(x));
      }),
      RUNS,
    );
  });

  it('normalize equals normalizeReference on longer mixed text (default options)', () => {
    const long = fc.array(fc.constantFrom(...PIECES), { minLength: 100, maxLength: 400 }).map((a) => a.join(''));
    fc.assert(
      fc.property(long, (x) => {
        const fast = normalize(x);
        const ref = normalizeReference(x);
        expect(fast.text).toBe(ref.text);
        expectSameMap(fast.map, ref.map, JSON.stringify(x));
      }),
      { numRuns: Math.max(50, RUNS.numRuns >> 4) },
    );
  });

  it('words ending in a kept closer are skipped without crossing a line end (quotes pair per line)', () => {
    // A line ending in a closed word, then lines whose quotes must still be paired on their own.
    const x = '"الف" و "ب" گفت است.\nج هم گفت.\nد "ه" و "ز" است.';
    const fast = normalize(x);
    expect(fast.text).toBe(normalizeReference(x).text);
    expect(fast.text).toContain('«ه»');
    expect(fast.text).toContain('«ز»');
    expectSameMap(fast.map, normalizeReference(x).map, x);
    const y = 'او گفت: «نه»، و رفت. سپس\nآمد؛ ولی (نه) ماند! پایان.';
    expect(normalize(y).text).toBe(normalizeReference(y).text);
    expectSameMap(normalize(y).map, normalizeReference(y).map, y);
  });

  it('ZWNJ clean-up around the changed ranges equals the full clean-up on a text that was clean', () => {
    // A clean text (after the full clean-up), then random edits through a builder: insert a
    // ZWNJ, replace a character with a ZWNJ or a space, delete one; then both clean-ups.
    const edit = fc.record({ kind: fc.constantFrom('insert', 'toZwnj', 'toSpace', 'delete', 'insertMark'), gap: fc.nat({ max: 6 }) });
    // Dense in what matters here: letters (joining and not), marks, ZWNJs, spaces.
    const dense = fc.array(fc.constantFrom('ب', 'ت', 'ی', 'ا', 'د', '\u064e', '\u0650', '\u0654', '\u200c', ' ', 'a'), { maxLength: 30 }).map((a) => a.join(''));
    const text = fc.oneof({ weight: 3, arbitrary: dense }, { weight: 1, arbitrary: anyText });
    fc.assert(
      fc.property(text, fc.array(edit, { maxLength: 8 }), (x, edits) => {
        const o = resolveOptions({});
        const clean = zwnjCleanup.apply(x, o)?.text ?? x;
        const b = new OffsetMapBuilder(clean);
        let pos = 0;
        for (const ed of edits) {
          pos += ed.gap;
          if (pos > clean.length) break;
          b.keepTo(pos);
          if (ed.kind === 'insert') b.insert('\u200c');
          else if (ed.kind === 'insertMark') b.insert('\u064e');
          else if (pos < clean.length) {
            if (ed.kind === 'toZwnj') b.replace(1, '\u200c');
            else if (ed.kind === 'toSpace') b.replace(1, ' ');
            else b.skip(1);
            pos++;
          }
        }
        const r = b.finish();
        const full = zwnjCleanup.apply(r.text, o);
        const around = zwnjCleanupAround(r.text, r.changed);
        expect(around?.text ?? r.text).toBe(full?.text ?? r.text);
        if (full && around) expectSameMap(around.map, full.map, JSON.stringify(r.text));
        else expect(around === null && full === null, JSON.stringify(r.text)).toBe(true);
      }),
      RUNS,
    );
  });

  it('digits inside punctuation: examples', () => {
    const o = resolveOptions({});
    const run = (s: string) => punctuationWithDigits.apply(s, o)?.text ?? s;
    expect(run('سال 1402 و ٣ روز')).toBe('سال ۱۴۰۲ و ۳ روز');
    expect(run('فایل mp3 و 12 آهنگ')).toBe('فایل mp3 و ۱۲ آهنگ');
    expect(run('نسخه 2، و 3')).toBe('نسخه ۲، و ۳');
    expect(run('قیمت 1,000 تومان,سپس')).toBe('قیمت ۱,۰۰۰ تومان، سپس');
  });
});

describe('stringFromUtf16', () => {
  it('keeps lone surrogates, pairs and a leading BOM exactly', () => {
    for (const s of ['\ufeffسلام', 'a\ud83db', '\ude00', 'x😀y', '\ud83d', '', 'ب'.repeat(20000) + '\ud800']) {
      const buf = new Uint16Array(s.length);
      for (let i = 0; i < s.length; i++) buf[i] = s.charCodeAt(i);
      expect(stringFromUtf16(buf, s.length, true)).toBe(s);
    }
  });
});
