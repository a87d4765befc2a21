#!/usr/bin/env node
// Train the NER model from ../shared/data (or $SOKHAN_DATA). Deterministic.
//
//   npm run train:ner                       → models/ner.bin.gz (Arman folds 1+2, PEYMA train, ParsTwiNER train)
//   npm run train:ner -- --holdout arman2   → models/ner-arman-holdout2.bin.gz (Arman fold 1 only + the rest)
//   default learner (S7): `mix` = the 5-perceptron seed ensemble + one linear-chain CRF (L2 10, last 4 epochs
//   averaged, softmax-margin cost 1 at entity tokens), averaged; `--learner perceptron` gives the S4-S6 model.
//   options: --no-twitter  --no-peyma  --no-arman  --epochs N  --bits N  --out FILE
//            --partial  --no-domains  --cluster-bits N (0 = none)  --memory W (document memory window, 0 = off)  --no-unlabeled  --domain-pairs (pair features conjoined with the corpus too)  --no-lexicon  --org-heads N (ORG head-word feature, min. count; 0 = off)  --pos / --no-pos (part-of-speech features)  --ensemble K (average K perceptrons trained on different data orders)  --qprune T (drop weights below T in the file's integer units; 0 = none)  --gaz-words / --no-gaz-words (gazetteer word roles)  --ngrams N (character n-grams of lengths 3..N; 0 = none)  --tag-clusters / --no-tag-clusters (the tagger's word clusters)  --pair-classes / --no-pair-classes (word x neighbour class pairs)  --margin M / --margin-entity M (loss-augmented training)  --seed N (data order; default 1)  --feature-drop P (feature bagging: each member ignores a random share P of the buckets)  --learner perceptron|crf|mix (crf: linear-chain CRF, AdaGrad + L2; mix: the perceptron ensemble and one CRF, each scaled to max |w| 1, averaged)  --mix-crf S (the CRF's share of the mix)  --crf-eta X (CRF learning rate)  --crf-l2 C (CRF L2 coefficient; default 10)  --crf-average K (average the CRF weights of the last K epochs; default 4)  --crf-cost C / --crf-cost-entity C (softmax-margin costs at O / entity tokens; default 0 / 1)  --crf-min-grad G (skip emission gradients ≤ G; default 1e-4)  --word-vectors D (binarised D-dimensional PPMI+SVD word vectors of the word and its neighbours; default 32, 0 = none)  --word-vector-learners crf|all (which learners read them; default crf: in the mix the perceptrons train without them)  --self-train N (S9, default 0 = off: add at most N news sentences tagged by a teacher model)  --self-teacher FILE (default: the hold-out model with --holdout arman2, else models/ner.bin.gz)  --self-min-margin X (every token's margin ≥ X, model units)  --self-free-margin Y (tokens whose margin is below Y are left free: any label may be their target; default 0 = none)  --self-min-entities K (default 1)  --self-convention peyma|shared (the teacher's convention; default peyma)  --self-domain self|peyma (the domain of those sentences; default self)  --gaz-folds N  --prune X  --eval FILE...  (score after training)
//            --cv K        (K-fold cross-validation on the training sentences; writes no model)
//            --train-frac F (S10 learning curve: keep a fraction 0 < F <= 1 of each labelled corpus's training sentences, in blocks of --train-frac-block B consecutive sentences (default 20), a seeded sample (--train-frac-seed S, default 1) nested across F; default 1 = everything, the same bytes)  --train-frac-corpora arman,peyma,twitter (which corpora are cut; default all)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { parseNerGold } from '../dist/ner/formats.js';
import { trainNer, DEFAULT_TRAIN_OPTIONS } from '../dist/ner/train.js';
import { evaluateNer } from '../dist/ner/score.js';
import { NerModel } from '../dist/ner/model.js';
import { dataPath } from '../dist/util/data-path.js';
import { getLexicon } from '../dist/morph/lexicon.js';
import { selectSelfTraining } from '../dist/ner/self-train.js';
import { newsParagraphs, regexTokens, pipelineSentences } from './ner/news-text.js';
import { seededRandom } from '../dist/ml/perceptron.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, dflt) => {
  const k = args.indexOf(name);
  return k >= 0 && k + 1 < args.length ? args[k + 1] : dflt;
};
const values = (name) => {
  const out = [];
  args.forEach((a, i) => {
    if (a === name && i + 1 < args.length) out.push(args[i + 1]);
  });
  return out;
};

