import { describe, expect, it } from 'vitest';
import { DEFAULT_NORMALIZE_OPTIONS } from '../options.js';
import { zwnjCleanup } from './05-zwnj.js';

const apply = (s: string) => zwnjCleanup.apply(s, DEFAULT_NORMALIZE_OPTIONS)?.text ?? s;
const Z = '\u200c';

describe('ZWNJ clean-up', () => {
  it('keeps a useful ZWNJ', () => {
    expect(apply(`می${Z}شود`)).toBe(`می${Z}شود`);
  });
  it('removes ZWNJ next to spaces and at word edges', () => {
    expect(apply(`کتاب${Z} خوب`)).toBe('کتاب خوب');
    expect(apply(`کتاب ${Z}خوب`)).toBe('کتاب خوب');
    expect(apply(`${Z}کتاب${Z}`)).toBe('کتاب');
    expect(apply(`کتاب${Z}.`)).toBe('کتاب.');
  });
  it('collapses doubled ZWNJ', () => {
    expect(apply(`می${Z}${Z}${Z}شود`)).toBe(`می${Z}شود`);
  });
  it('removes ZWNJ after a letter that does not join leftwards', () => {
    expect(apply(`کتابدار${Z}ها`)).toBe('کتابدارها');
    expect(apply(`نیرو${Z}ها`)).toBe('نیروها');
  });
  it('keeps ZWNJ after a joining letter carrying a mark', () => {
    expect(apply(`خانه\u0654${Z}ای`)).toBe(`خانه\u0654${Z}ای`);
  });
});

describe('ZWNJ clean-up in the whole normaliser', async () => {
  const { normalizeText } = await import('../normalize.js');
  it('is idempotent around punctuation (a stray ZWNJ between dots)', () => {
    // The last ones: a verb already carrying می/نمی is not joined to a preceding می/نمی.
    for (const s of [`.${Z}.`, `کتاب.${Z}.`, `؟${Z}!`, `«${Z}کتاب${Z}»`, 'می نمی شود', 'می می شود', 'نمی می رود']) {
      const once = normalizeText(s);
      expect(normalizeText(once)).toBe(once);
    }
  });
});
