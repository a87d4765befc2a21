import { describe, expect, it } from 'vitest';
import { CAT, CAT_LAST, C_ARABIC, C_FOREIGN, C_NEWLINE, C_SPACE, C_ZWNJ, FOREIGN, NEUTRAL, PERSIAN, ScriptResolver, chunkEnd, classify, isForeignLetter, whiteRunEnd } from './script-context.js';
import { isArabicLetter, isNewline, isSpace } from './chars.js';

describe('script context', () => {
  it('classifies chunks', () => {
    const c = (s: string) => classify(s, 0, s.length);
    expect(c('کتاب')).toBe(PERSIAN);
    expect(c('mp3')).toBe(FOREIGN);
    expect(c('COVID-19')).toBe(FOREIGN);
    expect(c('user2@mail.com')).toBe(FOREIGN);
    expect(c('۱۲:۳۰')).toBe(NEUTRAL);
    expect(c('1,000')).toBe(NEUTRAL);
    expect(c('کتابmp3')).toBe(FOREIGN);
    expect(c('https://x')).toBe(FOREIGN);
    expect(c('Москва')).toBe(FOREIGN);
  });

  it('cuts chunks at spaces, newlines and ZWNJs glued to spaces', () => {
    const s = 'می\u200cشود \u200cو\nبا';
    expect(chunkEnd(s, 0)).toBe(6);
    expect(whiteRunEnd(s, 6)).toBe(8);
    expect(chunkEnd(s, 8)).toBe(9);
    expect(whiteRunEnd(s, 0)).toBe(0);
    expect(chunkEnd('کتاب\u200c\u200c x', 0)).toBe(4);
  });

  it('resolves neutral chunks from the line', () => {
    const s = '12 سلام hello 5\n7 8 world';
    const r = new ScriptResolver(s);
    expect(r.resolve(0, 2, NEUTRAL)).toBe(PERSIAN); // next strong chunk
    expect(r.resolve(3, 7, PERSIAN)).toBe(PERSIAN);
    expect(r.resolve(8, 13, FOREIGN)).toBe(FOREIGN);
    expect(r.resolve(14, 15, NEUTRAL)).toBe(FOREIGN); // previous strong chunk
    r.newLine();
    expect(r.resolve(16, 17, NEUTRAL)).toBe(FOREIGN);
    expect(r.resolve(18, 19, NEUTRAL)).toBe(FOREIGN);
    const t = new ScriptResolver('1 2');
    expect(t.resolve(0, 1, NEUTRAL)).toBe(PERSIAN); // nothing to go by: Persian
  });
});

describe('CAT (the category table)', () => {
  it('is zero past CAT_LAST, and every category predicate agrees with it on all 65,536 code units', () => {
    let nonZero = 0;
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const f = CAT[c];
      if (f !== 0) nonZero++;
      const ok =
        (c <= CAT_LAST || f === 0) &&
        ((f & C_SPACE) !== 0) === isSpace(c) &&
        ((f & C_NEWLINE) !== 0) === isNewline(c) &&
        ((f & C_ZWNJ) !== 0) === (c === 0x200c) &&
        ((f & C_FOREIGN) !== 0) === (isForeignLetter(c) || c === 0x40) &&
        ((f & C_ARABIC) !== 0) === isArabicLetter(c);
      if (!ok) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
    expect(nonZero).toBeGreaterThan(500);
  });
});
