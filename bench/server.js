#!/usr/bin/env node
// `npm run bench:server`: HTTP throughput and latency of the server, measured with autocannon.
//   POST /api/analyze with a ~2 KB Persian article (written for this bench), and
//   GET  /api/search on a temporary archive built from generated articles.
// The server runs in a child process (so the load generator does not share its event loop).
// Prints requests/s and p50/p99 latency; no assertions (target: ≥ 300 analyze req/s, p99 < 100 ms).
//
// Options (env): BENCH_DURATION seconds per run (default 10), BENCH_WARMUP seconds before each
// run, not counted (default 3), BENCH_CONNECTIONS (default 10).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);

// ~2 KB (UTF-8) of news-style Persian with the usual mess: Arabic ي/ك, lost half-spaces, ASCII digits.
const ARTICLE = [
  'به گزارش خبرنگار اقتصادي ايرنا، علي رضايي وزير نيرو روز شنبه در نشست خبري در تهران گفت: «ساخت سد كرخه تا پايان سال 1402 تمام مي شود و آب كشاورزان منطقه تامين خواهد شد.»',
  'وي افزود كه اعتبار اين طرح از سوي سازمان برنامه و بودجه تامين شده است و پيمانكاران طرح ها مي توانند كار را با سرعت بيشتري ادامه دهند.',
  'رضايي همچنين گفت: «برق 120 روستاي استان خوزستان هم در همين سال وصل مي شود.»',
  'معاون وزير نيرو نيز در اين نشست اعلام كرد كه مصرف آب در شهرهاي بزرگ 15 درصد كاهش يافته است.',
  'به گفته وي، شركت هاي آب و فاضلاب استان ها موظف شده اند تا پايان خرداد ماه گزارش كاملي از وضعيت شبكه هاي توزيع به وزارتخانه ارائه كنند.',
  'مريم احمدي نماينده مردم اهواز در مجلس شوراي اسلامي نيز با اشاره به كم آبي تابستان گذشته گفت: «مردم خوزستان نبايد دوباره با قطعي آب روبه رو شوند و دولت بايد اعتبار لازم را هرچه زودتر پرداخت كند.»',
  'كارشناسان مي گويند كه بدون اصلاح الگوي مصرف و نوسازي شبكه هاي فرسوده، ساخت سدهاي تازه به تنهايي مشكل كم آبي را حل نخواهد كرد.',
  'بر اساس اين گزارش، بانك مركزي هم اعلام كرده است كه تسهيلات ويژه اي براي طرح هاي آبرساني روستايي در نظر گرفته شده است.',
].join('\n');

const PEOPLE = ['علی رضایی', 'مریم احمدی', 'حسن کریمی', 'زهرا موسوی', 'رضا نادری'];
const ORGS = ['سازمان برنامه و بودجه', 'وزارت نیرو', 'شهرداری تهران', 'بانک مرکزی'];
const PLACES = ['تهران', 'اصفهان', 'تبریز', 'مشهد', 'شیراز'];
const TOPICS = ['سد کرخه', 'بودجهٔ عمرانی', 'قیمت مسکن', 'برق روستاها', 'آب شرب'];

function articles(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const p = PEOPLE[i % PEOPLE.length];
    const o = ORGS[(i * 3) % ORGS.length];
    const c = PLACES[(i * 7) % PLACES.length];
    const t = TOPICS[(i * 11) % TOPICS.length];
    const month = String((i % 12) + 1).padStart(2, '0');
    out.push({
      title: `${p}: ${t} در ${c} پیگیری می‌شود`,
      abstract: `${p} دربارهٔ ${t} با ${o} گفت‌وگو کرد.`,
      paragraphs: [
        `به گزارش ایرنا، ${p} روز شنبه در ${c} گفت: «${t} تا پایان سال به نتیجه می‌رسد.»`,
        `وی افزود که ${o} اعتبار این طرح را تأمین کرده است و کار در ${c} ادامه دارد.`,
      ],
      link: `https://example.org/bench/${i}`,
      date: `${2019 + (i % 3)}-${month}-15`,
    });
  }
  return out;
}

async function serve() {
  // Child: the server.
  const { createServer } = await import('../dist/server/index.js');
  const app = await createServer({ db: process.env.BENCH_DB });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.send({ url, threads: app.sokhan.runner.threads });
  process.on('message', async (m) => {
    if (m === 'stop') {
      await app.close();
      process.exit(0);
    }
  });
}

