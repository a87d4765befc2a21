// News reader cost: readNews over Fars articles (JSON), with the full pipeline (tokenizer + NER,
// when they work in this build), with the reader's own rules only (--no-pipeline), and given an
// already-analysed doc (the archive's one-pass import).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { importDist, fmt, table, timeBest } from '../lib.js';
import { farsFiles, skipNoData } from '../corpus.js';

const MAX_ARTICLES = Number(process.env.BENCH_NEWS_ARTICLES ?? 300);
const mod = await importDist('news/index.js');
if (!mod || mod.__error) {
  console.log('skipped: dist/ not built (run `npm run build`)');
  process.exit(0);
}
const files = farsFiles();
if (files.length === 0) {
  skipNoData('persian-news-langml/fars-news-*.json.gz');
  process.exit(0);
}
const articles = JSON.parse(gunzipSync(readFileSync(files[0])).toString('utf8')).slice(0, MAX_ARTICLES);
const chars = articles.reduce((a, x) => a + mod.articleText(x).length, 0);
const rows = [];
// `readNews(a, { doc })` (what the archive does): the caller's pipeline doc is reused, so only the
// reader's own rules are timed here; the docs are made beforehand, outside the timing.
let docs = null;
try {
  const { sokhan } = await importDist('pipeline.js');
  const nlp = sokhan({ components: ['normalize', 'tokenize', 'ner'] });
  docs = articles.map((a) => nlp(mod.articleText(a)));
} catch {
  docs = null;
}
const variants = [['pipeline (normalize+tokenize+ner when available)', {}], ['own rules only', { usePipeline: false }]];
if (docs) variants.push(['given the pipeline doc ({ doc }; NER entities used)', 'doc']);
for (const [name, opts] of variants) {
  const { best, result } = timeBest(() => {
    let quotes = 0;
    for (let i = 0; i < articles.length; i++) quotes += mod.readNews(articles[i], opts === 'doc' ? { doc: docs[i] } : opts).quotes.length;
    return quotes;
  }, { runs: 3, warmup: 1 });
  rows.push([name, articles.length, fmt(best / articles.length, 2), fmt(articles.length / (best / 1000), 1), fmt(chars / (best / 1000) / 1000, 1), result]);
}
table(['readNews', 'articles', 'ms/article', 'articles/s', 'kchars/s', 'quotes'], rows);
