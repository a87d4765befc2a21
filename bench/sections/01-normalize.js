// Normaliser benchmark: speed and memory on Fars news, CLI start-up, streaming memory,
// hostile-input linearity (this section FAILS on super-linear growth), and peers
// (virastar, @persian-tools/persian-tools) on speed and half-space restoration.
//
// Speed is reported two ways: wall clock, and CPU time of this process. The machine the
// figures are taken on may be shared; CPU time is the fairer "one core" figure then.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDir, farsCorpus, skipNoData } from '../corpus.js';
import { fmt, gc, hasDist, importDist, mb, measureBest, table } from '../lib.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/sokhan.js');
const quick = process.env.SOKHAN_BENCH_QUICK === '1';

if (!hasDist('text/normalize.js')) {
  console.log('skipped: dist/ is missing (run `npm run build`)');
  process.exit(0);
}
const { normalize, normalizeText, normalizeReference } = await importDist('text/normalize.js');
const { RULES, REFERENCE_RULES } = await importDist('text/rules/index.js');
const { resolveOptions } = await importDist('text/options.js');

/** Time fn: best of `runs` after `warmup`; wall and CPU milliseconds. */
const rate = (chars, ms) => chars / (ms / 1000) / 1e6; // M chars/s

let failed = false;
const corpus = farsCorpus(10 * 1024 * 1024);
if (corpus === null) {
  skipNoData('Fars news (persian-news-langml/fars-news-*.json.gz)');
} else {
  const bytes = Buffer.byteLength(corpus, 'utf8');
  console.log(`Corpus: Fars news (title, abstract, paragraphs), repeated to ${mb(bytes)} = ${fmt(corpus.length / 1e6, 2)} M UTF-16 chars, ${corpus.split('\n').length.toLocaleString('en-US')} lines.\n`);

  // 1. Each pass alone (first, on a clean heap), then the whole normaliser with default
  // options (with half-space restoration) and without it.
  const rows = [];
  const passRows = [];
  // Per pass, each on the output of the passes before it: the fast (fused) passes normalize()
  // runs, then the reference passes one by one (normalizeReference(), the same text and map).
  const o = resolveOptions({});
  for (const [label, rules] of [['pass', RULES], ['reference pass', REFERENCE_RULES ?? []]]) {
    let cur = corpus;
    // As normalize() runs them: a pass with applyAround gets the ranges the pass before changed.
    let changed = null;
    for (const rule of rules) {
      if (!rule.enabled(o)) continue;
      const input = cur;
      const prev = changed;
      const run = prev && rule.applyAround ? () => rule.applyAround(input, o, prev) : () => rule.apply(input, o);
      const m = measureBest(run, { runs: quick ? 1 : 5, warmup: 2 });
      passRows.push([`  ${label} ${rule.name}${prev && rule.applyAround ? ' (around changes)' : ''}`, fmt(rate(input.length, m.wall)), fmt(rate(input.length, m.cpu)), '', '']);
      changed = m.result?.changed ?? null;
      if (m.result) cur = m.result.text;
    }
  }
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = 0;
  const probe = () => {
    const h = process.memoryUsage().heapUsed;
    if (h > peakHeap) peakHeap = h;
  };
  const runs = quick ? 1 : 3;
  const def = measureBest(() => {
    const r = normalize(corpus);
    probe();
    return r;
  }, { runs });
  rows.push(['normalize (default, with half-spaces)', fmt(rate(corpus.length, def.wall)), fmt(rate(corpus.length, def.cpu)), '≥ 20', rate(corpus.length, def.cpu) >= 20 ? 'yes' : 'NO']);
  const noHs = measureBest(() => normalize(corpus, { halfSpaces: false }), { runs });
  rows.push(['normalize (halfSpaces: false)', fmt(rate(corpus.length, noHs.wall)), fmt(rate(corpus.length, noHs.cpu)), '', '']);
  if (typeof normalizeReference === 'function') {
    const ref = measureBest(() => normalizeReference(corpus), { runs });
    rows.push(['normalizeReference (every pass on its own)', fmt(rate(corpus.length, ref.wall)), fmt(rate(corpus.length, ref.cpu)), '', '']);
  }
  table(['normaliser, one core', 'M chars/s (wall)', 'M chars/s (CPU)', 'target', 'met'], [...rows, ...passRows]);
  // Per-call cost on one ordinary paragraph (what streaming and the tokenizer pay per call).
  const para = corpus.split('\n').find((l) => l.length >= 150 && l.length <= 400);
  if (para) {
    const perCall = (fn) => {
      for (let i = 0; i < 2000; i++) fn();
      const n = quick ? 2000 : 20000;
      const c0 = process.cpuUsage();
      for (let i = 0; i < n; i++) fn();
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / n;
    };
    // Alternate the two, best of 3 rounds each: on a shared machine one round is noisy.
    let fast = Infinity;
    let ref = Infinity;
    for (let round = 0; round < (quick ? 1 : 3); round++) {
      fast = Math.min(fast, perCall(() => normalize(para)));
      if (typeof normalizeReference === 'function') ref = Math.min(ref, perCall(() => normalizeReference(para)));
    }
    const callRows = [[`normalize, one paragraph (${para.length} chars)`, fmt(fast, 2), fmt(para.length / fast, 1)]];
    if (ref !== Infinity) callRows.push([`normalizeReference, same paragraph`, fmt(ref, 2), fmt(para.length / ref, 1)]);
    // Every distinct line of the corpus, one call each (as the analyze pipeline calls it, one
    // paragraph at a time): new words, cold caches, and a collection now and then.
    const lines = [...new Set(corpus.split('\n'))].filter((l) => l.length > 0);
    const lineChars = lines.reduce((a, l) => a + l.length, 0);
    let allLines = Infinity;
    for (let round = 0; round < (quick ? 1 : 3); round++) {
      gc();
      const c0 = process.cpuUsage();
      for (const l of lines) normalize(l);
      const c = process.cpuUsage(c0);
      allLines = Math.min(allLines, (c.user + c.system) / lines.length);
    }
    callRows.push([`normalize, each of ${lines.length.toLocaleString('en-US')} Fars lines once (${fmt(lineChars / lines.length, 0)} chars on average)`, fmt(allLines, 2), fmt(lineChars / lines.length / allLines, 1)]);
    console.log('');
    table(['per call', 'µs/call (CPU)', 'M chars/s (CPU)'], callRows);
  }
  const mu = process.memoryUsage();
  console.log(
    `\nMemory: heap growth during a default normalize of the corpus ≈ ${mb(peakHeap - heapBefore)} (peak heap ${mb(peakHeap)}; ` +
      `input ${mb(corpus.length * 2)} as UTF-16); process RSS now ${mb(mu.rss)}, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}.\n`,
  );
}

