import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { printJson, writeOut } from '../output.js';
import { dataPath } from '../../util/data-path.js';
import { articleText, type NewsArticleInput } from '../../news/index.js';
import { evaluateNews, type GoldArticleItem, type GoldQuote, type QuoteScore } from '../../news/eval.js';

interface GoldArticle {
  file: string;
  index: number;
  link?: string;
  split?: string;
  textLength?: number;
  quotes: GoldQuote[];
}

function loadGold(path: string): GoldArticle[] {
  if (!existsSync(path)) throw new UserError(`${path}: no such file`);
  let j: unknown;
  try {
    j = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const arts = (j as { articles?: unknown }).articles;
  if (!Array.isArray(arts)) throw new UserError(`${path}: expected {"articles": [...]} as written by scripts/annotate-news.js`);
  for (const [i, a] of arts.entries()) {
    const ok = a && typeof a.file === 'string' && Number.isInteger(a.index) && Array.isArray(a.quotes) &&
      a.quotes.every((q: GoldQuote) => Number.isInteger(q.start) && Number.isInteger(q.end) && q.end >= q.start && typeof q.speaker === 'string');
    if (!ok) throw new UserError(`${path}: article ${i} is malformed (needs file, index, quotes[{start,end,kind,speaker}])`);
  }
  return arts as GoldArticle[];
}

const corpusCache = new Map<string, NewsArticleInput[]>();
function loadArticle(file: string, index: number, dataDir: string | undefined, goldPath: string): NewsArticleInput {
  const candidates = isAbsolute(file) ? [file] : [
    ...(dataDir ? [join(dataDir, file)] : []),
    dataPath('persian-news-langml', file),
    join(dirname(goldPath), file),
  ];
  const p = candidates.find((c) => existsSync(c));
  if (!p) throw new UserError(`article file ${file} not found (looked in ${candidates.join(', ')}; use --data DIR)`);
  let arts = corpusCache.get(p);
  if (!arts) {
    const raw = readFileSync(p);
    const buf = p.endsWith('.gz') ? gunzipSync(raw) : raw;
    const parsed = JSON.parse(buf.toString('utf8')) as unknown;
    if (!Array.isArray(parsed)) throw new UserError(`${p}: expected a JSON array of articles`);
    arts = parsed as NewsArticleInput[];
    corpusCache.set(p, arts);
  }
  const a = arts[index];
  if (!a) throw new UserError(`${file}: no article at index ${index}`);
  return a;
}

export function register(parent: Command): void {
  parent
    .command('news')
    .description('score quote extraction and speaker attribution against hand annotations (eval/news/annotations.json)')
    .requiredOption('--gold <file>', 'annotations JSON (article file + index, quote offsets, speaker names)')
    .option('--split <name>', 'only articles of this split (e.g. dev, heldout)')
    .option('--data <dir>', 'folder holding the article files (default: $SOKHAN_DATA/persian-news-langml)')
    .option('--threshold <x>', 'minimum span overlap (intersection / max length)', '0.9')
    .option('--errors', 'list missed and spurious quotes (text view)')
    .option('--json', 'one JSON object on stdout')
    .action(async (opts: { gold: string; split?: string; data?: string; threshold: string; errors?: boolean; json?: boolean }) => {
      const goldPath = resolve(opts.gold);
      const th = Number(opts.threshold);
      if (!(th > 0 && th <= 1)) throw new UserError('--threshold must be in (0, 1]');
      const arts = loadGold(goldPath).filter((a) => !opts.split || a.split === opts.split);
      if (!arts.length) throw new UserError(`no articles${opts.split ? ` in split "${opts.split}"` : ''}`);
      const items: GoldArticleItem[] = arts.map((a) => {
        const article = loadArticle(a.file, a.index, opts.data, goldPath);
        const len = articleText(article).length;
        if (a.textLength !== undefined && a.textLength !== len) {
          throw new UserError(`${a.file} #${a.index}: article text length ${len} differs from the annotated ${a.textLength}; wrong data file?`);
        }
        return { article, quotes: a.quotes, split: a.split, label: `${a.file} #${a.index}` };
      });
      const res = evaluateNews(items, th);
      const out = { overall: res.overall, splits: res.splits, articles: res.articles, threshold: th };
      const errors = opts.errors ? res.errors : [];
      if (opts.json) return printJson(out);
      const line = (name: string, s: QuoteScore): string =>
        `${name.padEnd(10)} gold ${String(s.gold).padStart(4)}  system ${String(s.system).padStart(4)}  matched ${String(s.matched).padStart(4)}  P ${s.precision.toFixed(2).padStart(6)}  R ${s.recall.toFixed(2).padStart(6)}  F1 ${s.f1.toFixed(2).padStart(6)}  speaker ${s.speakerAccuracy.toFixed(2).padStart(6)}\n`;
      let txt = `quotes (overlap ≥ ${th}, ${arts.length} articles)\n`;
      for (const [k, v] of Object.entries(out.splits)) txt += line(k, v);
      txt += line('overall', out.overall);
      if (errors.length) txt += '\n' + errors.join('\n') + '\n';
      await writeOut(txt);
    });
}
