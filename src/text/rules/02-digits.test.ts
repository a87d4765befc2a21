import { describe, expect, it } from 'vitest';
import { resolveOptions, type NormalizeOptions } from '../options.js';
import { digits } from './02-digits.js';

function run(s: string, o: Partial<NormalizeOptions> = {}): string {
  const r = digits.apply(s, resolveOptions(o));
  return r === null ? s : r.text;
}

describe('rule 02: digits', () => {
  it('turns ASCII and Arabic-Indic digits Persian in Persian text', () => {
    expect(run('سال 1402 و ٤٥ نفر')).toBe('سال ۱۴۰۲ و ۴۵ نفر');
    expect(run('ساعت 12:30')).toBe('ساعت ۱۲:۳۰');
    expect(run('۱۲۰نفر و 160نفر')).toBe('۱۲۰نفر و ۱۶۰نفر');
  });

  it('leaves Latin chunks exactly as they are', () => {
    for (const latin of ['mp3', 'COVID-19', 'http://x.com/a1', 'user2@mail.com', 'v1.2.3', 'www.x2.ir', 'H2O', 'Ж5']) {
      expect(run(`فایل ${latin} است`)).toBe(`فایل ${latin} است`);
    }
    expect(run('i have 2 cats')).toBe('i have 2 cats');
  });

  it('gives digit-only chunks the script of the nearest word on the line', () => {
    expect(run('نسخه iOS 17 آمد')).toBe('نسخه iOS 17 آمد');
    expect(run('2020 سال')).toBe('۲۰۲۰ سال');
    expect(run('2020 year')).toBe('2020 year');
    expect(run('2020')).toBe('۲۰۲۰');
    // Context is per line.
    expect(run('hello\n12 سلام')).toBe('hello\n۱۲ سلام');
  });

  it('keeps separators with fa, makes them ASCII with ascii', () => {
    expect(run('عدد 1,000 و 3.5 و ۳٫۵')).toBe('عدد ۱,۰۰۰ و ۳.۵ و ۳٫۵');
    expect(run('5٫9 و 1٬000')).toBe('۵٫۹ و ۱٬۰۰۰');
    expect(run('عدد ۱٬۰۰۰ و ۳٫۵ و ٣', { digits: 'ascii' })).toBe('عدد 1,000 و 3.5 و 3');
    expect(run('علامت ٫ تنها', { digits: 'ascii' })).toBe('علامت ٫ تنها');
  });

  it('does nothing with keep, and returns null when nothing changes', () => {
    expect(digits.enabled(resolveOptions({ digits: 'keep' }))).toBe(false);
    expect(digits.apply('سال ۱۴۰۲', resolveOptions({}))).toBeNull();
    expect(digits.apply('no digits', resolveOptions({}))).toBeNull();
    expect(digits.apply('mp3 x2', resolveOptions({}))).toBeNull();
  });

  it('keeps offsets one to one', () => {
    const r = digits.apply('در 1402', resolveOptions({}))!;
    expect(r.map.isIdentity).toBe(true);
    expect(r.text).toBe('در ۱۴۰۲');
  });

  it('is linear on a long line of digits and on long Latin-looking chunks', () => {
    const s = '1 '.repeat(200_000) + 'x';
    const t = run(s);
    expect(t).toBe(s); // every chunk takes the class of the Latin word at the end
    const u = run('5'.repeat(300_000) + 'س');
    expect(u.length).toBe(300_001);
  });
});
