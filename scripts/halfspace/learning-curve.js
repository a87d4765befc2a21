// Learning curve of half-space restoration on PerDT dev (tuning data only; PerDT test is never read).
//
// Each PerDT dev half (A = first half of the file, B = second; contiguous, as in cv.js) is scored
// with a model built from every other source plus only a fraction F of the OTHER half. The kept
// part is a contiguous block of the other half: for F = 1/k, each of its k disjoint blocks in
// turn (block j = sentences [j·h/k, (j+1)·h/k) of that half), so every sentence of the half is
// used once per F and the spread over blocks shows the noise. The scored half never enters the
// build, and the kept block is a contiguous run of the other half, so no document is split between
// what is seen and what is scored. F = 1 is exactly `cv.js --learned`'s PerDT-A / PerDT-B folds.
//
// The learned classifier (learn.js) only sees what the model may see. Its training pairs are
// nested out-of-fold, as in cv.js, over two folds: the kept block (features from a build without
// the scored half, without the rest of the other half and without the kept block; labels from the
// kept block's gold) and Seraji dev (features from a build with the kept block but without Seraji;
// labels from Seraji's gold, weight serajiWeight). At F = 1 this is instancesFor(S, [fold]).
// At F = 0 the classifier is trained on Seraji alone.
//
// Extra point `noSeraji`: F = 1 with Seraji dev out of the build and out of the classifier.
// Modes: --mode learned (default; what ships), rules (hand-set rules, no classifier), both.
// --classes: break the F = 1 errors (learned) into how the other half and the other sources
// write the error's word (see the model card, "Session 11").
// --json FILE: also write every run as JSON.
// Usage: node scripts/halfspace/learning-curve.js [--mode learned|rules|both] [--fracs 0,8,4,2,1]
//        [--classes] [--no-curve] [--examples N] [--json FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, loadSources, DEFAULT_WEIGHTS, words, canonical } from './build.js';
import { foldInstances, goldLabels, trainClassifier, LEARN_DEFAULTS } from './learn.js';
import { norm } from './sources.js';
import { registerModel } from '../../dist/models/load.js';
import { encodeHalfSpaceModel } from '../../dist/text/halfspace/binary.js';
import { HALFSPACE_MODEL_FILE, parseHalfSpaceModel } from '../../dist/text/halfspace/model.js';
import { normalizeText } from '../../dist/text/normalize.js';
import { evalZwnj, damageDelete, damageSpace, visitBoundaries } from '../../dist/eval/zwnj.js';
import { parseConllu, sentenceText } from '../../dist/eval/conllu.js';
import { dataDir } from '../../dist/util/data-path.js';

const t0 = process.cpuUsage();
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const mode = opt('--mode', 'learned');
const modes = mode === 'both' ? ['learned', 'rules'] : [mode];
if (!modes.every((m) => m === 'learned' || m === 'rules')) throw new Error(`--mode: learned, rules or both, not ${mode}`);
// Denominators k of F = 1/k; 0 = F = 0.
const fracs = opt('--fracs', '0,8,4,2,1').split(',').map(Number);
const doClasses = args.includes('--classes');
const noCurve = args.includes('--no-curve');
const nExamples = Number(opt('--examples', '0'));
const jsonOut = opt('--json', '');
const weights = DEFAULT_WEIGHTS;
const learnOpts = LEARN_DEFAULTS;
const ZW = '\u200c';

const D = dataDir();
const rawGold = (rel) => parseConllu(readFileSync(join(D, rel), 'utf8')).map((s) => s.text ?? sentenceText(s));
const perdtRaw = rawGold('ud-persian-perdt/fa_perdt-ud-dev.conllu');
const SRC = loadSources(D);
if (SRC.perdt.length !== perdtRaw.length) throw new Error('PerDT dev: sentence counts differ');
const half = Math.floor(perdtRaw.length / 2);
const HALF = { A: [0, half], B: [half, perdtRaw.length] };
const OTHER = { A: 'B', B: 'A' };
const nWords = (lo, hi) => {
  let n = 0;
  for (let i = lo; i < hi; i++) n += words(SRC.perdt[i]).length;
  return n;
};

