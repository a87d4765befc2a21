#!/usr/bin/env node
// Out-of-fold UPOS predictions for a dev split (K-fold: the tagger of each fold is trained on the
// other folds), so the lemmatiser can be tuned on PREDICTED tags without retraining per run.
//   node scripts/lexicon/oof-tags.js --scheme perdt|seraji [--folds 10] [--no-clusters] --out FILE.json
// Output: JSON array, one UPOS per word of the dev split in file order.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConllu } from '../../dist/eval/conllu.js';
import { getLexicon } from '../../dist/morph/lexicon.js';
import { trainTagger } from '../../dist/tag/train.js';
import { Tagger } from '../../dist/tag/model.js';
import { unpackClusters } from '../../dist/tag/clusters.js';
import { gunzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const scheme = opt('--scheme', 'perdt');
const k = Number(opt('--folds', '10'));
const out = opt('--out', null);
const dataDir = process.env.SOKHAN_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));
const file = { perdt: `${dataDir}/ud-persian-perdt/fa_perdt-ud-dev.conllu`, seraji: `${dataDir}/ud-persian-seraji/fa_seraji-ud-dev.conllu` }[scheme];
const lex = getLexicon();
const sents = parseConllu(readFileSync(file, 'utf8'), file).map((s) => {
  const words = s.tokens.flatMap((t) => t.words);
  return { words, forms: words.map((w) => w.form), tags: words.map((w) => `${w.upos}\t${w.xpos}\t${w.feats}`) };
});
// The word clusters of the shipped tagger (built from unlabelled news, not from the dev split), so the
// out-of-fold taggers have the same features as the one the pipeline runs.
const modelFile = fileURLToPath(new URL(`../../models/tagger-${scheme}.json.gz`, import.meta.url));
const packed = JSON.parse(gunzipSync(readFileSync(modelFile)).toString('utf8')).clusters;
const clusters = args.includes('--no-clusters') || !packed ? undefined : unpackClusters(packed);
const pred = sents.map(() => null);
for (let f = 0; f < k; f++) {
  const train = sents.filter((_, i) => i % k !== f);
  const tagger = new Tagger(trainTagger(train, { lexicon: lex, scheme, epochs: 10, clusters }), lex);
  sents.forEach((s, i) => { if (i % k === f) pred[i] = tagger.tag(s.forms).map((p) => p.upos); });
  process.stderr.write(`fold ${f + 1}/${k}\n`);
}
const flat = pred.flat();
if (out) writeFileSync(out, JSON.stringify(flat));
else console.log(JSON.stringify(flat));