// 2. CLI start-up: `sokhan normalize` on a tiny input, median of 10 spawns.
{
  const times = [];
  for (let i = 0; i < 10; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, 'normalize'], { input: 'سلام دنيا\n' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) {
      console.log(`start-up: sokhan normalize failed: ${r.stderr}`);
      failed = true;
      break;
    }
  }
  times.sort((a, b) => a - b);
  const bare = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  bare.sort((a, b) => a - b);
  // The same spawns' CPU time (user + system of the child, from bash's `times`): on a shared
  // machine the wall clock above also counts waiting for a core; this does not. Skipped
  // without bash.
  const cpuOf = (args, n) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const r = spawnSync('bash', ['-c', '"$@" > /dev/null; times', 'bash', process.execPath, ...args], { input: 'سلام دنيا\n', encoding: 'utf8' });
      const m = r.status === 0 ? /\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(r.stdout) : null;
      if (!m) return null;
      out.push((Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000);
    }
    return out.sort((a, b) => a - b);
  };
  const cpu = cpuOf([BIN, 'normalize'], 10);
  const cpuBare = cpu ? cpuOf(['-e', '0'], 5) : null;
  table(
    ['CLI start-up (tiny input)', 'median ms', 'min ms', 'target'],
    [
      ['node bin/sokhan.js normalize', fmt(times[times.length >> 1], 0), fmt(times[0], 0), '< 300'],
      ['node -e 0 (for reference)', fmt(bare[bare.length >> 1], 0), fmt(bare[0], 0), ''],
      ...(cpu && cpuBare
        ? [
            ['node bin/sokhan.js normalize, CPU ms (user + sys)', fmt(cpu[cpu.length >> 1], 0), fmt(cpu[0], 0), ''],
            ['node -e 0, CPU ms (user + sys)', fmt(cpuBare[cpuBare.length >> 1], 0), fmt(cpuBare[0], 0), ''],
          ]
        : []),
    ],
  );
  console.log('');
}