function use(lines) {
  registerModel(HALFSPACE_MODEL_FILE, encodeHalfSpaceModel(parseHalfSpaceModel(lines.join('\n') + '\n')));
}

/** Classifier trained only on the kept PerDT block [lo, hi) and (unless noSeraji) Seraji dev. */
function classifierFor(lo, hi, noSeraji) {
  const inst = [];
  if (hi > lo) inst.push(...foldInstances(SRC, { perdtFilter: () => false, noSeraji, weights }, goldLabels(SRC.perdt.slice(lo, hi)), 1));
  if (!noSeraji) inst.push(...foldInstances(SRC, { perdtFilter: (i) => i >= lo && i < hi, noSeraji: true, weights }, goldLabels(SRC.seraji), learnOpts.serajiWeight ?? 0.5));
  return trainClassifier(inst, learnOpts);
}

/** Score half `scored` with a model that sees block [lo, hi) of the other half. */
function run(m, scored, lo, hi, noSeraji, errors) {
  const classifier = m === 'learned' ? classifierFor(lo, hi, noSeraji) : undefined;
  use(buildModel(SRC, { perdtFilter: (i) => i >= lo && i < hi, noSeraji, weights, classifier }));
  const [a, b] = HALF[scored];
  return evalZwnj(perdtRaw.slice(a, b), (t) => normalizeText(t), errors);
}

const counts = () => ({ to_fix: 0, fixed: 0, damaged: 0 });
function addInto(t, r) {
  for (const md of ['delete', 'space']) for (const k of ['to_fix', 'fixed', 'damaged']) t[md][k] += r[md][k];
}
const combined = (c) => (c.to_fix - c.fixed + c.damaged) / c.to_fix;

/** One point: F = 1/k (k = 0: F = 0), both halves scored; every block for k > 1. */
function point(m, k, noSeraji = false) {
  const blocks = [];
  const nb = k === 0 ? 1 : k;
  for (let j = 0; j < nb; j++) {
    const tot = { delete: counts(), space: counts(), sentences: 0, words: 0, runs: [] };
    for (const scored of ['A', 'B']) {
      const [a, b] = HALF[OTHER[scored]];
      const h = b - a;
      const lo = k === 0 ? a : a + Math.floor((j * h) / k);
      const hi = k === 0 ? a : a + Math.floor(((j + 1) * h) / k);
      const r = run(m, scored, lo, hi, noSeraji);
      addInto(tot, r);
      tot.runs.push({ scored, lo, hi, delete: r.delete, space: r.space });
      tot.sentences += hi - lo;
      tot.words += nWords(lo, hi);
    }
    blocks.push(tot);
  }
  // Mean over blocks (counts are per block pair, i.e. summed over the two scored halves).
  const mean = { delete: counts(), space: counts(), sentences: 0, words: 0 };
  for (const bl of blocks) {
    addInto(mean, bl);
    mean.sentences += bl.sentences;
    mean.words += bl.words;
  }
  for (const md of ['delete', 'space']) for (const key of ['to_fix', 'fixed', 'damaged']) mean[md][key] /= blocks.length;
  mean.sentences /= blocks.length;
  mean.words /= blocks.length;
  const spread = (md) => {
    const e = blocks.map((bl) => combined(bl[md]));
    return [Math.min(...e), Math.max(...e)];
  };
  return { F: k === 0 ? 0 : 1 / k, k, noSeraji, blocks: blocks.length, mean, spread: { delete: spread('delete'), space: spread('space') }, perBlock: blocks };
}

const pct = (x) => (100 * x).toFixed(2);
function printPoint(p) {
  const m = p.mean;
  const name = p.noSeraji ? '1 noSeraji' : p.k === 0 ? '0' : p.k === 1 ? '1' : `1/${p.k}`;
  const rate = (c) => pct(c.fixed / c.to_fix);
  const sp = (md) => (p.blocks > 1 ? ` [${pct(p.spread[md][0])}–${pct(p.spread[md][1])}]` : '');
  console.log(
    `| ${name} | ${p.blocks} | ${m.sentences.toFixed(0)} | ${m.words.toFixed(0)} | ${rate(m.delete)} | ${m.delete.damaged.toFixed(1)} | ${pct(combined(m.delete))}${sp('delete')} | ${rate(m.space)} | ${m.space.damaged.toFixed(1)} | ${pct(combined(m.space))}${sp('space')} |`,
  );
}

