import { describe, expect, it } from 'vitest';
import { formatNewsText, parseNewsInput } from '../cli/commands/news.js';
import { readNews } from './index.js';

describe('sokhan news input and text view', () => {
  it('takes raw text, a JSON article, or one article of an array with --index', () => {
    expect(parseNewsInput('وزیر گفت: خوب است.', undefined)).toBe('وزیر گفت: خوب است.');
    expect(parseNewsInput('{"title":"ع","paragraphs":["متن"]}', undefined)).toEqual({ title: 'ع', paragraphs: ['متن'] });
    expect(parseNewsInput('[{"title":"a"},{"title":"b"}]', 1)).toEqual({ title: 'b' });
    expect(() => parseNewsInput('[{"title":"a"}]', undefined)).toThrow(/--index/);
    expect(() => parseNewsInput('{"x":1}', undefined)).toThrow(/title/);
    expect(parseNewsInput('{ not json', undefined)).toBe('{ not json');
  });
  it('prints source, entities, quotes and summary', () => {
    const out = formatNewsText(readNews('به گزارش ایسنا، علی رضایی گفت: کار آغاز شد و ادامه دارد.'));
    expect(out).toContain('Source: ایسنا');
    expect(out).toContain('علی رضایی');
    expect(out).toContain('«کار آغاز شد و ادامه دارد.»');
  });
});
