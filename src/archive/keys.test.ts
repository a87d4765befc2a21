import { describe, expect, it } from 'vitest';
import { decodeWords, encodeWords, fallbackLemma, foldKey, indexWords, nameKey, segment } from './keys.js';
import { normalizeText } from '../text/index.js';

const Z = '\u200c';

describe('search keys', () => {
  it('folds Arabic letters, ZWNJ, diacritics, tatweel and digits', () => {
    expect(foldKey(`تحريم${Z}هاي`)).toBe('تحریمهای');
    expect(foldKey('كتاب')).toBe('کتاب');
    expect(foldKey('مُحَمَّد')).toBe('محمد');
    expect(foldKey('تهـــران')).toBe('تهران');
    expect(foldKey('۱۳۹۹')).toBe('1399');
    expect(foldKey('آمریکا')).toBe(foldKey('امریکا'));
    expect(foldKey('ICT')).toBe('ict');
    expect(foldKey('!؟،')).toBe('');
  });

  it('gives every spelling of a half-spaced word the same key', () => {
    const spellings = [`تحریم${Z}ها`, 'تحریمها', 'تحریم ها', `تحريم${Z}ها`, 'تحريم ها'];
    const keys = spellings.map((s) => segment(normalizeText(s)).map((w) => w.key));
    for (const k of keys) expect(k).toEqual(['تحریمها']);
    expect(segment(`تحریم${Z}ها`)[0].parts).toEqual(['تحریم', 'ها']);
    expect(segment('تحریم ها')[0].parts).toEqual(['تحریم', 'ها']);
  });

  it('joins a detached می / نمی prefix and keeps word offsets', () => {
    const text = 'او می گوید که نمی داند.';
    const ws = segment(text);
    expect(ws.map((w) => w.key)).toEqual(['او', 'میگوید', 'که', 'نمیداند']);
    for (const w of ws) expect(foldKey(text.slice(w.start, w.end).replace(/ /g, ''))).toBe(w.key);
  });

  it('does not join across punctuation', () => {
    expect(segment('تحریم، ها').map((w) => w.key)).toEqual(['تحریم', 'ها']);
  });

  it('the fallback lemma strips plural ها and ZWNJ affixes conservatively', () => {
    expect(fallbackLemma('تحریمهای', [])).toBe('تحریم');
    expect(fallbackLemma('تحریمها', ['تحریم', 'ها'])).toBe('تحریم');
    expect(fallbackLemma('میگوید', ['می', 'گوید'])).toBe('گوید');
    expect(fallbackLemma('تنها', [])).toBe('تنها');
    expect(fallbackLemma('آنها', [])).toBe('آنها');
    expect(fallbackLemma('کتاب', [])).toBe('کتاب');
  });

  it('indexWords takes a lemma from the callback, else the fallback', () => {
    const ws = indexWords('کتابها را خواند', (w) => (w.key === 'خواند' ? 'خواند' : undefined));
    expect(ws.map((w) => w.lemma)).toEqual(['کتاب', 'را', 'خواند']);
  });

  it('encodes and decodes stored words', () => {
    const ws = indexWords(`تحریم${Z}های جدید`);
    const back = decodeWords(encodeWords(ws));
    expect(back).toEqual(ws.map((w) => ({ key: w.key, lemma: w.lemma, parts: w.parts })));
    expect(decodeWords('')).toEqual([]);
  });

  it('name keys ignore spelling variants', () => {
    expect(nameKey('علي لاريجاني')).toBe(nameKey('علی لاریجانی'));
    expect(nameKey('علی  لاریجانی')).toBe('علی لاریجانی');
  });

  it('joins at most two detached suffixes, so long runs stay linear', () => {
    expect(segment('کتاب ها ها ها').map((w) => w.key)).toEqual(['کتابهاها', 'ها']);
    const s = (Z + 'ا ').repeat(50000) + 'ها '.repeat(50000);
    expect(segment(s).length).toBeGreaterThan(50000);
  }, 60000);
});
