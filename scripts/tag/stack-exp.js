#!/usr/bin/env node
// Experiment (issue 3, session 7; measured, NOT adopted): cross-treebank stacking. A Seraji tagger
// (trained on Seraji dev only, without the PerDT-dev UPOS facts of the lexicon, so that its output on
// PerDT dev carries no PerDT gold) tags the PerDT dev sentences; its UPOS/XPOS/FEATS around each word
// become extra stage-A features ("guide") of PerDT taggers trained and scored in K folds. UPOS is scored
// plainly (feature strings summed from the model file on the greedy path), with and without the guide.
//   node scripts/tag/stack-exp.js [--folds 5] [--ensemble 1] [--tpl u0,u-1,u+1,u-10,u0+1,x0] [--which both|base|guide]
// Templates: u0 u-1 u+1 u-2 u+2 (guide UPOS at an offset), u-10 u0+1 (pairs), x0 (XPOS), f0 (UPOS|FEATS),
// s2 (UPOS | last two letters). Results: models/MODEL_CARD.tagger.md, session 7.
import { getLexicon } from '../../dist/morph/lexicon.js';
import { trainTagger } from '../../dist/tag/train.js';
import { historyStrings, stageAFeatureStrings, Tagger } from '../../dist/tag/model.js';
import { wordKey } from '../../dist/tag/features.js';
import { devFile, opt, readSentences, shippedClusters, weightTable } from './dev-split.js';
const k = Number(opt('--folds', '5'));
const ensemble = Number(opt('--ensemble', '1'));
const tpl = opt('--tpl', 'u0,u-1,u+1,u-10,u0+1,x0');
const serOther = opt('--ser-other', '0') === '1';
const lex = getLexicon();
const sents = readSentences(devFile('perdt'));
const ser = readSentences(devFile('seraji'));
const clusters = shippedClusters('perdt');
const t0 = Date.now();
const smodel = trainTagger(ser, { lexicon: lex, scheme: 'seraji', epochs: 10, clusters: shippedClusters('seraji'), ensemble: Number(opt('--ser-ensemble','1')), other: serOther });
const st = new Tagger(smodel, lex);
process.stderr.write(`seraji model ${(Date.now()-t0)/1000}s\n`);
const T = tpl.split(',');
for (const s of sents) {
  const p = st.tag(s.forms);
  const U = (i) => (i < 0 || i >= p.length ? '#' : p[i].upos);
  s.guide = s.forms.map((_, i) => T.map((t) => {
    switch (t) {
      case 'u0': return 'G0=' + U(i);
      case 'u-1': return 'G-1=' + U(i - 1);
      case 'u+1': return 'G+1=' + U(i + 1);
      case 'u-10': return 'G-10=' + U(i - 1) + '|' + U(i);
      case 'u0+1': return 'G0+1=' + U(i) + '|' + U(i + 1);
      case 'u-2': return 'G-2=' + U(i - 2);
      case 'u+2': return 'G+2=' + U(i + 2);
      case 'x0': return 'GX0=' + (p[i].xpos ?? '');
      case 'f0': return 'GF0=' + U(i) + '|' + (p[i].feats ?? '');
      case 's2': return 'GS2=' + U(i) + '|' + s.forms[i].slice(-2);
      default: throw new Error(t);
    }
  }));
}
const run = (withGuide) => {
  let ok = 0, n = 0;
  for (let f = 0; f < k; f++) {
    const train = sents.filter((_, i) => i % k !== f).map((s) => (withGuide ? s : { forms: s.forms, tags: s.tags }));
    const model = trainTagger(train, { lexicon: lex, scheme: 'perdt', epochs: 10, clusters, ensemble, prune: ensemble > 1 ? 20 : 0 });
    const A = weightTable(model.a);
    const nU = model.upos.length;
    const dict = new Map(Object.entries(model.tagdict ?? {}));
    const hs = historyStrings(model.upos);
    const sc = new Float64Array(nU);
    sents.forEach((sent, si) => {
      if (si % k !== f) return;
      let p1 = nU, p2 = nU;
      for (let i = 0; i < sent.forms.length; i++) {
        const fixed = dict.get(wordKey(sent.forms[i]));
        let b;
        if (fixed !== undefined) b = model.upos.indexOf(model.tags[fixed].split('\t')[0]);
        else {
          const feats = stageAFeatureStrings(sent.forms, i, p1, p2, model.upos, hs, lex, 'perdt', clusters);
          if (withGuide) feats.push(...sent.guide[i]);
          sc.fill(0);
          for (const name of feats) for (const [l, w] of A.get(name) ?? []) sc[l] += w;
          b = 0;
          for (let t = 1; t < nU; t++) if (sc[t] > sc[b]) b = t;
        }
        n++; if (model.upos[b] === sent.words[i].upos) ok++;
        p2 = p1; p1 = b;
      }
    });
    process.stderr.write(`fold ${f + 1}/${k} ${withGuide ? 'guide' : 'base'} ${(100*ok/n).toFixed(2)}\n`);
  }
  return (100 * ok / n).toFixed(2);
};
const which = opt('--which', 'both');
const base = which === 'guide' ? '-' : run(false);
const guided = which === 'base' ? '-' : run(true);
console.log(JSON.stringify({ tpl, ensemble, k, serOther, base, guided }));
