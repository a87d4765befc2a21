#!/usr/bin/env node
// Out-of-fold UPOS predictions for a dev split (K-fold: the tagger of each fold is trained on the
// other folds), so the lemmatiser can be tuned on PREDICTED tags without retraining per run.
//   node scripts/lexicon/oof-tags.js --scheme perdt|seraji [--folds 10] [--no-clusters] --out FILE.json
// Output: JSON array, one UPOS per word of the dev split in file order.
import { writeFileSync } from 'node:fs';
import { getLexicon } from '../../dist/morph/lexicon.js';
import { trainTagger } from '../../dist/tag/train.js';
import { Tagger } from '../../dist/tag/model.js';
import { args, devFile, opt, readSentences, shippedClusters } from '../tag/dev-split.js';

const scheme = opt('--scheme', 'perdt');
const k = Number(opt('--folds', '10'));
const out = opt('--out', null);
const file = devFile(scheme);
const lex = getLexicon();
const sents = readSentences(file);
// The word clusters of the shipped tagger (built from unlabelled news, not from the dev split), so the
// out-of-fold taggers have the same features as the one the pipeline runs.
const clusters = args.includes('--no-clusters') ? undefined : shippedClusters(scheme);
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
