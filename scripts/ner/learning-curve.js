#!/usr/bin/env node
// NER learning curve (S10): train one model per fraction F of the labelled training data
// (`scripts/train-ner.js --train-frac F`), score each with `sokhan eval ner --json` on the dev
// sets, print the table and fit error = a * N^-b (error = 100 - F1, N = labelled training tokens),
// with the N at which the fit reaches a target F1. For experiments only; `npm run build` first.
// Deterministic: the same data and options give the same models and figures.
//
//   node scripts/ner/learning-curve.js [--fracs 0.125,0.25,0.5,1] [--dir /tmp/ner-curve]
//        [--corpora arman,peyma,twitter] [--gold FILE]... [--reuse] [-- TRAIN-NER OPTIONS...]
//
// - train options after `--` replace the default `--holdout arman2 --learner crf --ensemble 1`
//   (one CRF, ≈ 60 % of the shipped mix's training time; the hold-out keeps Arman fold 2 clean);
// - --corpora: which corpora are cut (`--train-frac-corpora`); the others are kept whole, and N
//   then counts the tokens of the cut corpora only;
// - --gold (repeatable): default PEYMA dev, Arman fold 2, ParsTwiNER dev. Never pass a file the
//   models were trained on (Arman fold 2 needs `--holdout arman2`);
// - --reuse: score the models already in --dir (with their train-F.log) instead of retraining;
// - the table and the fits are printed on stdout, training logs go to DIR/train-F.log; the target
//   F1 is 85 for Arman fold 2 and 90 for the other files (the bars), fitted only where the
//   gold file's corpus is cut; with --reuse the model must come from the same options (not checked).
// Training runs under `nice -n 10`, one job at a time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataPath } from '../../dist/util/data-path.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const args = dash >= 0 ? argv.slice(0, dash) : argv;
const trainArgs = dash >= 0 ? argv.slice(dash + 1) : ['--holdout', 'arman2', '--learner', 'crf', '--ensemble', '1'];
let fracs = [0.125, 0.25, 0.5, 1];
let dir = '/tmp/ner-curve';
let corpora = 'arman,peyma,twitter';
let reuse = false;
const golds = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--fracs' && i + 1 < args.length) fracs = args[++i].split(',').map(Number);
  else if (a === '--dir' && i + 1 < args.length) dir = args[++i];
  else if (a === '--corpora' && i + 1 < args.length) corpora = args[++i];
  else if (a === '--gold' && i + 1 < args.length) golds.push(args[++i]);
  else if (a === '--reuse') reuse = true;
  else {
    console.error(`learning-curve: unknown or incomplete option ${JSON.stringify(a)}`);
    process.exit(2);
  }
}
if (fracs.some((f) => !(f > 0 && f <= 1))) {
  console.error('learning-curve: --fracs takes numbers in (0, 1]');
  process.exit(2);
}
if (golds.length === 0) golds.push(dataPath('peyma-ner', 'dev.txt'), dataPath('arman-personer', 'test_fold2.txt'), dataPath('parstwiner', 'dev.txt'));
mkdirSync(dir, { recursive: true });
const results = [];

const cutKeys = corpora.split(',');
/** Sentences and tokens per corpus, from train-ner's log lines. */
function counts(log) {
  const out = { sentences: 0, tokens: 0, cutSentences: 0, cutTokens: 0 };
  const re = /^train-ner: (arman fold \d|peyma train|parstwiner train): (\d+) (?:of \d+ )?sentences.*?(\d+) tokens$/gm;
  for (const m of log.matchAll(re)) {
    const key = m[1].startsWith('arman') ? 'arman' : m[1].startsWith('peyma') ? 'peyma' : 'twitter';
    out.sentences += Number(m[2]);
    out.tokens += Number(m[3]);
    if (cutKeys.includes(key)) {
      out.cutSentences += Number(m[2]);
      out.cutTokens += Number(m[3]);
    }
  }
  return out;
}

