#!/usr/bin/env node
// Out-of-fold stage-A (UPOS) decisions with the runner-up and the score margin, for a dev split:
// K-fold, the tagger of each fold trained on the other folds (same options as scripts/train-tagger.js,
// with the word clusters of the committed model, as scripts/lexicon/oof-tags.js does). The scores are
// summed feature by feature from the model file (a plain scorer, as src/tag/reference.test.ts does), on
// the greedy left-to-right path of the fast tagger's own UPOS. Words of the tag dictionary get margin null.
//   node scripts/tag/oof-scores.js --scheme perdt|seraji [--folds 10] [--ensemble K] --out FILE.json
// Output: { upos: [...], upos2: [...], margin: [...] }, one entry per word of the dev split in file order;
// `upos` is the fast tagger's choice (what scripts/lemma/breakdown.js --tags reads, via --field upos).
import { writeFileSync } from 'node:fs';
import { getLexicon } from '../../dist/morph/lexicon.js';
import { trainTagger } from '../../dist/tag/train.js';
import { historyStrings, stageAFeatureStrings, Tagger } from '../../dist/tag/model.js';
import { wordKey } from '../../dist/tag/features.js';
import { devFile, opt, readSentences, shippedClusters, weightTable } from './dev-split.js';

const scheme = opt('--scheme', 'perdt');
const k = Number(opt('--folds', '10'));
const ensemble = Number(opt('--ensemble', '1'));
const out = opt('--out', null);
const file = opt('--file', devFile(scheme));
const lex = getLexicon();
const sents = readSentences(file);
const clusters = shippedClusters(scheme);

const res = sents.map(() => null);
let agree = 0, total = 0;
for (let f = 0; f < k; f++) {
  const train = sents.filter((_, i) => i % k !== f);
  const model = trainTagger(train, { lexicon: lex, scheme, epochs: 10, clusters, ensemble });
  const tagger = new Tagger(model, lex);
  const A = weightTable(model.a);
  const nU = model.upos.length;
  const dict = new Map(Object.entries(model.tagdict ?? {}));
  const hs = historyStrings(model.upos);
  const s = new Float64Array(nU);
  sents.forEach((sent, si) => {
    if (si % k !== f) return;
    const fast = tagger.tag(sent.forms).map((p) => p.upos);
    const forms = sent.forms;
    const n = forms.length;
    const r = { upos: fast, upos2: [], margin: [] };
    let p1 = nU, p2 = nU;
    for (let i = 0; i < n; i++) {
      const fixed = dict.get(wordKey(forms[i]));
      if (fixed !== undefined) {
        r.upos2.push(null);
        r.margin.push(null);
      } else {
        const feats = stageAFeatureStrings(forms, i, p1, p2, model.upos, hs, lex, scheme, clusters);
        s.fill(0);
        for (const name of feats) for (const [l, w] of A.get(name) ?? []) s[l] += w;
        let b = 0;
        for (let t = 1; t < nU; t++) if (s[t] > s[b]) b = t;
        let b2 = b === 0 ? 1 : 0;
        for (let t = 0; t < nU; t++) if (t !== b && s[t] > s[b2]) b2 = t;
        total++;
        if (model.upos[b] === fast[i]) agree++;
        r.upos2.push(model.upos[b2]);
        r.margin.push(+(s[b] - s[b2]).toFixed(4));
      }
      // History: the fast tagger's UPOS (they agree but for float near-ties).
      p2 = p1;
      p1 = model.upos.indexOf(fast[i]);
    }
    res[si] = r;
  });
  process.stderr.write(`fold ${f + 1}/${k}\n`);
}
const flat = { upos: res.flatMap((r) => r.upos), upos2: res.flatMap((r) => r.upos2), margin: res.flatMap((r) => r.margin) };
const gold = sents.flatMap((s) => s.words.map((w) => w.upos));
let ok = 0;
flat.upos.forEach((u, i) => (ok += u === gold[i]));
process.stderr.write(`UPOS ${(100 * ok / gold.length).toFixed(2)}; plain scorer = fast tagger on ${agree}/${total} scored words\n`);
if (out) writeFileSync(out, JSON.stringify(flat));
else console.log(JSON.stringify(flat));
