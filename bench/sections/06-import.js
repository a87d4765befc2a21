// Archive import and search (issue 6): import every article file under
// ../shared/data/persian-news-langml into a fresh temp SQLite archive with the full analysis
// (pipeline + news reader) on worker threads, then time searches.
// Target: import >= 100 articles/s on the 2-core machine.
// Env: BENCH_IMPORT_WORKERS (default: available cores), BENCH_IMPORT_MODES (default "full,fast"),
// BENCH_SEARCH_RUNS (default 20). Besides wall-clock articles/s, the table gives the CPU time per
// article (all threads), since on a shared machine the wall clock mostly measures the neighbours.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDist, fmt, table } from '../lib.js';
import { NEWS_DIR, skipNoData } from '../corpus.js';

const archive = await importDist('archive/index.js');
if (!archive || archive.__error) {
  console.log(`skipped: dist/archive not built (run \`npm run build\`)${archive?.__error ? ': ' + archive.__error.message : ''}`);
  process.exit(0);
}
let files = [];
try {
  files = readdirSync(NEWS_DIR())
    .filter((f) => /\.(jsonl?|json\.gz|jsonl\.gz)$/.test(f))
    .sort()
    .map((f) => join(NEWS_DIR(), f));
} catch {
  /* no data */
}
if (files.length === 0) {
  skipNoData('persian-news-langml/*.json.gz');
  process.exit(0);
}