/** Spawn the CLI on a file, output to /dev/null; returns { ms, peakKb, status }. */
function streamThrough(file, args = []) {
  return new Promise((resolve) => {
    const out = openSync('/dev/null', 'w');
    const t0 = process.hrtime.bigint();
    const useTime = existsSync('/usr/bin/time');
    const cmd = useTime ? '/usr/bin/time' : process.execPath;
    const argv = useTime ? ['-f', 'MAXRSS_KB=%M', process.execPath, BIN, 'normalize', ...args, file] : [BIN, 'normalize', ...args, file];
    const child = spawn(cmd, argv, { stdio: ['ignore', out, 'pipe'] });
    let err = '';
    let polled = 0;
    child.stderr.on('data', (d) => (err += d));
    // Also sample the high-water mark from /proc while it runs (when /usr/bin/time is absent).
    const timer = setInterval(() => {
      try {
        const pid = child.pid;
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const m = /VmHWM:\s+(\d+)/.exec(status);
        if (m) polled = Math.max(polled, Number(m[1]));
      } catch {
        /* gone */
      }
    }, 50);
    child.on('close', (status) => {
      clearInterval(timer);
      closeSync(out);
      const m = /MAXRSS_KB=(\d+)/.exec(err);
      resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, peakKb: m ? Number(m[1]) : polled, status, err: err.replace(/MAXRSS_KB=\d+\s*/, '').trim() });
    });
  });
}