for (const f of fracs) {
  const tag = String(f);
  const model = resolve(dir, `ner-f${tag}.bin.gz`);
  const logPath = resolve(dir, `train-f${tag}.log`);
  let log;
  if (reuse && existsSync(model) && existsSync(logPath)) {
    // A model of an earlier run (with F = 1 nothing is cut: it may come from a run with other --corpora).
    log = readFileSync(logPath, 'utf8');
  } else {
    // /usr/bin/time reports the child's CPU seconds on its last stderr line.
    const train = spawnSync('/usr/bin/time', ['-f', 'cpu-seconds %U %S wall %e', 'nice', '-n', '10', process.execPath, resolve(root, 'scripts', 'train-ner.js'), ...trainArgs, '--train-frac', tag, '--train-frac-corpora', corpora, '--out', model], { encoding: 'utf8', maxBuffer: 1 << 28 });
    log = train.stderr + train.stdout;
    writeFileSync(logPath, log);
    if (train.status !== 0) {
      console.error(`learning-curve: training F=${tag} failed (see ${logPath})`);
      process.exit(1);
    }
  }
  const time = /cpu-seconds ([\d.]+) ([\d.]+)(?: wall ([\d.]+))?/.exec(log);
  const cpuSeconds = time ? Number(time[1]) + Number(time[2]) : NaN;
  const seconds = time && time[3] ? Number(time[3]) : NaN;
  const scores = {};
  for (const g of golds) {
    const ev = spawnSync(process.execPath, [resolve(root, 'bin', 'sokhan.js'), 'eval', 'ner', '--gold', g, '--model', model, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (ev.status !== 0) {
      console.error(`learning-curve: eval of ${model} on ${g} failed: ${ev.stderr}`);
      process.exit(1);
    }
    scores[g] = JSON.parse(ev.stdout).overall.f1;
  }
  const row = { frac: f, ...counts(log), seconds, cpuSeconds, scores };
  results.push(row);
  console.error(`learning-curve: F=${tag}: ${JSON.stringify(row)}`);
}

/** Least squares on log(error) = log(a) - b log(N). */
function fit(points) {
  const xs = points.map((p) => Math.log(p[0]));
  const ys = points.map((p) => Math.log(p[1]));
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { a: Math.exp(my - slope * mx), b: -slope };
}

const rows = results.sort((x, y) => x.frac - y.frac);
const short = (g) => g.split('/').slice(-2).join('/');
const nOf = (r) => r.cutTokens;
console.log(`train options: ${trainArgs.join(' ')}; cut corpora: ${corpora}`);
console.log(`| F | sentences (cut) | tokens (cut) | ${golds.map(short).join(' | ')} | wall s | CPU s |`);
console.log(`|---:|---:|---:|${golds.map(() => '---:|').join('')}---:|---:|`);
for (const r of rows) {
  console.log(`| ${r.frac} | ${r.sentences} (${r.cutSentences}) | ${r.tokens} (${r.cutTokens}) | ${golds.map((g) => r.scores[g].toFixed(2)).join(' | ')} | ${Number.isFinite(r.seconds) ? r.seconds.toFixed(0) : '–'} | ${Number.isFinite(r.cpuSeconds) ? r.cpuSeconds.toFixed(0) : '–'} |`);
}
const targets = { 'peyma-ner/dev.txt': 90, 'arman-personer/test_fold2.txt': 85 };
// A gold file of a corpus that is not cut (e.g. Arman with --corpora peyma) gets no fit.
const corpusOf = (g) => (g.includes('peyma') ? 'peyma' : g.includes('arman') ? 'arman' : g.includes('parstwiner') ? 'twitter' : null);
for (const g of golds) {
  const target = targets[short(g)] ?? 90;
  if (corpusOf(g) && !cutKeys.includes(corpusOf(g))) {
    console.log(`${short(g)}: its corpus is not cut, no fit`);
    continue;
  }
  for (const [label, pts] of [['all points', rows], ['last three', rows.slice(-3)]]) {
    if (pts.length < 2) continue;
    const { a, b } = fit(pts.map((r) => [nOf(r), 100 - r.scores[g]]));
    const nTarget = Math.pow(a / (100 - target), 1 / b);
    const nMax = nOf(rows[rows.length - 1]);
    if (!(b > 0)) {
      console.log(`${short(g)} (${label}): the error does not fall with N (b = ${b.toFixed(4)}), no extrapolation`);
      continue;
    }
    console.log(`${short(g)} (${label}): error = ${a.toFixed(1)} * N^-${b.toFixed(4)}; F1 ${target} at N ≈ ${Math.round(nTarget)} tokens (${(nTarget / nMax).toFixed(1)}x the ${nMax} of F=1); doubling N: error x ${Math.pow(2, -b).toFixed(3)}`);
  }
}
