#!/usr/bin/env node
// K-fold cross-validation of the lemma component's feature corrections (fixFeats in src/morph/component.ts):
// out-of-fold tags from a tagger trained on the other folds (one perceptron), lemmas under the predicted
// UPOS from facts and a ranker of the other folds, then UFeats and AllTags without and with fixFeats.
//   node scripts/lemma/feats-cv.js [--scheme perdt|seraji] [--folds 5]
// (The pipeline applies fixFeats for PerDT only; --scheme seraji shows why.)
import { fixFeats } from '../../dist/morph/component.js';
import { lemmatize, schemeRankerExamples, trainRankerOnTokens } from '../../dist/morph/lemmatize.js';
import { getLexicon, normalizeKey } from '../../dist/morph/lexicon.js';
import { trainTagger } from '../../dist/tag/train.js';
import { Tagger } from '../../dist/tag/model.js';
import { parseConllu } from '../../dist/eval/conllu.js';
import { readFileSync } from 'node:fs';
import { devFile, opt, shippedClusters } from '../tag/dev-split.js';

const scheme = opt('--scheme', 'perdt');
const K = Number(opt('--folds', '5'));
const file = devFile(scheme);
const sents = parseConllu(readFileSync(file, 'utf8'), file);
const lex = getLexicon();
const clusters = shippedClusters(scheme);
const wordsOf = (s) => s.tokens.flatMap((t) => t.words);

function factsFrom(ss) {
  const counts = new Map();
  for (const s of ss)
    for (const w of wordsOf(s)) {
      const k = normalizeKey(w.form) + '\t' + w.upos;
      let m = counts.get(k);
      if (!m) counts.set(k, (m = new Map()));
      m.set(w.lemma, (m.get(w.lemma) ?? 0) + 1);
    }
  const out = new Map();
  for (const [k, m] of counts) out.set(k, [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0]);
  return out;
}

const gold = (f) => f ?? '_';
let n = 0, uf0 = 0, uf1 = 0, at0 = 0, at1 = 0, changed = 0, fixed = 0, broken = 0;
for (let f = 0; f < K; f++) {
  const train = sents.filter((_, i) => i % K !== f);
  const trainTags = train.map((s) => ({ forms: wordsOf(s).map((w) => w.form), tags: wordsOf(s).map((w) => `${w.upos}\t${w.xpos}\t${w.feats}`) }));
  const tagger = new Tagger(trainTagger(trainTags, { lexicon: lex, scheme, epochs: 10, clusters }), lex);
  const lo = { scheme, facts: factsFrom(train), lexicon: lex, ranker: trainRankerOnTokens(schemeRankerExamples(train, scheme), lex), crossFacts: true };
  sents.forEach((s, i) => {
    if (i % K !== f) return;
    const ws = wordsOf(s);
    const pred = tagger.tag(ws.map((w) => w.form));
    ws.forEach((g, j) => {
      const p = pred[j];
      const before = p.feats === '_' ? undefined : p.feats;
      const w = { form: g.form, upos: p.upos, feats: before, lemma: lemmatize(g.form, p.upos, lo) };
      fixFeats(w);
      const okT = p.upos === g.upos && p.xpos === g.xpos;
      const b = gold(before) === gold(g.feats);
      const a = gold(w.feats) === gold(g.feats);
      n++;
      if (b) uf0++;
      if (a) uf1++;
      if (okT && b) at0++;
      if (okT && a) at1++;
      if (w.feats !== before) {
        changed++;
        if (a) fixed++;
        else if (b) broken++;
      }
    });
  });
  process.stderr.write(`fold ${f + 1}/${K}\n`);
}
const pc = (x) => Number(((100 * x) / n).toFixed(2));
console.log(JSON.stringify({ scheme, folds: K, words: n, changed, fixed, broken, UFeats: [pc(uf0), pc(uf1)], AllTags: [pc(at0), pc(at1)] }));