// 3. Streaming memory: 10 MB, 100 MB and 200 MB through `sokhan normalize`. The peak grows
// from 10 to 100 MB while V8's heap and the bounded caches settle; 100 → 200 MB shows whether it
// keeps growing with the input (it must not).
if (corpus !== null) {
  const dir = mkdtempSync(join(tmpdir(), 'sokhan-bench-'));
  try {
    const rows = [];
    const sizes = quick ? [10] : [10, 100, 200];
    const unit = corpus + '\n';
    const unitBytes = Buffer.byteLength(unit, 'utf8');
    const results = {};
    for (const size of sizes) {
      const file = join(dir, `in-${size}.txt`);
      const fd = openSync(file, 'w');
      let written = 0;
      const buf = Buffer.from(unit, 'utf8');
      while (written < size * 1024 * 1024) {
        writeSync(fd, buf);
        written += unitBytes;
      }
      closeSync(fd);
      for (const [label, args] of [
        ['default', []],
        ['--no-half-spaces', ['--no-half-spaces']],
      ]) {
        const r = await streamThrough(file, args);
        results[`${size}-${label}`] = r;
        rows.push([
          `${mb(written)} file, ${label}`,
          r.status === 0 ? mb(r.peakKb * 1024) : `failed (${r.status}): ${r.err}`,
          fmt(r.ms / 1000, 1),
          fmt(written / 1024 / 1024 / (r.ms / 1000), 1),
        ]);
      }
      rmSync(file, { force: true });
    }
    table(['sokhan normalize FILE > /dev/null', 'peak RSS', 'seconds (wall)', 'MB/s (wall)'], rows);
    if (results['10-default'] && results['100-default'] && results['100-default'].status === 0) {
      const ratio = results['100-default'].peakKb / results['10-default'].peakKb;
      console.log(`\nPeak RSS ratio 100 MB / 10 MB: ${fmt(ratio, 2)} (flat if close to 1).`);
    }
    if (results['100-default'] && results['200-default'] && results['200-default'].status === 0) {
      const ratio = results['200-default'].peakKb / results['100-default'].peakKb;
      console.log(`Peak RSS ratio 200 MB / 100 MB: ${fmt(ratio, 2)} (flat if close to 1).`);
    }
    console.log('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// 4. Hostile inputs: CPU time at 1 M and 10 M chars, each in its own process with a
// time limit (a quadratic pass would otherwise hang the bench); a ratio far above 10
// means super-linear growth and fails the section.
const HOSTILE = {
  'kashida ـ only': (n) => '\u0640'.repeat(n),
  'alternating ZWNJ and space': (n) => '\u200c '.repeat(n / 2),
  'one word with no space': (n) => 'کتابخانه'.repeat(n / 8),
  'ZWNJ between letters, no space': (n) => 'می\u200c'.repeat(n / 3),
  'Persian words, spaced affixes, no ZWNJ': (n) => 'این کتاب ها را می خواهم '.repeat(n / 25),
  'short lines without ZWNJ': (n) => 'خبر ۱ , كتاب "مهم" ...  \r\n'.repeat(n / 27),
  'digits and spaces, Latin at the end': (n) => '1 '.repeat(n / 2 - 1) + 'ab',
  'straight quotes only': (n) => '"'.repeat(n),
  'open brackets and spaces': (n) => '( '.repeat(n / 2),
  'dots only': (n) => '.'.repeat(n),
  'marks only': (n) => '\u064e'.repeat(n),
};
/** Run one hostile case in a child; resolves to CPU ms, or null on time-out/failure. */
function hostileRun(name, n, limitMs) {
  const code = `
    const { normalizeText } = await import(${JSON.stringify(new URL('../../dist/text/normalize.js', import.meta.url).href)});
    const make = ${HOSTILE[name].toString()};
    const s = make(${n});
    normalizeText(s.slice(0, 1000)); // load models outside the timing
    const c0 = process.cpuUsage();
    normalizeText(s);
    const c = process.cpuUsage(c0);
    console.log((c.user + c.system) / 1000);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { timeout: limitMs, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) return null;
  return Number(r.stdout.trim());
}
{
  const M = 1_000_000;
  const rows = [];
  for (const name of Object.keys(HOSTILE)) {
    const t1 = hostileRun(name, M, 120_000);
    if (t1 === null) {
      failed = true;
      rows.push([name, 'timed out (> 120 s) or failed', '', '', 'FAIL']);
      continue;
    }
    // Allow 40x the 1 M time (plus start-up slack) before calling it super-linear.
    const limit = Math.round(30_000 + 40 * t1 * 4);
    const t10 = hostileRun(name, 10 * M, limit);
    const ratio = t10 === null ? Infinity : t10 / Math.max(t1, 1);
    const ok = ratio <= 20;
    if (!ok) failed = true;
    rows.push([name, fmt(t1, 0), t10 === null ? `timed out (> ${fmt(limit / 1000, 0)} s)` : fmt(t10, 0), fmt(ratio, 1), ok ? 'linear' : 'SUPER-LINEAR']);
  }
  table(['hostile input (default normalize)', 'CPU ms at 1M chars', 'CPU ms at 10M chars', 'ratio', 'verdict (fail if > 20)'], rows);
  console.log('');
}

// 5. Peers on the same text: speed, and half-space restoration with the same scorer.
{
  const require = createRequire(join(ROOT, 'package.json'));
  const peers = [];
  try {
    const Virastar = require('virastar');
    const v = new Virastar();
    peers.push(['virastar cleanup()', (t) => v.cleanup(t)]);
  } catch (e) {
    console.log(`virastar not installed (${e.code ?? e.message})`);
  }
  try {
    const pt = await import(require.resolve('@persian-tools/persian-tools'));
    peers.push(['@persian-tools halfSpace()', (t) => pt.halfSpace(t)]);
  } catch (e) {
    console.log(`@persian-tools/persian-tools not installed (${e.code ?? e.message})`);
  }
  const systems = [['sokhan normalize()', (t) => normalizeText(t)], ...peers];

  if (corpus !== null) {
    // Peers are slower; a 2 MB slice (whole lines) keeps this section short.
    const cut = corpus.indexOf('\n', 1_000_000);
    const slice = corpus.slice(0, cut > 0 ? cut : corpus.length);
    const rows = [];
    for (const [name, fn] of systems) {
      const m = measureBest(() => fn(slice), { runs: quick ? 1 : 3 });
      rows.push([name, fmt(rate(slice.length, m.wall), 2), fmt(rate(slice.length, m.cpu), 2)]);
    }
    table([`speed on ${fmt(slice.length / 1e6, 2)} M chars of Fars news`, 'M chars/s (wall)', 'M chars/s (CPU)'], rows);
    console.log('');
  }

  const zwnj = await importDist('eval/zwnj.js');
  const conllu = await importDist('eval/conllu.js');
  if (!zwnj || zwnj.__error || typeof zwnj.evalZwnj !== 'function' || !conllu) {
    console.log('half-space peers: the scorer dist/eval/zwnj.js (evalZwnj) is not available yet');
  } else {
    const files = ['dev', 'test'].map((s) => [s, join(dataDir(), 'ud-persian-perdt', `fa_perdt-ud-${s}.conllu`)]).filter(([, p]) => existsSync(p));
    if (files.length === 0) skipNoData('UD PerDT (ud-persian-perdt/fa_perdt-ud-{dev,test}.conllu)');
    const rows = [];
    for (const [split, path] of files) {
      const sentences = conllu.parseConllu(readFileSync(path, 'utf8'), path);
      const golds = sentences.map((s) => s.text ?? conllu.sentenceText(s));
      for (const [name, fn] of systems) {
        const r = zwnj.evalZwnj(golds, fn);
        for (const mode of ['delete', 'space']) {
          const c = r[mode];
          rows.push([`PerDT ${split}`, name, mode, c.to_fix, c.fixed, fmt(c.rate, 2), c.damaged]);
        }
      }
    }
    if (rows.length) {
      table(['data', 'system', 'damage', 'to_fix', 'fixed', 'rate %', 'damaged'], rows);
      console.log('\n(Gold `# text` with every ZWNJ deleted, or turned into a space; same scorer, src/eval/zwnj.ts, for all.)');
    }
  }
}

if (failed) {
  console.log('\nFAILED: see the rows marked above.');
  process.exit(1);
}