const workers = Number(process.env.BENCH_IMPORT_WORKERS ?? availableParallelism());
const modes = (process.env.BENCH_IMPORT_MODES ?? 'full,fast').split(',').filter((m) => m === 'full' || m === 'fast');
const runs = Number(process.env.BENCH_SEARCH_RUNS ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'sokhan-bench-import-'));
try {
  const rows = [];
  const notes = new Set();
  let dbForSearch = null;
  for (const mode of modes) {
    const file = join(dir, `archive-${mode}.sqlite`);
    let issues = 0;
    const cpu0 = process.cpuUsage();
    const s = await archive.importFiles(file, files, { workers, analysis: mode, onIssue: () => issues++ });
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    for (const n of s.notes) notes.add(n);
    const perArticle = cpuMs / Math.max(1, s.imported);
    rows.push([
      mode, s.imported, s.duplicates, issues, fmt(s.seconds, 2), fmt(s.rate, 1), s.workers, fmt(perArticle, 1),
      fmt((availableParallelism() * 1000) / perArticle, 0), s.rate >= 100 ? 'ok' : 'MISSED',
    ]);
    dbForSearch ??= file;
  }
  console.log(`import: ${files.length} files from ${NEWS_DIR()}, ${workers} worker thread(s) on ${availableParallelism()} core(s), load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  if (notes.size) console.log(`analysis notes: ${[...notes].join('; ')}`);
  console.log('');
  table(
    ['analysis', 'articles', 'duplicates', 'errors', 'seconds', 'articles/s', 'workers', 'CPU ms/article', 'articles/s if the cores were ours', 'target >= 100/s'],
    rows,
  );
  // Steady state on one thread (models loaded, JIT warm): CPU time of the analysis alone.
  const an = await importDist('archive/analyse.js');
  const zlib = await import('node:zlib');
  const fs = await import('node:fs');
  const sample = JSON.parse(zlib.gunzipSync(fs.readFileSync(files.find((f) => f.includes('fars')) ?? files[0])).toString('utf8')).slice(0, 160);
  const steady = [];
  for (const mode of modes) {
    const a = await an.getAnalyser(mode);
    const item = (x) => ({ key: 'k', file: 'f', line: 1, article: x });
    for (const x of sample.slice(0, 40)) an.analyseWith(a, item(x));
    const c0 = process.cpuUsage();
    for (const x of sample.slice(40)) an.analyseWith(a, item(x));
    const c = process.cpuUsage(c0);
    const per = (c.user + c.system) / 1000 / (sample.length - 40);
    steady.push([mode, sample.length - 40, fmt(per, 1), fmt((availableParallelism() * 1000) / per, 0)]);
  }
  console.log('');
  table(['analysis (one thread, warm)', 'articles', 'CPU ms/article', 'articles/s on all cores, analysis only'], steady);

  // Where the time goes (one thread, warm): each pipeline prefix (normalize; + tokenize; … + ner)
  // runs on its OWN fresh slice of articles, because the tagger and NER cache per word form and a
  // second pass over the same articles would look far cheaper than an import. Costs are per 1,000
  // characters (slices differ in length), scaled to the mean article; a component's cost is its
  // prefix minus the previous prefix, so small components are noisy on a shared machine.
  const { sokhan } = await importDist('pipeline.js');
  const news = await importDist('news/index.js');
  const pool = JSON.parse(zlib.gunzipSync(fs.readFileSync(files.find((f) => f.includes('fars')) ?? files[0])).toString('utf8'));
  const SLICE = Math.max(10, Math.min(50, Math.floor(pool.length / 8)));
  const meanChars = pool.reduce((n, x) => n + news.articleText(x).length, 0) / pool.length;
  const perArticleOn = (slice, fn) => {
    let chars = 0;
    for (const x of slice) chars += news.articleText(x).length;
    const c0 = process.cpuUsage();
    for (const x of slice) fn(x);
    const c = process.cpuUsage(c0);
    return ((c.user + c.system) / 1000 / chars) * meanChars;
  };
  const stageRows = [];
  const names = ['normalize', 'tokenize', 'pos', 'lemma', 'ner'];
  try {
    // JIT warm-up on slice 0 (the models are loaded already).
    const nlp = sokhan({ components: names });
    for (const x of pool.slice(0, SLICE)) news.readNews(x, { doc: nlp(news.articleText(x)) });
  } catch {
    /* a component is missing: the loop below names it */
  }
  let prev = 0;
  let full = null;
  for (let k = 1; k <= names.length; k++) {
    let nlp;
    try {
      nlp = sokhan({ components: names.slice(0, k) });
      nlp('آزمون');
    } catch (e) {
      stageRows.push([names[k - 1], 'unavailable: ' + String(e.message).slice(0, 60)]);
      break;
    }
    const ms = perArticleOn(pool.slice(k * SLICE, (k + 1) * SLICE), (x) => nlp(news.articleText(x)));
    stageRows.push([names[k - 1], fmt(ms - prev, 2)]);
    prev = ms;
    if (k === names.length) full = nlp;
  }
  if (full) {
    stageRows.push(['(whole pipeline)', fmt(prev, 2)]);
    const rest = pool.slice(6 * SLICE, 7 * SLICE);
    const docs = new Map(rest.map((x) => [x, full(news.articleText(x))]));
    stageRows.push(['news rules (readNews given the doc)', fmt(perArticleOn(rest, (x) => news.readNews(x, { doc: docs.get(x) })), 2)]);
    stageRows.push(['index words and keys (wordsOfDoc)', fmt(perArticleOn(rest, (x) => an.wordsOfDoc(docs.get(x), null)), 2)]);
  }
  console.log('');
  table([`stage (one thread, warm; fresh ${SLICE} Fars articles each, per mean article of ${Math.round(meanChars)} chars)`, 'CPU ms/article'], stageRows);

  const db = dbForSearch;
  if (!db) throw new Error('BENCH_IMPORT_MODES names no mode (full, fast)');

  const a = await archive.openArchive(db, { readonly: true });
  const st = a.stats();
  const queries = [
    'تحریم',
    'مجلس',
    'ایران',
    'فوتبال استقلال',
    '"رئیس جمهور"',
    'می\u200cگوید',
    'تحریم\u200cهای آمریکا',
    'ورزش*',
    'کرونا واکسن',
    'دانشگاه تهران',
  ];
  const qrows = [];
  const all = [];
  for (const q of queries) {
    a.search({ text: q, limit: 20 }); // warm-up (statement cache, pages)
    const times = [];
    let total = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      const r = a.search({ text: q, limit: 20 });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      total = r.total;
    }
    times.sort((x, y) => x - y);
    all.push(...times);
    qrows.push([q, total, fmt(times[times.length >> 1], 2), fmt(times[Math.min(times.length - 1, Math.floor(times.length * 0.95))], 2)]);
  }
  const topT = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    a.topSpeakers({ limit: 20 });
    a.countsByMonth();
    topT.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  topT.sort((x, y) => x - y);
  a.close();
  all.sort((x, y) => x - y);
  console.log('');
  console.log(`search: ${st.articles} articles, ${runs} runs per query, 20 hits with 2 snippets each`);
  console.log('');
  table(['query', 'matches', 'median ms', 'p95 ms'], [
    ...qrows,
    ['(all queries)', '', fmt(all[all.length >> 1], 2), fmt(all[Math.floor(all.length * 0.95)], 2)],
    ['(topSpeakers + countsByMonth)', '', fmt(topT[topT.length >> 1], 2), fmt(topT[Math.floor(topT.length * 0.95)], 2)],
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
