import { describe, expect, it } from 'vitest';
import { normalize } from '../normalize.js';
import { DEFAULT_NORMALIZE_OPTIONS } from '../options.js';
import { characters } from './01-characters.js';

const o = DEFAULT_NORMALIZE_OPTIONS;
const apply = (s: string, opts = o) => characters.apply(s, opts)?.text ?? s;

describe('characters rule', () => {
  it('turns Arabic letter forms into Persian', () => {
    expect(apply('كتاب علي')).toBe('کتاب علی');
    expect(apply('مصطفى')).toBe('مصطفی');
    expect(apply('مدرسة')).toBe('مدرسه');
  });

  it('writes ۀ as ه + hamza above, as modern orthography and UD PerDT do', () => {
    expect(apply('خانۀ ما')).toBe('خانه\u0654 ما');
  });

  it('removes kashida, harakat and stray direction marks but keeps hamza above', () => {
    expect(apply('کـــتاب')).toBe('کتاب');
    expect(apply('كِتابٌ')).toBe('کتاب');
    expect(apply('\u200fسلام\u200e')).toBe('سلام');
    expect(apply('نقطه\u0654')).toBe('نقطه\u0654');
  });

  it('keeps diacritics when asked', () => {
    expect(apply('کِتاب', { ...o, diacritics: 'keep' })).toBe('کِتاب');
  });

  it('expands presentation forms and the lam-alef ligature', () => {
    expect(apply('\ufefb')).toBe('لا');
    expect(apply('\ufee3\ufeea')).toBe('مه');
  });

  it('turns a zero-width space between letters into a ZWNJ and drops it elsewhere', () => {
    expect(apply('می\u200bشود')).toBe('می\u200cشود');
    expect(apply('a\u200b b')).toBe('a b');
  });

  it('never makes one character of two unpaired surrogate halves by deleting what is between them', () => {
    for (const mid of ['\u064e', '\u0640\u0640', '\u200e', '\u200b', '\u200c']) {
      const x = '\ud83d' + mid + '\ude00';
      const t = normalize(x).text;
      expect(t.includes('\ud83d\ude00'), JSON.stringify(x)).toBe(false);
      expect(normalize(t).text).toBe(t);
    }
    // A real pair and deletions elsewhere are unaffected.
    expect(normalize('ب\u064e😀\u064e').text).toBe('ب😀');
  });

  it('returns null when nothing changes', () => {
    expect(characters.apply('کتاب خوب', o)).toBeNull();
  });

  it('keeps offsets: a span after a ligature maps back to the source', () => {
    const src = 'ا\ufefbم سلام';
    const r = normalize(src, { halfSpaces: false });
    const at = r.text.indexOf('سلام');
    expect(r.map.toSourceSpan(at, at + 4)).toEqual([src.indexOf('سلام'), src.indexOf('سلام') + 4]);
  });
});
