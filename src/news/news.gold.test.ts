import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { describeGold } from '../util/gold-test.js';
import { dataPath, PACKAGE_ROOT } from '../util/data-path.js';
import { evaluateNews, type GoldArticleItem, type GoldQuote } from './eval.js';
import type { NewsArticleInput } from './types.js';

// Hand annotations (offsets only) in eval/news; article text is read from ../shared/data.
const FILES = [1, 2, 3, 4, 5].map((i) => `persian-news-langml/fars-news-${i}.json.gz`);

describeGold('news quotes against hand annotations (eval/news/annotations.json)', FILES, () => {
  const gold = JSON.parse(readFileSync(`${PACKAGE_ROOT}/eval/news/annotations.json`, 'utf8')) as {
    articles: { file: string; index: number; split: string; quotes: GoldQuote[] }[];
  };
  const corpora = new Map<string, NewsArticleInput[]>();
  const items: GoldArticleItem[] = gold.articles.map((a) => {
    if (!corpora.has(a.file)) corpora.set(a.file, JSON.parse(gunzipSync(readFileSync(dataPath('persian-news-langml', a.file))).toString('utf8')));
    return { article: corpora.get(a.file)![a.index], quotes: a.quotes, split: a.split, label: `${a.file} #${a.index}` };
  });
  const res = evaluateNews(items);

  it('has at least 40 annotated articles, 20 of them held out', () => {
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(items.filter((i) => i.split === 'heldout').length).toBeGreaterThanOrEqual(20);
  });
  for (const split of ['dev', 'heldout']) {
    it(`${split}: quote precision ≥ 95, recall ≥ 90, speaker accuracy ≥ 90`, () => {
      const s = res.splits[split];
      expect(s, `no articles in split ${split}`).toBeDefined();
      expect(s.precision, JSON.stringify(s)).toBeGreaterThanOrEqual(95);
      expect(s.recall, JSON.stringify(s)).toBeGreaterThanOrEqual(90);
      expect(s.speakerAccuracy, JSON.stringify(s)).toBeGreaterThanOrEqual(90);
    });
  }
});
