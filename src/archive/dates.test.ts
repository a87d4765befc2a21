import { describe, expect, it } from 'vitest';
import { farsLinkDate, parseDateBound } from './dates.js';

describe('Fars link dates', () => {
  it('reads new 14-digit ids (yyyymmdd + serial)', () => {
    expect(farsLinkDate('https://www.farsnews.ir/news/14000424000463/some-slug')).toEqual({ newsId: '14000424000463', jalali: '1400-04-24', iso: '2021-07-15' });
  });
  it('reads old 10-digit ids (yymmdd + serial, 13yy)', () => {
    expect(farsLinkDate('https://www.farsnews.ir/news/8707060255')).toEqual({ newsId: '8707060255', jalali: '1387-07-06', iso: '2008-09-27' });
  });
  it('gives no date for other links or impossible dates', () => {
    expect(farsLinkDate('https://www.varzesh3.com/news/1392980')).toBeNull();
    expect(farsLinkDate('https://www.farsnews.ir/news/8713400255')).toBeNull();
    expect(farsLinkDate('not a url')).toBeNull();
  });
});

describe('date bounds', () => {
  it('accepts Gregorian and Jalali partial dates', () => {
    expect(parseDateBound('2020', false)).toBe('2020-01-01');
    expect(parseDateBound('2020-02', true)).toBe('2020-02-29');
    expect(parseDateBound('1399-01-01', false)).toBe('2020-03-20');
    expect(parseDateBound('۱۳۹۹', true)).toBe('2021-03-20');
  });
  it('rejects nonsense with a RangeError', () => {
    expect(() => parseDateBound('yesterday', false)).toThrow(RangeError);
    expect(() => parseDateBound('2020-13', false)).toThrow(RangeError);
  });
});