// ---- fits -------------------------------------------------------------------------------------
/** Least squares of log y on log x: y = a·x^(−b). */
function powerFit(xs, ys) {
  const X = xs.map(Math.log);
  const Y = ys.map(Math.log);
  const n = X.length;
  const mx = X.reduce((s, v) => s + v, 0) / n;
  const my = Y.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (X[i] - mx) ** 2;
    sxy += (X[i] - mx) * (Y[i] - my);
    syy += (Y[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  const icpt = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (Y[i] - icpt - slope * X[i]) ** 2;
  const r2 = syy > 0 ? 1 - sse / syy : 1;
  const seB = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : NaN;
  return { a: Math.exp(icpt), b: -slope, r2, seB, at: (x) => Math.exp(icpt) * x ** slope, reach: (t) => (Math.exp(icpt) / t) ** (1 / -slope) };
}
/** y = c + a·x^(−b): grid over the floor c in [0, min y), least squares in log y. */
function floorFit(xs, ys) {
  const ymin = Math.min(...ys);
  let best = null;
  for (let g = 0; g < 2000; g++) {
    const c = (ymin * g) / 2000;
    const f = powerFit(xs, ys.map((y) => y - c));
    if (!(f.b > 0)) continue;
    let sse = 0;
    for (let i = 0; i < xs.length; i++) sse += (Math.log(ys[i]) - Math.log(c + f.at(xs[i]))) ** 2;
    if (!best || sse < best.sse) best = { c, a: f.a, b: f.b, sse, at: (x) => c + f.at(x), reach: (t) => (t <= c ? Infinity : f.reach(t - c)) };
  }
  return best;
}

const BAR = { delete: 0.03, space: 0.02, damage: 20 / 1858 };
function fits(points, label) {
  const ps = points.filter((p) => p.F > 0 && !p.noSeraji).sort((x, y) => x.mean.words - y.mean.words);
  if (ps.length < 3) return [];
  const N1 = ps[ps.length - 1].mean.words / 2; // words of one half (F = 1, per scored half)
  const out = [];
  console.log(`\n### Fits (${label}): error = a·N^(−b), N = PerDT words seen per scored half; F > 0 points`);
  console.log('| mode | measure | a | b (± se) | R² | F = 1 measured | F = 1 predicted from the others | N at bar (× a half) | at 2× a half (all dev) | at 36× | at 38× | floor fit c + a·N^(−b): c, b | floor fit N at bar (× a half) | floor fit at 38× |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const md of ['delete', 'space']) {
    for (const [meas, fn, bar] of [
      ['missed', (c) => (c.to_fix - c.fixed) / c.to_fix, BAR[md]],
      ['damaged', (c) => c.damaged / c.to_fix, BAR.damage],
      ['combined', combined, BAR[md] + BAR.damage],
    ]) {
      const xs = ps.map((p) => p.mean.words / 2);
      const ys = ps.map((p) => fn(p.mean[md]));
      if (ys.some((y) => !(y > 0))) {
        console.log(`| ${md} | ${meas} | (a zero error: no fit) |`);
        continue;
      }
      const f = powerFit(xs, ys);
      const loo = powerFit(xs.slice(0, -1), ys.slice(0, -1));
      const fl = floorFit(xs, ys);
      const reach = f.b > 0 ? f.reach(bar) / N1 : Infinity;
      const flReach = fl ? fl.reach(bar) / N1 : NaN;
      const row = { mode: md, measure: meas, a: f.a, b: f.b, seB: f.seB, r2: f.r2, measured1: ys[ys.length - 1], predicted1: loo.at(xs[xs.length - 1]), barX: reach, at2: f.at(2 * N1), at36: f.at(36 * N1), at38: f.at(38 * N1), floor: fl && { c: fl.c, a: fl.a, b: fl.b, barX: flReach, at38: fl.at(38 * N1) } };
      out.push(row);
      const x = (v) => (Number.isFinite(v) ? (v >= 1000 ? v.toExponential(1) : v.toFixed(1)) + '×' : 'never');
      console.log(
        `| ${md} | ${meas} | ${f.a.toFixed(3)} | ${f.b.toFixed(3)} ± ${f.seB.toFixed(3)} | ${f.r2.toFixed(3)} | ${pct(row.measured1)} | ${pct(row.predicted1)} | ${x(reach)} (bar ${pct(bar)}) | ${pct(row.at2)} | ${pct(row.at36)} | ${pct(row.at38)} | ${fl ? `${pct(fl.c)}, ${fl.b.toFixed(2)}` : '–'} | ${fl ? x(flReach) : '–'} | ${fl ? pct(fl.at(38 * N1)) : '–'} |`,
      );
    }
  }
  console.log(`(one half = ${N1.toFixed(0)} PerDT words; all of PerDT dev = 2×; PerDT train ≈ 36×, train + dev ≈ 38×)`);
  return out;
}

// ---- error classes (F = 1, learned) -----------------------------------------------------------
const B_OTHER = 2;
/** The run of letters [s, e) around letter i joined by no boundary or a ZWNJ. */
function run0(L, i) {
  let s = i;
  while (s > 0 && L.bounds[s] !== B_OTHER) s--;
  let e = i + 1;
  while (e < L.letters.length && L.bounds[e] !== B_OTHER) e++;
  return [s, e];
}
/** Every error of one sentence with the gold span of the word(s) involved (the scorer's own decisions). */
function sentenceErrors(gold, damaged, output, md, out) {
  let inv = null;
  visitBoundaries(gold, damaged, output, (kind, i, oi, g, o, om) => {
    if (inv === null) {
      inv = new Int32Array(o.letters.length).fill(-1);
      for (let q = 0; q < om.length; q++) if (om[q] >= 0) inv[om[q]] = q;
    }
    const aligned = oi >= 0;
    let [s, e] = run0(g, i);
    s = Math.min(s, i - 1);
    if (aligned) {
      const [os, oe] = run0(o, oi);
      for (let q = os; q < oe; q++) {
        if (inv[q] < 0) continue;
        s = Math.min(s, inv[q]);
        e = Math.max(e, inv[q] + 1);
      }
      s = run0(g, s)[0];
      e = run0(g, e - 1)[1];
    }
    const goldSpan = gold.slice(g.pos[s], g.pos[e - 1] + 1);
    const ws = words(norm(goldSpan));
    const sig = ws.map((x) => x.w).join(' ');
    const key = ws.map((x) => x.w.replaceAll(ZW, '')).join('');
    const os = om[s] >= 0 ? om[s] : aligned ? run0(o, oi)[0] : -1;
    const oe = om[e - 1] >= 0 ? om[e - 1] : aligned ? run0(o, oi)[1] - 1 : -1;
    const outSpan = os >= 0 && oe >= os ? output.slice(o.pos[os], o.pos[oe] + 1) : '';
    out.push({ mode: md, kind, key, sig, gold: goldSpan, output: outSpan, single: ws.length === 1 });
  });
}
/** How texts write the wanted keys: key → Map(spelling → count); a spelling as in sentenceErrors. */
function scanSpellings(wordLists, wanted, into = new Map()) {
  for (const ws of wordLists) {
    for (let i = 0; i < ws.length; i++) {
      let key = '';
      let sig = '';
      for (let k = 0; k < 4 && i + k < ws.length; k++) {
        if (k > 0 && !ws[i + k].sp) break;
        key += ws[i + k].w.replaceAll(ZW, '');
        sig += (k ? ' ' : '') + ws[i + k].w;
        if (!wanted.has(key)) continue;
        let m = into.get(key);
        if (!m) into.set(key, (m = new Map()));
        m.set(sig, (m.get(sig) ?? 0) + 1);
      }
    }
  }
  return into;
}
function* textWords(texts) {
  for (const t of texts) yield words(t);
}
function* peymaWords() {
  for (const sent of SRC.peyma) {
    const ws = [];
    for (const tok of sent) {
      const parts = words(tok);
      if (!parts.length) continue;
      if (tok.includes(' ') && parts.length > 1 && parts.every((p, k) => k === 0 || p.sp)) ws.push({ w: canonical(parts.map((p) => p.w).join(ZW)), sp: true });
      else for (const p of parts) ws.push({ w: p.w, sp: true });
    }
    yield ws;
  }
}
function* lexiconWords() {
  for (const [w] of SRC.lilak) yield words(w);
  for (const w of SRC.myspell) yield words(w);
  for (const [w] of SRC.hazm) yield words(w);
}

function classes() {
  const errs = { A: [], B: [] };
  for (const scored of ['A', 'B']) {
    const [lo, hi] = HALF[OTHER[scored]];
    const classifier = classifierFor(lo, hi, false);
    use(buildModel(SRC, { perdtFilter: (i) => i >= lo && i < hi, weights, classifier }));
    const [a, b] = HALF[scored];
    const check = { delete: 0, space: 0 };
    for (const gold of perdtRaw.slice(a, b)) {
      for (const [md, dmg] of [['delete', damageDelete], ['space', damageSpace]]) {
        const dd = dmg(gold);
        const before = errs[scored].length;
        sentenceErrors(gold, dd, normalizeText(dd), md, errs[scored]);
        for (let q = before; q < errs[scored].length; q++) if (errs[scored][q].kind !== 'fixed') check[md]++;
      }
    }
    // The same counts as evalZwnj (missed + damaged), or the mirror is wrong.
    const r = run('learned', scored, lo, hi, false);
    for (const md of ['delete', 'space']) {
      const want = r[md].to_fix - r[md].fixed + r[md].damaged;
      if (check[md] !== want) throw new Error(`error mirror: ${scored} ${md} ${check[md]} ≠ ${want}`);
    }
  }
  const wanted = new Set([...errs.A, ...errs.B].map((e) => e.key));
  const errKeys = new Set([...errs.A, ...errs.B].filter((e) => e.kind !== 'fixed').map((e) => e.key));
  const spell = {
    A: scanSpellings(textWords(SRC.perdt.slice(...HALF.A)), wanted),
    B: scanSpellings(textWords(SRC.perdt.slice(...HALF.B)), wanted),
  };
  const elsewhere = new Map();
  scanSpellings(textWords(SRC.seraji), wanted, elsewhere);
  scanSpellings(peymaWords(), wanted, elsewhere);
  scanSpellings(textWords(SRC.ptw), wanted, elsewhere);
  scanSpellings(textWords(SRC.news), wanted, elsewhere);
  const lex = scanSpellings(lexiconWords(), wanted);
  const table = new Map();
  const examples = new Map();
  const keysPer = new Map();
  for (const scored of ['A', 'B']) {
    for (const e of errs[scored]) {
      if (e.kind === 'fixed') continue;
      const other = spell[OTHER[scored]].get(e.key);
      const el = elsewhere.get(e.key);
      const lx = lex.get(e.key);
      let cls;
      if (other && other.has(e.sig)) {
        const n = other.get(e.sig);
        let rival = 0;
        for (const [s, c] of other) if (s !== e.sig) rival = Math.max(rival, c);
        cls = n > rival ? 'a1' : n === rival ? 'a2' : 'a3';
      } else if (other) cls = 'b';
      else if ((el && el.has(e.sig)) || (lx && lx.has(e.sig))) cls = 'c1';
      else if (el || lx) cls = 'c2';
      else cls = 'd';
      const k = `${e.mode}\t${e.kind}\t${cls}`;
      table.set(k, (table.get(k) ?? 0) + 1);
      if (!keysPer.has(cls)) keysPer.set(cls, new Set());
      keysPer.get(cls).add(e.key);
      if (!examples.has(cls)) examples.set(cls, []);
      examples.get(cls).push({ ...e, other: other ? Object.fromEntries(other) : {}, elsewhere: el ? Object.fromEntries(el) : {}, lexicon: lx ? Object.fromEntries(lx) : {} });
    }
  }
  const CL = [
    ['a1', '(a) other half writes it as the gold does, mostly'],
    ['a2', '(a) other half: gold spelling tied with another'],
    ['a3', '(a) other half: gold spelling seen but a minority'],
    ['b', '(b) other half writes it only some other way'],
    ['c1', '(c) not in the other half; elsewhere as the gold'],
    ['c2', '(c) not in the other half; elsewhere only otherwise'],
    ['d', '(d) seen nowhere'],
  ];
  console.log('\n### F = 1 errors by class (learned, PerDT halves A + B; boundaries)');
  console.log('| class | delete missed | delete damaged | space missed | space damaged | total | distinct keys |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const tot = [0, 0, 0, 0, 0];
  for (const [c, label] of CL) {
    const v = [['delete', 'missed'], ['delete', 'damaged'], ['space', 'missed'], ['space', 'damaged']].map(([m, k]) => table.get(`${m}\t${k}\t${c}`) ?? 0);
    const s = v.reduce((x, y) => x + y, 0);
    v.forEach((x, i) => (tot[i] += x));
    tot[4] += s;
    console.log(`| ${label} | ${v.join(' | ')} | ${s} | ${keysPer.get(c)?.size ?? 0} |`);
  }
  console.log(`| total | ${tot.join(' | ')} | ${errKeys.size} |`);
  if (nExamples) {
    for (const [c] of CL) {
      for (const e of (examples.get(c) ?? []).slice(0, nExamples)) {
        console.log(`  ${c}\t${e.mode}\t${e.kind}\tgold «${e.gold}» → «${e.output}»\tother half ${JSON.stringify(e.other)}\telsewhere ${JSON.stringify(e.elsewhere)}	lexicons ${JSON.stringify(e.lexicon)}`);
      }
    }
  }
  const cov = coverage(errs, wanted, spell);
  return { table: Object.fromEntries(table), distinct: Object.fromEntries([...keysPer].map(([c, s]) => [c, s.size])), coverage: cov };
}

/**
 * Coverage: the share of the scored half's boundaries to fix (gold ZWNJs the damage broke) whose
 * word the kept PerDT block writes as the gold does, at each F; and at F = 1 the miss rate of the
 * covered and the uncovered ones. A projection (not a measurement): if coverage keeps growing as
 * fitted and each kind keeps its F = 1 miss rate, what would the miss rate be at N?
 */
function coverage(errs, wanted, spell1) {
  console.log('\n### Coverage of the boundaries to fix by the kept PerDT block (learned model at F = 1 for the miss rates)');
  const tf = { A: errs.A.filter((e) => e.kind !== 'damaged'), B: errs.B.filter((e) => e.kind !== 'damaged') };
  const out = { curve: [], split: {} };
  for (const md of ['delete', 'space']) {
    let cov = 0;
    let covMiss = 0;
    let unc = 0;
    let uncMiss = 0;
    for (const scored of ['A', 'B']) {
      for (const e of tf[scored]) {
        if (e.mode !== md) continue;
        const seen = spell1[OTHER[scored]].get(e.key)?.has(e.sig);
        if (seen) {
          cov++;
          if (e.kind === 'missed') covMiss++;
        } else {
          unc++;
          if (e.kind === 'missed') uncMiss++;
        }
      }
    }
    out.split[md] = { cov, covMiss, unc, uncMiss };
    console.log(`${md}: to fix ${cov + unc}; key seen in the other half as the gold writes it: ${cov} (missed ${covMiss}, ${pct(covMiss / cov)} %); not: ${unc} (missed ${uncMiss}, ${pct(uncMiss / unc)} %)`);
  }
  console.log('| F | PerDT words seen per half | delete: to-fix boundaries covered % | space: covered % |');
  console.log('|---|---:|---:|---:|');
  for (const k of fracs.filter((x) => x > 0)) {
    const c = { delete: [0, 0], space: [0, 0] };
    let w = 0;
    for (let j = 0; j < k; j++) {
      for (const scored of ['A', 'B']) {
        const [a, b] = HALF[OTHER[scored]];
        const lo = a + Math.floor((j * (b - a)) / k);
        const hi = a + Math.floor(((j + 1) * (b - a)) / k);
        w += nWords(lo, hi);
        const sp = scanSpellings(textWords(SRC.perdt.slice(lo, hi)), wanted);
        for (const e of tf[scored]) {
          c[e.mode][1]++;
          if (sp.get(e.key)?.has(e.sig)) c[e.mode][0]++;
        }
      }
    }
    const row = { F: 1 / k, words: w / (2 * k), delete: c.delete[0] / c.delete[1], space: c.space[0] / c.space[1] };
    out.curve.push(row);
    console.log(`| ${k === 1 ? '1' : '1/' + k} | ${row.words.toFixed(0)} | ${pct(row.delete)} | ${pct(row.space)} |`);
  }
  const N1 = out.curve.find((r) => r.F === 1)?.words;
  if (out.curve.length >= 3 && N1) {
    console.log('Uncovered share u = a·N^(−b) (fit over the F > 0 points), and the projected miss rate m(N) = u·m_uncovered + (1 − u)·m_covered:');
    for (const md of ['delete', 'space']) {
      const f = powerFit(out.curve.map((r) => r.words), out.curve.map((r) => 1 - r[md]));
      const S = out.split[md];
      const mc = S.covMiss / S.cov;
      const mu = S.uncMiss / S.unc;
      const proj = (x) => { const u = Math.min(1, f.at(x * N1)); return u * mu + (1 - u) * mc; };
      out.split[md].fit = { a: f.a, b: f.b, r2: f.r2 };
      console.log(`  ${md}: uncovered a ${f.a.toFixed(3)}, b ${f.b.toFixed(3)} ± ${f.seB.toFixed(3)}, R² ${f.r2.toFixed(3)}; uncovered at 1×/2×/38× a half: ${pct(f.at(N1))} / ${pct(f.at(2 * N1))} / ${pct(f.at(38 * N1))} %; projected miss rate ${pct(proj(1))} / ${pct(proj(2))} / ${pct(proj(38))} % (bar ${pct(BAR[md])})`);
    }
  }
  return out;
}

// ---- main ---------------------------------------------------------------------------------------
const result = { modes: {} };
console.log(`PerDT dev: ${perdtRaw.length} sentences; half A = [0, ${half}), B = [${half}, ${perdtRaw.length}); words A ${nWords(...HALF.A)}, B ${nWords(...HALF.B)}`);
for (const m of noCurve ? [] : modes) {
  console.log(`\n### Curve (${m}): mean over the blocks; each row sums the two scored halves; [min–max] of the combined error over blocks`);
  console.log('| F | blocks | PerDT sentences seen (A+B runs) | PerDT words seen (A+B runs) | delete rate | delete damaged | delete combined err % | space rate | space damaged | space combined err % |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const points = [];
  for (const k of fracs) {
    const p = point(m, k);
    points.push(p);
    printPoint(p);
  }
  const ns = point(m, 1, true);
  points.push(ns);
  printPoint(ns);
  // Per half at F = 1 (m = learned: the same lines as cv.js --learned's PerDT-A / PerDT-B).
  for (const p of points.filter((x) => x.k === 1)) {
    for (const r of p.perBlock[0].runs) {
      const c = (x) => `${x.rate.toFixed(2)} (${x.fixed}/${x.to_fix}, damaged ${x.damaged})`;
      console.log(`  F = 1${p.noSeraji ? ' noSeraji' : ''}, perdt-${r.scored}: delete ${c(r.delete)}  space ${c(r.space)}`);
    }
  }
  const f = fits(points, m);
  result.modes[m] = { points: points.map(({ perBlock, ...rest }) => ({ ...rest, perBlock })), fits: f };
}
if (doClasses) result.classes = classes();
const cpu = process.cpuUsage(t0);
console.log(`\nCPU: user ${(cpu.user / 1e6).toFixed(0)} s, system ${(cpu.system / 1e6).toFixed(0)} s`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result, null, 1));
