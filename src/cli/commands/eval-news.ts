import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { printJson, writeOut } from '../output.js';
import { dataPath } from '../../util/data-path.js';
import { articleText, readNews, type NewsArticleInput } from '../../news/index.js';
import { matchQuotes, sameSpeaker, summarizeScore, type GoldQuote, type QuoteScore } from '../../news/eval.js';

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
      const splits = new Map<string, { g: number; s: number; m: number; sp: number }>();
      const tot = { g: 0, s: 0, m: 0, sp: 0 };
      const errors: string[] = [];
      for (const a of arts) {
        const art = loadArticle(a.file, a.index, opts.data, goldPath);
        const text = articleText(art);
        if (a.textLength !== undefined && a.textLength !== text.length) {
          throw new UserError(`${a.file} #${a.index}: article text length ${text.length} differs from the annotated ${a.textLength}; wrong data file?`);
        }
        const res = readNews(art);
        const { matched, missed, spurious } = matchQuotes(text, a.quotes, res.quotes, th);
        const sp = matched.filter((m) => sameSpeaker(m.gold.speaker, m.system.speaker.name)).length;
        const key = a.split ?? 'all';
        const acc = splits.get(key) ?? { g: 0, s: 0, m: 0, sp: 0 };
        for (const o of [acc, tot]) {
          o.g += a.quotes.length;
          o.s += res.quotes.length;
          o.m += matched.length;
          o.sp += sp;
        }
        splits.set(key, acc);
        if (opts.errors) {
          const cut = (s: number, e: number): string => text.slice(s, e).replace(/\s+/g, ' ').slice(0, 90);
          for (const g of missed) errors.push(`${a.file} #${a.index} MISSED  ${g.kind} [${g.start},${g.end}] ${g.speaker}: ${cut(g.start, g.end)}`);
          for (const s of spurious) errors.push(`${a.file} #${a.index} SPURIOUS ${s.kind} [${s.start},${s.end}] ${s.speaker.name}: ${cut(s.start, s.end)}`);
          for (const m of matched) if (!sameSpeaker(m.gold.speaker, m.system.speaker.name)) errors.push(`${a.file} #${a.index} SPEAKER gold=${m.gold.speaker} system=${m.system.speaker.name}: ${cut(m.gold.start, m.gold.end)}`);
        }
      }
      const out: { overall: QuoteScore; splits: Record<string, QuoteScore>; articles: number; threshold: number } = {
        overall: summarizeScore(tot.g, tot.s, tot.m, tot.sp),
        splits: Object.fromEntries([...splits].map(([k, v]) => [k, summarizeScore(v.g, v.s, v.m, v.sp)])),
        articles: arts.length,
        threshold: th,
      };
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
