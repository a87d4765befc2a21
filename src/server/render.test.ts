// The page's pure helpers (web/render.js), tested here because vitest only looks under src/.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { layered, sourceToText, articleText as webArticleText, esc, faDate } from '../../web/render.js';
import { normalize } from '../text/normalize.js';
import { changesOf } from './changes.js';
import { articleText } from '../news/index.js';

const unescape = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

// Persian-ish input: letters (Arabic and Persian forms), spaces, ZWNJ, digits, punctuation.
const piece = fc.constantFrom('مي', 'شود', ' ', '\u200c', 'ك', 'ي', 'ها', 'كتاب', '،', ',', '1', '۲', '«', '"', '.', '\n', 'ۀ', 'ـ', 'a', '  ');
const persian = fc.array(piece, { maxLength: 40 }).map((a) => a.join(''));

describe('web/render.js', () => {
  it('layered() keeps the text exactly, whatever the ranges', () => {
    fc.assert(
      fc.property(persian, fc.array(fc.tuple(fc.nat(60), fc.nat(60), fc.constantFrom('ent ent-PER', 'chg', 'quote')), { maxLength: 8 }), (text, ranges) => {
        const items = ranges.map(([a, b, cls]) => ({ start: Math.min(a, b), end: Math.max(a, b), cls }));
        expect(unescape(layered(text, items))).toBe(text);
      }),
    );
    expect(layered('<b>&', [{ start: 0, end: 3, cls: 'x' }])).toBe('<span class="x">&lt;b&gt;</span>&amp;');
    expect(esc(`"'`)).toBe('&quot;&#39;');
  });

  it('sourceToText() maps input positions into the cleaned text, in order, exactly outside changes', () => {
    fc.assert(
      fc.property(persian, (src) => {
        const r = normalize(src);
        const changes = changesOf(src, r.text, r.map);
        let prevStart = 0;
        let prevEnd = 0;
        for (let p = 0; p <= src.length; p++) {
          const t = sourceToText(changes, p, 'start');
          const e = sourceToText(changes, p, 'end');
          expect(t).toBeGreaterThanOrEqual(prevStart);
          expect(e).toBeGreaterThanOrEqual(prevEnd);
          expect(Math.max(t, e)).toBeLessThanOrEqual(r.text.length);
          prevStart = t;
          prevEnd = e;
          const inside = changes.some((c) => c.sourceStart < p && p < c.sourceEnd);
          if (!inside) expect(e).toBeLessThanOrEqual(t); // at a boundary a span may only shrink
          const inChange = changes.some((c) => c.sourceStart <= p && p < c.sourceEnd);
          if (!inChange && p < src.length) expect(r.text[t]).toBe(src[p]);
        }
        // A non-empty span maps to a span of the cleaned text (never inverted).
        for (const c of changes) if (c.sourceStart < c.sourceEnd) expect(sourceToText(changes, c.sourceStart, 'start')).toBeLessThanOrEqual(sourceToText(changes, c.sourceEnd, 'end'));
      }),
    );
  });

  it('changesOf() (server) lists every difference: input + changes rebuilds the output exactly', () => {
    fc.assert(
      fc.property(persian, (src) => {
        const r = normalize(src);
        const changes = changesOf(src, r.text, r.map);
        let out = '';
        let at = 0;
        let atText = 0;
        for (const c of changes) {
          expect(c.sourceStart).toBeGreaterThanOrEqual(at);
          expect(c.start).toBeGreaterThanOrEqual(atText);
          expect(src.slice(c.sourceStart, c.sourceEnd)).toBe(c.from);
          expect(r.text.slice(c.start, c.end)).toBe(c.to);
          expect(c.from).not.toBe(c.to);
          out += src.slice(at, c.sourceStart) + c.to;
          at = c.sourceEnd;
          atText = c.end;
        }
        expect(out + src.slice(at)).toBe(r.text);
      }),
    );
  });

  it('assembles a JSON article exactly as the news reader does', () => {
    const a = { title: 'عنوان', abstract: 'لید', paragraphs: ['بند یک', '  ', 'بند دو'], link: 'x' };
    expect(webArticleText(a)).toBe(articleText(a));
    const b = { title: 'عنوان', lead: ' ', abstract: 'لید', body: 'متن' };
    expect(webArticleText(b)).toBe(articleText(b));
  });

  it('shows ISO dates in the Persian calendar', () => {
    expect(faDate('2021-03-21')).toContain('۱۴۰۰');
    expect(faDate('2021-03-21')).toContain('فروردین');
    expect(faDate('not a date')).toBe('not a date');
  });
});
