#!/usr/bin/env node
// Score NER model files on the three development sets used to compare configurations
// (PEYMA dev, Arman fold 2, ParsTwiNER dev; or the files given with --gold) and print the sum
// of their F1. For experiments only; `npm run build` first.
//
//   node scripts/ner/eval-dev.js MODEL.bin.gz [MODEL2.bin.gz ...] [--qprune T]... [--mix w1,w2,...] [--gold FILE]...
//
// - several models: they are averaged into one (each in its file's integer units, i.e. scaled
//   so that its max |w| is 32767, then weighted by --mix, default equal weights), as a
//   learner mix (e.g. a CRF and a perceptron ensemble trained on the same data and options;
//   the first file's metadata, gazetteer and word classes are used);
// - --qprune T (repeatable): also score the model with its weights below T integer units
//   dropped (0 = as stored).
// Never pass a model trained on one of the gold files (the Arman fold-2 figure needs the
// `--holdout arman2` model).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseNerGold } from '../../dist/ner/formats.js';
import { evaluateNer } from '../../dist/ner/score.js';
import { NerModel } from '../../dist/ner/model.js';
import { SequenceModel, pruneWeights } from '../../dist/ml/perceptron.js';
import { serializeModel } from '../../dist/ml/serialize.js';
import { dataPath } from '../../dist/util/data-path.js';

const args = process.argv.slice(2);
const files = [];
const thresholds = [];
const golds = [];
let mix = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--qprune' && i + 1 < args.length) thresholds.push(Number(args[++i]));
  else if (a === '--mix' && i + 1 < args.length) mix = args[++i].split(',').map(Number);
  else if (a === '--gold' && i + 1 < args.length) golds.push(args[++i]);
  else if (a.startsWith('--')) {
    console.error(`eval-dev: unknown option ${a}`);
    process.exit(2);
  } else files.push(a);
}
if (files.length === 0) {
  console.error('usage: node scripts/ner/eval-dev.js MODEL.bin.gz [MODEL2 ...] [--qprune T]... [--mix w1,w2] [--gold FILE]...');
  process.exit(2);
}
if (thresholds.length === 0) thresholds.push(0);
if (golds.length === 0) golds.push(dataPath('peyma-ner', 'dev.txt'), dataPath('arman-personer', 'test_fold2.txt'), dataPath('parstwiner', 'dev.txt'));
if (mix && mix.length !== files.length) {
  console.error('eval-dev: --mix needs one weight per model');
  process.exit(2);
}

const models = files.map((f) => NerModel.fromBytes(gunzipSync(readFileSync(f))));
let base = models[0].seq;
if (models.length > 1) {
  const w = mix ?? files.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  const L = base.L;
  const rowsN = 1 << base.bits;
  const sum = new Float32Array(rowsN * L);
  const used = new Uint8Array(rowsN);
  const trans = new Float32Array(base.trans.length);
  models.forEach((m, k) => {
    const s = m.seq;
    if (s.bits !== base.bits) throw new Error('eval-dev: models differ in bits');
    for (let r = 0; r < s.buckets.length; r++) {
      const b = s.buckets[r];
      used[b] = 1;
      for (let y = 0; y < L; y++) sum[b * L + y] += (w[k] / total) * s.weights[r * L + y];
    }
    for (let j = 0; j < trans.length; j++) trans[j] += s.trans[j] === -Infinity ? -Infinity : (w[k] / total) * s.trans[j];
  });
  const buckets = [];
  for (let b = 0; b < rowsN; b++) if (used[b]) buckets.push(b);
  const weights = new Float32Array(buckets.length * L);
  buckets.forEach((b, k) => weights.set(sum.subarray(b * L, b * L + L), k * L));
  base = new SequenceModel(base.labels, base.bits, Uint32Array.from(buckets), weights, trans, base.meta);
  // Back to the file's integer units.
  base = NerModel.fromBytes(serializeModel(base)).seq;
}

const goldFiles = golds.map((g) => [g, parseNerGold(readFileSync(g, 'utf8'))]);
for (const t of thresholds) {
  const seq = t > 0 ? pruneWeights(base, t) : base;
  let nz = 0;
  for (const v of seq.weights) if (v !== 0) nz++;
  const m = NerModel.fromBytes(serializeModel(seq));
  const f1s = [];
  const parts = [];
  for (const [g, gold] of goldFiles) {
    const r = evaluateNer(m, gold);
    f1s.push(r.overall.f1);
    parts.push(`${g.split('/').slice(-2).join('/')} ${r.overall.f1} (P ${r.overall.precision} R ${r.overall.recall})`);
  }
  console.log(`qprune ${t}: ${nz} weights; ${parts.join('; ')}; sum ${f1s.reduce((a, b) => a + b, 0).toFixed(2)}`);
}