// Unknown flags stop the script: a typo would otherwise train and overwrite models/.
const BOOL_FLAGS = ['--pair-classes', '--no-pair-classes', '--tag-clusters', '--no-tag-clusters', '--domain-pairs', '--gaz-words', '--help', '--no-arman', '--no-domains', '--no-gaz-words', '--no-lexicon', '--no-peyma', '--no-pos', '--no-twitter', '--no-unlabeled', '--partial', '--pos'];
const VALUE_FLAGS = ['--train-frac', '--train-frac-block', '--train-frac-seed', '--train-frac-corpora', '--word-vectors', '--word-vector-learners', '--self-train', '--self-teacher', '--self-min-margin', '--self-free-margin', '--self-min-entities', '--self-convention', '--self-domain', '--learner', '--mix-crf', '--crf-eta', '--crf-l2', '--crf-average', '--crf-cost', '--crf-cost-entity', '--crf-min-grad', '--feature-drop', '--seed', '--margin', '--margin-entity', '--ngrams', '--bits', '--cluster-bits', '--cv', '--ensemble', '--epochs', '--eval', '--gaz-folds', '--holdout', '--memory', '--org-heads', '--out', '--prune', '--qprune'];
for (let i = 0; i < args.length; i++) {
  if (VALUE_FLAGS.includes(args[i]) && i + 1 < args.length) i++;
  else if (!BOOL_FLAGS.includes(args[i]) && args[i] !== '-h') {
    console.error(`train-ner: unknown or incomplete option ${JSON.stringify(args[i])} (see --help)`);
    process.exit(2);
  }
}
if (flag('--help') || flag('-h')) {
  const head = readFileSync(fileURLToPath(import.meta.url), 'utf8').split("\n").slice(1, 11);
  console.log(head.filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}
const holdout = value('--holdout', null);
if (holdout && holdout !== 'arman2' && holdout !== 'arman1') {
  console.error(`train-ner: unknown --holdout ${holdout} (use arman1 or arman2)`);
  process.exit(2);
}

function load(path) {
  const file = parseNerGold(readFileSync(path, 'utf8'));
  return file.sentences.map((s) => ({ ...s, corpus: file.corpus }));
}

const parts = [];
if (!flag('--no-arman')) {
  for (const k of [1, 2]) if (holdout !== `arman${k}`) parts.push(['arman fold ' + k, dataPath('arman-personer', `test_fold${k}.txt`), 'arman']);
}
if (!flag('--no-peyma')) parts.push(['peyma train', dataPath('peyma-ner', 'train.txt'), 'peyma']);
if (!flag('--no-twitter')) parts.push(['parstwiner train', dataPath('parstwiner', 'train.txt'), 'twitter']);

// Learning curve (S10, off by default): keep a fraction of the labelled training sentences.
// Each cut corpus file is split into blocks of B consecutive sentences (a stand-in for whole
// documents: PEYMA and Arman are news in article order); the blocks are put in a seeded random
// order and the first round(F x blocks) are kept, in their original order. A smaller F keeps a
// subset of a larger one (same seed and B). Everything derived from the labelled data (name
// lists, ORG heads, the labelled part of the word classes and vectors) then comes from the kept
// sentences only, as trainNer builds it from `data`. The unlabelled news is not cut.
const trainFrac = Number(value('--train-frac', 1));
const fracBlock = Number(value('--train-frac-block', 20));
const fracSeed = Number(value('--train-frac-seed', 1));
const fracCorpora = value('--train-frac-corpora', 'arman,peyma,twitter').split(',');
if (!(trainFrac > 0 && trainFrac <= 1)) {
  console.error(`train-ner: --train-frac takes a number in (0, 1], got ${value('--train-frac')}`);
  process.exit(2);
}
if (!(Number.isInteger(fracBlock) && fracBlock >= 1) || !Number.isInteger(fracSeed)) {
  console.error('train-ner: --train-frac-block takes an integer >= 1 and --train-frac-seed an integer');
  process.exit(2);
}
for (const c of fracCorpora) {
  if (!['arman', 'peyma', 'twitter'].includes(c)) {
    console.error(`train-ner: unknown corpus ${JSON.stringify(c)} in --train-frac-corpora (use arman, peyma, twitter)`);
    process.exit(2);
  }
}
function subsample(sentences, name) {
  const nBlocks = Math.ceil(sentences.length / fracBlock);
  const order = Array.from({ length: nBlocks }, (_, i) => i);
  // The file's name enters the seed, so that each corpus gets its own block order.
  let h = fracSeed >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  const next = seededRandom(h);
  for (let i = nBlocks - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const keep = new Uint8Array(nBlocks);
  for (const b of order.slice(0, Math.max(1, Math.round(trainFrac * nBlocks)))) keep[b] = 1;
  return sentences.filter((_, i) => keep[Math.floor(i / fracBlock)] === 1);
}

const data = [];
for (const [name, path, key] of parts) {
  let s = load(path);
  if (trainFrac < 1 && fracCorpora.includes(key)) {
    const all = s.length;
    s = subsample(s, name);
    console.error(`train-ner: ${name}: ${s.length} of ${all} sentences (--train-frac ${trainFrac}, blocks of ${fracBlock}, seed ${fracSeed}), ${s.reduce((a, x) => a + x.tokens.length, 0)} tokens`);
  } else console.error(`train-ner: ${name}: ${s.length} sentences, ${s.reduce((a, x) => a + x.tokens.length, 0)} tokens`);
  data.push(...s);
}

// Unlabelled raw text for the word classes: the news articles in persian-news-langml
// (only word-class signatures derived from them end up in the model, never text).
const selfTrain = Number(value('--self-train', 0));
const paragraphs = flag('--no-unlabeled') && !(selfTrain > 0) ? [] : newsParagraphs(dataPath('persian-news-langml'));
const unlabeled = flag('--no-unlabeled') ? [] : paragraphs.map(regexTokens);
console.error(`train-ner: ${unlabeled.length} unlabelled paragraphs for word classes`);

// Self-training (S9, off by default): the news paragraphs, split into sentences by sokhan's own
// tokenizer, tagged by a teacher model; the confidently tagged sentences (every token's margin
// ≥ --self-min-margin, ≥ --self-min-entities entities; at most --self-train of them, a seeded
// sample) are added to the training data in their own domain (--self-domain self) or as PEYMA
// data (--self-domain peyma). The teacher must not have seen a held-out split: with
// --holdout arman2 it is models/ner-arman-holdout2.bin.gz, without a hold-out models/ner.bin.gz.
let selfData = [];
if (selfTrain > 0) {
  const teacherPath = value('--self-teacher', holdout === 'arman2' ? resolve(root, 'models', 'ner-arman-holdout2.bin.gz') : holdout ? null : resolve(root, 'models', 'ner.bin.gz'));
  if (!teacherPath) {
    console.error(`train-ner: --self-train with --holdout ${holdout} needs --self-teacher (a model that held ${holdout} out)`);
    process.exit(2);
  }
  const teacher = NerModel.fromBytes(gunzipSync(readFileSync(teacherPath)));
  if (holdout && teacher.meta.holdout !== holdout) {
    console.error(`train-ner: the teacher ${teacherPath} did not hold ${holdout} out (its hold-out: ${teacher.meta.holdout ?? 'none'}); it would leak the held-out split`);
    process.exit(2);
  }
  const convention = value('--self-convention', 'peyma');
  if (!['peyma', 'shared'].includes(convention)) {
    console.error(`train-ner: unknown --self-convention ${convention} (use peyma or shared)`);
    process.exit(2);
  }
  const sentences = pipelineSentences(paragraphs);
  const { sentences: picked, stats } = selectSelfTraining(teacher, sentences, {
    max: selfTrain,
    minMargin: Number(value('--self-min-margin', 0)),
    freeMargin: Number(value('--self-free-margin', 0)),
    minEntities: Number(value('--self-min-entities', 1)),
    domain: convention === 'peyma' ? 'peyma' : null,
    seed: Number(value('--seed', DEFAULT_TRAIN_OPTIONS.seed)),
  });
  selfData = picked;
  console.error(`train-ner: self-training: ${sentences.length} sentences, ${stats.candidates} distinct of 4-60 tokens, ${stats.withEntities} with entities, ${stats.confident} confident, ${stats.selected} used (${stats.entities} entities, ${stats.free} tokens left free), teacher ${teacherPath}`);
}

const options = {
  ...DEFAULT_TRAIN_OPTIONS,
  epochs: Number(value('--epochs', DEFAULT_TRAIN_OPTIONS.epochs)),
  seed: Number(value('--seed', DEFAULT_TRAIN_OPTIONS.seed)),
  bits: Number(value('--bits', DEFAULT_TRAIN_OPTIONS.bits)),
  gazetteerFolds: Number(value('--gaz-folds', DEFAULT_TRAIN_OPTIONS.gazetteerFolds)),
  prune: Number(value('--prune', DEFAULT_TRAIN_OPTIONS.prune)),
  partial: flag('--partial'),
  domains: !flag('--no-domains'),
  holdout,
  memoryWindow: Number(value('--memory', DEFAULT_TRAIN_OPTIONS.memoryWindow)),
  clusterBits: Number(value('--cluster-bits', DEFAULT_TRAIN_OPTIONS.clusterBits)),
  sharedPairs: !flag('--domain-pairs'),
  lexicon: !flag('--no-lexicon'),
  orgHeadMin: Number(value('--org-heads', DEFAULT_TRAIN_OPTIONS.orgHeadMin)),
  pos: flag('--pos') || (DEFAULT_TRAIN_OPTIONS.pos && !flag('--no-pos')),
  ensemble: Number(value('--ensemble', DEFAULT_TRAIN_OPTIONS.ensemble)),
  quantizedPrune: Number(value('--qprune', DEFAULT_TRAIN_OPTIONS.quantizedPrune)),
  gazWords: flag('--gaz-words') || (DEFAULT_TRAIN_OPTIONS.gazWords && !flag('--no-gaz-words')),
  ngrams: Number(value('--ngrams', DEFAULT_TRAIN_OPTIONS.ngrams)),
  featureDrop: Number(value('--feature-drop', DEFAULT_TRAIN_OPTIONS.featureDrop)),
  margin: Number(value('--margin', DEFAULT_TRAIN_OPTIONS.margin)),
  marginEntity: Number(value('--margin-entity', DEFAULT_TRAIN_OPTIONS.marginEntity)),
  pairClasses: flag('--pair-classes') || (DEFAULT_TRAIN_OPTIONS.pairClasses && !flag('--no-pair-classes')),
  tagClusters: flag('--tag-clusters') || (DEFAULT_TRAIN_OPTIONS.tagClusters && !flag('--no-tag-clusters')),
  learner: value('--learner', DEFAULT_TRAIN_OPTIONS.learner),
  mixCrf: Number(value('--mix-crf', DEFAULT_TRAIN_OPTIONS.mixCrf)),
  crfEta: Number(value('--crf-eta', DEFAULT_TRAIN_OPTIONS.crfEta)),
  crfL2: Number(value('--crf-l2', DEFAULT_TRAIN_OPTIONS.crfL2)),
  crfAverage: Number(value('--crf-average', DEFAULT_TRAIN_OPTIONS.crfAverage)),
  crfCost: Number(value('--crf-cost', DEFAULT_TRAIN_OPTIONS.crfCost)),
  crfMinGrad: Number(value('--crf-min-grad', DEFAULT_TRAIN_OPTIONS.crfMinGrad)),
  crfCostEntity: Number(value('--crf-cost-entity', DEFAULT_TRAIN_OPTIONS.crfCostEntity)),
  wordVectors: Number(value('--word-vectors', DEFAULT_TRAIN_OPTIONS.wordVectors)),
  wordVectorLearners: value('--word-vector-learners', DEFAULT_TRAIN_OPTIONS.wordVectorLearners),
  selfDomain: value('--self-domain', DEFAULT_TRAIN_OPTIONS.selfDomain),
};
if (!['self', 'peyma'].includes(options.selfDomain)) {
  console.error(`train-ner: unknown --self-domain ${options.selfDomain} (use self or peyma)`);
  process.exit(2);
}
if (!['crf', 'all'].includes(options.wordVectorLearners)) {
  console.error(`train-ner: unknown --word-vector-learners ${options.wordVectorLearners} (use crf or all)`);
  process.exit(2);
}
if (!['perceptron', 'crf', 'mix'].includes(options.learner)) {
  console.error(`train-ner: unknown --learner ${options.learner} (use perceptron, crf or mix)`);
  process.exit(2);
}
// The PerDT tagger's word clusters (models/tagger-perdt.json.gz), copied into the NER model.
const tagClusterText = options.tagClusters ? JSON.parse(gunzipSync(readFileSync(resolve(root, 'models', 'tagger-perdt.json.gz'))).toString('utf8')).clusters ?? '' : '';
const lexicon = options.lexicon ? getLexicon() : null;
const log = (m) => console.error(m);
const t0 = Date.now();

const cv = Number(value('--cv', 0));
if (cv >= 2) {
  // Cross-validation on the training sentences: fold k = sentences with index % cv === k.
  const byCorpus = new Map();
  for (let k = 0; k < cv; k++) {
    const train = data.filter((_, i) => i % cv !== k);
    const test = data.filter((_, i) => i % cv === k);
    const model = trainNer(train, options, () => {}, unlabeled, lexicon, tagClusterText, selfData);
    for (const corpus of new Set(test.map((s) => s.corpus))) {
      const r = evaluateNer(model, { corpus, sentences: test.filter((s) => s.corpus === corpus) });
      const acc = byCorpus.get(corpus) ?? [];
      acc.push(r.overall.f1);
      byCorpus.set(corpus, acc);
      console.error(`cv fold ${k}: ${corpus} F1 ${r.overall.f1}`);
    }
  }
  for (const [c, f] of byCorpus) console.log(`cv ${c}: mean F1 ${(f.reduce((a, b) => a + b, 0) / f.length).toFixed(2)}`);
  process.exit(0);
}

const model = trainNer(data, options, log, unlabeled, lexicon, tagClusterText, selfData);
const bytes = model.toBytes();
const out = value('--out', resolve(root, 'models', holdout ? `ner-${holdout.replace('arman', 'arman-holdout')}.bin.gz` : 'ner.bin.gz'));
mkdirSync(dirname(out), { recursive: true });
const gz = gzipSync(bytes, { level: 9 });
// gzip headers carry an mtime; zero it so that rebuilds are byte-identical.
gz[4] = gz[5] = gz[6] = gz[7] = 0;
writeFileSync(out, gz);
console.error(`train-ner: wrote ${out} (${(gz.length / 1e6).toFixed(2)} MB, ${model.seq.buckets.length} feature rows) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

for (const path of values('--eval')) {
  const m = NerModel.fromBytes(bytes);
  const r = evaluateNer(m, parseNerGold(readFileSync(path, 'utf8')));
  const types = Object.entries(r.types).map(([t, v]) => `${t} ${v.f1}`).join(', ');
  console.log(`${path}: F1 ${r.overall.f1} (P ${r.overall.precision}, R ${r.overall.recall}); ${types}`);
}
