import { describe, expect, it } from 'vitest';
import { resolveOptions, type NormalizeOptions } from '../options.js';
import { punctuation } from './03-punctuation.js';

function run(s: string, o: Partial<NormalizeOptions> = {}): string {
  const r = punctuation.apply(s, resolveOptions(o));
  return r === null ? s : r.text;
}

describe('rule 03: punctuation', () => {
  it('uses Persian comma, semicolon and question mark in Persian text', () => {
    expect(run('سلام, خوبی?')).toBe('سلام، خوبی؟');
    expect(run('اول; دوم')).toBe('اول؛ دوم');
    expect(run('سلام , خوبی ?')).toBe('سلام، خوبی؟');
  });

  it('never inside numbers or Latin text', () => {
    expect(run('عدد 1,000 است')).toBe('عدد 1,000 است');
    expect(run('hello, world? yes; no')).toBe('hello, world? yes; no');
    expect(run('آدرس http://x.com/?a=1,2 است')).toBe('آدرس http://x.com/?a=1,2 است');
    expect(run('سلام hi, there')).toBe('سلام hi, there');
  });

  it('turns paired straight quotes around Persian text into «»', () => {
    expect(run('او گفت "سلام" و رفت')).toBe('او گفت «سلام» و رفت');
    expect(run('گفت"سلام"')).toBe('گفت «سلام»');
    expect(run('کلمه "hello" است')).toBe('کلمه "hello" است');
    // An odd number of quotes on a line is left alone.
    expect(run('قد 6" و "سلام"')).toBe('قد 6" و "سلام"');
    expect(run('او گفت "سلام" و رفت', { quotes: false })).toBe('او گفت "سلام" و رفت');
  });

  it('makes … of runs of dots, in Persian text only', () => {
    expect(run('و ... الی آخر')).toBe('و … الی آخر');
    expect(run('صبر کن..')).toBe('صبر کن…');
    expect(run('cd ../x و')).toBe('cd ../x و');
    expect(run('و ... الی آخر', { ellipsis: false })).toBe('و... الی آخر');
    // Spaced full stops are not joined into a run of dots that the next run would turn into …
    expect(run('. .')).toBe('. .');
    expect(run('تمام . . .')).toBe('تمام. . .');
    expect(run('. .', { ellipsis: false })).toBe('..');
  });

  it('puts no space before closing punctuation and one after it', () => {
    expect(run('سلام .خوب')).toBe('سلام. خوب');
    expect(run('سلام،خوب')).toBe('سلام، خوب');
    expect(run('گفت:من')).toBe('گفت: من');
    expect(run('واقعا؟!بله')).toBe('واقعا؟! بله');
    expect(run('«سلام»گفت')).toBe('«سلام» گفت');
  });

  it('keeps decimals, times and abbreviations together', () => {
    expect(run('ساعت ۱۲:۳۰ و ۳.۵ درصد')).toBe('ساعت ۱۲:۳۰ و ۳.۵ درصد');
    expect(run('سال ۱۳۵۷ ه.ش بود')).toBe('سال ۱۳۵۷ ه.ش بود');
    expect(run('ج.ا.ا و U.S. و ۱،۲')).toBe('ج.ا.ا و U.S. و ۱،۲');
  });

  it('spaces brackets and quotes', () => {
    expect(run('سلام(خوب)بود')).toBe('سلام (خوب) بود');
    expect(run('( سلام ) و [ این ] و « آن »')).toBe('(سلام) و [این] و «آن»');
    expect(run('سال۱۳۹۰(میلادی)')).toBe('سال۱۳۹۰ (میلادی)');
    expect(run('تابع f( x ) در')).toBe('تابع f( x ) در');
  });

  it('collapses runs of spaces and drops trailing ones, never touching newlines', () => {
    expect(run('سلام    خوب  \r\n  دوم\t\t\n\n  \n')).toBe('سلام خوب\r\n دوم\n\n\n');
    expect(run('یک\tدو')).toBe('یک\tدو');
    expect(run('a  b')).toBe('a b');
    expect(run('سلام \u200c خوب')).toBe('سلام خوب');
    expect(run('سلام\u200c \n')).toBe('سلام\n');
    expect(run('سلام    خوب', { spacing: false })).toBe('سلام    خوب');
  });

  it('looks through a ZWNJ glued to punctuation', () => {
    // The ZWNJ rule later deletes a ZWNJ next to the space; the result is stable.
    expect(run('کتاب،\u200cاست')).toBe('کتاب، است');
    expect(run('کتاب\u200c(اول)')).toBe('کتاب (اول)');
  });

  it('returns null when nothing changes and keeps offsets right', () => {
    expect(punctuation.apply('سلام، خوبی؟', resolveOptions({}))).toBeNull();
    const src = 'سلام  ,خوب';
    const r = punctuation.apply(src, resolveOptions({}))!;
    expect(r.text).toBe('سلام، خوب');
    const k = r.text.indexOf('خوب');
    expect(src.slice(...r.map.toSourceSpan(k, k + 3))).toBe('خوب');
    const c = r.text.indexOf('،');
    expect(src.slice(...r.map.toSourceSpan(c, c + 1))).toBe(',');
  });

  it('is linear on hostile input', () => {
    for (const s of ['"'.repeat(100_001), '( '.repeat(100_000), '.'.repeat(200_000), 'ـ'.repeat(200_000) + '.', '\u200c '.repeat(100_000), '1 '.repeat(100_000) + 'a']) {
      const t0 = Date.now();
      run(s);
      expect(Date.now() - t0).toBeLessThan(5000); // a quadratic pass would take minutes
    }
  });
});
