#!/usr/bin/env node
// Experiment (issue 3, session 7; measured, NOT adopted): stage A decoded greedily (as shipped) or with a
// beam over UPOS histories (states with the same last two UPOS recombined), the same K-fold models, scored
// plainly. Path scores: raw perceptron scores (T0) or per-word log-softmax of score / T.
//   node scripts/tag/beam-exp.js [--folds 5] [--ensemble 1] [--beams 1,2,4,8] [--temps 0,1,2,4]
// Results: models/MODEL_CARD.tagger.md, session 7.
import { getLexicon } from '../../dist/morph/lexicon.js';
import { trainTagger } from '../../dist/tag/train.js';
import { historyStrings, stageAFeatureStrings } from '../../dist/tag/model.js';
import { wordKey } from '../../dist/tag/features.js';
import { devFile, opt, readSentences, shippedClusters, weightTable } from './dev-split.js';
const k = Number(opt('--folds', '5'));
const ensemble = Number(opt('--ensemble', '1'));
const beams = opt('--beams', '1,2,4,8').split(',').map(Number);
const temps = opt('--temps', '0,1,2,4').split(',').map(Number); // 0 = raw scores; t>0: log-softmax(score/t)
const lex = getLexicon();
const sents = readSentences(devFile('perdt'));
const clusters = shippedClusters('perdt');
const res = {};
for (let f = 0; f < k; f++) {
  const train = sents.filter((_, i) => i % k !== f);
  const model = trainTagger(train, { lexicon: lex, scheme: 'perdt', epochs: 10, clusters, ensemble, prune: ensemble > 1 ? 20 : 0 });
  const A = weightTable(model.a);
  const nU = model.upos.length;
  const dict = new Map(Object.entries(model.tagdict ?? {}));
  const hs = historyStrings(model.upos);
  // static part (no history) and history part computed separately: feature list = static + 2 history + hist parts.
  sents.forEach((sent, si) => {
    if (si % k !== f) return;
    const n = sent.forms.length;
    const fixed = sent.forms.map((w) => { const t = dict.get(wordKey(w)); return t === undefined ? -1 : model.upos.indexOf(model.tags[t].split('\t')[0]); });
    const memo = new Map();
    const scoresAt = (i, p1, p2) => {
      const key = i * 10000 + p1 * 100 + p2;
      let s = memo.get(key);
      if (s) return s;
      s = new Float64Array(nU);
      for (const name of stageAFeatureStrings(sent.forms, i, p1, p2, model.upos, hs, lex, 'perdt', clusters)) for (const [l, w] of A.get(name) ?? []) s[l] += w;
      memo.set(key, s);
      return s;
    };
    for (const B of beams) for (const T of temps) {
      if (B === 1 && T !== temps[0]) continue;
      let beam = [{ p1: nU, p2: nU, sc: 0, tags: [] }];
      for (let i = 0; i < n; i++) {
        const next = [];
        for (const h of beam) {
          if (fixed[i] >= 0) { next.push({ p1: fixed[i], p2: h.p1, sc: h.sc, tags: [...h.tags, fixed[i]] }); continue; }
          const s = scoresAt(i, h.p1, h.p2);
          let add = Array.from(s);
          if (T > 0) { const m = Math.max(...add); const z = Math.log(add.reduce((a, x) => a + Math.exp((x - m) / T), 0)); add = add.map((x) => (x - m) / T - z); }
          for (let t = 0; t < nU; t++) next.push({ p1: t, p2: h.p1, sc: h.sc + add[t], tags: [...h.tags, t] });
        }
        next.sort((a, b) => b.sc - a.sc);
        // recombine identical (p1,p2) states
        const seen = new Set(); beam = [];
        for (const h of next) { const key = h.p1 * 100 + h.p2; if (seen.has(key)) continue; seen.add(key); beam.push(h); if (beam.length >= B) break; }
      }
      const best = beam[0].tags;
      const key = `beam${B}${B > 1 ? ' T' + T : ''}`;
      const r = (res[key] ??= { ok: 0, n: 0 });
      for (let i = 0; i < n; i++) { r.n++; if (model.upos[best[i]] === sent.words[i].upos) r.ok++; }
    }
  });
  process.stderr.write(`fold ${f + 1}/${k} ` + Object.entries(res).map(([k2, r]) => `${k2} ${(100 * r.ok / r.n).toFixed(2)}`).join(' | ') + '\n');
}
console.log(JSON.stringify(Object.fromEntries(Object.entries(res).map(([k2, r]) => [k2, (100 * r.ok / r.n).toFixed(2)]))));