async function main() {
  const autocannon = (await import('autocannon')).default;
  const { importFiles } = await import('../dist/archive/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'sokhan-bench-server-'));
  const child = { proc: null };
  try {
    const jsonl = join(dir, 'articles.jsonl');
    writeFileSync(jsonl, articles(300).map((a) => JSON.stringify(a)).join('\n') + '\n');
    const db = join(dir, 'archive.sqlite');
    const t0 = performance.now();
    const imp = await importFiles(db, [jsonl], {});
    console.log(`temp archive: ${imp.imported} articles imported in ${((performance.now() - t0) / 1000).toFixed(1)} s${imp.notes.length ? ` (notes: ${imp.notes.join('; ')})` : ''}`);

    // The analysis cost itself, in this process, without HTTP: the ceiling for req/s per core.
    const { runTask } = await import('../dist/server/work.js');
    const inproc = [];
    for (const op of ['normalize', 'analyze', 'news']) {
      const first = await runTask({ op, text: ARTICLE });
      if (!first.ok) {
        inproc.push(`${op}: ${first.code}`);
        continue;
      }
      for (let i = 0; i < 30; i++) await runTask({ op, text: ARTICLE }); // warm the JIT
      const n = 20;
      const t = performance.now();
      for (let i = 0; i < n; i++) await runTask({ op, text: ARTICLE });
      inproc.push(`${op} ${((performance.now() - t) / n).toFixed(1)} ms`);
    }
    console.log(`in-process cost per 2 KB article (one thread, no HTTP): ${inproc.join(', ')}`);

    child.proc = fork(new URL(import.meta.url), ['--child'], { env: { ...process.env, BENCH_DB: db }, stdio: 'inherit' });
    const { url, threads } = await new Promise((resolve, reject) => {
      child.proc.once('message', resolve);
      child.proc.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    console.log(`server: ${url}, ${threads} worker thread(s), ${availableParallelism()} CPUs; ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per run`);
    console.log(`article: ${Buffer.byteLength(ARTICLE)} bytes, ${ARTICLE.length} UTF-16 units\n`);

    const runs = [
      { name: 'POST /api/analyze (2 KB)', path: '/api/analyze', method: 'POST', body: ARTICLE },
      { name: 'POST /api/normalize (2 KB)', path: '/api/normalize', method: 'POST', body: ARTICLE },
      { name: 'POST /api/news (2 KB)', path: '/api/news', method: 'POST', body: ARTICLE },
      { name: 'GET /api/health (HTTP baseline)', path: '/api/health', method: 'GET' },
      { name: 'GET /api/search?q=سد کرخه', path: '/api/search?q=' + encodeURIComponent('سد کرخه'), method: 'GET' },
      { name: 'GET /api/search?q=…&from=2020', path: '/api/search?q=' + encodeURIComponent('تهران') + '&from=2020-01-01', method: 'GET' },
    ];
    const rows = [];
    for (const r of runs) {
      // One probe request: a part that is not ready answers 503, and is reported as such.
      const probe = await fetch(url + r.path, { method: r.method, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: r.body });
      const probeBody = await probe.text();
      if (probe.status !== 200) {
        let msg = probeBody;
        try {
          msg = JSON.parse(probeBody).error.message;
        } catch {}
        rows.push({ name: r.name, note: `not measured: HTTP ${probe.status}: ${msg.slice(0, 100)}` });
        continue;
      }
      // Warm-up (not counted): the JIT and the models settle in the first seconds.
      await autocannon({ url: url + r.path, method: r.method, body: r.body, headers: r.body ? { 'content-type': 'text/plain; charset=utf-8' } : {}, connections: CONNECTIONS, duration: WARMUP });
      const res = await autocannon({
        url: url + r.path,
        method: r.method,
        body: r.body,
        headers: r.body ? { 'content-type': 'text/plain; charset=utf-8' } : {},
        connections: CONNECTIONS,
        duration: DURATION,
      });
      const bad = res.non2xx + res.errors + res.timeouts;
      rows.push({
        name: r.name,
        rps: res.requests.average,
        p50: res.latency.p50,
        p99: res.latency.p99,
        total: res.requests.total,
        bad,
      });
    }
    console.log('| endpoint | req/s | p50 ms | p99 ms | requests | non-2xx/errors |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      if (r.note) console.log(`| ${r.name} | — | — | — | — | ${r.note} |`);
      else console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.total} | ${r.bad} |`);
    }
    const a = rows[0];
    if (!a.note) console.log(`\nanalyze target (≥ 300 req/s, p99 < 100 ms): ${a.rps >= 300 && a.p99 < 100 ? 'met' : 'not met'} (${a.rps.toFixed(0)} req/s, p99 ${a.p99} ms)`);
  } finally {
    if (child.proc && child.proc.connected) {
      child.proc.send('stop');
      await new Promise((r) => child.proc.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) await serve();
else await main();
